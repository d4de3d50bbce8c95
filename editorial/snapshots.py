"""BriefSnapshots of a stored brief, of a version in its history, and of a submitted change form."""

from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from articles.models import Article, Byline, Citation, Quote
from brieftext.parser import BriefFormatError, parse_body
from sources.models import Person, Source

from . import briefdiff


def snapshot_of_article(article):
    """The brief as stored now (three queries)."""
    return briefdiff.BriefSnapshot(
        headline=article.headline,
        slug=article.slug,
        standfirst=article.standfirst,
        body=article.body,
        citations=tuple(
            briefdiff.Citation(citation.key, citation.source_id, str(citation.source))
            for citation in Citation.objects.filter(article=article.pk)
            .select_related("source__outlet")
            .order_by("key")
        ),
        quotes=tuple(
            briefdiff.Quote(quote.text, quote.speaker_id, quote.speaker.full_name if quote.speaker else "")
            for quote in Quote.objects.filter(article=article.pk)
            .select_related("speaker")
            .order_by("position")
        ),
        bylines=tuple(
            briefdiff.Byline(byline.person_id, byline.person.full_name)
            for byline in Byline.objects.filter(article=article.pk)
            .select_related("person")
            .order_by("position", "pk")
        ),
    )


def versions_of_article(article_pk):
    """The brief's versions, newest first, each with its revision and who made it."""
    return (
        Version.objects.get_for_object_reference(Article, article_pk)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def parts_of_version(version):
    """The citations, quotes and bylines stored in the same revision as the brief's `version`.

    A revision can hold several briefs (a changelist action on many), so the
    parts are picked by the brief they belong to.
    """
    content_types = ContentType.objects.get_for_models(Citation, Quote, Byline)
    models_by_type = {content_type.pk: model for model, content_type in content_types.items()}
    parts = {Citation: [], Quote: [], Byline: []}
    article_id = int(version.object_id)
    for part in version.revision.version_set.filter(content_type__in=models_by_type.keys()):
        fields = part.field_dict
        if fields["article_id"] == article_id:
            parts[models_by_type[part.content_type_id]].append(part)
    return parts


def snapshot_of_version(version):
    """The brief as it was in one version of its history."""
    fields = version.field_dict
    parts = parts_of_version(version)
    citations = sorted((part.field_dict for part in parts[Citation]), key=lambda f: f["key"])
    quotes = sorted((part.field_dict for part in parts[Quote]), key=lambda f: f["position"])
    bylines = sorted((part.field_dict for part in parts[Byline]), key=lambda f: (f["position"], f["id"]))
    sources = _source_labels(c["source_id"] for c in citations)
    people = _person_names([q["speaker_id"] for q in quotes] + [b["person_id"] for b in bylines])
    return briefdiff.BriefSnapshot(
        headline=fields["headline"],
        slug=fields["slug"],
        standfirst=fields["standfirst"],
        body=fields["body"],
        citations=tuple(
            briefdiff.Citation(c["key"], c["source_id"], sources[c["source_id"]]) for c in citations
        ),
        quotes=tuple(
            briefdiff.Quote(q["text"], q["speaker_id"], people[q["speaker_id"]] if q["speaker_id"] else "")
            for q in quotes
        ),
        bylines=tuple(briefdiff.Byline(b["person_id"], people[b["person_id"]]) for b in bylines),
    )


def snapshot_of_post(data, opened):
    """What an editor submitted on the change form, valid or not, read from the posted `data`.

    The quote rows of the form are those of `opened`, the brief as the form was opened, in order;
    the form sets only their speakers.
    """
    citations = []
    for row in _kept_rows(data, "citations"):
        key, source_id = row("key"), row("source")
        if key.isdigit() and source_id.isdigit():
            citations.append((int(key), int(source_id)))
    bylines = [
        int(row("person"))
        for row in sorted(_kept_rows(data, "bylines"), key=lambda row: _number(row("position")))
        if row("person").isdigit()
    ]
    quotes = []
    for row, quote in zip(_kept_rows(data, "quotes"), opened.quotes, strict=False):
        speaker = row("speaker")
        quotes.append((quote.text, int(speaker) if speaker.isdigit() else None))
    sources = _source_labels(source_id for _, source_id in citations)
    people = _person_names(bylines + [speaker for _, speaker in quotes])
    return briefdiff.BriefSnapshot(
        headline=data.get("headline", ""),
        slug=data.get("slug", opened.slug),  # read-only, and not posted, on a live brief
        standfirst=_text(data.get("standfirst")),
        body=_body(data.get("body")),
        citations=tuple(
            briefdiff.Citation(key, source, sources[source])
            for key, source in sorted(dict(citations).items())
        ),
        quotes=tuple(
            briefdiff.Quote(text, speaker, people[speaker] if speaker else "") for text, speaker in quotes
        ),
        bylines=tuple(briefdiff.Byline(person, people[person]) for person in dict.fromkeys(bylines)),
    )


def _kept_rows(data, prefix):
    """Each posted row of an inline formset not marked for deletion, as row(field) -> its value."""
    total = data.get(f"{prefix}-TOTAL_FORMS", "")
    for index in range(int(total) if total.isdigit() else 0):
        if data.get(f"{prefix}-{index}-DELETE"):
            continue
        yield lambda name, index=index: str(data.get(f"{prefix}-{index}-{name}", "")).strip()


def _number(value):
    return int(value) if value.isdigit() else float("inf")


def _text(value):
    return str(value or "").replace("\r\n", "\n").strip()


def _body(value):
    """The body as it would be stored; as typed when it does not parse."""
    try:
        return parse_body(str(value or "")).text
    except BriefFormatError:
        return _text(value)


class _Labels(dict):
    def __init__(self, found, missing):
        super().__init__(found)
        self.missing = missing

    def __missing__(self, key):
        return self.missing.format(key)


def _source_labels(ids):
    ids = set(ids)
    found = {source.pk: str(source) for source in Source.objects.filter(pk__in=ids).select_related("outlet")}
    return _Labels(found, "source #{} (since deleted)")


def _person_names(ids):
    ids = {pk for pk in ids if pk}
    return _Labels(
        dict(Person.objects.filter(pk__in=ids).values_list("pk", "full_name")), "person #{} (since deleted)"
    )
