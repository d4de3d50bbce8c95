"""Everyone's desk on the admin index: what waits for each person, by what their roles let them do."""

from dataclasses import dataclass

from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from review.models import SignOff

from .models import LiveBriefChanges, Transition

Status = Article.Status
# Each list on the desk shows this many, newest first; the brief list has the rest.
SHOWN = 10


@dataclass(frozen=True)
class Section:
    title: str
    rows: list  # (brief, what to say of it)
    empty: str


def desk_of(user):
    """The sections of `user`'s desk, for the roles they have (two queries a section)."""
    sections = []
    if user.has_perm("articles.change_article"):
        sections += [_drafts_of(user), _returned_to(user), _changes_started_by(user)]
    if user.has_perm("review.sign_off_attribution"):
        sections += [_awaiting_review(), _changed_after_sign_off()]
    if user.has_perm("articles.publish_article"):
        sections += [_ready_to_publish(), _pending_changes(), _scheduled()]
    return sections


def _briefs():
    changes = LiveBriefChanges.objects.filter(draft=OuterRef("pk"), status=LiveBriefChanges.Status.PENDING)
    return (
        Article.objects.select_related("attribution_check")
        .annotate(holds_changes=Exists(changes))
        .order_by("-updated_at", "-pk")
    )


def _label(brief):
    return "changes to a live brief" if brief.holds_changes else ""


def _drafts_of(user):
    saved_by_them = Version.objects.get_for_model(Article).filter(revision__user=user).values("object_id")
    drafts = (
        _briefs()
        .filter(status=Status.DRAFT)
        .annotate(pk_text=Cast("pk", CharField()))
        .filter(pk_text__in=saved_by_them)
    )
    return Section(
        "Your drafts", [(brief, _label(brief)) for brief in drafts[:SHOWN]], "No drafts you saved."
    )


def _returned_to(user):
    returned = Transition.objects.filter(
        article=OuterRef("pk"), from_status=Status.IN_REVIEW, to_status=Status.DRAFT
    )
    submitted = Transition.objects.filter(article=OuterRef("pk"), user=user, to_status=Status.IN_REVIEW)
    briefs = _briefs().filter(Exists(returned), Exists(submitted), status=Status.DRAFT)
    return Section(
        "Returned to you",
        [(brief, _label(brief)) for brief in briefs[:SHOWN]],
        "Nothing you submitted came back.",
    )


def _changes_started_by(user):
    changes = LiveBriefChanges.objects.filter(status=LiveBriefChanges.Status.PENDING, started_by=user)
    rows = [
        (c.draft, f"changes to “{c.article}”") for c in changes.select_related("draft", "article")[:SHOWN]
    ]
    return Section("Your changes to live briefs", rows, "No pending changes of yours.")


def _awaiting_review():
    briefs = _briefs().filter(status=Status.IN_REVIEW, attribution_check__reviewed_at__isnull=True)
    return Section(
        "Waiting for review", [(brief, _label(brief)) for brief in briefs[:SHOWN]], "The queue is empty."
    )


def _changed_after_sign_off():
    signed = SignOff.objects.filter(article=OuterRef("pk"))
    briefs = _briefs().filter(
        Exists(signed), status=Status.PUBLISHED, attribution_check__reviewed_at__isnull=True
    )
    return Section(
        "Live, changed after sign-off",
        [(brief, "changed after sign-off") for brief in briefs[:SHOWN]],
        "Every signed-off live brief is as it was signed off.",
    )


def _ready_to_publish():
    briefs = _briefs().filter(
        status=Status.IN_REVIEW,
        attribution_check__reviewed_at__isnull=False,
        attribution_check__error_count=0,
    )
    rows = [(brief, _label(brief) or "signed off") for brief in briefs[:SHOWN]]
    return Section("Signed off and ready", rows, "Nothing signed off is waiting.")


def _pending_changes():
    changes = LiveBriefChanges.objects.filter(status=LiveBriefChanges.Status.PENDING).select_related(
        "draft__attribution_check", "article", "started_by"
    )
    rows = []
    for change in changes[:SHOWN]:
        check = getattr(change.draft, "attribution_check", None)
        state = "signed off" if check is not None and check.reviewed_at else "not signed off"
        rows.append((change.article, f"changes by {change.started_by}, {state}"))
    return Section("Pending changes to live briefs", rows, "No live brief has pending changes.")


def _scheduled():
    briefs = Article.objects.scheduled(timezone.now()).order_by("published_at", "pk")
    rows = [
        (brief, f"scheduled for {timezone.localtime(brief.published_at):%d %b %Y %H:%M}")
        for brief in briefs[:SHOWN]
    ]
    return Section("Scheduled", rows, "Nothing is scheduled.")
