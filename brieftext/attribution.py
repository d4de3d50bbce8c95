"""Check that a brief attributes what it says: sources cited, quotes with speakers.

Plain Python, no Django. `check_brief()` reads a parsed body, its reference list and
the People directory and returns a `Report` of findings written for a desk editor;
the findings and the choices behind them are in docs/attribution.md.
"""

import statistics
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date

from .footnotes import number_footnotes
from .parser import format_date
from .speakers import attribute_quotes
from .tokens import fold
from .verification import SOURCE_SEVERITIES, verify_sources

ERROR = "error"
WARNING = "warning"
SEVERITIES = {
    "dangling-marker": ERROR,
    "quote-without-speaker": ERROR,
    "quote-without-citation": ERROR,
    "uncited-sentence": WARNING,
    "unused-reference": WARNING,
    "duplicate-reference": WARNING,
    "quote-whitespace": WARNING,
    "source-after-publication": WARNING,
    "source-date-outlier": WARNING,
    "quote-speaker-implicit": WARNING,
    "quote-anonymous-speaker": WARNING,
    "source-without-url": WARNING,
    "speaker-unknown": WARNING,
    # Read the archived text of the cited sources (brieftext/verification.py).
    **SOURCE_SEVERITIES,
}
ERROR_CODES = frozenset(code for code, severity in SEVERITIES.items() if severity == ERROR)
WARNING_CODES = frozenset(code for code, severity in SEVERITIES.items() if severity == WARNING)
OUTLIER_DAYS = 30
MIN_REFERENCES_FOR_OUTLIERS = 3


@dataclass(frozen=True)
class Finding:
    """One problem, at `paragraph` and `sentence` (1-based; None when not in the body)."""

    code: str
    severity: str
    paragraph: int | None
    sentence: int | None
    text: str
    message: str
    key: int | None = None  # the reference the finding is about

    def as_dict(self):
        return {
            "code": self.code,
            "severity": self.severity,
            "paragraph": self.paragraph,
            "sentence": self.sentence,
            "text": self.text,
            "key": None if self.key is None else str(self.key),
        }


@dataclass(frozen=True)
class Report:
    findings: tuple
    sentence_count: int
    cited_sentence_count: int
    attributions: tuple
    quote_keys: tuple = field(repr=False)  # the reference key each quote cites, or None
    footnotes: tuple = field(repr=False)  # (Footnote, reference) in reader's order
    # Each quote's verification.Match in its cited source's archived text, or None.
    source_matches: tuple = field(default=(), repr=False)

    @property
    def coverage(self):
        """The share of sentences that cite a source, from 0 to 1."""
        return self.cited_sentence_count / self.sentence_count if self.sentence_count else 0.0

    @property
    def errors(self):
        return tuple(finding for finding in self.findings if finding.severity == ERROR)

    @property
    def warnings(self):
        return tuple(finding for finding in self.findings if finding.severity == WARNING)

    def as_json(self, article):
        """The report as `check_attribution` prints it in JSON, for the brief named `article`."""
        return {
            "article": article,
            "sentences": self.sentence_count,
            "cited_sentences": self.cited_sentence_count,
            "footnotes": [
                {
                    "number": footnote.number,
                    "key": str(footnote.key),
                    "title": reference.title,
                    "outlet": reference.outlet,
                    "date": reference.published_on.isoformat() if reference.published_on else None,
                    "url": reference.url or None,
                    "citations": len(footnote.anchors),
                }
                for footnote, reference in self.footnotes
            ],
            "findings": [finding.as_dict() for finding in self.findings],
            "quotes": [
                {
                    "text": attribution.quote.text,
                    "speaker": attribution.name,
                    "key": None if key is None else str(key),
                }
                for attribution, key in zip(self.attributions, self.quote_keys, strict=True)
            ],
        }


def check_brief(
    body,
    references,
    people=(),
    published_on=None,
    confirmed_speakers=None,
    attributions=None,
    archives=None,
    described_speakers=None,
):
    """Check `body` (a ParsedBody) against its references and `people` (KnownPerson).

    `references` are parser.Reference or anything with key, title, outlet,
    published_on and url; `published_on` is the brief's publication date, if any.
    `confirmed_speakers` maps the index of a quote in `body.quotes` to the full
    name of the speaker an editor chose for it; such a quote's attribution says
    how "confirmed" and raises no speaker finding other than speaker-unknown.
    `attributions` are what `attribute_quotes(body, people)` returns, for a
    caller that has them already. `archives` maps reference keys to the
    verification.ArchivedSource of each reference whose source archiving covers.
    `described_speakers` maps the index of a quote to the description an editor
    gave its unnamed speaker (“officials”); it stands for the rules' answer when
    they name nobody.
    """
    checker = _Checker(body, tuple(references), tuple(people), published_on, archives or {})
    if attributions is None:
        attributions = attribute_quotes(body, checker.people)
    if described_speakers:
        attributions = tuple(
            replace(attribution, description=described_speakers[index])
            if index in described_speakers and attribution.name is None
            else attribution
            for index, attribution in enumerate(attributions)
        )
    return checker.report(attributions, confirmed_speakers or {})


class _Checker:
    def __init__(self, body, references, people, published_on, archives):
        self.body = body
        self.archives = archives
        self.references = {reference.key: reference for reference in references}
        self.people = people
        self.published_on = published_on
        self.sentences = body.sentences
        self.findings = []
        # Worked out once rather than for each sentence or reference that needs them.
        self.first_key = min(self.references, default=1)
        self.median_date = _median_date(self.references.values())
        self.marker_positions = [(marker.paragraph, marker.start) for marker in body.markers]
        self.footnotes = number_footnotes(body.markers, self.references.keys())
        self.footnote_numbers = {footnote.key: footnote.number for footnote in self.footnotes}
        self.people_by_name = {}  # each name, folded: the first person known by it
        for person in people:
            for name in person.all_names:
                self.people_by_name.setdefault(fold(name), person)

    def report(self, attributions, confirmed_speakers):
        attributions = tuple(
            self._confirmed(attribution, confirmed_speakers[index])
            if index in confirmed_speakers
            else attribution
            for index, attribution in enumerate(attributions)
        )
        cited = 0
        for sentence in self.sentences:
            markers = self._markers_in(sentence)
            if markers:
                cited += 1
            else:
                self._add("uncited-sentence", sentence, sentence.text, self._uncited_message(sentence))
            for marker in markers:
                if marker.key not in self.references:
                    self._add(
                        "dangling-marker",
                        sentence,
                        f"[{marker.key}]",
                        f"Marker [{marker.key}] cites no reference of this brief. Add the reference, or "
                        "cite one of its references instead.",
                        key=marker.key,
                    )
        quote_keys = tuple(self._check_quote(attribution) for attribution in attributions)
        self._check_references()
        source_matches = self._check_sources(attributions, quote_keys)
        # A stable sort: within a sentence, its own findings come first, then its quotes', then sources'.
        findings = sorted(
            self.findings,
            key=lambda finding: (finding.paragraph is None, finding.paragraph or 0, finding.sentence or 0),
        )
        footnotes = self.footnotes
        return Report(
            findings=tuple(findings),
            sentence_count=len(self.sentences),
            cited_sentence_count=cited,
            attributions=attributions,
            quote_keys=quote_keys,
            footnotes=tuple((footnote, self.references[footnote.key]) for footnote in footnotes),
            source_matches=source_matches,
        )

    def _confirmed(self, attribution, name):
        person = self.people_by_name.get(fold(name))
        return replace(
            attribution,
            name=person.full_name if person else name,
            person=person,
            role=attribution.role if attribution.name == name else "",
            how="confirmed",
            reason="the speaker was chosen by an editor",
        )

    def _check_quote(self, attribution):
        """Report the quote's problems; return the reference key it cites, or None."""
        quote = attribution.quote
        sentence = self._sentence_at(quote.paragraph, quote.start)
        shown = self.body.paragraphs[quote.paragraph][quote.start : quote.end]
        following = self.body.first_marker_in(
            sentence.paragraph, max(sentence.start, quote.end), sentence.end
        )
        key = following.key if following is not None else None
        if quote.has_stray_whitespace:
            self._add(
                "quote-whitespace",
                sentence,
                shown,
                f"There is stray space inside the quote marks of {shown}. Write “{quote.text}”.",
            )
        if key is None:
            self._add(
                "quote-without-citation",
                sentence,
                shown,
                f"The quote “{_short(quote.text)}” has no source marker after it in its sentence. Add the "
                "marker of the source where these words appear, so readers can check them.",
            )
        if attribution.is_anonymous:
            self._add(
                "quote-anonymous-speaker",
                sentence,
                shown,
                f"“{_short(quote.text)}” is attributed to {attribution.description}, who is not named "
                f"({attribution.reason}). Name the speaker, or accept the warning with the reason the "
                "source is not named, as style books require.",
            )
        elif attribution.name is None:
            self._add(
                "quote-without-speaker",
                sentence,
                shown,
                f"Nobody is named as saying “{_short(quote.text)}” ({attribution.reason}). Name the "
                "speaker in this sentence, e.g. “…,” Cohen said, or remove the quote marks if these "
                "are not someone's words.",
            )
        elif attribution.is_implicit:
            self._add(
                "quote-speaker-implicit",
                sentence,
                shown,
                f"“{_short(quote.text)}” is attributed to {attribution.name} only indirectly "
                f"({attribution.reason}). Confirm the speaker, or name them in this sentence.",
            )
        if attribution.name is not None and attribution.person is None:
            self._add(
                "speaker-unknown",
                sentence,
                shown,
                f"“{_short(quote.text)}” is attributed to {attribution.name}, who is not in the People "
                "directory. Add them to People, or add this spelling to their other names.",
            )
        return key

    def _check_references(self):
        cited = {}
        for marker in self.body.markers:
            cited.setdefault(marker.key, marker)
        seen_titles, seen_urls = {}, {}
        for key, reference in self.references.items():
            marker = cited.get(key)
            sentence = self._sentence_at(marker.paragraph, marker.start) if marker else None
            described = _capital(self.describe(key))
            if marker is None:
                self._add(
                    "unused-reference",
                    None,
                    reference.title,
                    f"{described} is never cited. Cite it after the sentence it supports, or remove it.",
                    key=key,
                )
            title_key = (fold(reference.outlet), fold(reference.title))
            url_key = reference.url.strip().rstrip("/") if reference.url else ""
            same = seen_titles.get(title_key)
            why = "the same outlet and title"
            if same is None and url_key:
                same, why = seen_urls.get(url_key), "the same URL"
            if same is not None:
                self._add(
                    "duplicate-reference",
                    sentence,
                    reference.title,
                    f"{_capital(self.describe(key))} is the same source as {self.describe(same)} ({why}). "
                    f"Cite {self.describe(same, title=False)} instead, and remove this reference.",
                    key=key,
                )
            seen_titles.setdefault(title_key, key)
            if url_key:
                seen_urls.setdefault(url_key, key)
            if marker is not None and not reference.url:
                self._add(
                    "source-without-url",
                    sentence,
                    reference.title,
                    f"{described} has no link. Add its URL so readers and editors can check it.",
                    key=key,
                )
            self._check_date(key, reference, sentence, described)

    def _check_sources(self, attributions, quote_keys):
        """Findings from the archived text of the cited sources; each quote's Match in its own."""
        if not self.archives:
            return ()
        first_markers = {}
        for marker in self.body.markers:
            first_markers.setdefault(marker.key, marker)
        discrepancies, matches = verify_sources(
            attributions, quote_keys, self.references, self.archives, footnotes=self.footnote_numbers
        )
        for found in discrepancies:
            if found.quote is not None:
                quote = found.quote
                sentence = self._sentence_at(quote.paragraph, quote.start)
                text = self.body.paragraphs[quote.paragraph][quote.start : quote.end]
            else:
                marker = first_markers.get(found.key)
                sentence = self._sentence_at(marker.paragraph, marker.start) if marker else None
                text = self.references[found.key].title
            self._add(found.code, sentence, text, found.message, key=found.key)
        return matches

    def _check_date(self, key, reference, sentence, described):
        published = reference.published_on
        if published is None:
            return
        if self.published_on is not None and published > self.published_on:
            self._add(
                "source-after-publication",
                sentence,
                reference.title,
                f"{described} is dated {format_date(published)}, after this brief's publication date "
                f"({format_date(self.published_on)}). Check the date.",
                key=key,
            )
        median = self.median_date
        if median is None:
            return
        distance = abs(published.toordinal() - median)
        if distance > OUTLIER_DAYS:
            middle = format_date(date.fromordinal(int(median)))
            self._add(
                "source-date-outlier",
                sentence,
                reference.title,
                f"{described} is dated {format_date(published)}, {distance:g} days from the brief's other "
                f"sources (median {middle}). Check the date, and that the source is about this story.",
                key=key,
            )

    def _uncited_message(self, sentence):
        # The last marker before the sentence (markers are in reading order).
        before = bisect_left(self.marker_positions, (sentence.paragraph, sentence.start))
        example = self.body.markers[before - 1].key if before else self.first_key
        suggestion = "Cite a reference after it"
        if example in self.references:
            suggestion += f", such as {self.describe(example)}"
        return f"This sentence cites no source. {suggestion}, or accept it as common knowledge."

    def describe(self, key, *, title=True):
        """A reference as editors and readers know it: by its footnote number, else by its title."""
        reference = self.references[key]
        number = self.footnote_numbers.get(key)
        named = f"(“{_short(reference.title)}”, {reference.outlet})"
        if number is None:
            return f"the reference {named}" if title else "that reference"
        return f"footnote {number} {named}" if title else f"footnote {number}"

    def _markers_in(self, sentence):
        return self.body.markers_in(sentence.paragraph, sentence.start, sentence.end)

    def _sentence_at(self, paragraph, offset):
        """The sentence of `paragraph` that holds `offset`, else the paragraph's last."""
        return self.body.sentence_of(paragraph, offset) or self.body.paragraph_sentences(paragraph)[-1]

    def _add(self, code, sentence, text, message, key=None):
        self.findings.append(
            Finding(
                code=code,
                severity=SEVERITIES[code],
                paragraph=sentence.paragraph + 1 if sentence else None,
                sentence=sentence.index + 1 if sentence else None,
                text=text,
                message=message,
                key=key,
            )
        )


def _capital(text):
    return text[0].upper() + text[1:]


def _median_date(references):
    """The median date of `references` as a day number, or None when too few have a date to tell."""
    dates = [reference.published_on for reference in references if reference.published_on]
    if len(dates) < MIN_REFERENCES_FOR_OUTLIERS:
        return None
    return statistics.median(day.toordinal() for day in dates)


def _short(text, limit=60):
    """Long quotes and titles cut at a word boundary for messages; `text` keeps them whole."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
