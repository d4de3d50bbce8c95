import json
import logging

from newsroom.logging import JSONFormatter


def format_record(message, *args, exc_info=None, **extra):
    record = logging.LogRecord("newsroom.test", logging.WARNING, __file__, 1, message, args, exc_info)
    record.__dict__.update(extra)
    return JSONFormatter().format(record)


def test_a_record_is_one_line_of_json_with_its_extras():
    line = format_record("GET %s %s", "/briefs/x/", 404, status=404, path="/briefs/x/")

    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "newsroom.test"
    assert entry["message"] == "GET /briefs/x/ 404"
    assert entry["status"] == 404
    assert entry["path"] == "/briefs/x/"
    assert entry["time"].endswith("+00:00")


def test_a_newline_in_user_input_cannot_forge_a_log_line():
    line = format_record("GET %s", '/x\n{"level": "INFO", "message": "forged"}')

    assert "\n" not in line
    assert json.loads(line)["message"].startswith("GET /x\n")


def test_unicode_line_separators_in_user_input_stay_inside_the_line():
    path = "/x\u2028forged\u2029line\x85end"
    line = format_record("GET %s", path)

    assert line.splitlines() == [line]
    assert json.loads(line)["message"] == f"GET {path}"


def test_an_exception_is_logged_with_its_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        line = format_record("failed", exc_info=sys.exc_info())

    assert "RuntimeError: boom" in json.loads(line)["exception"]


def test_values_json_cannot_hold_are_logged_as_text():
    entry = json.loads(format_record("x", request=object()))

    assert entry["request"].startswith("<object object")


def test_every_request_is_logged_with_status_and_duration(client, db, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.request")

    client.get("/no-such-page/?q=private")

    [record] = [r for r in caplog.records if r.name == "newsroom.request"]
    assert record.levelno == logging.WARNING
    assert (record.method, record.path, record.status) == ("GET", "/no-such-page/", 404)
    assert record.duration_ms >= 0
    assert record.client_ip == "127.0.0.1"
    assert "private" not in record.getMessage()


def test_server_errors_are_logged_as_errors(client, database_down, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.request")

    client.get("/healthz")

    [record] = [r for r in caplog.records if r.name == "newsroom.request"]
    assert record.levelno == logging.ERROR
    assert record.status == 503
