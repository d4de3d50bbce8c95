"""Split brief paragraphs into sentences, by the rules in docs/attribution.md ("Sentences").

Plain Python, no Django. A tested rule set rather than a general segmenter, because briefs
have one thing general segmenters don't know: citation markers after the final punctuation
(`… state.”[2] He …`).
"""

import re
from dataclasses import dataclass

from .lexicon import ABBREVIATIONS, FINITE_VERBS

END_RE = re.compile(r"[.!?…]+[”’\"')]*((?:\[\d+\])*)")
INITIAL_OR_ACRONYM_RE = re.compile(r"^(?:\w\.)+$")
ATTRIBUTION_START_RE = re.compile(
    r"^(?:He|She|[^\W\d_][\w’'.\-]*(?: [\w’'.\-]+){0,3}) (?:" + "|".join(sorted(FINITE_VERBS)) + r")\b"
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
    spans = []
    start = _skip_space(paragraph, 0)
    for match in END_RE.finditer(paragraph):
        end = match.end()
        if match.start() < start or not _is_sentence_end(paragraph, match):
            continue
        if any(quote_start < match.start() and end < quote_end for quote_start, quote_end in quotes):
            continue
        if _is_answered_question(match, paragraph[end:].lstrip()):
            continue
        spans.append((start, end))
        start = _skip_space(paragraph, end)
    if start < len(paragraph):
        spans.append((start, len(paragraph.rstrip())))
    return spans


def _is_sentence_end(paragraph, match):
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
    word = paragraph[: match.start() + 1].rsplit(None, 1)[-1].lstrip("(“‘\"'")
    return not (word[:-1].lower() in ABBREVIATIONS or INITIAL_OR_ACRONYM_RE.match(word))


def _is_answered_question(match, following):
    """`“Why now?” Cohen asked.`: a quoted question or exclamation and its attribution."""
    closing = match.group().rstrip("]0123456789[")
    return (
        not match.group(1)
        and len(closing) >= 2
        and closing[-1] in '”"'
        and closing[-2] in "?!"
        and bool(ATTRIBUTION_START_RE.match(following))
    )


def _skip_space(text, offset):
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset
