"""The Content-Security-Policy header, built once rather than for every response."""

from csp.constants import HEADER
from csp.exceptions import CSPNonceError
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# Where a page's nonce stands in a header or page kept for later responses (here, and in the page cache).
NONCE_STAND_IN = "\x00nonce\x00"


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, sending a header built once per policy setting.

    django-csp builds the header from the settings for each response, though only the
    nonce differs from one response to the next (docs/decisions/0004). A view's
    own policy (django-csp's decorators, read through its `get_policy_parts` hook), a
    report-only policy, excluded prefixes and DEBUG are left to django-csp.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self._built_for = self._plain = self._around_nonce = None

    def process_response(self, request, response):
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        parts = self.get_policy_parts(request=request, response=response)
        if (
            settings.DEBUG
            or not policy
            or policy.get("EXCLUDE_URL_PREFIXES")
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or any(part is not None for part in (parts.config, parts.update, parts.replace))
            # django-csp's csp_exempt decorator has no hook to read it by; see docs/decisions.
            or getattr(response, "_csp_exempt", False)
        ):
            return super().process_response(request, response)
        if HEADER not in response:
            response[HEADER] = self._header(policy, parts.nonce)
        if parts.nonce is None:
            # As django-csp does: a nonce asked for after the header was sent would be refused by browsers.
            request.csp_nonce = CheckableLazyObject(_nonce_asked_too_late)
        return response

    def _header(self, policy, nonce):
        if self._built_for is not policy:
            self._plain = build_policy()
            self._around_nonce = build_policy(nonce=NONCE_STAND_IN).split(NONCE_STAND_IN)
            self._built_for = policy
        return self._plain if nonce is None else nonce.join(self._around_nonce)


def _nonce_asked_too_late():
    raise CSPNonceError("The CSP nonce was asked for after the Content-Security-Policy header was sent.")
