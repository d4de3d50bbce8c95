"""Structured logs: one JSON object per line, and one log line per request."""

import json
import logging
import time
from datetime import UTC, datetime

from .client_ip import client_ip

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_RECORD_ATTRIBUTES = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

request_logger = logging.getLogger("newsroom.request")
LINE_SEPARATORS = {ord(char): f"\\u{ord(char):04x}" for char in "\x85\u2028\u2029"}


class JSONFormatter(logging.Formatter):
    """Format a record as one line of JSON: time, level, logger, message, extras, exception.

    User-controlled text (paths, headers) ends up inside JSON strings, so it cannot
    forge extra log lines.
    """

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in record.__dict__.items():
            if name not in _RECORD_ATTRIBUTES and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        line = json.dumps(entry, default=str, ensure_ascii=False)
        # JSON leaves these line separators as they are; many readers of logs split lines at them.
        return line.translate(LINE_SEPARATORS)


class RequestLogMiddleware:
    """Log each request's method, path, status, duration and client address.

    Server errors log at ERROR, client errors at WARNING, the rest at INFO. The
    query string is left out: it may carry what a reader searched for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        status = response.status_code
        level = logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
        request_logger.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "client_ip": client_ip(request),
            },
        )
        return response
