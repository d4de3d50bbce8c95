def test_healthz_is_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_does_not_answer(client, database_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_plain_http_when_https_is_enforced(client, db, settings):
    """Load balancers probe over HTTP inside the private network; pages still redirect."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_healthz_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405
