"""The brief's admin form: its fields, and what may be pasted into it in the brief-file format."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from brieftext.parser import BriefFormatError, parse_brief, parse_reference_lines

from .models import Article
from .services import BriefImportError, brief_slug, sources_for_references

CITATIONS_PREFIX = "citations"


class _Checked(Exception):
    """Undoes what a dry run of the source matching wrote."""


def posted_reference_keys(data, prefix=CITATIONS_PREFIX):
    """The markers of the reference rows posted with the form, and how many new rows leave theirs empty."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    keys, blank = set(), 0
    for index in range(min(total, 1000)):
        row = f"{prefix}-{index}-"
        if data.get(f"{row}DELETE"):
            continue
        key = (data.get(f"{row}key") or "").strip()
        if key.isascii() and key.isdigit():
            keys.add(int(key))
        elif data.get(f"{row}source"):
            blank += 1
    return keys, blank


class ArticleForm(forms.ModelForm):
    """A brief's fields, references pasted as lines of a brief file, and (new briefs) a whole brief file.

    Pasted references are read by the importer's parser and matched to stored outlets
    and sources by its rules (articles.services.sources_for_references); what is new is
    created when the brief is saved. A pasted brief file fills the headline, address,
    body and references.
    """

    new_references = forms.CharField(
        label="Add references",
        required=False,
        strip=False,  # lines are counted as the editor sees them
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80, "class": "vLargeTextField new-references"}),
        help_text="Paste one reference a line, as in a brief file: “Title” Outlet, 30 Jan. 2023, "
        "https://… (the link is optional). Outlets and sources already stored are reused; new ones are "
        "created when you save.",
    )
    brief_file = forms.CharField(
        label="Paste a whole brief",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80, "class": "vLargeTextField brief-file"}),
        help_text="Optional: a brief in the brief-file format (headline, paragraphs, numbered reference "
        "list). It fills the headline, address, body and references below.",
    )

    class Meta:
        model = Article
        fields = ["headline", "slug", "standfirst", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pasted_references = ()
        self._file_error = None
        self._file_references = ()
        if (
            self.is_bound
            and "brief_file" in self.fields
            and self.data.get(self.add_prefix("brief_file"), "").strip()
        ):
            self._read_brief_file(self.data[self.add_prefix("brief_file")])

    def _read_brief_file(self, text):
        for name in ("headline", "slug", "body"):
            if name in self.fields:
                self.fields[name].required = False
        try:
            parsed = parse_brief(text)
        except BriefFormatError as error:
            self._file_error = f"Line {error.line}: {error.reason}."
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("headline")] = parsed.headline
        if not self.data.get(self.add_prefix("slug"), "").strip():
            self.data[self.add_prefix("slug")] = brief_slug(parsed.headline)
        self.data[self.add_prefix("body")] = parsed.body.text
        self._file_references = parsed.references

    def clean_brief_file(self):
        if self._file_error:
            raise ValidationError(self._file_error)
        return ""

    def clean_new_references(self):
        text = self.cleaned_data["new_references"]
        taken, blank_rows = posted_reference_keys(self.data)
        file_keys = {reference.key for reference in self._file_references}
        try:
            pasted = parse_reference_lines(
                text,
                taken | file_keys,
                unnumbered_from=max([*taken, *file_keys], default=-1) + 1 + blank_rows,
            )
        except BriefFormatError as error:
            raise ValidationError(f"Line {error.line}: {error.reason}.") from None
        self.pasted_references = pasted
        return text

    def clean(self):
        cleaned_data = super().clean()
        references = (*self._file_references, *self.pasted_references)
        if references and not self._file_error:
            try:
                self._check_sources(references)
            except BriefImportError as error:
                pasted = any(reference.line == error.line for reference in self.pasted_references)
                self.add_error(
                    "new_references" if pasted else "brief_file", f"Line {error.line}: {error.reason}."
                )
        return cleaned_data

    @property
    def references_to_add(self):
        """The references pasted (a brief file's, then the lines), to be stored with the brief."""
        return (*self._file_references, *self.pasted_references)

    def _check_sources(self, references):
        """The importer's matching, run and undone: a link already given to another source is refused now."""
        try:
            with transaction.atomic():
                sources_for_references(references)
                raise _Checked
        except _Checked:
            pass
