from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from .models import Outlet, Person, Source
from .services import people_merge

# A link typed without its scheme is taken as https, as Django 6 will take it.
HTTPS_BY_DEFAULT = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "source_count", "homepage_link"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    # Meta.ordering does not apply to the GROUP BY that the count annotated below makes: the
    # autocomplete, which pages through this queryset, needs the order stated.
    ordering = ["name"]
    formfield_overrides = HTTPS_BY_DEFAULT

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_count=Count("sources"))

    @admin.display(description="sources", ordering="source_count")
    def source_count(self, outlet):
        url = reverse("admin:sources_source_changelist") + f"?outlet__id__exact={outlet.pk}"
        return format_html('<a href="{}">{}</a>', url, outlet.source_count)

    @admin.display(description="homepage")
    def homepage_link(self, outlet):
        return (
            format_html('<a href="{0}" rel="noopener">{0}</a>', outlet.homepage) if outlet.homepage else "—"
        )


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_on", "has_link", "citation_count"]
    list_filter = ["published_on", "outlet__kind", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["title", "outlet__name", "url"]
    autocomplete_fields = ["outlet"]
    date_hierarchy = "published_on"
    ordering = ["-published_on", "title"]  # see OutletAdmin.ordering
    formfield_overrides = HTTPS_BY_DEFAULT
    fieldsets = [
        (None, {"fields": ["title", "outlet", "published_on", "url"]}),
        ("Advanced", {"classes": ["collapse"], "fields": ["archived_url", "accessed_on"]}),
    ]

    def get_queryset(self, request):
        # Briefs, not references: a brief may list one source twice.
        return (
            super().get_queryset(request).annotate(citation_count=Count("citations__article", distinct=True))
        )

    @admin.display(description="link", boolean=True)
    def has_link(self, source):
        return bool(source.url)

    @admin.display(description="cited by", ordering="citation_count")
    def citation_count(self, source):
        url = reverse("admin:articles_article_changelist") + f"?source={source.pk}"
        return format_html(
            '<a href="{}">{} brief{}</a>',
            url,
            source.citation_count,
            "" if source.citation_count == 1 else "s",
        )


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "role", "organisation", "quote_count"]
    search_fields = ["full_name", "other_names", "role", "organisation"]
    prepopulated_fields = {"slug": ["full_name"]}
    ordering = ["full_name"]  # see OutletAdmin.ordering
    actions = ["merge_people"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(quote_count=Count("quotes"))

    # Django offers an action to those with any of its permissions: deleting is the one that counts.
    @admin.action(description="Merge selected people into one", permissions=["delete"])
    def merge_people(self, request, queryset):
        """First a page to choose who stays, then the merge (sources.services.people_merge)."""
        people = list(queryset.order_by("full_name", "pk"))
        if len(people) < 2:
            self.message_user(request, "Select two or more people to merge.", messages.WARNING)
            return None
        if "merge" not in request.POST:
            context = {**self.admin_site.each_context(request), "opts": self.opts, "people": people}
            return TemplateResponse(request, "admin/sources/person/merge.html", context)
        keep = next((person for person in people if str(person.pk) == request.POST.get("keep")), None)
        if keep is None:
            self.message_user(request, "Choose who stays.", messages.ERROR)
            return None
        try:
            people_merge(keep=keep, merged=people, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        self.message_user(request, f"Merged {len(people) - 1} into {keep.full_name}.", messages.SUCCESS)
        return None

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, person):
        url = reverse("admin:articles_quote_changelist") + f"?speaker__id__exact={person.pk}"
        return format_html('<a href="{}">{}</a>', url, person.quote_count)
