import reversion
from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime

from brieftext.footnotes import number_footnotes
from brieftext.parser import parse_body
from sources.directory import SpeakerDirectory
from sources.models import Source

from .autocomplete import PreloadedAutocompleteMixin, PreloadingFormSet
from .forms import ArticleForm
from .models import Byline, Citation, Correction, Quote
from .services import article_add_references, article_sync_quotes


class BylineInline(PreloadedAutocompleteMixin, admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "position"]
    template = "articles/tabular_with_help.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")

    verbose_name_plural = "bylines (in order)"


class CitationForm(forms.ModelForm):
    """A reference row: its marker may be left empty, and is then the next one free."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False


class CitationFormSet(PreloadingFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The footnote numbers of the rows shown, from the rows themselves rather than a query.
            keys = {form.instance.key for form in self.initial_forms}
            self.instance.__dict__["footnote_numbers"] = {
                footnote.key: footnote.number
                for footnote in number_footnotes(self.instance.parsed_body.markers, keys)
            }

    def clean(self):
        """Give each new reference without a marker the next one free, before markers are compared."""
        rows = [form for form in self.forms if form.is_valid() and form.cleaned_data.get("source")]
        used = {form.cleaned_data["key"] for form in rows if form.cleaned_data.get("key") is not None}
        next_key = max(used, default=-1) + 1
        for form in rows:
            if form.cleaned_data.get("key") is None and not form.cleaned_data.get("DELETE"):
                form.cleaned_data["key"] = form.instance.key = next_key
                next_key += 1
        super().clean()

    def get_unique_error_message(self, unique_check):
        if [field for field in unique_check if field != self.fk.name] == ["key"]:
            return "Two references have the same marker: each reference needs a marker of its own."
        return super().get_unique_error_message(unique_check)

    def get_form_error(self):
        return "Give this reference another marker, or leave its marker empty for the next one free."


class CitationInline(PreloadedAutocompleteMixin, admin.TabularInline):
    model = Citation
    form = CitationForm
    formset = CitationFormSet
    extra = 1
    autocomplete_fields = ["source"]
    preload_related = {"source": ["outlet"]}
    fields = ["footnote_number", "source", "key"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source__outlet")

    readonly_fields = ["footnote_number"]
    verbose_name_plural = "references"
    template = "articles/tabular_with_help.html"

    @admin.display(description="footnote")
    def footnote_number(self, citation):
        number = citation.article.footnote_numbers.get(citation.key) if citation.article_id else None
        return f"footnote {number}" if number else "not cited"


class QuoteSpeakerForm(forms.ModelForm):
    """Choosing a speaker by hand counts as checking it; the rules' certainty was about another choice."""

    def clean(self):
        cleaned_data = super().clean()
        if "speaker" in self.changed_data:
            self.instance.speaker_certain = False
            if cleaned_data.get("speaker"):
                cleaned_data["speaker_confirmed"] = True
        return cleaned_data


class QuoteInline(PreloadedAutocompleteMixin, admin.TabularInline):
    model = Quote
    form = QuoteSpeakerForm
    extra = 0
    can_delete = False
    autocomplete_fields = ["speaker"]
    fields = ["paragraph", "text", "speaker", "speaker_state", "speaker_confirmed", "description", "source"]
    readonly_fields = ["paragraph", "text", "speaker_state", "source"]
    verbose_name_plural = "quotes (taken from the body on save; choose who said each)"

    @admin.display(description="who says so")
    def speaker_state(self, quote):
        if quote.speaker_id is None:
            if quote.description:
                return "Described, not named: choose the speaker only if the brief names them."
            return "Nobody found: choose the speaker."
        if quote.speaker_confirmed:
            return "Checked by an editor."
        return format_html(
            '<strong>Suggested</strong> from the text. <button type="submit" class="button" '
            'name="_confirm_speaker" value="{}">Confirm {}</button>',
            quote.pk,
            quote.speaker,
        )

    template = "articles/tabular_with_help.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "source__outlet")

    def has_add_permission(self, request, obj=None):
        return False


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    can_delete = False  # a public record of an error stays public
    fields = ["kind", "published_at", "text"]
    verbose_name_plural = "corrections (shown at the top of the brief, on the corrections page and in feeds)"

    def has_add_permission(self, request, obj=None):
        """Only a published brief can be corrected; fix a draft by editing it."""
        return obj is not None and obj.is_published and super().has_add_permission(request, obj)


class CitedSourceFilter(admin.SimpleListFilter):
    """The briefs citing one source, where the Sources admin's "cited by" column links to.

    Offered only once a source is chosen: a choice of every source would read them all.
    """

    title = "cited source"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        source = Source.objects.filter(pk=self.source_pk()).first() if self.value() else None
        return [(str(source.pk), source.title)] if source else []

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(pk__in=Citation.objects.filter(source=self.source_pk()).values("article"))

    def source_pk(self):
        value = self.value()
        if not (value.isascii() and value.isdigit()):
            raise IncorrectLookupParameters(f"No source {value!r}.")
        return int(value)


class ArticleAdmin(admin.ModelAdmin):
    """The brief's content in the admin; registered with the workflow and review by editorial.admin."""

    list_display = ["headline", "publication", "citation_count", "quote_count"]
    # Nothing here reads every brief: no date hierarchy (it lists the distinct years and months of
    # them all), no filter by outlet (the outlets cited by any brief), no count of the unfiltered
    # list beside the filtered one. The outlet's own admin page lists its sources.
    list_filter = ["status", "published_at", "updated_at", CitedSourceFilter]
    show_full_result_count = False
    search_fields = ["headline", "slug"]
    form = ArticleForm
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [BylineInline, CitationInline, QuoteInline, CorrectionInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "new_references"]}),
        ("Publication", {"fields": ["status", "published_at"]}),
    ]

    def get_inline_instances(self, request, obj=None):
        """A new brief has no quotes (they come from the body on save) and nothing to correct."""
        inlines = super().get_inline_instances(request, obj)
        if obj is None:
            return [inline for inline in inlines if not isinstance(inline, (QuoteInline, CorrectionInline))]
        return inlines

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None or not self.has_add_permission(request):
            return fieldsets
        return [
            ("Start from a brief file", {"fields": ["brief_file"], "classes": ["brief-file", "collapse"]}),
            *fieldsets,
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="status", ordering="published_at")
    def publication(self, article):
        """Status and publication time in one column, so that the list fits beside its filters."""
        if article.published_at is None:
            return article.get_status_display()
        when = date_format(localtime(article.published_at), "j M Y H:i")
        return format_html("{}<br><small>{}</small>", article.get_status_display(), when)

    @admin.display(description="references", ordering="citation_count")
    def citation_count(self, article):
        return article.citation_count

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, article):
        return article.quote_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if getattr(form, "references_to_add", ()):
            article_add_references(article=form.instance, references=form.references_to_add)
        # A new or changed body offers its quotes without a speaker the one the speaker rules find,
        # unchecked, as an import does; a save that leaves the body alone changes no speaker.
        body = parse_body(form.instance.body)
        body_changed = not change or parse_body(form.initial.get("body", "")).paragraphs != body.paragraphs
        directory = SpeakerDirectory(body) if body_changed else None
        article_sync_quotes(article=form.instance, body=body, directory=directory)


class BriefPartHistoryMixin:
    """A citation or quote edited on its own admin page is saved to its brief's history as well."""

    def save_model(self, request, obj, form, change):
        with reversion.create_revision():
            super().save_model(request, obj, form, change)
            self._add_brief_to_revision(request, obj.article, f"Changed {obj._meta.verbose_name} {obj}.")

    def delete_model(self, request, obj):
        article = obj.article
        with reversion.create_revision():
            super().delete_model(request, obj)
            self._add_brief_to_revision(request, article, f"Deleted {obj._meta.verbose_name} {obj}.")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def _add_brief_to_revision(self, request, article, comment):
        reversion.add_to_revision(article)
        reversion.set_user(request.user)
        reversion.set_comment(comment)


@admin.register(Quote)
class QuoteAdmin(BriefPartHistoryMixin, admin.ModelAdmin):
    form = QuoteSpeakerForm
    list_display = ["__str__", "speaker", "speaker_confirmed", "article_link", "source"]
    list_select_related = ["speaker", "article", "source__outlet"]
    list_filter = [("speaker", admin.EmptyFieldListFilter), "speaker_confirmed"]
    search_fields = ["text", "speaker__full_name", "description", "article__headline"]
    autocomplete_fields = ["speaker"]
    fields = ["article", "paragraph", "text", "speaker", "speaker_confirmed", "description", "source"]
    readonly_fields = ["article", "paragraph", "text", "source"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="brief", ordering="article__headline")
    def article_link(self, quote):
        return format_html('<a href="{}">{}</a>', quote.article.get_absolute_url(), quote.article.headline)


@admin.register(Citation)
class CitationAdmin(BriefPartHistoryMixin, admin.ModelAdmin):
    list_display = ["article", "key", "source"]
    list_select_related = ["article", "source__outlet"]
    search_fields = ["article__headline", "source__title", "source__outlet__name"]
    autocomplete_fields = ["article", "source"]

    def get_readonly_fields(self, request, obj=None):
        """A reference stays with its brief: moving it would change two briefs behind their forms."""
        return ["article"] if obj is not None else []
