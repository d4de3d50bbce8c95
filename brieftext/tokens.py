"""Words of a brief paragraph as the speaker rules read them, and how names compare.

Plain Python, no Django. `tokenize()` turns a paragraph into words, markers and
punctuation, each quote reduced to one token (words inside quote marks never name
anybody); `name_runs()` finds the runs of capitalised words that may be names;
`fold()` is how names, titles and outlets compare: case, Unicode form and spacing
ignored.
"""

import re
import unicodedata
from dataclasses import dataclass

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
    for index, paragraph in enumerate(body.paragraphs):
        quotes = [quote for quote in body.quotes if quote.paragraph == index]
        for token in tokenize(paragraph, quotes):
            if token.kind == "word":
                words.update(name_words(token.text))
    return words


@dataclass(frozen=True)
class Token:
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
    masked = list(paragraph)
    for quote in quotes:
        masked[quote.start : quote.end] = "\x00" * (quote.end - quote.start)
    tokens = []
    for match in TOKEN_RE.finditer("".join(masked)):
        word = match.group("word")
        if word is None:
            kind = next(name for name in ("quote", "marker", "acronym", "other") if match.group(name))
            tokens.append(
                Token(match.group(), match.start(), match.end(), "word" if kind == "acronym" else kind)
            )
            continue
        possessive = len(word) > 2 and word.endswith(("’s", "'s"))
        if possessive:
            word = word[:-2]
        dotted = bool(match.group("dot")) and (len(word) == 1 or word in DOTTED_WORDS)
        if dotted:
            word += "."
        tokens.append(Token(word, match.start(), match.start() + len(word), "word", possessive))
        if match.group("dot") and not dotted:
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
    hyphenated = HYPHENATED_PARTICLE_RE.match(token.text)
    return token.text[0].isupper() or bool(hyphenated and hyphenated.group("rest")[0].isupper())


def without_common_words(words):
    while words and words[0].text in NOT_NAMES:
        words = words[1:]
    return words


def title_length(words):
    """How many leading words of a run are a title (`US Secretary of State`), leaving a name after."""
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
    return any(words[index : index + len(wanted)] == wanted for index in range(len(words) - len(wanted) + 1))


def fold(name):
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())
