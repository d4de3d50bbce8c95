"""Who said each quote in a brief, by rules a desk editor can check (docs/attribution.md, "Who said it").

Plain Python, no Django. `attribute_quotes()` gives every quote of a parsed body an
`Attribution` naming the speaker and the rule that decided it.
"""

from bisect import insort
from dataclasses import dataclass

from .lexicon import (
    BETWEEN_SUBJECT_AND_VERB,
    CLAUSE_BREAKS,
    CLAUSE_OPENERS,
    CONJUNCTIONS,
    DETERMINERS,
    FINITE_VERBS,
    HONORIFICS,
    INVERTIBLE_VERBS,
    NOT_SUBJECTS,
    PARTICIPLES,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
)
from .sentences import Sentence
from .tokens import (
    Token,
    contains_run,
    fold,
    name_runs,
    plausible_name,
    text_of,
    title_length,
    tokenize,
    without_common_words,
)

IMPLICIT = frozenset({"pronoun", "earlier-sentence"})


@dataclass(frozen=True)
class KnownPerson:
    """Someone in the People directory; `names` are the other names used for them in text."""

    full_name: str
    names: tuple = ()
    role: str = ""

    @property
    def all_names(self):
        return (self.full_name, *self.names)


@dataclass(frozen=True)
class Attribution:
    """Who said `quote`.

    `name` is the speaker's full name as resolved (the directory's full name
    when `person` is known), `role` the title the brief gives them, `how` the
    rule that decided ("named", "pronoun", "subject", "earlier-sentence", or
    None when nobody could be found; the checker uses "confirmed" for a
    speaker an editor chose) and `reason` that rule in words.
    """

    quote: object
    name: str | None
    person: KnownPerson | None
    role: str
    how: str | None
    reason: str

    @property
    def is_implicit(self):
        return self.how in IMPLICIT


def attribute_quotes(body, people=()):
    """One Attribution per quote of `body` (a ParsedBody), in reading order."""
    return _Analysis(body, people).attributions


@dataclass(frozen=True)
class _Mention:
    """A person named at `start:end` of paragraph `paragraph`; `start` includes any title."""

    surface: str  # the words in the text: "Blinken"
    name: str  # the full name they stand for: "Antony Blinken"
    person: KnownPerson | None
    role: str
    paragraph: int
    start: int
    end: int
    source: str  # "title", "known", "earlier", "speech", or "bare" for a name nothing vouches for

    @property
    def position(self):
        return (self.paragraph, self.start)


@dataclass(frozen=True)
class _Anchor:
    """A speech verb and its subject, spanning `start:end`.

    `kind` is "named", "pronoun", "role" (`the minister said`) or "other" (not a
    person); `mention` is the person meant (a pronoun's antecedent), or None.
    """

    kind: str
    start: int
    end: int
    said: str  # the subject and verb as a reader would quote them: "Blinken said"
    mention: _Mention | None


@dataclass
class _Unit:
    sentence: Sentence
    tokens: list
    anchors: list
    speaker: _Mention | None = None


class _Analysis:
    """Mentions, speech verbs and attributions of one body, worked out in reading order."""

    def __init__(self, body, people):
        self.body = body
        self.people = tuple(people)
        self.mentions = []
        self.bare_names = []  # runs like “Gabi Cohen” that nothing else marks as a person's name
        self.units = []
        by_quote = {}
        sentences = body.sentences
        for index, paragraph in enumerate(body.paragraphs):
            quotes = [quote for quote in body.quotes if quote.paragraph == index]
            tokens = tokenize(paragraph, quotes)
            for sentence in sentences:
                if sentence.paragraph != index:
                    continue
                unit = _Unit(
                    sentence,
                    [token for token in tokens if sentence.start <= token.start < sentence.end],
                    [],
                )
                self._find_mentions(unit)
                self._find_anchors(unit)
                for quote in quotes:
                    if sentence.start <= quote.start < sentence.end:
                        by_quote[quote] = self._attribute(quote, unit)
                self.units.append(unit)
        self.attributions = tuple(by_quote[quote] for quote in body.quotes)

    # Names

    def _find_mentions(self, unit):
        paragraph = self.body.paragraphs[unit.sentence.paragraph]
        for first, last in name_runs(unit.tokens, paragraph):
            words = unit.tokens[first:last]
            mention = self._mention_for_run(unit, words, speech=False)
            if mention:
                self._add_mention(mention)
                continue
            words = without_common_words(words)
            if len(words) > 1 and plausible_name(words):
                text = text_of(paragraph, words)
                self.bare_names.append(
                    _Mention(
                        text, text, None, "", unit.sentence.paragraph, words[0].start, words[-1].end, "bare"
                    )
                )

    def _mention_for_run(self, unit, words, *, speech):
        """The person a run of capitalised words names, or None.

        With `speech` (the run is the subject of a speech verb) a plausible name
        that nothing else vouches for still counts.
        """
        paragraph_index = unit.sentence.paragraph
        paragraph = self.body.paragraphs[paragraph_index]
        words = without_common_words(words)
        if not words:
            return None
        titled = title_length(words)
        name_words = words[titled:]
        role = text_of(paragraph, words[:titled]) if titled and words[0].text not in HONORIFICS else ""
        surface = text_of(paragraph, name_words)
        position = (paragraph_index, words[0].start)
        name, person, earlier = self._resolve(surface, position)
        if titled:
            source = "title"
        elif person is not None:
            source = "known"
        elif earlier:
            source = "earlier"
        elif speech and plausible_name(name_words):
            source = "speech"
        else:
            return None
        if not role:
            role = next(
                (
                    mention.role
                    for mention in reversed(self.mentions)
                    if mention.position < position and mention.name == name and mention.role
                ),
                "",
            )
        return _Mention(surface, name, person, role, paragraph_index, words[0].start, words[-1].end, source)

    def _resolve(self, surface, position):
        """(full name, KnownPerson or None, whether an earlier name was completed) for `surface`."""
        wanted = fold(surface).split()
        for person in self.people:
            if any(fold(name).split() == wanted for name in person.all_names):
                return person.full_name, person, False
        for mention in reversed(self.mentions):
            if mention.position < position and contains_run(fold(mention.name).split(), wanted):
                return mention.name, mention.person, True
        known = [
            person
            for person in self.people
            if any(contains_run(fold(name).split(), wanted) for name in person.all_names)
        ]
        if len(known) == 1:
            return known[0].full_name, known[0], False
        for bare in reversed(self.bare_names):
            words = fold(bare.name).split()
            if bare.position < position and len(words) > len(wanted) and contains_run(words, wanted):
                return bare.name, None, True
        return surface, None, False

    def _add_mention(self, mention):
        if mention not in self.mentions:
            insort(self.mentions, mention, key=lambda item: item.position)

    def _latest_mention(self, paragraph, offset, role_words=()):
        """The person most recently named before `offset`, with `role_words` in their role if given.

        Without `role_words`, a bare name (`Gabi Cohen met Antony Blinken`) counts too.
        """
        candidates = self.mentions
        if not role_words:
            candidates = sorted([*self.mentions, *self.bare_names], key=lambda mention: mention.position)
        for mention in reversed(candidates):
            if mention.position >= (paragraph, offset):
                continue
            role = (mention.role or (mention.person.role if mention.person else "")).lower().split()
            if all(word in role for word in role_words):
                return mention
        return None

    def _mention_at(self, unit, position, *, ending):
        """The person named by the run of capitalised words starting (or `ending`) at token `position`."""
        paragraph = self.body.paragraphs[unit.sentence.paragraph]
        for first, last in name_runs(unit.tokens, paragraph):
            if (last - 1 if ending else first) != position:
                continue
            words = unit.tokens[first:last]
            for mention in self.mentions:
                if (
                    mention.paragraph == unit.sentence.paragraph
                    and words[0].start <= mention.start < words[-1].end
                ):
                    return mention
            mention = self._mention_for_run(unit, words, speech=True)
            if mention:
                self._add_mention(mention)
            return mention
        return None

    # Speech verbs

    def _find_anchors(self, unit):
        tokens = unit.tokens
        for index, token in enumerate(tokens):
            if token.kind != "word":
                continue
            if token.lower == "according" and index + 1 < len(tokens) and tokens[index + 1].lower == "to":
                anchor = self._inverted_anchor(unit, index + 2, token, "according to", other=True)
            elif token.text in FINITE_VERBS:
                anchor = self._finite_anchor(unit, index)
            elif token.text in PARTICIPLES:
                anchor = self._left_anchor(unit, index, other=False)
            else:
                continue
            if anchor is None or self._reported_by_earlier(unit, anchor):
                continue
            unit.anchors.append(anchor)

    def _reported_by_earlier(self, unit, anchor):
        """True for “the change answered” in `Demir said the change answered “…”`.

        A non-person subject inside what a person is reported to have said
        (no comma, quote or conjunction between the two verbs) does not take
        the quote from them.
        """
        people = [
            earlier for earlier in unit.anchors if earlier.kind != "other" and earlier.end <= anchor.start
        ]
        if anchor.kind != "other" or not people:
            return False
        between = [token for token in unit.tokens if people[-1].end <= token.start < anchor.start]
        return not any(
            token.kind == "quote" or token.text in CLAUSE_BREAKS or token.lower in CLAUSE_OPENERS
            for token in between
        )

    def _finite_anchor(self, unit, index):
        tokens = unit.tokens
        verb = tokens[index]
        previous = tokens[index - 1] if index else None
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        opens_clause = previous is None or previous.kind == "quote" or previous.text in CLAUSE_BREAKS
        if opens_clause and verb.text in INVERTIBLE_VERBS:
            # After a comma the subject may stand before it (`Moyes, who took charge, said he…`);
            # right after a quote it follows (`“…,” said he`).
            if previous is not None and previous.kind != "quote":
                anchor = self._left_anchor(unit, index, other=False)
                if anchor:
                    return anchor
            inverted = self._inverted_anchor(unit, index + 1, verb, verb.text, other=False)
            if inverted:
                return inverted
        if previous is not None and previous.lower in CONJUNCTIONS:
            # “She said … and added”: the subject of the last speech verb, preferring a person.
            earlier = [anchor for anchor in unit.anchors if anchor.end <= previous.start]
            people = [anchor for anchor in earlier if anchor.kind != "other"]
            if not earlier:
                return None
            shared = (people or earlier)[-1]
            said = f"{shared.said} … {previous.text} {verb.text}"
            return _Anchor(shared.kind, verb.start, verb.end, said, shared.mention)
        anchor = self._left_anchor(unit, index, other=not opens_clause)
        if anchor or not opens_clause or verb.text not in INVERTIBLE_VERBS:
            return anchor
        # “…, said officials”: a subject, but not a person.
        if (
            following is not None
            and following.kind == "word"
            and following.text.islower()
            and following.lower not in NOT_SUBJECTS
        ):
            return _Anchor("other", verb.start, following.end, f"{verb.text} {following.text}", None)
        return None

    def _left_anchor(self, unit, index, *, other):
        """The anchor for the verb at `index` whose subject stands before it, or None."""
        tokens = unit.tokens
        verb = tokens[index]
        position = index - 1
        while position >= 0 and tokens[position].lower in BETWEEN_SUBJECT_AND_VERB:
            position -= 1
        if position < 0:
            return None
        if tokens[position].lower == "who" and position >= 2 and tokens[position - 1].text == ",":
            position -= 2
        elif tokens[position].text == ",":
            # “the chief executive, Martin Hale, said” or “Cohen, the foreign minister, said”
            paragraph = self.body.paragraphs[unit.sentence.paragraph]
            between_commas = any(
                last == position and first and tokens[first - 1].text == ","
                for first, last in name_runs(tokens, paragraph)
            )
            if between_commas:
                mention = self._mention_at(unit, position - 1, ending=True)
                if mention:
                    return _Anchor(
                        "named", mention.start, verb.end, f"{mention.surface} {verb.text}", mention
                    )
            position = _before_apposition(tokens, position)
            if position is None:
                return None
        subject = tokens[position]
        if subject.kind != "word":
            return None
        if subject.lower in PRONOUNS:
            return self._pronoun_anchor(unit, subject, verb, f"{subject.text} {verb.text}")
        mention = self._mention_at(unit, position, ending=True)
        if mention:
            return _Anchor("named", mention.start, verb.end, f"{mention.surface} {verb.text}", mention)
        role_words = _role_phrase_ending(tokens, position)
        if role_words:
            first = tokens[position - len(role_words)]
            return self._role_anchor(
                unit, first.start, verb.end, role_words, f"the {' '.join(role_words)} {verb.text}"
            )
        if not other:
            return None
        # Not a person, but a subject all the same: “Officials said”, “the ministry said”, “critics said”.
        determined = position and tokens[position - 1].lower in DETERMINERS
        if not (determined or subject.text[0].isupper() or subject.text.endswith("s")):
            return None
        words = [tokens[position - 1].text, subject.text] if determined else [subject.text]
        return _Anchor("other", subject.start, verb.end, f"{' '.join(words)} {verb.text}", None)

    def _inverted_anchor(self, unit, index, verb, verb_text, *, other):
        """The anchor for `said Cohen`, `according to the minister`: the subject starts at `index`."""
        tokens = unit.tokens
        if index >= len(tokens) or tokens[index].kind != "word":
            return None
        subject = tokens[index]
        if subject.lower in PRONOUNS:
            return self._pronoun_anchor(unit, subject, verb, f"{verb_text} {subject.text}")
        # A name after a few lowercase words: “said union negotiator Priya Raman”,
        # “said the trust's medical director, Dr. Amara Osei”.
        position = index
        while (
            position < len(tokens)
            and position - index < 4
            and tokens[position].kind == "word"
            and tokens[position].text.islower()
            and tokens[position].lower != "that"
        ):
            position += 1
        if index < position < len(tokens) and tokens[position].text == ",":
            position += 1
        mention = self._mention_at(unit, position, ending=False) if position < len(tokens) else None
        if mention:
            return _Anchor("named", verb.start, mention.end, f"{verb_text} {mention.surface}", mention)
        role_words = _role_phrase_starting(tokens, index)
        if role_words:
            end = tokens[index + len(role_words)].end
            return self._role_anchor(
                unit, verb.start, end, role_words, f"{verb_text} the {' '.join(role_words)}"
            )
        if other:
            return _Anchor("other", verb.start, subject.end, f"{verb_text} {subject.text}", None)
        return None

    def _pronoun_anchor(self, unit, pronoun, verb, said):
        antecedent = self._latest_mention(unit.sentence.paragraph, pronoun.start)
        return _Anchor(
            "pronoun", min(pronoun.start, verb.start), max(pronoun.end, verb.end), said, antecedent
        )

    def _role_anchor(self, unit, start, end, role_words, said):
        antecedent = self._latest_mention(unit.sentence.paragraph, start, role_words)
        return _Anchor("role", start, end, said, antecedent)

    # Quotes

    def _attribute(self, quote, unit):
        anchor = _anchor_for(quote, unit, self.body.paragraphs[quote.paragraph])
        if anchor:
            found = _from_anchor(anchor)
        else:
            found = self._from_subject(quote, unit) or self._from_earlier_sentence(quote, unit)
        if found is None:
            found = (None, None, "no person is tied to a speech verb in this sentence")
        mention, how, reason = found
        if mention is None:
            return Attribution(quote, None, None, "", None, reason)
        unit.speaker = mention
        return Attribution(quote, mention.name, mention.person, mention.role, how, reason)

    def _from_subject(self, quote, unit):
        subjects, after = self._sentence_subjects(unit)
        verb = next(
            (
                token
                for token in unit.tokens
                if token.kind == "word" and token.text in SPEECH_VERBS and after <= token.start < quote.start
            ),
            None,
        )
        if not subjects or verb is None:
            return None
        first = subjects[0]
        if isinstance(first, Token):
            antecedent = self._latest_mention(unit.sentence.paragraph, first.start)
            if antecedent is None:
                return None
            said = f"{first.text} … {verb.text}"
            return (
                antecedent,
                "pronoun",
                f"“{said}”: taken to be {antecedent.name}, the person most recently named",
            )
        if len(subjects) == 1:
            return first, "subject", f"{first.name} is the subject of the sentence and of “{verb.text}”"
        names = " and ".join(mention.name for mention in subjects)
        return first, "subject", f"{names} are the subject of “{verb.text}”; the first named is taken"

    def _sentence_subjects(self, unit):
        """The people (or a He/She token) the sentence opens with, and the offset where they end.

        The opening may follow a short phrase and a comma: “On Monday, Cohen …”.
        """
        tokens = unit.tokens
        starts = [0]
        comma = next((index for index, token in enumerate(tokens[:8]) if token.text == ","), None)
        if comma is not None:
            starts.append(comma + 1)
        paragraph = unit.sentence.paragraph
        for start in starts:
            if start >= len(tokens):
                continue
            if tokens[start].lower in PRONOUNS:
                return [tokens[start]], tokens[start].end
            subjects = []
            offset = tokens[start].start
            while mention := next(
                (item for item in self.mentions if item.paragraph == paragraph and item.start == offset), None
            ):
                subjects.append(mention)
                following = [token for token in tokens if token.start >= mention.end]
                if len(following) < 2 or following[0].lower != "and":
                    break
                offset = following[1].start
            if subjects:
                return subjects, subjects[-1].end
        return [], 0

    def _from_earlier_sentence(self, quote, unit):
        if not self.units or not unit.tokens or unit.tokens[0].start != quote.start:
            return None
        previous = self.units[-1]
        speaker = previous.speaker or next(
            (anchor.mention for anchor in reversed(previous.anchors) if anchor.mention is not None), None
        )
        if speaker is None:
            return None
        return (
            speaker,
            "earlier-sentence",
            f"the sentence opens with the quote; {speaker.name} speaks in the one before",
        )


def _from_anchor(anchor):
    """(speaker mention or None, how, reason) for a quote whose speech verb is `anchor`."""
    if anchor.kind == "other":
        return None, None, f"“{anchor.said}” does not name a person"
    if anchor.mention is None:
        return None, None, f"“{anchor.said}” refers to nobody named before it"
    if anchor.kind == "named":
        return anchor.mention, "named", f"named as the speaker: “{anchor.said}”"
    described = "person" if anchor.kind == "pronoun" else "person with that title"
    return (
        anchor.mention,
        "pronoun",
        f"“{anchor.said}”: taken to be {anchor.mention.name}, the {described} most recently named",
    )


def _anchor_for(quote, unit, paragraph):
    """The speech verb that governs `quote`: right after it, else nearest before, else nearest after."""
    for anchor in unit.anchors:
        if anchor.start >= quote.end and not paragraph[quote.end : anchor.start].strip(" ,;:—–-"):
            return anchor
    before = [anchor for anchor in unit.anchors if anchor.end <= quote.start]
    if before:
        return max(before, key=lambda anchor: anchor.end)
    after = [anchor for anchor in unit.anchors if anchor.start >= quote.end]
    if after:
        return min(after, key=lambda anchor: anchor.start)
    return None


def _before_apposition(tokens, comma):
    """For `Cohen, the foreign minister, said`: the index of the word before the opening comma."""
    for position in range(comma - 1, max(comma - 16, 0) - 1, -1):
        token = tokens[position]
        if token.kind == "quote" or token.text in FINITE_VERBS:
            return None
        if token.text == ",":
            return position - 1 if position else None
    return None


def _role_phrase_ending(tokens, position):
    """The words after `the` in `the (foreign) minister` ending at `position`, lowercase, or []."""
    if tokens[position].lower not in ROLE_NOUNS:
        return []
    start = position
    while start > 0 and position - start < 3 and tokens[start - 1].kind == "word":
        if tokens[start - 1].lower == "the":
            return [token.lower for token in tokens[start : position + 1]]
        start -= 1
    return []


def _role_phrase_starting(tokens, index):
    """The words after `the` in `the (foreign) minister` starting at `index`, lowercase, or []."""
    if tokens[index].lower != "the":
        return []
    for end in range(index + 1, min(index + 4, len(tokens))):
        token = tokens[end]
        if token.kind != "word" or not token.text.islower():
            return []
        if token.lower in ROLE_NOUNS:
            return [token.lower for token in tokens[index + 1 : end + 1]]
    return []
