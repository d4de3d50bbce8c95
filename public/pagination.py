"""Pages of long lists without counting them: a page costs the same at 100 items as at 100,000.

Readers move by Newer and Older; a page reads one item more than it shows to know
whether there is a next. Pages deeper than MAX_PAGE_NUMBER are refused.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404


class Page:
    """Page `number` (from 1) of `queryset`, `per_page` items long; one query."""

    def __init__(self, queryset, number, per_page):
        offset = (number - 1) * per_page
        items = list(queryset[offset : offset + per_page + 1])
        self.object_list = items[:per_page]
        self.number = number
        self.per_page = per_page
        self._has_next = len(items) > per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def paginate(request, queryset, per_page, parameter="page"):
    """The page of `queryset` the request asks for in `parameter`.

    Not a whole number from 1, or past the end of the list: 404. Deeper than
    MAX_PAGE_NUMBER: 400, saying so.
    """
    try:
        number = int(request.GET.get(parameter) or 1)
    except ValueError:
        raise Http404("No such page.") from None
    if number < 1:
        raise Http404("No such page.")
    if number > settings.MAX_PAGE_NUMBER:
        raise BadRequest(
            f"Lists go back {settings.MAX_PAGE_NUMBER} pages at most; search to find older items."
        )
    page = Page(queryset, number, per_page)
    if number > 1 and not page.object_list:
        raise Http404("No such page.")
    return page
