"""Attribution review: checking briefs, signing them off, accepting warnings, the publication gate."""

import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.brieftext.attribution import WARNING_CODES, check_brief
from articles.brieftext.parser import Reference
from articles.brieftext.speakers import IMPLICIT, KnownPerson, attribute_quotes, body_words
from articles.models import Article
from sources.models import Person

from .models import AcceptedWarning, AttributionCheck, GateOverride, SignOff


def content_fingerprint(article):
    """What a sign-off covers: the body, which source each marker cites, each quote's speaker and source."""
    return _fingerprint(article.body, article.citations.all(), article.quotes.all())


def _fingerprint(body, citations, quotes):
    content = {
        "body": body,
        "citations": sorted((c.key, c.source_id) for c in citations),
        "quotes": [(q.position, q.text, q.speaker_id, q.source_id) for q in quotes],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def text_hash(text):
    return hashlib.sha256(text.encode()).hexdigest()


def finding_token(finding):
    """Identifies a finding in a form, so an action on a report that has since changed is refused."""
    return f"{finding.code}:{text_hash(finding.text)[:16]}"


def known_people(people):
    """Person rows as the checker sees them."""
    return [
        KnownPerson(full_name=person.full_name, names=tuple(person.names), role=person.role)
        for person in people
    ]


class SpeakerDirectory:
    """The People a brief's body may name, and the speakers the speaker rules find for its quotes.

    The people are read once (one query), and again only after `changed()`; the rules run
    once for each list of people they are given.
    """

    def __init__(self, body):
        self.body = body
        self._rows = None
        self._attributions = {}

    @property
    def rows(self):
        """The Person rows with a word of one of their names in the body."""
        if self._rows is None:
            self._rows = list(Person.objects.sharing_words_with(body_words(self.body)))
        return self._rows

    def changed(self):
        """Read the people again when next asked: one has been added."""
        self._rows = None

    def people(self, *also):
        """The directory for checking the body: its people, and `also`."""
        people = {person.pk: person for person in self.rows}
        people.update((person.pk, person) for person in also)
        return known_people(people.values())

    def attributions(self, people):
        """attribute_quotes() of the body with `people` (KnownPerson)."""
        people = tuple(people)
        if people not in self._attributions:
            self._attributions[people] = attribute_quotes(self.body, people)
        return self._attributions[people]


def people_for(body, *also):
    """The directory for checking `body` (a ParsedBody): the people it may name, and `also`; one query."""
    return SpeakerDirectory(body).people(*also)


@dataclass(frozen=True)
class StoredBrief:
    """A brief with the rows checking it reads: citations with sources and outlets, quotes with speakers."""

    article: Article
    citations: list
    quotes: list

    @classmethod
    def read(cls, article):
        """Two queries."""
        citations = list(article.citations.select_related("source__outlet"))
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


def article_report(article):
    """The checker's report on a stored brief; speakers chosen by editors count as confirmed."""
    return _report(StoredBrief.read(article), SpeakerDirectory(article.parsed_body))


def _report(brief, directory):
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
        attributions=directory.attributions(people),
    )


@dataclass(frozen=True)
class ReviewedFinding:
    finding: object
    accepted: AcceptedWarning | None

    @property
    def token(self):
        return finding_token(self.finding)


def reviewed_findings(article, report):
    """Each finding of the report with the reviewer's acceptance, when there is one."""
    return _reviewed(report, article.accepted_warnings.all())


def _reviewed(report, accepted_warnings):
    accepted = {(a.code, a.text_hash): a for a in accepted_warnings}
    return [
        ReviewedFinding(finding, accepted.get((finding.code, text_hash(finding.text))))
        for finding in report.findings
    ]


@transaction.atomic
def article_recheck(*, article):
    """Check the brief again and store the result (see AttributionCheck)."""
    return attribution_check_store(brief=StoredBrief.read(article))


def attribution_check_store(*, brief, directory=None, new=False):
    """Check `brief` (a StoredBrief) and store the result, in the caller's transaction.

    `directory` is the SpeakerDirectory of the article's body, when the caller has one.
    `new` says the article was created in this transaction, so that nobody can have
    accepted a warning on it or signed it off yet: that costs no query.
    """
    article = brief.article
    report = _report(brief, directory or SpeakerDirectory(article.parsed_body))
    reviewed = _reviewed(report, [] if new else article.accepted_warnings.all())
    fingerprint = _fingerprint(article.body, brief.citations, brief.quotes)
    latest = None if new else article.signoffs.first()
    check = AttributionCheck(
        article=article,
        **{
            "fingerprint": fingerprint,
            "sentence_count": report.sentence_count,
            "cited_sentence_count": report.cited_sentence_count,
            "error_count": sum(1 for r in reviewed if r.finding.severity == "error"),
            "warning_count": sum(1 for r in reviewed if r.finding.severity == "warning" and not r.accepted),
            "findings": [
                {
                    "code": r.finding.code,
                    "severity": r.finding.severity,
                    "paragraph": r.finding.paragraph,
                    "sentence": r.finding.sentence,
                    "text": r.finding.text,
                    "accepted": bool(r.accepted),
                }
                for r in reviewed
            ],
            "reviewed_at": latest.signed_at if latest and latest.fingerprint == fingerprint else None,
            "checked_at": timezone.now(),
        },
    )
    # One statement, inserting or replacing the stored check.
    fields = [field.name for field in AttributionCheck._meta.concrete_fields if not field.primary_key]
    AttributionCheck.objects.bulk_create(
        [check], update_conflicts=True, unique_fields=["article"], update_fields=fields
    )
    return check


def articles_recheck(articles):
    for article in articles:
        article_recheck(article=article)


@dataclass(frozen=True)
class Gate:
    errors: list
    signed_off: bool

    @property
    def passes(self):
        return not self.errors and self.signed_off

    @property
    def objections(self):
        objections = [f"{error.code}: {error.text}" for error in self.errors]
        if not self.signed_off:
            objections.append("the attribution has not been signed off since the last change")
        return objections


def publication_gate(article):
    """Whether the brief may be published without an override."""
    check = article_recheck(article=article)
    report = article_report(article)
    errors = [finding for finding in report.findings if finding.severity == "error"]
    return Gate(errors=errors, signed_off=check.reviewed_at is not None)


@transaction.atomic
def attribution_sign_off(*, article, user, note=""):
    if not user.has_perm("review.sign_off_attribution"):
        raise PermissionDenied("Only reviewers can sign off attribution.")
    check = article_recheck(article=article)
    if check.error_count:
        raise ValidationError(
            f"This brief has {check.error_count} attribution error(s). They must be fixed before sign-off."
        )
    signoff = SignOff.objects.create(article=article, reviewer=user, note=note, fingerprint=check.fingerprint)
    article_recheck(article=article)
    return signoff


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
    article_recheck(article=article)
    return accepted


def gate_override_record(*, article, user, reason, gate):
    if not user.has_perm("review.override_attribution_gate"):
        raise PermissionDenied("You may not publish a brief that fails the attribution gate.")
    if not reason.strip():
        raise ValidationError("Write why this brief is published despite the attribution gate.")
    return GateOverride.objects.create(
        article=article, user=user, reason=reason.strip(), unresolved=gate.objections
    )


def preview_flags(article):
    """render_body() arguments that highlight uncited sentences and unattributed quotes.

    A quote is unattributed when it has no speaker, a speaker still to be
    confirmed, or no citation in its sentence.
    """
    report = article_report(article)
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
