"""Attribution review: checking briefs, signing them off, accepting warnings, the publication gate.

Reading a brief's review (`brief_review`) writes nothing. The stored check of
each brief (AttributionCheck) is kept by review.receivers, which call
`briefs_recheck` after every commit that changed what a check reads.
"""

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from archive.services import archived_sources
from articles.models import Article
from articles.services import speakers_to_confirm
from brieftext.attribution import ERROR, WARNING_CODES, check_brief
from brieftext.parser import Reference
from brieftext.speakers import IMPLICIT
from sources.directory import SpeakerDirectory

from .models import AcceptedWarning, AttributionCheck, GateOverride, SignOff, finding_counts
from .signals import checks_stored


def reviewed_content(body, citations, quotes):
    """What a sign-off covers: the body, each reference's source as readers see it (title, link,
    outlet, date), each quote's speaker and source. Citations come with their sources and outlets."""
    return {
        "body": body,
        "citations": sorted(
            [
                c.key,
                c.source_id,
                c.source.title,
                c.source.url,
                c.source.outlet.name,
                c.source.published_on.isoformat(),
            ]
            for c in citations
        ),
        "quotes": sorted([q.position, q.text, q.speaker_id, q.source_id] for q in quotes),
    }


def content_fingerprint(body, citations, quotes):
    """A digest of reviewed_content(): a sign-off holds while the brief's is the same."""
    content = reviewed_content(body, citations, quotes)
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


SEEN_SALT = "review.content-seen"


def content_seen_token(content):
    """The reviewed_content() on a reviewer's screen, signed, for the sign-off form to send back."""
    return signing.dumps(content, salt=SEEN_SALT, compress=True)


def content_changes(seen, current):
    """What differs between two reviewed_content(), in sentences for the reviewer."""
    changes = []
    if seen["body"] != current["body"]:
        changes.append("The body changed.")
    before = {row[0]: row for row in seen["citations"]}
    after = {row[0]: row for row in current["citations"]}
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is None:
            changes.append(f"The reference “{new[2]}” was added.")
        elif new is None:
            changes.append(f"The reference “{old[2]}” was removed.")
        elif old[1] != new[1]:
            changes.append(f"The reference “{old[2]}” now cites another source: “{new[2]}”.")
        else:
            for index, part in ((2, "title"), (3, "link"), (4, "outlet"), (5, "date")):
                if old[index] != new[index]:
                    changes.append(
                        f"The {part} of the reference “{old[2]}” changed: “{old[index]}” → “{new[index]}”."
                    )
    if seen["quotes"] != current["quotes"]:
        changes.append("A quote, its speaker or its source changed.")
    return changes


def text_hash(text):
    return hashlib.sha256(text.encode()).hexdigest()


def finding_token(finding):
    """Identifies a finding in a form, so an action on a report that has since changed is refused."""
    return f"{finding.code}:{text_hash(finding.text)[:16]}"


@dataclass(frozen=True)
class StoredBrief:
    """A brief with the rows checking it reads: citations with sources and outlets, quotes with speakers."""

    article: Article
    citations: list
    quotes: list

    @classmethod
    def read(cls, article):
        """Two queries."""
        citations = list(article.citations.select_related("source__outlet", "source__archive__latest"))
        return cls(article, citations, list(article.quotes.select_related("speaker")))

    @property
    def references(self):
        return [
            Reference(
                key=citation.key,
                title=citation.source.title,
                outlet=citation.source.outlet.name,
                published_on=citation.source.published_on,
                url=citation.source.url,
                line=0,
            )
            for citation in self.citations
        ]

    @property
    def content(self):
        return reviewed_content(self.article.body, self.citations, self.quotes)

    @property
    def fingerprint(self):
        return content_fingerprint(self.article.body, self.citations, self.quotes)


def _report(brief, directory):
    """The checker's report on a stored brief; speakers chosen by editors count as confirmed."""
    confirmed = {
        index: quote.speaker
        for index, quote in enumerate(brief.quotes)
        if quote.speaker_id and quote.speaker_confirmed
    }
    people = directory.people(*confirmed.values())
    published_at = brief.article.published_at
    return check_brief(
        directory.body,
        brief.references,
        people=people,
        published_on=published_at.date() if published_at else None,
        confirmed_speakers={index: speaker.full_name for index, speaker in confirmed.items()},
        described_speakers={
            index: quote.description
            for index, quote in enumerate(brief.quotes)
            if not quote.speaker_id and quote.description
        },
        attributions=directory.attributions(people),
        archives=archived_sources(brief.citations),
    )


def typed_report(*, body, citations, quotes=(), published_at=None):
    """The checker's report on a brief as an editor is typing it, before anything is saved; writes nothing.

    `body` is the ParsedBody typed; `citations` unsaved Citation rows (key, source with its
    outlet); `quotes` Quote rows in the body's order, whose confirmed speakers count as after a
    save. The same report as `article_report` gives once the brief is saved as typed.
    """
    article = Article(body=body.text, published_at=published_at)
    directory = SpeakerDirectory(body)
    return _report(StoredBrief(article, list(citations), list(quotes)), directory)


def article_report(article):
    """The checker's report on a stored brief (three queries)."""
    return _report(StoredBrief.read(article), SpeakerDirectory(article.parsed_body))


@dataclass(frozen=True)
class ReviewedFinding:
    finding: object
    accepted: AcceptedWarning | None

    @property
    def token(self):
        return finding_token(self.finding)


def _reviewed(findings, accepted_warnings):
    accepted = {(a.code, a.text_hash): a for a in accepted_warnings}
    return [
        ReviewedFinding(finding, accepted.get((finding.code, text_hash(finding.text))))
        for finding in findings
    ]


def stored_findings(findings, accepted=()):
    """Findings as AttributionCheck.findings keeps them; `accepted` holds those a reviewer accepted."""
    return [
        {
            "code": finding.code,
            "severity": finding.severity,
            "paragraph": finding.paragraph,
            "sentence": finding.sentence,
            "text": finding.text,
            "accepted": finding in accepted,
        }
        for finding in findings
    ]


@dataclass(frozen=True)
class Gate:
    """`unconfirmed_speakers` names the speakers found by rules that are not certain and not yet
    confirmed: readers see their names without a link. The gate reports them and does not stop
    publication for them."""

    errors: list
    signed_off: bool
    unconfirmed_speakers: tuple = ()

    @property
    def passes(self):
        return not self.errors and self.signed_off

    @property
    def objections(self):
        objections = [f"{error.code}: {error.text}" for error in self.errors]
        if not self.signed_off:
            objections.append("the attribution has not been signed off since the last change")
        return objections

    @property
    def unconfirmed_message(self):
        """The report of the speakers waiting for confirmation, for the workflow panel; "" when none."""
        return unconfirmed_speakers_text(self.unconfirmed_speakers)


def unconfirmed_speakers_text(names):
    """“2 speakers wait for confirmation (…)” for these speakers' names; "" when there are none."""
    names = list(dict.fromkeys(names))  # each speaker once, however many quotes they have
    if not names:
        return ""
    count = len(names)
    return (
        f"{count} speaker{'' if count == 1 else 's'} found by the speaker rules "
        f"wait{'s' if count == 1 else ''} for confirmation ({', '.join(names)}): readers see "
        f"{'the name' if count == 1 else 'their names'} without a link to a person page until an editor "
        "ticks “speaker checked”."
    )


class BriefReview:
    """What the attribution review says of a brief as it stands: one run of the checker, no write.

    Five queries: citations, quotes, the people the body may name, accepted warnings and
    the latest sign-off, each read when first needed. A caller that has just written the
    brief passes its rows (`brief`), the SpeakerDirectory of its body, and `new` when the
    brief was created in this transaction, so that nobody can have reviewed it yet.
    """

    def __init__(self, article, *, brief=None, directory=None, new=False):
        self.article = article
        self.new = new
        self.brief = brief or StoredBrief.read(article)
        self.report = _report(self.brief, directory or SpeakerDirectory(article.parsed_body))
        if new:
            self.findings = _reviewed(self.report.findings, [])
            self.latest_signoff = None

    @cached_property
    def findings(self):
        """Each finding with the reviewer's acceptance, when there is one."""
        return _reviewed(self.report.findings, self.article.accepted_warnings.all())

    @cached_property
    def fingerprint(self):
        return self.brief.fingerprint

    @cached_property
    def latest_signoff(self):
        return self.article.signoffs.first()

    @property
    def reviewed_at(self):
        """When the sign-off that still holds was given; None if the content changed since."""
        latest = self.latest_signoff
        return latest.signed_at if latest and latest.fingerprint == self.fingerprint else None

    @property
    def errors(self):
        return [r.finding for r in self.findings if r.finding.severity == ERROR]

    @cached_property
    def stored_findings(self):
        """The findings as the stored check keeps them (AttributionCheck.findings)."""
        return stored_findings(
            self.report.findings, accepted=[r.finding for r in self.findings if r.accepted]
        )

    @property
    def counts(self):
        """Errors, open warnings and accepted warnings, as the review queue counts them."""
        return finding_counts(self.stored_findings)

    @property
    def open_warnings_confirmation(self):
        """The label of the box a reviewer ticks to sign off with open warnings; "" when none are open."""
        warnings = self.counts.warnings
        return open_warnings_confirmation(warnings) if warnings else ""

    @property
    def content_seen_token(self):
        """What the reviewer reads now, signed, for the sign-off form (see attribution_sign_off)."""
        return content_seen_token(self.brief.content)

    @property
    def gate(self):
        """Whether the brief may be published without an override."""
        return Gate(
            errors=self.errors,
            signed_off=self.reviewed_at is not None,
            unconfirmed_speakers=tuple(
                quote.speaker.full_name for quote in speakers_to_confirm(self.brief.quotes)
            ),
        )

    def as_check(self):
        """The AttributionCheck row this review stores."""
        return AttributionCheck(
            article=self.article,
            fingerprint=self.fingerprint,
            sentence_count=self.report.sentence_count,
            cited_sentence_count=self.report.cited_sentence_count,
            error_count=self.counts.errors,
            warning_count=self.counts.warnings,
            findings=self.stored_findings,
            quotes_found=sum(1 for match in self.report.source_matches if match is not None and match.found),
            reviewed_at=self.reviewed_at,
            checked_at=timezone.now(),
        )


def brief_review(article):
    return BriefReview(article)


def publication_gate(article):
    """Whether the brief may be published without an override."""
    return BriefReview(article).gate


def briefs_recheck(pks):
    """Check these briefs (pks) again and store the results (see AttributionCheck)."""
    checks_store([BriefReview(article) for article in Article.objects.filter(pk__in=pks)])


def checks_store(reviews):
    """Store the checks of these BriefReviews, in one statement, and say so (review.signals)."""
    fields = [field.name for field in AttributionCheck._meta.concrete_fields if not field.primary_key]
    checks = [review.as_check() for review in reviews]
    stored = [review.article.pk for review in reviews if not review.new]  # a new brief has no check yet
    found_before = {}
    if stored:
        found_before = dict(
            AttributionCheck.objects.filter(article__in=stored).values_list("article", "quotes_found")
        )
    AttributionCheck.objects.bulk_create(
        checks, update_conflicts=True, unique_fields=["article"], update_fields=fields
    )
    checks_stored.send(
        sender=AttributionCheck,
        pks=[check.article_id for check in checks],
        quotes_found_changed=[
            check.article_id
            for check in checks
            if check.quotes_found != found_before.get(check.article_id, 0)
        ],
    )


@transaction.atomic
def attribution_sign_off(*, article, user, note="", seen=None, open_warnings=None):
    """Sign off the brief's attribution; with `seen`, the reviewed_content() the reviewer read, only
    if the brief still reads the same; with `open_warnings`, the number of open warnings the reviewer
    confirmed signing off with, only if there are no more than that. The sign-off records how many
    warnings were open."""
    if not user.has_perm("review.sign_off_attribution"):
        raise PermissionDenied("Only reviewers can sign off attribution.")
    # Locked and read again: no change can slip in between the comparison and the sign-off.
    article = Article.objects.select_for_update().get(pk=article.pk)
    review = BriefReview(article)
    if seen is not None and seen != review.brief.content:
        raise ValidationError(
            [
                "Not signed off: the brief changed after you read it. Read it again before signing off.",
                *content_changes(seen, review.brief.content),
            ]
        )
    counts = review.counts
    if counts.errors:
        raise ValidationError(
            f"This brief has {counts.errors} attribution error(s). They must be fixed before sign-off."
        )
    if open_warnings is not None and counts.warnings > open_warnings:
        raise ValidationError(
            f"Not signed off: this brief has {open_warnings_text(counts.warnings)}. Accept or fix them, "
            f"or tick “{open_warnings_confirmation(counts.warnings)}”."
        )
    return SignOff.objects.create(
        article=article,
        reviewer=user,
        note=note,
        fingerprint=review.fingerprint,
        open_warning_count=counts.warnings,
    )


def open_warnings_text(count):
    return f"{count} open warning{'' if count == 1 else 's'}"


def open_warnings_confirmation(count):
    """The label of the box a reviewer ticks to sign off a brief with `count` open warnings."""
    return f"Sign off with {open_warnings_text(count)}"


@transaction.atomic
def warning_accept(*, article, user, code, text, reason, note=""):
    if not user.has_perm("review.add_acceptedwarning"):
        raise PermissionDenied("Only reviewers can accept warnings.")
    if code not in WARNING_CODES:
        raise ValidationError("Only warnings can be accepted; errors must be fixed.")
    if reason == AcceptedWarning.Reason.OTHER and not note.strip():
        raise ValidationError("Explain the reason when it is “Other”.")
    accepted, _ = AcceptedWarning.objects.update_or_create(
        article=article,
        code=code,
        text_hash=text_hash(text),
        defaults={"text": text, "reason": reason, "note": note.strip(), "accepted_by": user},
    )
    return accepted


def gate_override_record(*, article, user, reason, gate):
    if not user.has_perm("review.override_attribution_gate"):
        raise PermissionDenied("You may not publish a brief that fails the attribution gate.")
    if not reason.strip():
        raise ValidationError("Write why this brief is published despite the attribution gate.")
    return GateOverride.objects.create(
        article=article, user=user, reason=reason.strip(), unresolved=gate.objections
    )


def with_latest_signoff(articles):
    """Annotate each brief with its latest sign-off's time and fingerprint (see attribution_reviewed_at)."""
    latest = SignOff.objects.filter(article=OuterRef("pk")).order_by("-signed_at", "-pk")
    return articles.annotate(
        latest_signoff_at=Subquery(latest.values("signed_at")[:1]),
        latest_signoff_fingerprint=Subquery(latest.values("fingerprint")[:1]),
    )


def attribution_reviewed_at(article):
    """When the brief's attribution was signed off, if the sign-off still holds.

    Reads the brief's prefetched citations and quotes and the annotations of with_latest_signoff().
    """
    fingerprint = content_fingerprint(article.body, article.citations.all(), article.quotes.all())
    return article.latest_signoff_at if article.latest_signoff_fingerprint == fingerprint else None


def preview_flags(article, report=None):
    """render_body() arguments that highlight uncited sentences and unattributed quotes.

    A quote is unattributed when it has no speaker, a speaker still to be
    confirmed, or no citation in its sentence.
    """
    report = report or article_report(article)
    body = article.parsed_body
    sentences = {(s.paragraph + 1, s.index + 1): s for s in body.sentences}
    flagged_quotes = {
        number
        for number, (quote, attribution) in enumerate(zip(body.quotes, report.attributions, strict=True), 1)
        if attribution.name is None or attribution.how in IMPLICIT or body.cited_key(quote) is None
    }
    return {
        "flagged_sentences": [
            sentences[(f.paragraph, f.sentence)]
            for f in report.findings
            if f.code == "uncited-sentence" and (f.paragraph, f.sentence) in sentences
        ],
        "flagged_quotes": flagged_quotes,
    }


def signoff_carry(*, source, target):
    """Give `target` the latest sign-off of `source` when it holds for `target`'s content too.

    For content copied from one brief to another (a live brief's published changes): the
    reviewer signed off these very words, references and quotes.
    """
    latest = source.signoffs.order_by("-signed_at", "-pk").first()
    if latest is None or latest.fingerprint != StoredBrief.read(target).fingerprint:
        return None
    return SignOff.objects.create(
        article=target,
        reviewer=latest.reviewer,
        signed_at=latest.signed_at,
        note=latest.note,
        fingerprint=latest.fingerprint,
    )
