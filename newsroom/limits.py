from django.conf import settings
from django.http import HttpResponse


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
