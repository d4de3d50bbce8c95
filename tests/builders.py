"""Small builders for test data: each makes one valid row, overridable field by field."""

from datetime import date, timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Citation
from articles.services import article_sync_quotes
from brieftext.parser import parse_body
from pagecache.changes import content_changed
from sources.models import Outlet, Person, Source

_serial = count(1)


def make_outlet(**overrides):
    fields = {"name": f"Outlet {next(_serial)}", **overrides}
    return Outlet.objects.create(**fields)


def make_source(**overrides):
    fields = {
        "title": f"Source {next(_serial)}",
        "published_on": date(2023, 1, 30),
        **overrides,
    }
    if "outlet" not in fields:
        fields["outlet"] = make_outlet()
    return Source.objects.create(**fields)


def make_person(**overrides):
    fields = {"full_name": f"Person {next(_serial)}", **overrides}
    return Person.objects.create(**fields)


def make_article(
    body="Something happened.[0]", references=None, status=Article.Status.PUBLISHED, **overrides
):
    """An Article with its citations and the quotes derived from its body.

    `references` maps marker keys to Sources (a list numbers them from 0); by
    default every key the body's markers use gets a new Source. A published
    article is published an hour ago unless `published_at` says otherwise.
    """
    parsed = parse_body(body)
    headline = overrides.pop("headline", f"Brief {next(_serial)}")
    fields = {
        "headline": headline,
        "slug": slugify(headline) or f"brief-{next(_serial)}",
        "body": parsed.text,
        "status": status,
        **overrides,
    }
    if status == Article.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    article = Article.objects.create(**fields)

    if references is None:
        references = {key: make_source() for key in dict.fromkeys(marker.key for marker in parsed.markers)}
    elif not isinstance(references, dict):
        references = dict(enumerate(references))
    Citation.objects.bulk_create(
        Citation(article=article, key=key, source=source) for key, source in references.items()
    )
    article_sync_quotes(article=article)
    return article


def bulk_publish(
    count, *, newest, headline="Bulk brief", body="Something happened.", apart=timedelta(minutes=1)
):
    """`count` published briefs, `apart` from each other going back from `newest`, in one query.

    Headlines are `headline` and a number from 0. Bulk writes send no signals: readers' cached
    pages are told here.
    """
    Article.objects.bulk_create(
        Article(
            headline=f"{headline} {n}",
            slug=slugify(f"{headline} {n}"),
            body=body,
            status=Article.Status.PUBLISHED,
            published_at=newest - n * apart,
        )
        for n in range(count)
    )
    content_changed(everything=True)


def make_staff(username, group=None, **extra):
    """A staff member, in the group of that name (Editor, Reviewer, Publisher) when given."""
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", password=None, is_staff=True, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user
