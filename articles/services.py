"""Multi-step writes on briefs, each in one transaction."""

import hashlib
from dataclasses import dataclass

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, Value, prefetch_related_objects
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from brieftext.parser import BriefFormatError, format_brief, parse_body
from sources.directory import SpeakerDirectory, known_people
from sources.models import Outlet, Person, Source
from sources.validators import validate_web_url

from .models import Article, Citation, Quote
from .signals import briefs_written


class BriefImportError(BriefFormatError):
    """A well-formed brief file that cannot be stored as it stands."""


@dataclass(frozen=True)
class ImportResult:
    article: Article
    action: str  # "created", "updated" or "unchanged"
    published_from: str | None  # the status the brief was published from, when the import published it
    directory: SpeakerDirectory | None = None  # of the stored body, when it was written


def brief_slug(headline):
    """The brief's address from its headline, in the headline's own script (docs/decisions/0019).

    A headline with no letter or digit at all gets "brief-" and a digest of itself, so that no
    two share an address by falling back to the same word.
    """
    slug = slugify(headline, allow_unicode=True)[:255].strip("-")
    return slug or f"brief-{hashlib.blake2b(headline.encode(), digest_size=6).hexdigest()}"


@transaction.atomic(savepoint=False)
def brief_store(*, parsed, publish=False, update=False):
    """Store a ParsedBrief as an Article with its citations and quotes, all or nothing.

    Outlets and sources are reused when they exist; quotes get the speakers the rules
    find, with People created as needed. An Article with the same slug and content is
    left alone; with different content it is replaced in place when `update` is true
    and refused otherwise. With `publish` the brief is published now, unless it is
    already. The brief's revision holds what was stored; the article returned has its
    citations (with sources and outlets), quotes (with speakers) and bylines prefetched.
    """
    sources = sources_for_references(parsed.references)
    slug = brief_slug(parsed.headline)
    article = Article.objects.filter(slug=slug).first()
    publishing = publish and (article is None or article.status != Article.Status.PUBLISHED)
    from_status = article.status if article else Article.Status.DRAFT
    if article is None:
        article = Article(headline=parsed.headline, slug=slug, body=parsed.body.text)
        if publishing:
            _mark_published(article)  # now, so that the new brief is written once
        article.save(force_insert=True)
        action = "created"
    elif _same_content(article, parsed, sources):
        action = "unchanged"
    elif update:
        article.headline = parsed.headline
        article.body = parsed.body.text
        article.save()
        action = "updated"
    else:
        raise BriefImportError(
            1, f"a different brief with slug {slug!r} already exists; import with --update to replace it"
        )

    directory = None
    if action != "unchanged":
        created = action == "created"
        _replace_citations(article, sources, created=created)
        # The stored body parsed once, for its quotes and their speakers.
        directory = SpeakerDirectory(parse_body(article.body))
        article_sync_quotes(
            article=article,
            body=directory.body,
            cited={key: source.pk for key, source in sources.items()},
            existing=[] if created else None,
            directory=directory,
        )
    if publishing and action != "created":
        _mark_published(article)
        article.save(update_fields=["status", "published_at", "updated_at"])
    # The rows the revision follows, read once for it and for the caller: each citation with its
    # source and outlet (the revision names it by them), each quote with its speaker.
    prefetch_related_objects(
        [article],
        Prefetch("citations", Citation.objects.select_related("source__outlet")),
        Prefetch("quotes", Quote.objects.select_related("speaker")),
        "bylines",
    )
    with reversion.create_revision(atomic=False):
        reversion.add_to_revision(article)
        reversion.set_comment(f"Brief file import: {action}{', published' if publish else ''}.")
    return ImportResult(
        article=article,
        action=action,
        published_from=from_status if publishing else None,
        directory=directory,
    )


def _mark_published(article):
    article.status = Article.Status.PUBLISHED
    article.published_at = article.published_at or timezone.now()


def sources_for_references(references):
    """{key: Source} for a brief's references: stored sources reused, new ones created with their outlets.

    A handful of queries whatever the number of references. Links are held to the rule the
    admin holds them to (sources.validators.validate_web_url).
    """
    for reference in references:
        if reference.url:
            try:
                validate_web_url(reference.url)
            except ValidationError:
                raise BriefImportError(
                    reference.line, f"link {reference.url!r} is not a valid http:// or https:// URL"
                ) from None
    outlets = outlets_named({reference.outlet for reference in references})
    urls = {reference.url for reference in references if reference.url}

    def identity(reference):
        return (outlets[reference.outlet].pk, reference.title, reference.published_on)

    # One query for both ways a reference may be stored already: by its link, or by its outlet,
    # title and date (those asked for, and perhaps a few other combinations of them).
    # Saying that the links wanted are not blank lets the databases look them up in the unique
    # index of links, which covers only those (without it SQLite reads every source).
    stored = (
        Source.objects.filter(
            (Q(url__in=urls) & ~Q(url=""))
            | Q(
                outlet__in={outlet.pk for outlet in outlets.values()},
                title__in={reference.title for reference in references},
                published_on__in={reference.published_on for reference in references},
            )
        )
        .select_related("outlet")
        .order_by()
    )
    by_url, by_identity = {}, {}
    for source in stored:
        if source.url in urls:
            by_url[source.url] = source
        by_identity[(source.outlet_id, source.title, source.published_on)] = source

    sources, new = {}, {}
    given = {}  # {link: line} of the links this list gives to sources, new or stored ones without one
    for reference in references:
        linked = by_url.get(reference.url) if reference.url else None
        if linked is not None:
            if (linked.outlet_id, linked.title, linked.published_on) != identity(reference):
                where = (
                    f"is given on line {given[reference.url]} to"
                    if reference.url in given
                    else "already belongs to"
                )
                raise BriefImportError(
                    reference.line,
                    f"link {reference.url} {where} “{linked.title}” "
                    f"({linked.outlet}, {linked.published_on:%d %b %Y}); the title, outlet or date differ",
                )
            sources[reference.key] = linked
            continue
        source = by_identity.get(identity(reference)) or new.get(identity(reference))
        if source is None:
            source = new[identity(reference)] = Source(
                outlet=outlets[reference.outlet],
                title=reference.title,
                published_on=reference.published_on,
                url=reference.url,
            )
        elif reference.url and source.url != reference.url:
            if source.url:
                where = f"given on line {given[source.url]}" if source.url in given else "already stored"
                raise BriefImportError(
                    reference.line,
                    f"“{source.title}” is {where} with the link {source.url}, not {reference.url}",
                )
            # A source listed or stored without a link, and given one here: it keeps the link.
            source.url = reference.url
            if source.pk is not None:
                source.save(update_fields=["url"])
        if reference.url:
            by_url[reference.url] = source
            given[reference.url] = reference.line
        sources[reference.key] = source
    # A new source is on no page until a citation names it: bulk_create's silence loses nothing.
    Source.objects.bulk_create(sorted(new.values(), key=lambda source: (source.outlet.pk, source.title)))
    return sources


def outlets_named(names):
    """{name: Outlet} for these names, compared as the unique constraint does; missing ones created."""
    outlets = {outlet.name: outlet for outlet in Outlet.objects.filter(name__in=names)}
    # In one order everywhere, so that concurrent imports wait for each other instead of deadlocking.
    for name in sorted(names - outlets.keys()):
        # Another spelling of a stored name, or new. Compare names as the constraint does (LOWER
        # on both sides): iexact compares with UPPER, which disagrees on a few letters such as the
        # Kelvin sign, and the insert would fail.
        same_name = Outlet.objects.alias(lower_name=Lower("name")).filter(lower_name=Lower(Value(name)))
        outlets[name] = same_name.first() or Outlet.objects.create(name=name)
    return outlets


def _same_content(article, parsed, sources):
    stored = {citation.key: citation.source_id for citation in article.citations.all()}
    wanted = {key: source.pk for key, source in sources.items()}
    return article.headline == parsed.headline and article.body == parsed.body.text and stored == wanted


def _replace_citations(article, sources, *, created=False):
    if not created:
        article.citations.exclude(key__in=sources).delete()
    citations = Citation.objects.bulk_create(
        [Citation(article=article, key=key, source=source) for key, source in sources.items()],
        update_conflicts=True,
        unique_fields=["article", "key"],
        update_fields=["source"],
    )
    briefs_written([article.pk])
    return citations


def article_sync_quotes(*, article, body=None, cited=None, existing=None, directory=None):
    """Re-derive the article's quotes from its body, keeping speakers of unchanged quotes.

    A quote's source is the citation of the first marker after it in its
    sentence. Nothing is written when the quotes already match the body.
    The parsed `body`, `cited` ({marker: source pk}) and the `existing` quotes are
    read when the caller does not have them. With `directory` (the SpeakerDirectory
    of the body), quotes without a speaker are then given one as
    article_attribute_speakers() does, new quotes before they are written.
    Returns the quotes as now stored.
    """
    if body is None:
        body = parse_body(article.body)
    if cited is None:
        cited = {citation.key: citation.source_id for citation in article.citations.all()}
    existing = list(article.quotes.all() if existing is None else existing)
    paragraph_offsets = []
    offset = 0
    for paragraph in body.paragraphs:
        paragraph_offsets.append(offset)
        offset += len(paragraph) + 2

    speakers = {}
    for quote in existing:
        speakers.setdefault(quote.text, []).append(
            {
                "speaker_id": quote.speaker_id,
                "speaker_confirmed": quote.speaker_confirmed,
                "speaker_certain": quote.speaker_certain,
                "description": quote.description,
            }
        )

    derived = []
    for parsed_quote in body.quotes:
        same_text = speakers.get(parsed_quote.text)
        derived.append(
            Quote(
                article=article,
                text=parsed_quote.text,
                **(same_text.pop(0) if same_text else {}),
                source_id=cited.get(body.cited_key(parsed_quote)),
                paragraph=parsed_quote.paragraph + 1,
                position=paragraph_offsets[parsed_quote.paragraph] + parsed_quote.start,
            )
        )

    def row(quote):
        return (
            quote.text,
            quote.speaker_id,
            quote.speaker_confirmed,
            quote.speaker_certain,
            quote.description,
            quote.source_id,
            quote.paragraph,
            quote.position,
        )

    if [row(quote) for quote in existing] == [row(quote) for quote in derived]:
        if directory is not None:
            article_attribute_speakers(article=article, quotes=existing, directory=directory)
        return existing
    if existing:
        article.quotes.all().delete()
    if directory is not None:
        _attribute_speakers(derived, directory)
    Quote.objects.bulk_create(derived)  # on SQLite and PostgreSQL, this sets their pks
    briefs_written([article.pk])
    if reversion.is_active() and not reversion.is_manage_manually():
        # bulk_create sends no post_save signal: put the new quotes in the brief's revision by hand.
        reversion.add_to_revision(article)
    return derived


def article_add_references(*, article, references):
    """Cite `references` (parser.Reference) from the brief, their sources matched or created as on import."""
    sources = sources_for_references(references)
    Citation.objects.bulk_create(
        [
            Citation(article=article, key=reference.key, source=sources[reference.key])
            for reference in references
        ]
    )
    briefs_written([article.pk])
    if reversion.is_active() and not reversion.is_manage_manually():
        reversion.add_to_revision(article)


def article_attribute_speakers(*, article, quotes=None, directory=None):
    """Give each quote with neither a speaker nor a description the one the speaker rules find.

    A person not in the directory is created only from a name the rules are sure of
    (Attribution.sure: "Prime Minister Benjamin Netanyahu", with that role and their
    surname as another name); any other attribution ("one visitor", "the ministry", a
    lone "Cohen") is kept on the quote as its description, and no person is made.
    Speakers found this way stay unchecked (speaker_confirmed) for an editor to confirm;
    those found by the certain rule say so (speaker_certain).
    `quotes` (the article's stored quotes) and `directory` (the SpeakerDirectory of its
    body) are read when the caller does not have them.
    """
    quotes = list(article.quotes.all() if quotes is None else quotes)
    attributed = _attribute_speakers(quotes, directory or SpeakerDirectory(article.parsed_body))
    if attributed:
        Quote.objects.bulk_update(attributed, ["speaker", "speaker_certain", "description"])
        briefs_written([article.pk])


def _attribute_speakers(quotes, directory):
    """Give each of `quotes` (in the body's order) with neither a speaker nor a description the one
    the rules find (see article_attribute_speakers); the quotes given one, not saved."""
    if all(quote.speaker_id or quote.description for quote in quotes):
        return []
    people = {person.full_name: person for person in directory.rows}
    attributions = directory.attributions(known_people(people.values()))
    attributed = []
    for quote, attribution in zip(quotes, attributions, strict=True):
        if quote.speaker_id or quote.description or not attribution.shown_as:
            continue
        person = people.get(attribution.name) if attribution.name else None
        if person is None and attribution.sure:
            surname = attribution.name.split()[-1]
            person = Person.objects.create(
                full_name=attribution.name,
                role=attribution.role,
                other_names=surname if surname != attribution.name else "",
            )
            people[person.full_name] = person
            directory.changed()
        if person is None:
            quote.description = attribution.shown_as[: Quote._meta.get_field("description").max_length]
        else:
            quote.speaker = person
            quote.speaker_certain = attribution.certain
        attributed.append(quote)
    return attributed


def speakers_to_confirm(quotes):
    """The quotes among `quotes` whose speaker readers are not yet shown as fact: found by a rule that is
    not certain, and not confirmed by an editor."""
    return [quote for quote in quotes if quote.speaker_id and not quote.speaker_vouched_for]


def article_export(*, article):
    """The brief file text for an article, as import_brief reads it."""
    citations = list(article.citations.select_related("source__outlet"))
    keys = [citation.key for citation in citations]
    if keys and (keys[0] not in (0, 1) or keys != list(range(keys[0], keys[0] + len(keys)))):
        raise ValueError(
            f"references are numbered {', '.join(map(str, keys))}: "
            "number them from 0 or 1 without gaps to export"
        )
    references = [
        (c.key, c.source.title, c.source.outlet.name, c.source.published_on, c.source.url) for c in citations
    ]
    return format_brief(article.headline, article.parsed_body.paragraphs, references)
