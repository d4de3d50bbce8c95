"""Words of a brief paragraph as the speaker rules read them, and how names compare.

Plain Python, no Django. `tokenize()` turns a paragraph into words, markers and
punctuation, each quote reduced to one token (words inside quote marks never name
anybody); `name_runs()` finds the runs of capitalised words that may be names;
`fold()` is how names, titles and outlets compare: case, Unicode form and spacing
ignored.
"""

import re
import unicodedata
from typing import NamedTuple

from .lexicon import (
    HONORIFICS,
    INSTITUTION_WORDS,
    NOT_NAMES,
    PARTICLES,
    TITLE_COMPLEMENTS,
    TITLE_MODIFIERS,
    TITLE_WORDS,
)

HYPHENATED_PARTICLE_RE = re.compile(r"^(?:al|el|ad|an|ar|as|at|ash|abu|bin|ibn)-(?P<rest>.+)$")
TOKEN_RE = re.compile(
    r"(?P<quote>\x00+)|(?P<marker>\[\d+\])|(?P<acronym>(?:[^\W\d_]\.){2,})"
    r"|(?P<word>[^\W\d_]+(?:['’\-][^\W\d_]+)*)(?P<dot>\.)?|(?P<other>\S)"
)
DOTTED_WORDS = frozenset(
    word[:-1] for word in (*HONORIFICS, *TITLE_WORDS, *NOT_NAMES, *INSTITUTION_WORDS) if word.endswith(".")
)


def name_words(name):
    """The words of a name as names are compared (case, Unicode form and spacing ignored)."""
    return fold(name).split()


def body_words(body):
    """Every word of `body` (a ParsedBody), as name_words gives them.

    A person none of whose names shares a word with the body cannot be named in
    it: only those who do need to be among the `people` the rules are given.
    """
    words = set()
    quotes = quotes_by_paragraph(body)
    for index, paragraph in enumerate(body.paragraphs):
        for token in tokenize(paragraph, quotes.get(index, ())):
            if token.kind == "word":
                words.update(name_words(token.text))
    return words


def quotes_by_paragraph(body):
    """{paragraph index: [its quotes, in reading order]} of `body` (a ParsedBody)."""
    grouped = {}
    for quote in body.quotes:
        grouped.setdefault(quote.paragraph, []).append(quote)
    return grouped


class Token(NamedTuple):
    """One word, marker, quote or punctuation mark of a paragraph, at `start:end`.

    A named tuple rather than a dataclass: a paragraph has hundreds of thousands of them at
    worst, and a tuple is the quickest to make.
    """

    text: str
    start: int
    end: int
    kind: str  # "word", "quote", "marker" or "other"
    possessive: bool = False

    @property
    def lower(self):
        return self.text.lower()


def tokenize(paragraph, quotes):
    """Words, markers and punctuation of `paragraph`, each quote reduced to one "quote" token."""
    pieces, cursor = [], 0
    for start, end in sorted((quote.start, quote.end) for quote in quotes):
        start = max(start, cursor)
        if start < end:
            pieces += [paragraph[cursor:start], "\x00" * (end - start)]
            cursor = end
    pieces.append(paragraph[cursor:])
    tokens = []
    for match in TOKEN_RE.finditer("".join(pieces)):
        kind = match.lastgroup  # "dot" after a word that has one
        start = match.start()
        if kind not in ("word", "dot"):
            tokens.append(Token(match.group(), start, match.end(), "word" if kind == "acronym" else kind))
            continue
        word = match.group("word")
        possessive = len(word) > 2 and word.endswith(("’s", "'s"))
        if possessive:
            word = word[:-2]
        dotted = kind == "dot" and (len(word) == 1 or word in DOTTED_WORDS)
        if dotted:
            word += "."
        tokens.append(Token(word, start, start + len(word), "word", possessive))
        if kind == "dot" and not dotted:
            tokens.append(Token(".", match.end() - 1, match.end(), "other"))
    return tokens


def name_runs(tokens, paragraph):
    """(first, last) token indexes of each run of capitalised words, `last` exclusive."""
    runs = []
    index = 0
    while index < len(tokens):
        if not is_name_word(tokens[index]):
            index += 1
            continue
        last = index + 1
        while last < len(tokens) and not tokens[last - 1].possessive:
            previous, token = tokens[last - 1], tokens[last]
            if token.kind != "word" or paragraph[previous.end : token.start] != " ":
                break
            joins_title = (
                token.lower == "of" and (previous.text in TITLE_WORDS or previous.text in INSTITUTION_WORDS)
            ) or (token.lower == "the" and previous.lower == "of")
            if not (is_name_word(token) or token.lower in PARTICLES or joins_title):
                break
            last += 1
        while last > index + 1 and not is_name_word(tokens[last - 1]):
            last -= 1
        runs.append((index, last))
        index = last
    return runs


def is_name_word(token):
    if token.kind != "word":
        return False
    if token.text[0].isupper():
        return True
    hyphenated = HYPHENATED_PARTICLE_RE.match(token.text)
    return bool(hyphenated and hyphenated.group("rest")[0].isupper())


def without_common_words(words):
    common = 0
    while common < len(words) and words[common].text in NOT_NAMES:
        common += 1
    return words[common:]


def title_length(words):
    """How many leading words of a run are a title (`US Secretary of State`), leaving a name after."""
    if len(words) < 2:
        return 0  # a title needs a name after it
    texts = [word.text for word in words]
    if texts[0] in HONORIFICS:
        return 1 if len(texts) > 1 else 0
    first = next((index for index, text in enumerate(texts[:4]) if text in TITLE_WORDS), None)
    if first is None:
        return 0
    end = first + 1
    while end < len(texts) and (texts[end] in TITLE_WORDS or texts[end] in TITLE_MODIFIERS):
        end += 1
    while texts[end - 1] not in TITLE_WORDS:
        end -= 1
    for complement in TITLE_COMPLEMENTS:
        if texts[end : end + len(complement) + 1] == ["of", *complement]:
            end += len(complement) + 1
            break
    # “Forecaster Dr. Aisha Rahman-Ellis”: an honorific after the title is part of neither.
    while end < len(texts) - 1 and texts[end] in HONORIFICS:
        end += 1
    if end >= len(texts) or not is_name_word(words[end]):
        return 0
    return end


def plausible_name(words):
    texts = [word.text for word in words]
    if any(text in INSTITUTION_WORDS for text in texts):
        return False
    if len(texts) == 1 and (texts[0].isupper() or texts[0] in NOT_NAMES or texts[0].endswith(".")):
        return False
    return len(texts) <= 6


def text_of(paragraph, words):
    return paragraph[words[0].start : words[-1].end] if words else ""


def contains_run(words, wanted):
    """Whether the words `wanted` stand together, in order, in `words` (as name_words gives both)."""
    if not wanted:
        return True
    # Words hold no white space, so a run of them is a run of the text joined with spaces,
    # and str's search takes time linear in both where comparing slices would take their product.
    return f" {' '.join(wanted)} " in f" {' '.join(words)} "


def fold(name):
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())
