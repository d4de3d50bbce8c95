from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, Correction
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


class BriefEditForm(forms.ModelForm):
    """The brief's admin form, refusing a save when someone else changed the brief after it was opened.

    The form carries, signed, the brief as it was when opened. On save, the
    stored brief (its row locked) is compared with it; if they differ, the save
    is refused, what the others changed is shown, and the form is sent back with
    the editor's text and a fresh token, so saving again is a deliberate choice.
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
