from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class AccountThrottleHandler(AxesDatabaseHandler):
    """django-axes's database handler, with a second, higher limit per account.

    Axes counts failures for one username from one address (AXES_LOCKOUT_PARAMETERS).
    It could also count them for the username alone, but every rule it is given shares
    the one AXES_FAILURE_LIMIT, which is not told which rule it is compared with. So the
    account's failures within the cool-off are counted here: at
    LOGIN_ACCOUNT_FAILURE_LIMIT the username counts as at the limit from every address.
    Each address counts for at most AXES_FAILURE_LIMIT failures, the ones it makes before
    its own lockout, so one address alone can never lock a colleague out everywhere.
    """

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if (
            failures < limit
            and self.account_failures(request, credentials) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        ):
            return limit
        return failures

    def account_failures(self, request, credentials=None):
        """The username's failures within the cool-off, each address's capped at the pair limit; one query."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        limit = get_failure_limit(request, credentials)
        per_address = (
            AccessAttempt.objects.filter(username=username, attempt_time__gte=get_cool_off_threshold(request))
            .values("ip_address")
            .annotate(failures=Sum("failures_since_start"))
            .values_list("failures", flat=True)
        )
        return sum(min(failures, limit) for failures in per_address)
