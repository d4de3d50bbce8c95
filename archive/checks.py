from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def private_fetching(app_configs, **kwargs):
    """`check --deploy` warns when the archive may fetch from the newsroom's own network."""
    if settings.SOURCE_FETCH_ALLOW_PRIVATE:
        return [
            Warning(
                "SOURCE_FETCH_ALLOW_PRIVATE is on: anyone who can save a source's link can make the "
                "server fetch addresses on its own network (loopback, private, link-local).",
                hint="Unset SOURCE_FETCH_ALLOW_PRIVATE; it is meant for tests and development.",
                id="archive.W001",
            )
        ]
    return []
