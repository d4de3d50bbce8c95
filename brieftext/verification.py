"""Checking quotes, speakers and references against the text of the sources they cite.

Plain Python, no Django. `match_quote()` looks for a quote's words in a source's
text, ignoring case, punctuation (quote marks, apostrophes, dashes) and white space,
reading "…" as omitted words and [brackets] as an editor's insertion;
`speaker_named()` says whether the source names the speaker; `metadata_differences()`
compares a reference with what the archived page says of itself. See
docs/sources-archive.md.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from .lexicon import NOT_NAMES
from .tokens import fold, name_runs, plausible_name, title_length, tokenize, without_common_words

WORD_RE = re.compile(r"[^\W_]+")
# "…", "...", ". . ." or "[…]": words left out of the quote.
OMISSION_RE = re.compile(r"\[\s*(?:…|\.\s*\.\s*\.)\s*\]|…|\.\s*\.\s*\.")
INSERTION_RE = re.compile(r"\[[^\]]*\]")
# At most this many source words may stand for an omission, and for an [insertion].
OMITTED_WORDS = 120
REPLACED_WORDS = 6
# A passage this close to the quote, word for word, is the same words altered, not another passage.
ALTERED_SCORE = 0.8
# Names within this many characters of the quoted words are "near" them.
NEAR_CHARACTERS = 600


@dataclass(frozen=True)
class ArchivedSource:
    """What the archive holds for one reference: the latest copy's text and metadata, and fetch state.

    `text` is None when there is no copy; `failure` describes the last fetch when it failed.
    """

    text: str | None = None
    title: str = ""
    site_name: str = ""
    published_on: date | None = None
    checked_on: date | None = None
    failure: str = ""

    @property
    def archived(self):
        return self.text is not None


@dataclass(frozen=True)
class Match:
    """Where a quote stands in a source: `score` 1.0 when its words are there, lower for a near passage."""

    score: float
    passage: str
    start: int
    end: int

    @property
    def found(self):
        return self.score == 1.0

    @property
    def altered(self):
        return not self.found and self.score >= ALTERED_SCORE


@dataclass(frozen=True)
class _Words:
    """The words of a text, folded, with where each stands in the original."""

    words: tuple
    spans: tuple

    @classmethod
    def of(cls, text):
        matches = list(WORD_RE.finditer(text))
        return cls(tuple(_fold_word(m.group()) for m in matches), tuple(m.span() for m in matches))

    def joined(self):
        return " ".join(self.words)


def _fold_word(word):
    return unicodedata.normalize("NFKC", word).casefold()


class SourceText:
    """A source's text, its words read once for every quote checked against it."""

    def __init__(self, text):
        self.text = text
        self.words = _Words.of(text)
        self.joined = self.words.joined()
        # The character offset in `joined` at which each word starts.
        self._starts = []
        offset = 0
        for word in self.words.words:
            self._starts.append(offset)
            offset += len(word) + 1

    def passage(self, first, last):
        """The original text of words first..last (inclusive)."""
        return self.text[self.words.spans[first][0] : self.words.spans[last][1]]

    def word_at(self, offset):
        """The index of the word starting at `offset` of `joined`."""
        return self._starts.index(offset)


def quote_pattern(quote):
    """A regular expression over SourceText.joined that matches the quote's words as the rules allow.

    None when the quote has no words at all.
    """
    parts = []
    for index, piece in enumerate(OMISSION_RE.split(quote)):
        if index:
            parts.append(rf"(?:\S+ ){{0,{OMITTED_WORDS}}}?")
        for position, chunk in enumerate(INSERTION_RE.split(piece)):
            if position:
                parts.append(rf"(?:\S+ ){{0,{REPLACED_WORDS}}}?")
            parts.extend(re.escape(word) + " " for word in _Words.of(chunk).words)
    # A gap before the first word or after the last stands for nothing the source must hold.
    while parts and not parts[0].endswith(" "):
        parts.pop(0)
    while parts and not parts[-1].endswith(" "):
        parts.pop()
    if not parts:
        return None
    return re.compile(r"(?<!\S)" + "".join(parts))


def match_quote(quote, source):
    """The best Match of `quote` (its words, without quote marks) in `source` (a SourceText), or None
    when the source has no words."""
    if not source.words.words:
        return None
    pattern = quote_pattern(quote)
    if pattern is None:
        return None
    found = pattern.search(source.joined + " ")
    if found:
        first = source.word_at(found.start())
        last = first + len(found.group().split()) - 1
        return Match(1.0, source.passage(first, last), *_span(source, first, last))
    return _nearest(quote, source)


def _span(source, first, last):
    return source.words.spans[first][0], source.words.spans[last][1]


def _nearest(quote, source):
    """The passage most like the quote: windows of its length ranked by shared words, the best few
    compared word by word."""
    wanted = [
        word for word in _Words.of(INSERTION_RE.sub(" ", OMISSION_RE.sub(" ", quote))).words if word
    ] or list(_Words.of(quote).words)
    size = len(wanted)
    words = source.words.words
    width = min(size, len(words))
    counts = Counter(wanted)
    window = Counter(words[:width])
    overlaps = [(sum((window & counts).values()), 0)]
    for start in range(1, len(words) - width + 1):
        window[words[start - 1]] -= 1
        window[words[start + width - 1]] += 1
        overlaps.append((sum((window & counts).values()), start))
    overlaps.sort(key=lambda item: (-item[0], item[1]))
    best = None
    for _, start in overlaps[:5]:
        # A word added, dropped or changed may shift the passage, or lengthen it, by a word or two.
        for shift in (0, -1, 1):
            for extra in (0, 1, -1, 2):
                first = max(0, start + shift)
                last = min(len(words), first + max(1, width + extra)) - 1
                candidate = (*_alike(wanted, words[first : last + 1]), first, last)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
    score, _, first, last = best
    return Match(round(min(score, 0.99), 2), source.passage(first, last), *_span(source, first, last))


def _alike(wanted, passage):
    """The share of words in the longer of the two that match, in order; then, between passages as
    alike, how many of the two ends line up."""
    matcher = SequenceMatcher(None, wanted, passage, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    matched = sum(block.size for block in blocks)
    ends = bool(blocks) and (blocks[0].a == blocks[0].b == 0) + (
        blocks[-1].a + blocks[-1].size == len(wanted) and blocks[-1].b + blocks[-1].size == len(passage)
    )
    return matched / max(len(wanted), len(passage)), int(ends)


@dataclass(frozen=True)
class NameInText:
    name: str
    start: int


def names_in(text):
    """The people a source's text names (titles left off), in order, with where each stands."""
    names = []
    offset = 0
    for paragraph in text.split("\n"):
        tokens = tokenize(paragraph, ())
        for first, last in name_runs(tokens, paragraph):
            words = without_common_words(tokens[first:last])
            if not words:
                continue
            words = words[title_length(words) :]
            if words and plausible_name(words) and not (len(words) == 1 and words[0].text in NOT_NAMES):
                name = paragraph[words[0].start : words[-1].end]
                names.append(NameInText(name, offset + words[0].start))
        offset += len(paragraph) + 1
    return names


def speaker_named(speaker_names, source_names):
    """Whether the source names the speaker: one of their names of two words or more, or a one-word
    name (a surname) that the source does not give to somebody else (“Eli Cohen” for “Gabi Cohen”)."""
    wanted = {fold(name) for name in speaker_names}
    folded = [fold(name.name) for name in source_names]
    if any(name in wanted and " " in name for name in folded):
        return True
    single = {name for name in folded if name in wanted and " " not in name}
    others = {name for name in folded if " " in name and name not in wanted}
    return any(not any(other.endswith(" " + word) for other in others) for word in single)


def names_near(source_names, speaker_names, start, end):
    """Names the source gives near the characters start..end, those sharing a word with the speaker's
    first, nearest first."""
    speaker_words = {word for name in speaker_names for word in fold(name).split()}
    near = [name for name in source_names if start - NEAR_CHARACTERS <= name.start <= end + NEAR_CHARACTERS]
    near.sort(
        key=lambda name: (
            not (set(fold(name.name).split()) & speaker_words),
            abs(name.start - (start + end) // 2),
        )
    )
    seen = []
    for name in near:
        if fold(name.name) not in {fold(other) for other in seen} and " " in name.name.strip():
            seen.append(name.name)
    return seen[:3]


def metadata_differences(reference, archived):
    """What differs between a reference (title, outlet, published_on) and the archived page's own
    metadata, as (what, the reference's, the page's); only what the page states is compared."""
    differences = []
    if archived.title and not _same_title(reference.title, archived.title):
        differences.append(("title", reference.title, archived.title))
    if archived.site_name and not _contains_either(reference.outlet, archived.site_name):
        differences.append(("outlet", reference.outlet, archived.site_name))
    # A day apart is the same story in two time zones.
    dated = archived.published_on and reference.published_on
    if dated and abs((archived.published_on - reference.published_on).days) > 1:
        differences.append(("date", reference.published_on, archived.published_on))
    return differences


def _same_title(ours, theirs):
    """Page titles often carry the site's name or section (“… | World news | The Guardian”)."""
    ours_words, theirs_words = _Words.of(ours).words, _Words.of(theirs).words
    if _contains_either(" ".join(ours_words), " ".join(theirs_words)):
        return True
    return _alike(ours_words, theirs_words)[0] >= ALTERED_SCORE


def _contains_either(first, second):
    first, second = " ".join(_Words.of(first).words), " ".join(_Words.of(second).words)
    return bool(first and second) and (f" {first} " in f" {second} " or f" {second} " in f" {first} ")


# The checker's findings that read archived sources (brieftext.attribution adds them to its own).
SOURCE_SEVERITIES = {
    "quote-not-in-source": "error",
    "quote-altered": "warning",
    "speaker-not-in-source": "warning",
    "source-metadata-mismatch": "warning",
    "source-not-archived": "warning",
    "source-unreachable": "warning",
}


@dataclass(frozen=True)
class Discrepancy:
    """A finding about a quote (`quote` set) or about reference `key`, before the checker places it."""

    code: str
    key: object
    message: str
    quote: object = None


def verify_sources(attributions, quote_keys, references, archives, footnotes=None):
    """Discrepancies between a brief and the archived text of the sources it cites, and the Match of
    each quote in its cited source (None when there is none to look in).

    `archives` maps a reference key to its ArchivedSource; a reference without one is not checked,
    as archiving has not been asked for. `footnotes` maps keys to the footnote numbers readers see,
    by which messages name references (by their title alone when not cited).
    """
    footnotes = footnotes or {}

    def describe(key):
        reference = references[key]
        named = f"(“{_short(reference.title)}”, {reference.outlet})"
        number = footnotes.get(key)
        return f"footnote {number} {named}" if number else f"the reference {named}"

    texts = {key: SourceText(archive.text) for key, archive in archives.items() if archive.archived}
    names = {}
    discrepancies, matches = [], []
    for attribution, key in zip(attributions, quote_keys, strict=True):
        quote = attribution.quote
        match = match_quote(quote.text, texts[key]) if key in texts else None
        matches.append(match)
        if key is None:
            # Uncited (an error already): its speaker is still checked against any source holding it.
            key, match = next(
                (
                    (other, found)
                    for other, text in texts.items()
                    if (found := match_quote(quote.text, text)) and found.found
                ),
                (None, None),
            )
        if match is None:
            continue
        reference = references[key]
        described = describe(key)
        if match.altered:
            discrepancies.append(
                Discrepancy(
                    "quote-altered",
                    key,
                    f"The quote differs from {described}: the brief has “{quote.text}”, the source "
                    f"“{match.passage}” ({match.score:.0%} alike). Quote the source's words; mark left-out "
                    "words with … and your own with [brackets].",
                    quote,
                )
            )
        elif not match.found:
            discrepancies.append(
                Discrepancy(
                    "quote-not-in-source",
                    key,
                    f"“{_short(quote.text)}” is not in {described}. Its closest passage, "
                    f"{match.score:.0%} alike: “{_short(match.passage, 160)}”. Correct the quote, or cite "
                    "the source where these words appear.",
                    quote,
                )
            )
            continue
        if attribution.name is None:
            continue
        speaker_names = attribution.person.all_names if attribution.person else (attribution.name,)
        if key not in names:
            names[key] = names_in(texts[key].text)
        if not speaker_named(speaker_names, names[key]):
            near = names_near(names[key], speaker_names, match.start, match.end)
            named = f"Near these words it names {_listed(near)}." if near else "It names nobody near them."
            discrepancies.append(
                Discrepancy(
                    "speaker-not-in-source",
                    key,
                    f"{described[0].upper()}{described[1:]} does not name {attribution.name}, who the brief "
                    f"says said “{_short(quote.text)}”. {named} Check who said it.",
                    quote,
                )
            )
    for key, archive in archives.items():
        reference = references.get(key)
        if reference is None:
            continue
        described = describe(key)
        described = described[0].upper() + described[1:]
        if archive.failure:
            kept = (
                f"Its quotes were checked against the copy of {_day(archive.checked_on)}."
                if archive.archived
                else "Paste or upload its text so that its quotes can be checked."
            )
            discrepancies.append(
                Discrepancy(
                    "source-unreachable",
                    key,
                    f"The last fetch of {described} failed: {archive.failure}. {kept}",
                )
            )
        elif not archive.archived:
            discrepancies.append(
                Discrepancy(
                    "source-not-archived",
                    key,
                    f"{described} has no archived copy yet, so its quotes cannot be checked against it. "
                    "Fetch it again, or paste or upload its text.",
                )
            )
        if archive.archived:
            differences = metadata_differences(reference, archive)
            if differences:
                said = "; ".join(
                    f"{what} “{_value(ours)}” here, “{_value(theirs)}” on the page"
                    for what, ours, theirs in differences
                )
                discrepancies.append(
                    Discrepancy(
                        "source-metadata-mismatch",
                        key,
                        f"{described} does not match the archived page: {said}. Correct the reference, "
                        "or check that the link is the source meant.",
                    )
                )
    return discrepancies, tuple(matches)


def _short(text, limit=60):
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _listed(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _day(value):
    return f"{value.day} {value:%B %Y}" if value else "an earlier date"


def _value(value):
    return _day(value) if isinstance(value, date) else value
