from ipaddress import ip_address

from django.conf import settings


def client_ip(request):
    """The address a request came from, read past TRUSTED_PROXY_COUNT reverse proxies.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client is that many entries from the right; entries
    further left are whatever the client chose to send and are never trusted.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if not hops:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops:
        return remote_addr
    candidate = forwarded[-hops]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote_addr
