"""Split brief paragraphs into sentences, by the rules in docs/attribution.md ("Sentences").

Plain Python, no Django. A tested rule set rather than a general segmenter, because briefs
have one thing general segmenters don't know: citation markers after the final punctuation
(`… state.”[2] He …`).
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from .lexicon import ABBREVIATIONS, FINITE_VERBS

END_RE = re.compile(r"[.!?…]+[”’\"')]*((?:\[\d+\])*)")
INITIAL_OR_ACRONYM_RE = re.compile(r"^(?:\w\.)+$")
WORD_RE = re.compile(r"\S+")
SPACE_RE = re.compile(r"\s*")
# Matched at an offset (`pattern.match(paragraph, offset)`), so it has no `^`.
ATTRIBUTION_START_RE = re.compile(
    r"(?:He|She|[^\W\d_][\w’'.\-]*(?: [\w’'.\-]+){0,3}) (?:" + "|".join(sorted(FINITE_VERBS)) + r")\b"
)


@dataclass(frozen=True)
class Sentence:
    """Sentence `index` (0-based) of paragraph `paragraph`, at `start:end` of it."""

    paragraph: int
    index: int
    start: int
    end: int
    text: str


def split_sentences(paragraphs, quote_spans=None):
    """Sentences of each paragraph; `quote_spans[i]` lists (start, end) of paragraph i's quotes."""
    sentences = []
    for paragraph_index, paragraph in enumerate(paragraphs):
        quotes = quote_spans[paragraph_index] if quote_spans else ()
        spans = _sentence_spans(paragraph, quotes)
        sentences.extend(
            Sentence(paragraph_index, index, start, end, paragraph[start:end])
            for index, (start, end) in enumerate(spans)
        )
    return tuple(sentences)


def _sentence_spans(paragraph, quotes):
    # Each candidate end costs time independent of the paragraph's length: the quotes it may
    # be inside and the word it ends are found by bisection, and no text around it is copied.
    quotes = sorted(quotes)
    quote_starts = [quote_start for quote_start, _ in quotes]
    furthest_quote_ends = list(accumulate((quote_end for _, quote_end in quotes), max))
    word_starts = []

    def word_start(offset):
        """Where the word holding `offset` starts (the paragraph's words are found once, if ever)."""
        if not word_starts:
            word_starts.extend(word.start() for word in WORD_RE.finditer(paragraph))
        return word_starts[bisect_right(word_starts, offset) - 1]

    spans = []
    start = _skip_space(paragraph, 0)
    for match in END_RE.finditer(paragraph):
        end = match.end()
        if match.start() < start or not _is_sentence_end(paragraph, match, word_start):
            continue
        # Inside a quote: one that opens before the candidate and closes after it.
        opened = bisect_right(quote_starts, match.start() - 1)
        if opened and end < furthest_quote_ends[opened - 1]:
            continue
        if _is_answered_question(match, paragraph):
            continue
        spans.append((start, end))
        start = _skip_space(paragraph, end)
    if start < len(paragraph):
        spans.append((start, len(paragraph.rstrip())))
    return spans


def _is_sentence_end(paragraph, match, word_start):
    end = match.end()
    following = paragraph[end : end + 2]
    if end < len(paragraph):
        if not following[0].isspace():
            return False
        if len(following) > 1 and following[1].islower():
            return False
    if match.group(1):
        return True
    if match.group() != ".":
        return True
    word = paragraph[word_start(match.start()) : match.start() + 1].lstrip("(“‘\"'")
    return not (word[:-1].lower() in ABBREVIATIONS or INITIAL_OR_ACRONYM_RE.match(word))


def _is_answered_question(match, paragraph):
    """`“Why now?” Cohen asked.`: a quoted question or exclamation and its attribution."""
    closing = match.group().rstrip("]0123456789[")
    return (
        not match.group(1)
        and len(closing) >= 2
        and closing[-1] in '”"'
        and closing[-2] in "?!"
        and bool(ATTRIBUTION_START_RE.match(paragraph, _skip_space(paragraph, match.end())))
    )


def _skip_space(text, offset):
    return SPACE_RE.match(text, offset).end()
