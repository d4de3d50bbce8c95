"""/healthz, for load balancers, is about the database alone; /readyz, for monitoring, about the
database and the cache. The cache failing is test_cache_fails_soft.py's."""

import pytest

PROBES = ["/healthz", "/readyz"]


@pytest.mark.parametrize("probe", PROBES)
def test_ok_when_the_database_answers(client, db, probe):
    response = client.get(probe)

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("probe", PROBES)
def test_503_when_the_database_does_not_answer(client, database_down, probe):
    response = client.get(probe)

    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("probe", PROBES)
def test_answers_plain_http_when_https_is_enforced(client, db, settings, probe):
    """Probes come over HTTP inside the private network; pages still redirect."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(probe).status_code == 200
    assert client.get("/").status_code == 301


@pytest.mark.parametrize("probe", PROBES)
def test_refuses_writes(client, db, probe):
    assert client.post(probe).status_code == 405
