"""Read and write the brief text format (docs/brief-format.md).

Plain Python, no Django: the importer, the page renderer and the attribution
checker all start from the `ParsedBrief` this module returns.

`parse_brief()` reads a whole file (headline, body, reference list);
`parse_body()` reads a stored body on its own; `format_brief()` writes the
format back. Every rejection is a `BriefFormatError` naming the line.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property, partial

from .sentences import split_sentences

MAX_FILE_BYTES = 1_000_000
MAX_HEADLINE_CHARS = 255
MAX_TITLE_CHARS = 500
MAX_OUTLET_CHARS = 200
MAX_URL_CHARS = 500

MARKER_RE = re.compile(r"\[(\d{1,6})\]")
QUOTE_MARK_RE = re.compile('[“”"]')
CURLY_QUOTE_RE = re.compile("[“”]")
# The reference list starts at the first line shaped like a reference: a number
# and a curly-quoted title, or a number and a line ending in ", DATE," (so that a
# reference whose title lost its curly quotes is reported, not read as body). The white
# space after the number is possessive: `.*` would otherwise retry from each of its characters.
REFERENCE_START_RE = re.compile(r"^\d+\.\s++(“|.*,\s*\d{1,2}\s+[A-Za-z]+\.?\s+\d{4},)")
REFERENCE_HEAD_RE = re.compile(r"^(?P<key>\d+)\.\s+(?P<rest>.*)$")
# What follows the outlet and its comma: outlet names hold no comma, so the first comma ends
# the outlet. (Matching the outlet too, as a lazy group between optional white space, took
# time cubic in a run of spaces.)
REFERENCE_DATE_RE = re.compile(
    r"\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+\.?)\s+(?P<year>\d{4})\s*,(?:\s+(?P<url>\S+))?\s*$"
)
URL_RE = re.compile(r"^https?://[^\s/?#]+\.?[^\s]*$", re.IGNORECASE)
# C0 controls other than tab and newline have no business in a brief and break XML feeds.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MONTHS = {
    "jan": 1, "jan.": 1, "january": 1,
    "feb": 2, "feb.": 2, "february": 2,
    "mar": 3, "mar.": 3, "march": 3,
    "apr": 4, "apr.": 4, "april": 4,
    "may": 5, "may.": 5,
    "jun": 6, "jun.": 6, "june": 6,
    "jul": 7, "jul.": 7, "july": 7,
    "aug": 8, "aug.": 8, "august": 8,
    "sep": 9, "sep.": 9, "sept": 9, "sept.": 9, "september": 9,
    "oct": 10, "oct.": 10, "october": 10,
    "nov": 11, "nov.": 11, "november": 11,
    "dec": 12, "dec.": 12, "december": 12,
}  # fmt: skip
AP_MONTHS = (
    "Jan.", "Feb.", "March", "April", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip


class BriefFormatError(ValueError):
    """A brief file or body that does not follow the format, at `line` (1-based)."""

    def __init__(self, line, reason):
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Marker:
    """A citation marker `[key]` at `start:end` of paragraph `paragraph` (0-based)."""

    key: int
    paragraph: int
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class Quote:
    """A quoted span. `start:end` covers the quote marks; `raw` is what stands between them."""

    raw: str
    paragraph: int
    start: int
    end: int
    line: int

    @property
    def text(self):
        """The quoted words without quote marks or stray white space inside them."""
        return " ".join(self.raw.split())

    @property
    def has_stray_whitespace(self):
        return self.raw != self.raw.strip()


@dataclass(frozen=True)
class Reference:
    key: int
    title: str
    outlet: str
    published_on: date
    url: str
    line: int


@dataclass(frozen=True)
class ParsedBody:
    paragraphs: tuple
    markers: tuple
    quotes: tuple

    @property
    def text(self):
        return "\n\n".join(self.paragraphs)

    @cached_property
    def sentences(self):
        """Every paragraph's sentences, split when first asked for: the page readers see needs none."""
        quote_spans = [[] for _ in self.paragraphs]
        for quote in self.quotes:
            quote_spans[quote.paragraph].append((quote.start, quote.end))
        return split_sentences(self.paragraphs, quote_spans)

    @cached_property
    def _sentences_by_paragraph(self):
        """{paragraph: (starts, sentences)} in reading order, to find a sentence by bisection."""
        return _by_paragraph(self.sentences)

    @cached_property
    def _markers_by_paragraph(self):
        """{paragraph: (starts, markers)} in reading order, to find markers by bisection."""
        return _by_paragraph(self.markers)

    def paragraph_sentences(self, paragraph):
        """The sentences of `paragraph`, in reading order."""
        return self._sentences_by_paragraph.get(paragraph, ((), ()))[1]

    def sentence_of(self, paragraph, offset):
        """The sentence of `paragraph` that holds character `offset`."""
        starts, sentences = self._sentences_by_paragraph.get(paragraph, ((), ()))
        index = bisect_right(starts, offset) - 1
        if index >= 0 and offset < sentences[index].end:
            return sentences[index]
        return None

    def markers_in(self, paragraph, start, end):
        """The markers of `paragraph` that start in `start:end`, in reading order."""
        starts, markers = self._markers_by_paragraph.get(paragraph, ((), ()))
        return markers[bisect_left(starts, start) : bisect_left(starts, end)]

    def first_marker_in(self, paragraph, start, end):
        """The first marker of `paragraph` that starts in `start:end`, or None."""
        starts, markers = self._markers_by_paragraph.get(paragraph, ((), ()))
        index = bisect_left(starts, start)
        return markers[index] if index < len(starts) and starts[index] < end else None

    def cited_key(self, quote):
        """The reference a quote is cited to: the first marker after it in its sentence.

        A quote may run over several sentences; the one that counts is where it ends.
        """
        sentence = self.sentence_of(quote.paragraph, quote.end - 1)
        if sentence is None:
            return None
        following = self.first_marker_in(quote.paragraph, quote.end, sentence.end)
        return following.key if following is not None and following.end <= sentence.end else None


@dataclass(frozen=True)
class ParsedBrief:
    headline: str
    body: ParsedBody
    references: tuple

    @property
    def paragraphs(self):
        return self.body.paragraphs

    @property
    def markers(self):
        return self.body.markers

    @property
    def quotes(self):
        return self.body.quotes

    @property
    def sentences(self):
        return self.body.sentences


def _by_paragraph(items):
    """{paragraph: (starts, items)} of sentences or markers, which the parser gives in reading order."""
    grouped = {}
    for item in items:
        starts, members = grouped.setdefault(item.paragraph, ([], []))
        starts.append(item.start)
        members.append(item)
    return grouped


def decode(data):
    """Bytes of a brief file to text with LF line endings, or BriefFormatError."""
    if len(data) > MAX_FILE_BYTES:
        raise BriefFormatError(
            1, f"file is {len(data):,} bytes; a brief file may be at most {MAX_FILE_BYTES:,}"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise BriefFormatError(line, "file is not UTF-8 text") from None
    return normalise(text)


def normalise(text):
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL_RE.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        name = "NUL byte" if control.group() == "\x00" else f"control character U+{ord(control.group()):04X}"
        raise BriefFormatError(line, f"{name} is not allowed in a brief")
    return text


def parse_brief(data):
    """Parse a whole brief file (bytes or str) into a ParsedBrief."""
    text = decode(data) if isinstance(data, bytes) else normalise(data)
    lines = text.split("\n")
    numbered = [(number, line.strip()) for number, line in enumerate(lines, start=1)]

    content = [(number, line) for number, line in numbered if line]
    if not content:
        raise BriefFormatError(1, "file is empty")
    headline_line, headline = content[0]
    if REFERENCE_START_RE.match(headline):
        raise BriefFormatError(headline_line, "the file starts with a reference; a headline comes first")
    if len(headline) > MAX_HEADLINE_CHARS:
        raise BriefFormatError(
            headline_line, f"headline is {len(headline)} characters; at most {MAX_HEADLINE_CHARS}"
        )

    after_headline = numbered[headline_line:]
    reference_start = next(
        (index for index, (_, line) in enumerate(after_headline) if REFERENCE_START_RE.match(line)),
        len(after_headline),
    )
    body_lines = after_headline[:reference_start]
    reference_lines = after_headline[reference_start:]

    body = _parse_paragraphs(body_lines)
    if not body.paragraphs:
        raise BriefFormatError(
            headline_line + 1, "no body: the headline must be followed by at least one paragraph"
        )
    references = _parse_references(reference_lines)
    if body.markers and not references:
        first = body.markers[0]
        raise BriefFormatError(first.line, f"marker [{first.key}] but the file has no reference list")
    return ParsedBrief(headline=headline, body=body, references=references)


def parse_body(text):
    """Parse a stored body: paragraphs separated by blank lines, markers and quotes."""
    text = normalise(text)
    numbered = [(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)]
    return _parse_paragraphs(numbered)


def parse_reference_lines(text, taken=(), *, unnumbered_from=None):
    """References pasted one a line, as a brief file writes them, with or without their number.

    A numbered line keeps its number as its key; the others get the next keys free, after
    those in `taken` and those given (or from `unnumbered_from`, when the caller needs room
    before them). A key in `taken` or given twice is refused at its line.
    """
    numbered = [(number, line.strip()) for number, line in enumerate(normalise(text).split("\n"), start=1)]
    read = []
    for number, line in numbered:
        if not line:
            continue
        given = REFERENCE_HEAD_RE.match(line) is not None
        reference = _parse_reference(number, line if given else f"0. {line}")
        read.append((reference, given))
    keys = {}
    for reference, given in read:
        if not given:
            continue
        if reference.key in taken:
            raise BriefFormatError(reference.line, f"marker [{reference.key}] is another reference's")
        if reference.key in keys:
            raise BriefFormatError(
                reference.line,
                f"reference {reference.key} is numbered twice (first on line {keys[reference.key]})",
            )
        keys[reference.key] = reference.line
    start = max([*taken, *keys], default=-1) + 1
    next_key = max(start, unnumbered_from or 0)
    references = []
    for reference, given in read:
        if not given:
            reference = replace(reference, key=next_key)
            next_key += 1
        references.append(reference)
    return tuple(references)


def _parse_paragraphs(numbered_lines):
    paragraphs = []
    line_starts = []  # per paragraph: ([offset], [line number]) of the lines joined into it
    current, current_starts, current_numbers, offset = [], [], [], 0
    for number, line in [*numbered_lines, (None, "")]:
        if line:
            current.append(line)
            current_starts.append(offset)
            current_numbers.append(number)
            offset += len(line) + 1
        elif current:
            paragraphs.append(" ".join(current))
            line_starts.append((current_starts, current_numbers))
            current, current_starts, current_numbers, offset = [], [], [], 0

    def line_of(paragraph, offset):
        starts, numbers = line_starts[paragraph]
        return numbers[bisect_right(starts, offset) - 1]

    markers = []
    quotes = []
    for index, paragraph in enumerate(paragraphs):
        for match in MARKER_RE.finditer(paragraph):
            markers.append(
                Marker(
                    key=int(match.group(1)),
                    paragraph=index,
                    start=match.start(),
                    end=match.end(),
                    line=line_of(index, match.start()),
                )
            )
        for start, end in _quote_spans(paragraph, partial(line_of, index)):
            quotes.append(
                Quote(
                    raw=paragraph[start + 1 : end - 1],
                    paragraph=index,
                    start=start,
                    end=end,
                    line=line_of(index, start),
                )
            )
    quotes.sort(key=lambda quote: (quote.paragraph, quote.start))
    return ParsedBody(paragraphs=tuple(paragraphs), markers=tuple(markers), quotes=tuple(quotes))


def _quote_spans(paragraph, line_of):
    """(start, end) of each top-level double-quoted span, curly or straight."""
    spans = []
    straight = []  # offsets of straight quotation marks outside curly quotes
    depth, opened_at = 0, None
    for mark in QUOTE_MARK_RE.finditer(paragraph):
        offset, char = mark.start(), mark.group()
        if char == "“":
            if depth == 0:
                opened_at = offset
            depth += 1
        elif char == "”":
            if depth == 0:
                raise BriefFormatError(line_of(offset), "closing quotation mark ” without an opening “")
            depth -= 1
            if depth == 0:
                spans.append((opened_at, offset + 1))
        elif depth == 0:
            straight.append(offset)
    if depth:
        raise BriefFormatError(
            line_of(opened_at), "quotation mark “ is not closed before the end of the paragraph"
        )

    if len(straight) % 2:
        raise BriefFormatError(
            line_of(straight[-1]), 'straight quotation mark " is not closed before the end of the paragraph'
        )
    spans.extend((straight[i], straight[i + 1] + 1) for i in range(0, len(straight), 2))
    return sorted(spans)


def _parse_references(numbered_lines):
    references = []
    seen = {}
    for number, line in numbered_lines:
        if not line:
            continue
        reference = _parse_reference(number, line)
        if reference.key in seen:
            raise BriefFormatError(
                number, f"reference {reference.key} is numbered twice (first on line {seen[reference.key]})"
            )
        expected = references[-1].key + 1 if references else None
        if expected is None and reference.key not in (0, 1):
            raise BriefFormatError(number, f"reference numbering starts at {reference.key}; start at 0 or 1")
        if expected is not None and reference.key != expected:
            raise BriefFormatError(
                number, f"reference numbering jumps from {expected - 1} to {reference.key}"
            )
        seen[reference.key] = number
        references.append(reference)
    return tuple(references)


def _parse_reference(number, line):
    head = REFERENCE_HEAD_RE.match(line)
    if not head:
        raise BriefFormatError(number, "expected a reference: N. “Title” Outlet, DATE,")
    rest = head.group("rest")
    if not rest.startswith("“"):
        raise BriefFormatError(number, "reference title must be in curly quotes: N. “Title” Outlet, DATE,")
    closing = _matching_close(rest)
    if closing is None:
        raise BriefFormatError(number, "reference title has no closing ”")
    title = rest[1:closing].strip()
    if not title:
        raise BriefFormatError(number, "reference title is empty")
    if len(title) > MAX_TITLE_CHARS:
        raise BriefFormatError(
            number, f"reference title is {len(title)} characters; at most {MAX_TITLE_CHARS}"
        )

    outlet, comma, date_and_link = rest[closing + 1 :].partition(",")
    tail = REFERENCE_DATE_RE.match(date_and_link) if comma else None
    if not tail:
        raise BriefFormatError(
            number, "after the title expected: Outlet, DAY MONTH YEAR, and optionally a URL"
        )
    outlet = outlet.strip()
    if not outlet:
        raise BriefFormatError(number, "reference has no outlet")
    if len(outlet) > MAX_OUTLET_CHARS:
        raise BriefFormatError(number, f"outlet name is {len(outlet)} characters; at most {MAX_OUTLET_CHARS}")

    published_on = _parse_date(number, tail.group("day"), tail.group("month"), tail.group("year"))
    url = tail.group("url") or ""
    if url and not URL_RE.match(url):
        raise BriefFormatError(number, f"link {url!r} is not an http:// or https:// URL")
    if url:
        # Schemes ignore case (HTTPS://…); links are stored, and checked by the database, in lower case.
        scheme, separator, rest = url.partition("://")
        url = scheme.lower() + separator + rest
    if len(url) > MAX_URL_CHARS:
        raise BriefFormatError(number, f"link is {len(url)} characters; at most {MAX_URL_CHARS}")
    return Reference(
        key=int(head.group("key")),
        title=title,
        outlet=outlet,
        published_on=published_on,
        url=url,
        line=number,
    )


def _matching_close(text):
    depth = 0
    for mark in CURLY_QUOTE_RE.finditer(text):
        if mark.group() == "“":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return mark.start()
    return None


def _parse_date(number, day, month, year):
    month_number = MONTHS.get(month.lower())
    if month_number is None:
        raise BriefFormatError(number, f"unknown month {month!r} in the date")
    try:
        return date(int(year), month_number, int(day))
    except ValueError:
        raise BriefFormatError(number, f"impossible date {day} {month} {year}") from None


def format_date(value):
    """A date in the AP style the format uses: 30 Jan. 2023, 7 Sept. 2023, 12 May 2023."""
    return f"{value.day} {AP_MONTHS[value.month - 1]} {value.year}"


def format_brief(headline, paragraphs, references):
    """The text of a brief file. `references`: (key, title, outlet, date, url) tuples."""
    parts = [headline, *paragraphs]
    for key, title, outlet, published_on, url in references:
        line = f"{key}. “{title}” {outlet}, {format_date(published_on)},"
        parts.append(f"{line} {url}" if url else line)
    return "\n\n".join(parts) + "\n"
