from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.forms import ArticleForm
from articles.models import Article, Byline, Citation, Correction, Quote
from brieftext.parser import MAX_FILE_BYTES

from .briefdiff import BriefDiff, BriefSnapshot, diff_briefs
from .snapshots import snapshot_of_article, versions_of_article

OPENED_SALT = "editorial.opened-brief"


def sign_opened(snapshot, opened_at):
    return signing.dumps(
        {"snapshot": snapshot.as_json(), "opened_at": opened_at.isoformat()}, salt=OPENED_SALT, compress=True
    )


def unsign_opened(token):
    """(BriefSnapshot, when it was opened) from a signed token, or None when it is missing or altered."""
    try:
        data = signing.loads(token, salt=OPENED_SALT)
        return BriefSnapshot.from_json(data["snapshot"]), datetime.fromisoformat(data["opened_at"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def posted_as(data, snapshot, *, article, stored):
    """The change form's posted `data` rewritten to submit `snapshot` over the brief as stored now.

    `stored` is the stored brief's snapshot. The inline rows are rebuilt from the stored rows, so
    that none names a reference, byline or quote another save removed; the form says it was
    opened at the stored version, since `snapshot` already holds what was saved meanwhile.
    """
    data = data.copy()
    for name in ("headline", "slug", "standfirst", "body"):
        data[name] = getattr(snapshot, name)
    data["opened_version"] = sign_opened(stored, timezone.now())

    sources = {citation.key: citation.source_id for citation in snapshot.citations}
    citations = list(Citation.objects.filter(article=article).order_by("key"))
    _post_rows(
        data,
        "citations",
        [
            {
                "id": c.pk,
                "key": c.key,
                "source": sources.get(c.key, c.source_id),
                "DELETE": c.key not in sources,
            }
            for c in citations
        ]
        + [
            {"key": key, "source": source}
            for key, source in sources.items()
            if key not in {c.key for c in citations}
        ],
        initial=len(citations),
    )

    people = [byline.person_id for byline in snapshot.bylines]
    bylines = list(Byline.objects.filter(article=article).order_by("position", "pk"))
    _post_rows(
        data,
        "bylines",
        [
            {"id": b.pk, "person": b.person_id, "position": people.index(b.person_id)}
            if b.person_id in people
            else {"id": b.pk, "person": b.person_id, "position": b.position, "DELETE": True}
            for b in bylines
        ]
        + [
            {"person": person, "position": position}
            for position, person in enumerate(people)
            if person not in {b.person_id for b in bylines}
        ],
        initial=len(bylines),
    )

    speakers = {}
    for quote in snapshot.quotes:
        speakers.setdefault(quote.text, []).append(quote.speaker_id)
    quotes = list(Quote.objects.filter(article=article).order_by("position"))
    rows = []
    for quote in quotes:
        wanted = speakers.get(quote.text)
        speaker = wanted.pop(0) if wanted else quote.speaker_id
        rows.append(
            {
                "id": quote.pk,
                "speaker": speaker,
                "speaker_confirmed": quote.speaker_confirmed,
                "description": quote.description,
            }
        )
    _post_rows(data, "quotes", rows, initial=len(quotes))
    return data


def _post_rows(data, prefix, rows, *, initial):
    for name in [name for name in data if name.startswith(f"{prefix}-")]:
        del data[name]
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = str(initial)
    data[f"{prefix}-MIN_NUM_FORMS"] = "0"
    data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    for index, row in enumerate(rows):
        for name, value in row.items():
            if value is True:
                data[f"{prefix}-{index}-{name}"] = "on"
            elif value is not False and value is not None:
                data[f"{prefix}-{index}-{name}"] = str(value)


@dataclass(frozen=True)
class EditingConflict:
    """The brief changed between opening the form and saving it."""

    opened: BriefSnapshot
    current: BriefSnapshot
    diff: BriefDiff  # what the others changed: opened → current
    versions: list  # reversion Versions saved since it was opened, oldest first


class OpenedVersionField(forms.CharField):
    """The signed brief as opened: bookkeeping, never a change to report in the history."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class BriefEditForm(ArticleForm):
    """The brief's admin form, which never overwrites what someone else saved after it was opened.

    The form carries, signed, the brief as it was when opened. The admin merges a
    submission made from an older version with the stored one before the form sees
    it (EditorialArticleAdminMixin). The form refuses what is left: a submission
    that does not say which version it was opened at, or that differs from the
    stored brief (its row locked) all the same; the editor's text stays in the form.
    """

    opened_version = OpenedVersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing_conflict = None
        if self.instance.pk is not None and "opened_version" in self.fields and not self.is_bound:
            self.initial["opened_version"] = sign_opened(snapshot_of_article(self.instance), timezone.now())

    def clean_body(self):
        """A body may be as long as a brief file may be: the text pipeline is sized for that."""
        body = self.cleaned_data["body"]
        size = len(body.replace("\r\n", "\n").encode())
        if size > MAX_FILE_BYTES:
            raise ValidationError(
                f"The body is {size:,} bytes; a brief may be at most {MAX_FILE_BYTES:,} bytes "
                "(the limit of a brief file)."
            )
        return body

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None or "opened_version" not in self.fields:
            return cleaned_data
        stored = Article.objects.select_for_update().get(pk=self.instance.pk)
        current = snapshot_of_article(stored)
        opened = unsign_opened(self.data.get(self.add_prefix("opened_version"), ""))
        if opened is not None and opened[0].same_content(current):
            return cleaned_data
        opened_snapshot, opened_at = opened or (current, timezone.now())
        versions = versions_of_article(stored.pk).filter(revision__date_created__gt=opened_at)
        self.editing_conflict = EditingConflict(
            opened=opened_snapshot,
            current=current,
            diff=diff_briefs(opened_snapshot, current),
            versions=list(reversed(versions)),
        )
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = sign_opened(current, timezone.now())
        if opened is None:
            raise ValidationError(
                "Not saved: this form did not say which version of the brief you opened. "
                "Your text is still below; save again to keep it."
            )
        raise ValidationError(
            "Not saved: someone else saved this brief after you opened it. Your text is still below "
            "and is also kept under “Refused edits”. Look at what they changed, then save again to keep "
            "your version (theirs stays in the history)."
        )


class StepForm(forms.Form):
    """The fields that go with a workflow button on the change form."""

    note = forms.CharField(
        label="Note for the record", required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )
    publish_at = forms.DateTimeField(
        label="Publish at",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Leave empty to publish now. A later time schedules the brief: readers see nothing "
        "of it, anywhere on the site, until then.",
    )
    override_reason = forms.CharField(
        label="Reason to publish despite the attribution gate",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="New note", required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(choices=Correction.Kind.choices)
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=Correction._meta.get_field("text").help_text,
    )
