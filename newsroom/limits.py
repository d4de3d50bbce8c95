import re

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse

# C0 controls other than tab and line breaks, and DEL: no form or link sends them, and PostgreSQL
# refuses NUL in any text it is given.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body exceeds MAX_REQUEST_BODY_BYTES with 413.

    Django's own limits cover form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not
    uploaded files, which it streams to disk: without this any POST could fill it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return HttpResponse(
                f"Request body too large: at most {settings.MAX_REQUEST_BODY_BYTES:,} bytes.\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def reading_whole_bodies(application):
    """Wrap a WSGI application so that a body it left unread is read before the response goes out.

    A server that closes a connection with request bytes still unread resets it, and a proxy still
    sending them then answers 502 instead of the response: a refused upload (no CSRF token, a login
    throttled) would look like an outage. Only bodies within MAX_REQUEST_BODY_BYTES are read; larger
    ones are refused unread, by the proxy and by RequestSizeLimitMiddleware.
    """

    def read_whole_body(environ, start_response):
        response = application(environ, start_response)
        try:
            unread = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            unread = 0
        if unread <= settings.MAX_REQUEST_BODY_BYTES:
            body = environ["wsgi.input"]
            while unread > 0 and (chunk := body.read(min(unread, 64 * 1024))):
                unread -= len(chunk)
        return response

    return read_whole_body


class QueryStringMiddleware:
    """Refuse with 400 a query string whose names or values hold control characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING") and any(
            CONTROL_CHARACTERS.search(text) for pair in request.GET.lists() for text in (pair[0], *pair[1])
        ):
            raise BadRequest("The address holds control characters.")
        return self.get_response(request)
