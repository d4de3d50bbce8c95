from dataclasses import replace

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject, lazy
from django.utils.html import format_html
from django.utils.timezone import localtime
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles.admin import ArticleAdmin
from articles.forms import TypedBrief
from articles.models import Article, can_preview
from review.admin import AttributionReviewMixin, HasAttributionErrorsFilter
from review.services import typed_report

from . import services
from .briefdiff import BriefSnapshot, diff_briefs, diff_words
from .briefmerge import MINE, THEIRS, changed_parts, merge_briefs
from .checks import live_checks
from .forms import BriefEditForm, CorrectionForm, NoteForm, StepForm, posted_as, unsign_opened
from .models import Transition
from .snapshots import snapshot_of_article, snapshot_of_post, snapshot_of_version, versions_of_article
from .timeline import timeline_of

# The admin is the newsroom's desk: it says whose (SITE_NAME), read when a page is drawn.
admin.site.site_header = lazy(lambda: f"{settings.SITE_NAME}: the editor's desk", str)()
admin.site.site_title = lazy(lambda: settings.SITE_NAME, str)()
admin.site.index_title = "Your desk"
# The app list stays on the home page: beside every list and form it took a quarter of the width.
admin.site.enable_nav_sidebar = False

# Buttons on the brief's change form that do more than save it.
FORM_ACTIONS = ("_transition", "_add_note", "_correct")
TRANSITIONS_SHOWN = 50
# The merge screen carries, signed, the stored brief it showed: its choices hold only while that is current.
MERGE_SALT = "editorial.merge-theirs"
MERGE_CHOICE_PREFIX = "merge-"


def display_name(user):
    return user.get_full_name() or user.get_username()


def _messages_of(error):
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error) or "You may not do that."]


def _form_action(request):
    return next((name for name in FORM_ACTIONS if name in request.POST), None)


def _unsign_snapshot(token):
    try:
        return BriefSnapshot.from_json(signing.loads(token, salt=MERGE_SALT))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _holds_changes(article):
    """Whether the brief is the draft of changes to a live brief (a query, once per brief object)."""
    try:
        return article.changes_to is not None
    except Article.changes_to.RelatedObjectDoesNotExist:
        return False


def _confirming_speaker(post):
    """The change form's data with the quote whose Confirm button was pressed ticked as checked, to be
    saved, with everything else typed, as "Save and continue editing" saves it."""
    post = post.copy()
    quote = post.pop("_confirm_speaker")[0]
    for name, value in list(post.items()):
        if name.startswith("quotes-") and name.endswith("-id") and value == quote:
            post[name.removesuffix("-id") + "-speaker_confirmed"] = "on"
    post["_continue"] = "1"
    return post


def _field_errors(form, inline_admin_formsets):
    """Whether the form or an inline holds an error about one of its fields."""
    if any(name != NON_FIELD_ERRORS for name in form.errors):
        return True
    return any(
        inline.formset.non_form_errors() or any(inline.formset.errors) for inline in inline_admin_formsets
    )


def _savers(versions):
    """Who saved these versions and when, e.g. "Alice (10:02) and Bob (10:05)"."""
    names = [
        f"{display_name(v.revision.user) if v.revision.user else 'a brief file import'} "
        f"({date_format(localtime(v.revision.date_created), 'H:i')})"
        for v in reversed(versions)
    ]
    if not names:
        return "someone else"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


class EditorialArticleAdminMixin:
    """The editorial workflow on the Article admin.

    Status buttons and changelist actions, notes, "being edited by", refusal
    of a save that would overwrite someone else's, and the history pages
    (versions, differences, restore, recover) on top of reversion's VersionAdmin.
    Buttons on the change form post the whole form: a user who may edit the
    brief has it saved first, so nothing typed is lost; a user who may only
    view it has the action taken directly.
    """

    form = BriefEditForm
    object_history_template = "editorial/object_history.html"
    actions = ["submit_selected", "return_selected_to_draft", "publish_selected", "unpublish_selected"]

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["editorial/editorial.css"]},
            js=["editorial/presence.js", "editorial/unsaved.js", "editorial/checks.js"],
        )

    def get_readonly_fields(self, request, obj=None):
        """Only workflow steps change the status and publication time; a live brief keeps its address."""
        fields = [*super().get_readonly_fields(request, obj), "status", "published_at"]
        if obj is not None and (obj.is_published or _holds_changes(obj)):
            fields.append("slug")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "opened_version"]}), *rest]

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("check/", view(self.check_view), name="articles_article_check"),
            path("<path:object_id>/presence/", view(self.presence_view), name="articles_article_presence"),
            path(
                "<path:object_id>/presence/close/",
                view(self.presence_close_view),
                name="articles_article_presence_close",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/changes/publish/",
                view(self.changes_publish_view),
                name="articles_article_changes_publish",
            ),
            path(
                "<path:object_id>/changes/discard/",
                view(self.changes_discard_view),
                name="articles_article_changes_discard",
            ),
            path(
                "<path:object_id>/refused-edits/<int:refused_id>/",
                view(self.refused_edit_view),
                name="articles_article_refused_edit",
            ),
            *super().get_urls(),
        ]

    def get_object(self, request, object_id, from_field=None):
        """Read once per page shown: the workflow, the review and the form all ask for the brief."""
        if request.method not in ("GET", "HEAD"):
            return super().get_object(request, object_id, from_field)
        read = request.__dict__.setdefault("editorial_briefs", {})
        key = (str(object_id), from_field)
        if key not in read:
            read[key] = super().get_object(request, object_id, from_field)
        return read[key]

    # The add form: its first save may take the brief's first step.

    def add_view(self, request, form_url="", extra_context=None):
        steps = [step for step in services.steps_open_to(request.user, Article()) if step.name == "submit"]
        context = {
            **(extra_context or {}),
            "workflow_steps": steps,
            "workflow_saves_first": True,
            "workflow_form": StepForm(request.POST if request.method == "POST" else None, prefix="workflow"),
            "live_check_url": reverse("admin:articles_article_check"),
        }
        return super().add_view(request, form_url, context)

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get("_transition") != "submit":
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, f"“{obj}” was saved.", messages.SUCCESS)
        self._take_form_action(request, obj)
        return redirect(self._change_url(obj))

    # The change form.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            return super().change_view(request, object_id, form_url, extra_context)
        may_change = self.has_change_permission(request, article)
        if request.method == "POST" and "_confirm_speaker" in request.POST and may_change:
            request.POST = _confirming_speaker(request.POST)
        if request.method == "POST" and _form_action(request) and not may_change:
            self._take_form_action(request, article)
            return redirect(self._change_url(article))
        if request.method != "POST" or not may_change:
            context = {**(extra_context or {}), **self._editorial_context(request, article, may_change)}
            return super().change_view(request, object_id, form_url, context)
        with transaction.atomic():
            # A save of a live brief goes to its draft of changes; readers keep the live version.
            live, target, started = None, article, False
            if article.is_published and self._changes_live_brief(request, article):
                changes, started = services.live_changes_start(article=article, user=request.user)
                live, target = article, changes.draft
                request.editorial_live = live
            merge_screen = self._merge_saves_since_opened(request, target, live=live)
            if merge_screen is not None:
                return merge_screen
            context = {**(extra_context or {}), **self._editorial_context(request, target, may_change)}
            response = super().change_view(request, str(target.pk), form_url, context)
            if live is not None and response.status_code == 302:
                self.message_user(
                    request,
                    "Saved as changes to the live brief: readers see the published version until someone "
                    "allowed to publish publishes the changes.",
                    messages.INFO,
                )
            elif started:
                # Not saved: nor is the draft started for it. The page is rendered before that goes.
                response.render()
                transaction.set_rollback(True)
            return response

    def _changes_live_brief(self, request, article):
        """Whether the submission changes the live brief's content, or adds to its pending changes."""
        opened = unsign_opened(request.POST.get("opened_version", ""))
        if opened is None or services.pending_changes(article) is not None:
            return True
        base, _ = opened
        return not snapshot_of_post(request.POST, base).same_content(base)

    def _merge_saves_since_opened(self, request, article, *, live=None):
        """Merge what others saved since the form was opened into the submission, or show the merge screen.

        A submission made from an older version of the brief is merged with the
        stored one (editorial.briefmerge): the request's form data is rewritten to
        submit the merged brief, and the admin saves that as usual. Parts both sides
        changed differently need a choice, made on the merge screen, which posts the
        submission again with the choices. A submission to a `live` brief is merged
        into `article`, its draft of changes, whose address is its own.
        """
        opened = unsign_opened(request.POST.get("opened_version", ""))
        if opened is None:
            return None  # the form refuses it and says why
        base, opened_at = opened
        stored = Article.objects.select_for_update().get(pk=article.pk)
        stored_snapshot = current = snapshot_of_article(stored)
        request.editorial_before = stored_snapshot
        if live is not None:
            base, current = replace(base, slug=live.slug), replace(current, slug=live.slug)
        mine = snapshot_of_post(request.POST, base)
        if base.same_content(current):
            if live is None:
                return None
            request.POST = posted_as(
                request.POST, replace(mine, slug=stored.slug), article=stored, stored=stored_snapshot
            )
            return None
        posted_choices = {
            name.removeprefix(MERGE_CHOICE_PREFIX): value
            for name, value in request.POST.items()
            if name.startswith(MERGE_CHOICE_PREFIX) and value in (THEIRS, MINE)
        }
        shown = _unsign_snapshot(request.POST.get("merge_theirs", ""))
        still_current = shown is not None and shown.same_content(current)
        merge = merge_briefs(base, current, mine, posted_choices if still_current else {})
        savers = _savers(versions_of_article(article.pk).filter(revision__date_created__gt=opened_at))
        if any(conflict.id not in posted_choices or not still_current for conflict in merge.conflicts):
            if shown is None:
                services.refused_edit_record(
                    article=live or article, user=request.user, opened=base, submitted=mine
                )
            return self._merge_screen(
                request,
                live or article,
                merge,
                current=current,
                savers=savers,
                changed_again=shown is not None,
            )
        merged = merge.merged if live is None else replace(merge.merged, slug=stored.slug)
        request.POST = posted_as(request.POST, merged, article=stored, stored=stored_snapshot)
        parts = "; ".join([*merge.taken, *(conflict.label for conflict in merge.conflicts)])
        merged_with = f"Merged with the changes {savers} saved after you opened the brief ({parts})."
        request.editorial_merged = merged_with
        self.message_user(request, merged_with, messages.INFO)
        return None

    def _merge_screen(self, request, article, merge, *, current, savers, changed_again):
        kept = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in ("csrfmiddlewaretoken", "merge_theirs")
            and not name.startswith(MERGE_CHOICE_PREFIX)
            for value in values
        ]
        conflicts = [
            {
                "conflict": conflict,
                "choice": request.POST.get(MERGE_CHOICE_PREFIX + conflict.id) if not changed_again else None,
                "theirs": diff_words("\n\n".join(conflict.base), "\n\n".join(conflict.theirs)),
                "mine": diff_words("\n\n".join(conflict.base), "\n\n".join(conflict.mine)),
            }
            for conflict in merge.conflicts
        ]
        context = {
            **self._history_context(request, article, f"Merge your changes to “{article}”"),
            "savers": savers,
            "conflicts": conflicts,
            "taken": merge.taken,
            "changed_again": changed_again,
            "kept_fields": kept,
            "merge_theirs": signing.dumps(current.as_json(), salt=MERGE_SALT, compress=True),
            "choice_prefix": MERGE_CHOICE_PREFIX,
            "change_url": request.path,
        }
        return TemplateResponse(request, "editorial/merge.html", context)

    def construct_change_message(self, request, form, formsets, add=False):
        """What the save changed, from the brief before and after it rather than from the fields posted."""
        before = getattr(request, "editorial_before", None)
        if add or before is None:
            return super().construct_change_message(request, form, formsets, add)
        parts = changed_parts(before, snapshot_of_article(form.instance))
        return f"Changed: {'; '.join(parts)}." if parts else "Saved with no change to the content."

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        merged_with = getattr(request, "editorial_merged", None)
        if merged_with and reversion.is_active():
            reversion.set_comment(" ".join(filter(None, [reversion.get_comment(), merged_with])))
        return entry

    def _editorial_context(self, request, article, may_change):
        user = request.user
        changes = services.pending_changes(article)
        # A brief is the draft of changes only while they are pending (a decided one's draft goes):
        # what _holds_changes() asks is answered already.
        Article.changes_to.related.set_cached_value(
            article, changes if changes is not None and changes.draft_id == article.pk else None
        )
        steps = services.steps_open_to(
            user, article, holds_changes=changes is not None and changes.draft_id == article.pk
        )
        posted = request.POST if request.method == "POST" else None
        may_note = user.has_perm("editorial.add_editorialnote")
        may_correct = user.has_perm("articles.add_correction") and article.is_published and not may_change
        return {
            "workflow_state": services.describe_status(article),
            "workflow_steps": steps,
            "workflow_saves_first": may_change,
            "workflow_form": StepForm(posted, prefix="workflow"),
            "publication_gate": SimpleLazyObject(lambda: self.brief_review(request, article).gate)
            if any(s.name == "publish" for s in steps)
            else None,
            "can_override_gate": user.has_perm("review.override_attribution_gate"),
            "transitions": article.transitions.select_related("user")[:TRANSITIONS_SHOWN],
            "editorial_notes": article.editorial_notes.select_related("author"),
            "note_form": NoteForm(posted, prefix="editorial_note") if may_note else None,
            "correction_form": CorrectionForm(prefix="correction") if may_correct else None,
            "editing_others": [
                (display_name(session.user), session.opened_at)
                for session in services.editing_sessions_of(article, excluding=user)
            ],
            "presence_refresh_url": reverse("admin:articles_article_presence", args=[article.pk])
            if may_change
            else "",
            "presence_close_url": reverse("admin:articles_article_presence_close", args=[article.pk])
            if may_change
            else "",
            "refused_edits": article.refused_edits.select_related("user")[:5],
            "can_preview": can_preview(user),
            "live_check_url": reverse("admin:articles_article_check") if may_change else "",
            **self._changes_context(request, article, changes),
        }

    def _changes_context(self, request, article, changes):
        """What the change form says of a live brief and its pending changes."""
        user = request.user
        may_publish = user.has_perm("articles.publish_article")
        if changes is None:
            return {"is_live": article.is_published, "live_changes": None}
        return {
            "is_live": article.is_published,
            "live_changes": changes,
            "editing_the_changes": changes.draft_id == article.pk,
            "changes_diff": SimpleLazyObject(
                lambda: diff_briefs(
                    snapshot_of_article(changes.article),
                    replace(snapshot_of_article(changes.draft), slug=changes.article.slug),
                )
            ),
            "changes_gate": SimpleLazyObject(lambda: self.brief_review(request, changes.draft).gate)
            if may_publish
            else None,
            "may_publish_changes": may_publish,
            "may_discard_changes": may_publish or user.has_perm("articles.change_article"),
            "can_override_gate": user.has_perm("review.override_attribution_gate"),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if context.get("errors") and not _field_errors(form, context["inline_admin_formsets"]):
            # Only the form's own errors, which say what to do: no "Please correct the error below".
            context["errors"] = None
            context["form_errors"] = form.non_field_errors()
        conflict = getattr(form, "editing_conflict", None)
        if conflict is not None and obj is not None:
            context["refused_edit"] = services.refused_edit_record(
                article=obj,
                user=request.user,
                opened=conflict.opened,
                submitted=snapshot_of_post(request.POST, conflict.opened),
            )
            context["editing_conflict"] = conflict
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        # Saved to a live brief's changes, the buttons beside Save still act on the live brief.
        subject = getattr(request, "editorial_live", None) or obj
        if not (_form_action(request) or "_continue" in request.POST):
            services.editing_session_close(article=subject, user=request.user)
        if _form_action(request):
            self.message_user(request, f"“{obj}” was saved.", messages.SUCCESS)
            self._take_form_action(request, subject)
            return redirect(self._change_url(subject))
        response = super().response_change(request, obj)
        if subject is not obj and "_continue" in request.POST:
            return redirect(self._change_url(obj))  # go on editing the changes
        return response

    def _change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])

    def _take_form_action(self, request, article):
        post = request.POST
        try:
            if "_transition" in post:
                message = self._take_step(request, article, post["_transition"])
            elif "_add_note" in post:
                form = NoteForm(post, prefix="editorial_note")
                form.is_valid()
                # A note on a live brief's changes is a note on the live brief: the draft goes once decided.
                changes = services.pending_changes(article)
                noted = changes.article if changes is not None else article
                services.note_add(article=noted, user=request.user, text=form.cleaned_data.get("text", ""))
                message = "Note added."
            else:
                form = CorrectionForm(post, prefix="correction")
                if not form.is_valid():
                    raise ValidationError("Choose correction or clarification.")
                services.article_correct(article=article, user=request.user, **form.cleaned_data)
                message = "Correction published."
        except (PermissionDenied, ValidationError) as error:
            for text in _messages_of(error):
                self.message_user(request, text, messages.ERROR)
            return False
        self.message_user(request, message, messages.SUCCESS)
        return True

    def _take_step(self, request, article, name):
        step = services.STEPS.get(name)
        if step is None:
            raise ValidationError("There is no such step.")
        form = StepForm(request.POST, prefix="workflow")
        if not form.is_valid():
            raise ValidationError(
                [
                    f"{form.fields[field].label}: {error}"
                    for field, errors in form.errors.items()
                    for error in errors
                ]
            )
        options = {"note": form.cleaned_data["note"]}
        if step.name == "publish":
            options["at"] = form.cleaned_data["publish_at"]
            options["override_reason"] = form.cleaned_data["override_reason"]
        services.STEP_SERVICES[step.name](article=article, user=request.user, **options)
        if article.is_scheduled:
            when = services.describe_status(article).lower()
            return f"“{article}” is {when}; readers see nothing of it until then."
        return f"“{article}” was {step.done}."

    # Changelist actions.

    @admin.action(description="Submit selected briefs for review", permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._take_step_on_each(request, queryset, "submit")

    @admin.action(description="Return selected briefs to draft", permissions=["return_to_draft"])
    def return_selected_to_draft(self, request, queryset):
        self._take_step_on_each(request, queryset, "return_to_draft")

    @admin.action(description="Publish selected briefs now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._take_step_on_each(request, queryset, "publish")

    @admin.action(description="Unpublish selected briefs", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._take_step_on_each(request, queryset, "unpublish")

    def has_submit_permission(self, request):
        return services.may_take(request.user, services.STEPS["submit"])

    def has_return_to_draft_permission(self, request):
        return services.may_take(request.user, services.STEPS["return_to_draft"])

    def has_publish_permission(self, request):
        return services.may_take(request.user, services.STEPS["publish"])

    def _take_step_on_each(self, request, queryset, name):
        step = services.STEPS[name]
        done = 0
        for article in queryset:
            try:
                services.STEP_SERVICES[name](article=article, user=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"“{article}”: {' '.join(_messages_of(error))}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request, f"{done} brief{'s' if done != 1 else ''} {step.done}.", messages.SUCCESS
            )

    # Deleting keeps a last version, so every deleted brief can be recovered.

    def delete_model(self, request, obj):
        services.article_delete(article=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(article=article, user=request.user)

    # History: versions, differences, restore and recover.

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        timeline = timeline_of(unquote(object_id))
        versions = [entry.version for entry in timeline if entry.version is not None]
        context = {
            "timeline": timeline,
            "has_versions": bool(versions),
            # Compared by default: the version before the latest with the brief as it is now.
            "compare_from": versions[1].pk if len(versions) > 1 else versions[0].pk if versions else None,
            "compare_url": reverse("admin:articles_article_compare", args=[object_id]),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def _article_for_history(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such brief.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _history_context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": title,
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
        }

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """One version of the brief, what restoring it would change, and (POST) the restore."""
        article = self._article_for_history(request, object_id)
        version = get_object_or_404(versions_of_article(article.pk), pk=version_id)
        may_restore = self.has_change_permission(request, article)
        if request.method == "POST":
            if not may_restore:
                raise PermissionDenied
            try:
                services.article_restore(article=article, version=version, user=request.user)
            except ValidationError as error:
                for text in _messages_of(error):
                    self.message_user(request, text, messages.ERROR)
                return redirect(request.path)
            self.message_user(request, "The version was restored; the one it replaced is in the history.")
            return redirect(self._change_url(article))
        snapshot = snapshot_of_version(version)
        context = {
            **self._history_context(
                request, article, f"Version of {version.revision.date_created:%d %b %Y %H:%M}"
            ),
            "version": version,
            "snapshot": snapshot,
            "diff": diff_briefs(snapshot_of_article(article), snapshot),
            "may_restore": may_restore,
        }
        return TemplateResponse(request, "editorial/version.html", context)

    def recover_view(self, request, version_id, extra_context=None):
        """A deleted brief's last version, and (POST) its recovery as a draft."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        if request.method == "POST":
            try:
                article = services.article_recover(version=version, user=request.user)
            except ValidationError as error:
                for text in _messages_of(error):
                    self.message_user(request, text, messages.ERROR)
                return redirect(request.path)
            self.message_user(request, f"“{article}” was recovered as a draft.", messages.SUCCESS)
            return redirect(self._change_url(article))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Recover “{version.object_repr}”",
            "version": version,
            "snapshot": snapshot_of_version(version),
        }
        return TemplateResponse(request, "editorial/recover.html", context)

    def compare_view(self, request, object_id):
        """What changed between two versions of the brief (either may be "current")."""
        article = self._article_for_history(request, object_id)
        versions = versions_of_article(article.pk)

        def pick(value):
            if value in (None, "", "current"):
                return None, snapshot_of_article(article)
            version = versions.filter(pk=value).first() if value.isdigit() else None
            if version is None:
                raise Http404("No such version of this brief.")
            return version, snapshot_of_version(version)

        old_version, old = pick(request.GET.get("from"))
        new_version, new = pick(request.GET.get("to"))
        context = {
            **self._history_context(request, article, f"Changes to “{article}”"),
            "old_version": old_version,
            "new_version": new_version,
            "diff": diff_briefs(old, new),
        }
        return TemplateResponse(request, "editorial/compare.html", context)

    def refused_edit_view(self, request, object_id, refused_id):
        article = self._article_for_history(request, object_id)
        refused = get_object_or_404(article.refused_edits.select_related("user"), pk=refused_id)
        opened = BriefSnapshot.from_json(refused.opened)
        submitted = BriefSnapshot.from_json(refused.submitted)
        context = {
            **self._history_context(request, article, f"Refused edit by {display_name(refused.user)}"),
            "refused": refused,
            "submitted": submitted,
            "their_changes": diff_briefs(opened, submitted),
            "against_current": diff_briefs(snapshot_of_article(article), submitted),
        }
        return TemplateResponse(request, "editorial/refused_edit.html", context)

    # Changes to a live brief: published or discarded from either brief's change form.

    def changes_publish_view(self, request, object_id):
        article, changes = self._changes_for(request, object_id)
        try:
            services.live_changes_publish(
                changes=changes,
                user=request.user,
                override_reason=request.POST.get("changes_override_reason", ""),
            )
        except (PermissionDenied, ValidationError) as error:
            for text in _messages_of(error):
                self.message_user(request, text, messages.ERROR)
            return redirect(self._change_url(article))
        self.message_user(
            request,
            f"The changes to “{changes.article}” were published: readers see them now.",
            messages.SUCCESS,
        )
        return redirect(self._change_url(changes.article))

    def changes_discard_view(self, request, object_id):
        article, changes = self._changes_for(request, object_id)
        try:
            services.live_changes_discard(changes=changes, user=request.user)
        except (PermissionDenied, ValidationError) as error:
            for text in _messages_of(error):
                self.message_user(request, text, messages.ERROR)
            return redirect(self._change_url(article))
        self.message_user(
            request,
            f"The changes to “{changes.article}” were discarded; what they held is in the history.",
            messages.SUCCESS,
        )
        return redirect(self._change_url(changes.article))

    def _changes_for(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404("No such brief.")
        changes = services.pending_changes(article)
        if changes is None:
            raise Http404("This brief has no pending changes.")
        return article, changes

    # Checks as you type.

    def check_view(self, request):
        """The checker's findings on the brief as typed in its form (posted whole), as JSON. No writes."""
        if request.method != "POST":
            raise PermissionDenied
        article = None
        brief = request.POST.get("brief", "")
        if brief:
            article = self.get_object(request, brief)
            if article is None:
                raise Http404("No such brief.")
            if not self.has_change_permission(request, article):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        typed = TypedBrief.read(request.POST, article=article)
        report = typed_report(
            body=typed.body,
            citations=typed.citations,
            quotes=typed.quotes,
            published_at=article.published_at if article else None,
        )
        return JsonResponse(live_checks(typed, report))

    # "Being edited by X since …": the change form's heartbeat.

    def presence_view(self, request, object_id):
        article = self._article_for_presence(request, object_id)
        services.editing_session_open(article=article, user=request.user)
        others = [
            {
                "name": display_name(session.user),
                "since": date_format(localtime(session.opened_at), "j M Y H:i"),
            }
            for session in services.editing_sessions_of(article, excluding=request.user)
        ]
        return JsonResponse({"others": others, "changed": self._saved_since_opened(request, article)})

    def _saved_since_opened(self, request, article):
        """Who saved the brief since the heartbeat's form was opened, and which parts, or None."""
        opened = unsign_opened(request.POST.get("opened_version", ""))
        if opened is None:
            return None
        base, opened_at = opened
        current = snapshot_of_article(article)
        if base.same_content(current):
            return None
        return {
            "by": _savers(versions_of_article(article.pk).filter(revision__date_created__gt=opened_at)),
            "parts": list(changed_parts(base, current)),
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
        }

    def presence_close_view(self, request, object_id):
        article = self._article_for_presence(request, object_id)
        services.editing_session_close(article=article, user=request.user)
        return HttpResponse(status=204)

    def _article_for_presence(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such brief.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article


@admin.register(Article)
class BriefAdmin(EditorialArticleAdminMixin, AttributionReviewMixin, ArticleAdmin, VersionAdmin):
    """The brief's admin pages: its content (articles), attribution review (review) and workflow (here)."""

    change_form_template = "editorial/change_form.html"
    list_display = [*ArticleAdmin.list_display, "coverage", "error_count", "warning_count", "updated"]
    list_select_related = ["attribution_check"]
    list_filter = [*ArticleAdmin.list_filter, HasAttributionErrorsFilter]

    @admin.display(description="updated", ordering="updated_at")
    def updated(self, article):
        return format_html(
            "{}<br><small>{}</small>",
            date_format(localtime(article.updated_at), "j M Y"),
            date_format(localtime(article.updated_at), "H:i"),
        )


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    """Every status change of every brief, for the record. Nobody can add, change or delete one."""

    list_display = ["created_at", "brief", "from_status", "to_status", "who", "published_at", "note"]
    list_select_related = ["user"]
    list_filter = ["to_status", "from_status", "created_at", ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["headline", "note", "user__username", "user__first_name", "user__last_name"]
    date_hierarchy = "created_at"
    fields = ["brief", "from_status", "to_status", "who", "published_at", "note", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(brief_exists=Exists(Article.objects.filter(pk=OuterRef("article_id"))))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="brief", ordering="headline")
    def brief(self, transition):
        if not transition.brief_exists:
            return format_html("{} <em>(deleted)</em>", transition.headline)
        url = reverse("admin:articles_article_change", args=[transition.article_id])
        return format_html('<a href="{}">{}</a>', url, transition.headline)

    @admin.display(description="who", ordering="user__username")
    def who(self, transition):
        return display_name(transition.user) if transition.user else "brief file import"
