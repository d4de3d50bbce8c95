from django.core.validators import URLValidator
from django.db.models import Q

# Links are shown to readers as clickable: only the web's own schemes, never
# javascript:, data: or file:.
validate_web_url = URLValidator(schemes=["http", "https"])


def web_url_or_blank(field):
    """The database's half of validate_web_url, for a CheckConstraint."""
    return (
        Q(**{field: ""})
        | Q(**{f"{field}__istartswith": "http://"})
        | Q(**{f"{field}__istartswith": "https://"})
    )
