from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from .models import ArchiveState, SourceCopy
from .services import given_text, source_copy_store, sources_archive_request

UPLOAD_TYPES = ".pdf,.html,.htm,.txt,application/pdf,text/html,text/plain"


class GivenCopyForm(forms.ModelForm):
    """A copy an editor gives: the source's text pasted, or its PDF, HTML or text file."""

    pasted = forms.CharField(
        label="text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Paste the source's text when its page cannot be fetched or it has no link.",
    )
    upload = forms.FileField(
        label="or a file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_TYPES}),
        help_text="A PDF, HTML or plain-text file of the source. Its text and title are read from it.",
    )

    class Meta:
        model = SourceCopy
        fields = ["source"]

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["given"] = given_text(text=cleaned.get("pasted", ""), upload=cleaned.get("upload"))
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return cleaned


@admin.register(SourceCopy)
class SourceCopyAdmin(admin.ModelAdmin):
    list_display = [
        "source",
        "origin",
        "fetched_at",
        "confirmed_at",
        "http_status",
        "page_title",
        "truncated",
    ]
    list_filter = ["origin", "truncated", "fetched_at"]
    list_select_related = ["source__outlet"]
    search_fields = ["source__title", "title", "final_url", "requested_url"]
    date_hierarchy = "fetched_at"
    autocomplete_fields = ["source"]
    readonly_fields = [
        "source",
        "origin",
        "requested_url",
        "final_url",
        "http_status",
        "content_type",
        "content_hash",
        "truncated",
        "fetched_at",
        "confirmed_at",
        "title",
        "author",
        "site_name",
        "published_on",
        "file_name",
        "added_by",
        "text",
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = GivenCopyForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["source", "pasted", "upload"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        copy = source_copy_store(
            source=form.cleaned_data["source"], user=request.user, given=form.cleaned_data["given"]
        )
        # The admin logs and redirects to the object it passed in: make it the copy stored.
        for field in SourceCopy._meta.concrete_fields:
            setattr(obj, field.attname, getattr(copy, field.attname))
        obj._state.adding = False

    def has_change_permission(self, request, obj=None):
        return False  # a copy is a record of what the source said

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="page title")
    def page_title(self, copy):
        return copy.title or "—"


@admin.register(ArchiveState)
class ArchiveStateAdmin(admin.ModelAdmin):
    list_display = ["source", "link", "checked", "failure", "requested_at", "attempted_at"]
    list_select_related = ["source__outlet", "latest"]
    list_filter = [("latest", admin.EmptyFieldListFilter), "attempted_at"]
    search_fields = ["source__title", "url", "failure"]
    actions = ["fetch_again"]
    fields = ["source", "url", "latest", "requested_at", "attempted_at", "failure"]
    readonly_fields = fields

    @admin.display(description="link")
    def link(self, state):
        return format_html('<a href="{0}" rel="noopener noreferrer">{0}</a>', state.url) if state.url else "—"

    @admin.display(description="last checked", ordering="latest__confirmed_at")
    def checked(self, state):
        return state.latest.confirmed_at if state.latest else "not archived"

    @admin.action(description="Fetch the selected sources again", permissions=["fetch"])
    def fetch_again(self, request, queryset):
        asked = sources_archive_request([state.source for state in queryset.select_related("source")])
        queued = f"{len(asked)} fetch(es) queued; the checks are updated when they finish."
        self.message_user(request, queued, messages.SUCCESS)

    def has_fetch_permission(self, request):
        return request.user.has_perm("archive.add_sourcecopy")

    def has_add_permission(self, request):
        return False  # archiving is asked for by saving a link, or with the action

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
