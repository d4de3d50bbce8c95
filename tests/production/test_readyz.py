"""/readyz, for monitoring: the database and the cache. /healthz, for load balancers, stays about the
database alone (test_healthz.py); the cache failing is test_cache_fails_soft.py's."""


def test_readyz_is_ok_when_the_database_and_the_cache_answer(client, db):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


def test_readyz_is_503_when_the_database_does_not_answer(client, database_down):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert "no-store" in response["Cache-Control"]


def test_readyz_answers_plain_http_when_https_is_enforced(client, db, settings):
    """Monitoring probes over HTTP inside the private network, as load balancers do."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/readyz").status_code == 200


def test_readyz_refuses_writes(client, db):
    assert client.post("/readyz").status_code == 405
