"""The Content-Security-Policy header, built once rather than for every response."""

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# What django-csp's view decorators set on a response to give it a policy of its own.
VIEW_POLICY_ATTRIBUTES = tuple(
    f"_csp_{kind}{suffix}" for kind in ("config", "update", "replace", "exempt") for suffix in ("", "_ro")
)
NONCE_STAND_IN = "\x00nonce\x00"


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, sending a header built once per policy setting.

    django-csp builds the header from the settings for each response (a deep copy of
    them, then a join per directive): a third of a cached page's time. Only the nonce
    differs from one response to the next, so the header is kept with a stand-in for
    it. django-csp itself still answers whatever this does not cover: a view's own
    policy (its decorators), a report-only policy, excluded prefixes, and DEBUG.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self._built_for = self._plain = self._around_nonce = None

    def process_response(self, request, response):
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if (
            settings.DEBUG
            or not policy
            or policy.get("EXCLUDE_URL_PREFIXES")
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or any(hasattr(response, name) for name in VIEW_POLICY_ATTRIBUTES)
        ):
            return super().process_response(request, response)
        nonce = getattr(request, "_csp_nonce", None)
        if HEADER not in response:
            response[HEADER] = self._header(policy, nonce)
        if nonce is None:
            # As django-csp does: a nonce asked for after the header was sent would be refused by browsers.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _header(self, policy, nonce):
        if self._built_for is not policy:
            self._plain = build_policy()
            self._around_nonce = build_policy(nonce=NONCE_STAND_IN).split(NONCE_STAND_IN)
            self._built_for = policy
        return self._plain if nonce is None else nonce.join(self._around_nonce)
