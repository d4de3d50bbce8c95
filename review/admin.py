from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.timezone import localtime

from articles.models import Article, Citation

from .models import AcceptedWarning, GateOverride, ReviewQueueEntry, SignOff
from .services import (
    SEEN_SALT,
    article_report,
    attribution_reviewed_at,
    attribution_sign_off,
    brief_review,
    finding_token,
    warning_accept,
    with_latest_signoff,
)


class HasAttributionErrorsFilter(admin.SimpleListFilter):
    title = "attribution"
    parameter_name = "attribution"

    def lookups(self, request, model_admin):
        return [
            ("errors", "Has attribution errors"),
            ("warnings", "Has open warnings"),
            ("clean", "No findings"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "errors":
            return queryset.filter(attribution_check__error_count__gt=0)
        if self.value() == "warnings":
            return queryset.filter(attribution_check__warning_count__gt=0)
        if self.value() == "clean":
            return queryset.filter(attribution_check__error_count=0, attribution_check__warning_count=0)
        return queryset


class AttributionColumnsMixin:
    """Coverage and finding counts from the stored AttributionCheck (no query per row)."""

    @admin.display(description="coverage", ordering="attribution_check__cited_sentence_count")
    def coverage(self, article):
        check = getattr(article, "attribution_check", None)
        if check is None or not check.sentence_count:
            return "—"
        return f"{check.cited_sentence_count}/{check.sentence_count}"

    @admin.display(description="errors", ordering="attribution_check__error_count")
    def error_count(self, article):
        check = getattr(article, "attribution_check", None)
        if check is None:
            return "—"
        if check.counts.errors:
            return format_html('<strong class="attribution-errors">{}</strong>', check.counts.errors)
        return 0

    @admin.display(description="warnings", ordering="attribution_check__warning_count")
    def warning_count(self, article):
        check = getattr(article, "attribution_check", None)
        return "—" if check is None else check.counts.warnings

    @admin.display(description="accepted warnings")
    def accepted_count(self, article):
        check = getattr(article, "attribution_check", None)
        return "—" if check is None else check.counts.accepted


class AttributionReviewMixin(AttributionColumnsMixin):
    """The attribution report panel, sign-off and accepted warnings on the Article change form."""

    class Media:
        css = {"all": ["review/attribution.css"]}

    def get_urls(self):
        return [
            path(
                "<path:object_id>/sign-off/",
                self.admin_site.admin_view(self.sign_off_view),
                name="articles_article_sign_off",
            ),
            path(
                "<path:object_id>/accept-warning/",
                self.admin_site.admin_view(self.accept_warning_view),
                name="articles_article_accept_warning",
            ),
            *super().get_urls(),
        ]

    def brief_review(self, request, article):
        """The brief's attribution review as it stood when the request began, worked out at most once
        per request, and only when something reads it. The latest sign-offs the change form read
        (`brief_signoffs`) spare the review reading the latest again."""
        reviews = request.__dict__.setdefault("brief_reviews", {})
        if article.pk not in reviews:

            def review():
                found = brief_review(article)
                signoffs = request.__dict__.get("brief_signoffs", {}).get(article.pk)
                if signoffs is not None:
                    found.latest_signoff = signoffs[0] if signoffs else None
                return found

            reviews[article.pk] = SimpleLazyObject(review)
        return reviews[article.pk]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None:
            signoffs = list(article.signoffs.select_related("reviewer")[:5])
            request.__dict__.setdefault("brief_signoffs", {})[article.pk] = signoffs
            extra_context = {
                **(extra_context or {}),
                "attribution_review": self.brief_review(request, article),
                "attribution_signoffs": signoffs,
                "attribution_overrides": article.gate_overrides.select_related("user")[:5],
                "accept_reasons": AcceptedWarning.Reason.choices,
                "can_sign_off": request.user.has_perm("review.sign_off_attribution"),
                "can_accept": request.user.has_perm("review.add_acceptedwarning"),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def sign_off_view(self, request, object_id):
        article = self._article_for_review(request, object_id)
        try:
            seen = signing.loads(request.POST.get("signoff_content", ""), salt=SEEN_SALT)
        except signing.BadSignature:
            self.message_user(
                request, "Not signed off: the page did not say what you read. Read it again.", messages.ERROR
            )
            return redirect(reverse("admin:articles_article_change", args=[article.pk]))
        try:
            open_warnings = int(request.POST.get("signoff_open_warnings", "0"))
        except ValueError:
            open_warnings = 0
        try:
            attribution_sign_off(
                article=article,
                user=request.user,
                note=request.POST.get("signoff_note", ""),
                seen=seen,
                open_warnings=open_warnings,
            )
        except (PermissionDenied, ValidationError) as error:
            for text in _messages(error):
                self.message_user(request, text, messages.ERROR)
        else:
            self.message_user(request, "Attribution signed off.", messages.SUCCESS)
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    def accept_warning_view(self, request, object_id):
        article = self._article_for_review(request, object_id)
        index = request.POST.get("accept", "")
        findings = article_report(article).findings
        finding = findings[int(index)] if index.isdigit() and int(index) < len(findings) else None
        if finding is None or request.POST.get(f"finding-{index}") != finding_token(finding):
            self.message_user(
                request, "The brief changed since the report was shown; look again.", messages.ERROR
            )
            return redirect(reverse("admin:articles_article_change", args=[article.pk]))
        try:
            warning_accept(
                article=article,
                user=request.user,
                code=finding.code,
                text=finding.text,
                reason=request.POST.get(f"reason-{index}", ""),
                note=request.POST.get(f"note-{index}", ""),
            )
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, _message(error), messages.ERROR)
        else:
            self.message_user(request, "Warning accepted.", messages.SUCCESS)
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    def _article_for_review(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article


def _message(error):
    return error.messages[0] if isinstance(error, ValidationError) else str(error)


def _messages(error):
    return error.messages if isinstance(error, ValidationError) else [str(error)]


@admin.register(ReviewQueueEntry)
class ReviewQueueAdmin(AttributionColumnsMixin, admin.ModelAdmin):
    """Briefs waiting for attribution review, oldest first."""

    list_display = [
        "headline_link",
        "updated_at",
        "coverage",
        "error_count",
        "warning_count",
        "accepted_count",
        "finding_codes",
        "signoff_state",
    ]
    list_display_links = None  # headline_link goes to the brief's own change form
    list_select_related = ["attribution_check"]
    list_filter = [HasAttributionErrorsFilter]
    search_fields = ["headline"]
    ordering = ["updated_at"]

    def get_queryset(self, request):
        # The citations (with sources and outlets) and quotes say whether the latest sign-off still
        # holds (attribution_reviewed_at): two queries for the whole page.
        in_review = (
            super()
            .get_queryset(request)
            .filter(status=Article.Status.IN_REVIEW)
            .prefetch_related(
                Prefetch("citations", Citation.objects.select_related("source__outlet")), "quotes"
            )
        )
        return with_latest_signoff(in_review)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    @admin.display(description="brief", ordering="headline")
    def headline_link(self, entry):
        url = reverse("admin:articles_article_change", args=[entry.pk])
        return format_html('<a href="{}">{}</a>', url, entry.headline)

    @admin.display(description="findings")
    def finding_codes(self, entry):
        check = getattr(entry, "attribution_check", None)
        if check is None:
            return "not checked yet"
        open_findings = [f for f in check.findings if not f["accepted"]]
        codes = {}
        for finding in open_findings:
            codes[finding["code"]] = codes.get(finding["code"], 0) + 1
        return ", ".join(f"{code} ×{count}" for code, count in sorted(codes.items())) or "none"

    @admin.display(description="sign-off", ordering="latest_signoff_at")
    def signoff_state(self, entry):
        if entry.latest_signoff_at is None:
            return "Not signed off"
        reviewed_at = attribution_reviewed_at(entry)
        if reviewed_at is None:
            return format_html('<strong class="signoff-void">{}</strong>', "Changed since sign-off")
        return f"Signed off {date_format(localtime(reviewed_at), 'j M Y H:i')}"


@admin.register(SignOff)
class SignOffAdmin(admin.ModelAdmin):
    list_display = ["article", "reviewer", "signed_at", "open_warning_count", "note"]
    list_select_related = ["article", "reviewer"]
    search_fields = ["article__headline", "note"]
    list_filter = ["signed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GateOverride)
class GateOverrideAdmin(admin.ModelAdmin):
    list_display = ["article", "user", "created_at", "reason"]
    list_select_related = ["article", "user"]
    search_fields = ["article__headline", "reason"]
    list_filter = ["created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
