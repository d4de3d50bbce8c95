"""The brief's admin form: its fields, and what may be pasted into it in the brief-file format."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from brieftext.parser import BriefFormatError, parse_body, parse_brief, parse_reference_lines
from sources.models import Outlet, Source

from .models import Article, Citation, Quote
from .services import BriefImportError, brief_slug, sources_for_references

CITATIONS_PREFIX = "citations"


class _Checked(Exception):
    """Undoes what a dry run of the source matching wrote."""


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
        rows = posted_reference_rows(self.data)
        taken = {key for key, _ in rows if key is not None}
        blank_rows = sum(1 for key, _ in rows if key is None)
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


@dataclass(frozen=True)
class TypedBrief:
    """A brief's form as posted, before it is saved: its body and every reference it would have."""

    body: object  # ParsedBody
    citations: tuple  # unsaved Citation rows, each with its source (and the source's outlet)
    quotes: tuple  # unsaved Quote rows, one for each of the body's quotes
    errors: dict  # {field name: "Line N: reason."}

    @classmethod
    def read(cls, data, *, article=None):
        """The brief `data` (a change or add form's POST) would save; a few queries, no write.

        A pasted brief file stands for the body; reference rows are read as the formset reads
        them, pasted lines as the form does. Quotes keep the speakers `article`'s stored quotes
        of the same words have.
        """
        errors = {}
        file_references = ()
        body_text = data.get("body", "")
        if data.get("brief_file", "").strip():
            try:
                parsed = parse_brief(data["brief_file"])
            except BriefFormatError as error:
                errors["brief_file"] = f"Line {error.line}: {error.reason}."
            else:
                body_text, file_references = parsed.body.text, parsed.references
        try:
            body = parse_body(body_text)
        except BriefFormatError as error:
            errors.setdefault("body", f"Line {error.line}: {error.reason}.")
            body = parse_body("")
        rows = posted_reference_rows(data)
        file_keys = {reference.key for reference in file_references}
        taken = {key for key, _ in rows if key is not None} | file_keys
        blank_rows = sum(1 for key, _ in rows if key is None)
        try:
            pasted = parse_reference_lines(
                data.get("new_references", ""),
                taken,
                unnumbered_from=max(taken, default=-1) + 1 + blank_rows,
            )
        except BriefFormatError as error:
            errors["new_references"] = f"Line {error.line}: {error.reason}."
            pasted = ()
        stored = Source.objects.select_related("outlet", "archive__latest").in_bulk(
            {source for _, source in rows}
        )
        next_key = max([key for key, _ in rows if key is not None] or [-1]) + 1
        citations = []
        for key, source in rows:
            if source not in stored:
                continue
            if key is None:
                key, next_key = next_key, next_key + 1
            citations.append(Citation(key=key, source=stored[source]))
        outlets = {}
        for reference in (*file_references, *pasted):
            outlet = outlets.setdefault(reference.outlet, Outlet(name=reference.outlet))
            source = Source(
                outlet=outlet, title=reference.title, published_on=reference.published_on, url=reference.url
            )
            citations.append(Citation(key=reference.key, source=source))
        return cls(body, tuple(citations), _typed_quotes(body, article), errors)


def posted_reference_rows(data, prefix=CITATIONS_PREFIX):
    """(marker or None, source pk) of each reference row posted with a source and not deleted."""
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 1000)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        row = f"{prefix}-{index}-"
        source = (data.get(f"{row}source") or "").strip()
        if data.get(f"{row}DELETE") or not (source.isascii() and source.isdigit()):
            continue
        key = (data.get(f"{row}key") or "").strip()
        rows.append((int(key) if key.isascii() and key.isdigit() else None, int(source)))
    return rows


def _typed_quotes(body, article):
    speakers = {}
    if article is not None:
        for quote in article.quotes.select_related("speaker"):
            speakers.setdefault(quote.text, []).append(quote)
    quotes = []
    for parsed in body.quotes:
        same = speakers.get(parsed.text)
        stored = same.pop(0) if same else None
        quotes.append(
            Quote(
                text=parsed.text,
                speaker=stored.speaker if stored else None,
                speaker_confirmed=stored.speaker_confirmed if stored else False,
            )
        )
    return tuple(quotes)
