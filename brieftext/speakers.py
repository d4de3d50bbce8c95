"""Who said each quote in a brief, by rules a desk editor can check (docs/attribution.md, "Who said it").

Plain Python, no Django. `attribute_quotes()` gives every quote of a parsed body an
`Attribution` naming the speaker and the rule that decided it.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import accumulate, pairwise

from .lexicon import (
    BETWEEN_SUBJECT_AND_VERB,
    CLAUSE_BREAKS,
    CLAUSE_OPENERS,
    CONJUNCTIONS,
    DESCRIPTION_STOPS,
    DETERMINERS,
    FINITE_VERBS,
    HONORIFICS,
    INSTITUTION_WORDS,
    INVERTIBLE_VERBS,
    NOT_NAMES,
    NOT_PERSON_WORDS,
    NOT_SUBJECTS,
    ORGANISATION_NOUNS,
    PARTICIPLES,
    PARTICLES,
    PREPOSITIONS,
    PRONOUNS,
    QUANTIFIERS,
    QUOTE_OBJECT_VERBS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
)
from .sentences import Sentence
from .tokens import (
    Token,
    contains_run,
    is_name_word,
    name_runs,
    name_words,
    plausible_name,
    quotes_by_paragraph,
    text_of,
    title_length,
    tokenize,
    without_common_words,
)

IMPLICIT = frozenset({"pronoun", "earlier-sentence"})
AFTER_QUOTE_RE = re.compile("[ ,;:—–-]*")
# Mentions are indexed by every run of up to this many words of their names.
INDEXED_RUN_WORDS = 6
# A description of a speaker (“a councillor from the Ecologist group”) is at most this many words.
DESCRIPTION_WORDS = 10
# Words before a name that say where it is: a name after them is a place (“on the Pont Bonaparte”).
PLACE_PREPOSITIONS = frozenset("in at on near outside inside across into towards along".split())
# Words between a person and what they belong to: “Analyst Rafael Ortiz-Vega of Fjord Capital said”.
BELONGING_PREPOSITIONS = frozenset("of at from for in".split())
# After the verb, a description ends where the scene begins: “said one visitor | on the Pont Bonaparte”.
SCENE_PREPOSITIONS = frozenset("on at near outside inside across along beside during after before".split())
APOSTROPHES = frozenset("'’")
# Lowercased words, besides the speech verbs, at which _find_anchors() may find an anchor.
ANCHOR_WORDS = QUOTE_OBJECT_VERBS | STATEMENT_NOUNS | {"according"}
RELATIVE_PRONOUNS = frozenset({"who", "which"})
# Words opening the description of one unnamed person, whom “he” or “she” may stand for: “one resident”.
SINGLE_PERSON_OPENERS = frozenset({"one", "a", "an", "another"})


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

    `description` is, when no person is named, the words that say who spoke, as
    written: an anonymous or collective speaker (“one visitor”, “officials”), an
    organisation (“the ministry”), or a name the rules are not sure of. `sure`
    says that `name` surely names a person (docs/attribution.md, "Sure names"):
    only such a name may become a new entry in People.
    """

    quote: object
    name: str | None
    person: KnownPerson | None
    role: str
    how: str | None
    reason: str
    description: str = ""
    sure: bool = False

    @property
    def is_implicit(self):
        return self.how in IMPLICIT

    @property
    def certain(self):
        """Found by the one rule the docs call certain: a sure name tied to a speech verb in the
        quote's own sentence. Readers see such a speaker before an editor confirms it."""
        return self.how == "named" and self.sure

    @property
    def is_anonymous(self):
        """Said by someone the brief describes but does not name."""
        return self.name is None and bool(self.description)

    @property
    def shown_as(self):
        """Who said it, as a reader may be told without a confirmed speaker: the description, or
        the name as the brief gives it."""
        return self.description or self.name or ""


def attribute_quotes(body, people=()):
    """One Attribution per quote of `body` (a ParsedBody), in reading order."""
    return _Analysis(body, people).attributions


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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
    description: str = ""  # the subject as written, when it is not a person: "the ministry"
    last_speaker: bool = False  # a pronoun's antecedent is the last to speak, not the last named


@dataclass
class _Unit:
    """A sentence, its tokens and speech verbs; `paragraph` is the text of its paragraph.

    What the rules look up many times in a sentence is worked out once, when first
    needed: where its tokens start, its runs of capitalised words by first and last
    token, how many clause breaks come before each token, where its speech verbs are.
    """

    sentence: Sentence
    tokens: list
    paragraph: str
    runs: list  # name_runs() of the tokens
    anchors: list = field(default_factory=list)
    person_anchors: list = field(default_factory=list)  # the anchors whose subject may be a person
    frames: list = field(default_factory=list)  # named anchors of “in a statement from X”
    speaker: _Mention | None = None
    subjects: tuple | None = None  # _sentence_subjects(), once asked for

    def add_anchor(self, anchor):
        self.anchors.append(anchor)
        if anchor.kind != "other":
            self.person_anchors.append(anchor)

    @cached_property
    def starts(self):
        return [token.start for token in self.tokens]

    @cached_property
    def run_starting(self):
        return {first: (first, last) for first, last in self.runs}

    @cached_property
    def run_ending(self):
        return {last - 1: (first, last) for first, last in self.runs}

    @cached_property
    def breaks(self):
        """How many clause breaks stand before each token (and, last, in the whole sentence)."""
        return list(accumulate((_is_clause_break(token) for token in self.tokens), initial=0))

    @cached_property
    def speech_verbs(self):
        return [
            token
            for token in self.tokens
            if token.kind == "word" and token.text in SPEECH_VERBS and token.lower not in QUOTE_OBJECT_VERBS
        ]

    @cached_property
    def anchor_index(self):
        """An _AnchorIndex of the anchors, for when all of them have been found."""
        return _AnchorIndex(self.anchors)

    def tokens_from(self, offset):
        """The index of the first token that starts at or after `offset`."""
        return bisect_left(self.starts, offset)

    def speech_verb_from(self, offset):
        """The first speech verb that starts at or after `offset`, or None."""
        verbs = self.speech_verbs
        index = bisect_left(verbs, offset, key=lambda token: token.start)
        return verbs[index] if index < len(verbs) else None


def _is_clause_break(token):
    return token.kind == "quote" or token.text in CLAUSE_BREAKS or token.lower in CLAUSE_OPENERS


class _Analysis:
    """Mentions, speech verbs and attributions of one body, worked out in reading order."""

    def __init__(self, body, people):
        self.body = body
        self.people = tuple(people)
        # Sorted by position. The collections beside them hold the same mentions, in the same
        # order, by the runs of words in their names (bare names: by the shorter runs) and by
        # their roles, so that looking back for a name or a role reads the mentions that match,
        # not every one before.
        self.mentions = _ByPosition()
        self.mention_set = set()
        self.mentions_by_run = {}
        self.mentions_with_role = {}  # by name
        self.mentions_by_role_word = {}
        self.bare_names = _ByPosition()  # runs like “Gabi Cohen” that nothing else marks as a person's name
        self.bare_names_by_run = {}
        self.people_named = {}  # (words of a name): the first person with that name
        for person in self.people:
            for name in person.all_names:
                self.people_named.setdefault(tuple(name_words(name)), person)
        self.people_by_word = {}
        for person in self.people:
            for word in {word for name in person.all_names for word in name_words(name)}:
                self.people_by_word.setdefault(word, []).append(person)
        self.people_containing = {}  # (words): the people with a name holding them, once asked
        self.words_of_name = {}
        self.previous_unit = None  # the sentence before the one being read
        self.places = set()  # the words of each name standing after “in”, “on the” …, as a tuple
        self.organisations = set()  # the words of each name given to an organisation (_names_organisation)
        by_quote = {}
        quotes = quotes_by_paragraph(body)
        for index, paragraph in enumerate(body.paragraphs):
            paragraph_quotes = quotes.get(index, [])
            tokens = tokenize(paragraph, paragraph_quotes)
            starts = [token.start for token in tokens]
            sentences = body.paragraph_sentences(index)
            sentence_starts = [sentence.start for sentence in sentences]
            quotes_of = [[] for _ in sentences]
            for quote in paragraph_quotes:
                position = bisect_right(sentence_starts, quote.start) - 1
                if position >= 0 and quote.start < sentences[position].end:
                    quotes_of[position].append(quote)
            for sentence, sentence_quotes in zip(sentences, quotes_of, strict=True):
                first, last = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
                unit_tokens = tokens[first:last]
                unit = _Unit(sentence, unit_tokens, paragraph, name_runs(unit_tokens, paragraph))
                self._find_places(unit)
                self._find_mentions(unit)
                self._find_anchors(unit)
                for quote in sentence_quotes:
                    by_quote[quote] = self._attribute(quote, unit)
                self.previous_unit = unit
        # Sure only once every sentence is read: a name may turn out to be a place later on.
        self.attributions = tuple(
            replace(by_quote[quote], sure=self._is_sure(by_quote[quote])) for quote in body.quotes
        )

    # Names

    def _find_places(self, unit):
        """Note the names standing where places and organisations stand (see _is_sure)."""
        tokens = unit.tokens
        for first, last in unit.runs:
            if _names_organisation(tokens, first, last):
                self.organisations.add(self._name_words(text_of(unit.paragraph, tokens[first:last])))
            before = first - 1
            if before >= 0 and tokens[before].lower == "the":
                before -= 1
            if before >= 0 and tokens[before].lower in PLACE_PREPOSITIONS and not tokens[last - 1].possessive:
                self.places.add(self._name_words(text_of(unit.paragraph, tokens[first:last])))

    def _is_sure(self, attribution):
        """Whether the attribution's name surely names a person (docs/attribution.md, "Sure names")."""
        if attribution.name is None:
            return False
        if attribution.person is not None:
            return True
        words = attribution.name.split()
        named = [word for word in words if word not in PARTICLES]
        if len(named) < 2 or len(named) > 5:
            return False
        for word in named:
            bare = word.rstrip(".")
            if not word[0].isupper() and not is_name_word(Token(word, 0, len(word), "word")):
                return False
            if word in NOT_NAMES or word in INSTITUTION_WORDS or word in NOT_PERSON_WORDS:
                return False
            if len(bare) > 1 and bare.isupper():
                return False
        folded = self._name_words(attribution.name)
        return not any(contains_run(folded, place) for place in self.places | self.organisations)

    def _find_mentions(self, unit):
        paragraph = unit.paragraph
        for first, last in unit.runs:
            words = without_common_words(unit.tokens[first:last])
            mention = self._mention_for_run(unit, words, speech=False)
            if mention:
                self._add_mention(mention)
                continue
            if len(words) < 2 or not plausible_name(words):
                continue
            text = text_of(paragraph, words)
            if self._name_words(text) not in self.organisations:
                bare = _Mention(
                    text, text, None, "", unit.sentence.paragraph, words[0].start, words[-1].end, "bare"
                )
                self.bare_names.insert(bare)
                words = self._name_words(bare.name)
                for run in _runs_of(words, len(words) - 1):
                    self.bare_names_by_run.setdefault(run, _ByPosition()).insert(bare)

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
        named = words[titled:]
        surface = text_of(paragraph, named)
        if not titled and not speech and not self._may_resolve(self._name_words(surface)):
            return None  # the common case of a capitalised word nothing vouches for, decided quickly
        title = words[:titled]
        while title and title[-1].text in HONORIFICS:
            title = title[:-1]
        role = text_of(paragraph, title)
        position = (paragraph_index, words[0].start)
        name, person, earlier = self._resolve(surface, position)
        if person is None and not titled and self._name_words(surface) in self.organisations:
            return None
        if titled:
            source = "title"
        elif person is not None:
            source = "known"
        elif earlier:
            source = "earlier"
        elif speech and plausible_name(named) and not _determined(unit, words[0]):
            # “the Reds said”, “A Green MP … joked”: capitalised words after an article are a group or
            # a description, not a person's name.
            source = "speech"
        else:
            return None
        if not role:
            # The role given the last time this name was mentioned with one.
            with_role = next(self.mentions_with_role.get(name, NOBODY).latest_first(position), None)
            role = with_role.role if with_role else ""
        return _Mention(surface, name, person, role, paragraph_index, words[0].start, words[-1].end, source)

    def _may_resolve(self, wanted):
        """Whether _resolve() could find the words `wanted` anywhere: a shortcut for most runs."""
        return (
            not wanted
            or bool(self.people)
            or wanted in self.people_named
            or wanted[:INDEXED_RUN_WORDS] in self.mentions_by_run
            or wanted in self.bare_names_by_run
        )

    def _resolve(self, surface, position):
        """(full name, KnownPerson or None, whether an earlier name was completed) for `surface`."""
        wanted = self._name_words(surface)
        person = self.people_named.get(wanted)
        if person is not None:
            return person.full_name, person, False
        # Runs longer than the index's are looked up by their first words, then compared whole.
        indexed = self.mentions_by_run.get(wanted[:INDEXED_RUN_WORDS], NOBODY) if wanted else self.mentions
        for mention in indexed.latest_first(position):
            if len(wanted) <= INDEXED_RUN_WORDS or contains_run(self._name_words(mention.name), wanted):
                return mention.name, mention.person, True
        known = self._people_containing(wanted) if self.people else ()
        if len(known) == 1:
            return known[0].full_name, known[0], False
        # A longer bare name holding the words: one that `wanted` completes.
        indexed = self.bare_names_by_run.get(wanted, NOBODY) if wanted else self.bare_names
        bare = next(indexed.latest_first(position), None)
        if bare is not None:
            return bare.name, None, True
        return surface, None, False

    def _name_words(self, name):
        """name_words(name) as a tuple, worked out once per name."""
        words = self.words_of_name.get(name)
        if words is None:
            words = self.words_of_name[name] = tuple(name_words(name))
        return words

    def _people_containing(self, wanted):
        """The people, in directory order, one of whose names holds the words `wanted` in a run."""
        if wanted not in self.people_containing:
            self.people_containing[wanted] = [
                person
                for person in _sharing_words(self.people, self.people_by_word, wanted, none=())
                if any(contains_run(name_words(name), wanted) for name in person.all_names)
            ]
        return self.people_containing[wanted]

    def _add_mention(self, mention):
        if mention in self.mention_set:
            return
        self.mention_set.add(mention)
        self.mentions.insert(mention)
        for run in _runs_of(self._name_words(mention.name), INDEXED_RUN_WORDS):
            self.mentions_by_run.setdefault(run, _ByPosition()).insert(mention)
        if mention.role:
            self.mentions_with_role.setdefault(mention.name, _ByPosition()).insert(mention)
        for word in set(_role_words(mention)):
            self.mentions_by_role_word.setdefault(word, _ByPosition()).insert(mention)

    def _latest_mention(self, paragraph, offset, role_words=()):
        """The person most recently named before `offset`, with `role_words` in their role if given.

        Without `role_words`, a bare name (`Gabi Cohen met Antony Blinken`) counts too, and
        wins over a person mentioned at the same place.
        """
        position = (paragraph, offset)
        if not role_words:
            mention = next(self.mentions.latest_first(position), None)
            bare = next(self.bare_names.latest_first(position), None)
            if bare is not None and (mention is None or bare.position >= mention.position):
                return bare
            return mention
        candidates = _sharing_words(self.mentions, self.mentions_by_role_word, role_words)
        for mention in candidates.latest_first(position):
            role = _role_words(mention)
            if all(word in role for word in role_words):
                return mention
        return None

    def _mention_at(self, unit, position, *, ending):
        """The person named by the run of capitalised words starting (or `ending`) at token `position`."""
        run = (unit.run_ending if ending else unit.run_starting).get(position)
        if run is None:
            return None
        words = unit.tokens[run[0] : run[1]]
        paragraph = unit.sentence.paragraph
        first = self.mentions.first_from((paragraph, words[0].start))
        if first is not None and first.position < (paragraph, words[-1].end):
            return first
        mention = self._mention_for_run(unit, words, speech=True)
        if mention:
            self._add_mention(mention)
        return mention

    # Speech verbs

    def _find_anchors(self, unit):
        tokens = unit.tokens
        for index, token in enumerate(tokens):
            if token.kind != "word" or (
                token.text not in SPEECH_VERBS and token.text.lower() not in ANCHOR_WORDS
            ):
                continue  # most words start no anchor: decided with two look-ups
            if token.lower in QUOTE_OBJECT_VERBS and not _quote_is_object(tokens, index):
                continue
            if token.lower == "according" and index + 1 < len(tokens) and tokens[index + 1].lower == "to":
                anchor = self._inverted_anchor(unit, index + 2, token, "according to", other=True)
            elif token.lower in STATEMENT_NOUNS:
                frame = self._frame_anchor(unit, index)
                if frame is not None:
                    unit.frames.append(frame)
                    unit.add_anchor(frame)
                continue
            elif token.text in FINITE_VERBS:
                anchor = self._finite_anchor(unit, index)
            elif token.text in PARTICIPLES:
                anchor = self._left_anchor(unit, index, other=False)
            else:
                continue
            if anchor is None or self._reported_by_earlier(unit, anchor):
                continue
            unit.add_anchor(anchor)

    def _frame_anchor(self, unit, index):
        """The anchor of “(in) a statement from X” at the noun `index`, when X is a person.

        Starts at the “in” before it, if any, so a quote right before the frame belongs to it.
        """
        tokens = unit.tokens
        after = index + 1
        if after < len(tokens) and tokens[after].lower == "issued":
            after += 1
        if after + 1 >= len(tokens) or tokens[after].lower not in ("from", "by"):
            return None
        anchor = self._inverted_anchor(
            unit, after + 1, tokens[index], f"{tokens[index].text} {tokens[after].text}", other=False
        )
        if anchor is None or anchor.kind != "named":
            return None
        first = index
        while first > 0 and index - first < 3 and tokens[first - 1].lower in DETERMINERS | {"in"}:
            first -= 1
        return replace(anchor, start=tokens[first].start)

    def _reported_by_earlier(self, unit, anchor):
        """True for “the change answered” in `Demir said the change answered “…”`.

        A non-person subject inside what someone is reported to have said (no
        comma, quote or conjunction between the two verbs) does not take the
        quote from them: `A councillor said the opposition had asked for “…”`.
        """
        if anchor.kind != "other":
            return False
        earlier = _last_ending_by(unit.anchors, anchor.start)
        if earlier is None:
            return False
        first, last = unit.tokens_from(earlier.end), unit.tokens_from(anchor.start)
        return first >= last or unit.breaks[last] == unit.breaks[first]

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
            earlier = _last_ending_by(unit.anchors, previous.start)
            if earlier is None:
                return None
            shared = _last_ending_by(unit.person_anchors, previous.start) or earlier
            said = f"{shared.said} … {previous.text} {verb.text}"
            return _Anchor(shared.kind, verb.start, verb.end, said, shared.mention, shared.description)
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
            description, end = _phrase_forward(unit, index + 1)
            return _Anchor("other", verb.start, end, f"{verb.text} {description}", None, description)
        return None

    def _left_anchor(self, unit, index, *, other):
        """The anchor for the verb at `index` whose subject stands before it, or None."""
        tokens = unit.tokens
        verb = tokens[index]
        position = index - 1
        through = None  # the last word of an apposition the description keeps
        while position >= 0 and tokens[position].lower in BETWEEN_SUBJECT_AND_VERB:
            position -= 1
        if position < 0:
            return None
        if tokens[position].lower == "who" and position >= 2 and tokens[position - 1].text == ",":
            position -= 2
        elif tokens[position].text == ",":
            # “the chief executive, Martin Hale, said” or “Cohen, the foreign minister, said”
            first, _ = unit.run_ending.get(position - 1, (0, None))
            between_commas = bool(first) and tokens[first - 1].text == ","
            if between_commas:
                mention = self._mention_at(unit, position - 1, ending=True)
                if mention:
                    return _Anchor(
                        "named", mention.start, verb.end, f"{mention.surface} {verb.text}", mention
                    )
            opening = _before_apposition(tokens, position)
            if opening is None:
                return None
            # “one traveler, Brenda Kowalski of Tacoma, said”, “One of them, retired teacher Carol Ng,
            # said”: the person named in the apposition speaks.
            mention = self._apposed_person(unit, opening + 2, position)
            if mention:
                return _Anchor("named", mention.start, verb.end, f"{mention.surface} {verb.text}", mention)
            # “One resident of Telford House, who did not want to be named, said”; “The union,
            # SignalWorkers, said”: the subject before the apposition, and the name in it.
            if tokens[opening + 2].lower in RELATIVE_PRONOUNS:
                other = True
            elif unit.run_starting.get(_after_article(tokens, opening + 2)) == (
                _after_article(tokens, opening + 2),
                position,
            ):
                other, through = True, position - 1
            position = opening
        subject = tokens[position]
        if subject.kind != "word":
            return None
        if subject.lower in PRONOUNS:
            return self._pronoun_anchor(unit, subject, verb, f"{subject.text} {verb.text}")
        belonging = self._belonging_to(unit, position)
        if belonging is not None:
            # “Analyst Rafael Ortiz-Vega of Fjord Capital said”: the person, not what they belong to;
            # “Analysts at Corrib Securities said”: nobody named.
            mention = belonging or None
        else:
            mention = self._mention_at(unit, position, ending=True)
        if mention:
            mention = self._joint(unit, mention)
            return _Anchor("named", mention.start, verb.end, f"{mention.surface} {verb.text}", mention)
        pair = self._pair_before(unit, position)
        if pair is not None:
            return _Anchor(
                "pronoun",
                tokens[position - 2].start,
                verb.end,
                f"the two {subject.text} {verb.text}",
                pair,
                last_speaker=True,
            )
        role_words = _role_phrase_ending(tokens, position)
        if role_words:
            first = tokens[position - len(role_words)]
            return self._role_anchor(
                unit,
                first.start,
                verb.end,
                role_words,
                f"the {' '.join(role_words)} {verb.text}",
                _as_written(unit, _phrase_backward(unit, position)),
            )
        if not other:
            return None
        # Not a person, but a subject all the same: “Officials said”, “the ministry said”, “critics said”,
        # “the agency's spokesperson said”, “one resident said”, “A councillor from the Green group said”.
        words = _phrase_backward(unit, position)
        opening = words[0]
        determined = (
            opening.lower in DETERMINERS
            or opening.lower in QUANTIFIERS
            or (position and tokens[position - 1].possessive)
        )
        if not (determined or opening.text[0].isupper() or subject.text.endswith("s")):
            return None
        if through is not None:
            words = tokens[unit.tokens_from(words[0].start) : through + 1]
        said = f"{text_of(unit.paragraph, words)} {verb.text}"
        return _Anchor("other", subject.start, verb.end, said, None, _as_written(unit, words))

    def _apposed_person(self, unit, start, comma):
        """The person named in the apposition from token `start` to the closing `comma`, after at most
        a few lowercase words (“retired teacher Carol Ng”) and before what they belong to (“Brenda
        Kowalski of Tacoma”), or None."""
        tokens = unit.tokens
        if tokens[start].lower in RELATIVE_PRONOUNS:
            return None  # “Regent Sofía Castillo Ruiz, who voted no alongside Regent Paul Ebersole, insisted”
        lead = start
        while (
            lead < comma
            and lead - start < 4
            and lead not in unit.run_starting
            and tokens[lead].kind == "word"
            and tokens[lead].text.islower()
            and tokens[lead].lower not in PREPOSITIONS
            and tokens[lead].lower not in CLAUSE_OPENERS
        ):
            lead += 1
        run = unit.run_starting.get(lead)
        if (
            run is None
            or run[1] > comma
            or (run[1] < comma and tokens[run[1]].lower not in BELONGING_PREPOSITIONS)
        ):
            return None
        mention = self._mention_at(unit, lead, ending=False)
        if mention is None or (mention.source == "speech" and len(mention.surface.split()) < 2):
            return None
        return mention

    def _pair_before(self, unit, position):
        """For “the two leaders” ending at token `position`: the two people named together, “A and B”,
        in the sentence before (same paragraph), as one joint mention; otherwise None."""
        tokens = unit.tokens
        noun = tokens[position].lower
        previous = self.previous_unit
        if (
            position < 2
            or tokens[position - 1].lower != "two"
            or tokens[position - 2].lower != "the"
            or noun[-1:] != "s"
            or noun[:-1] not in ROLE_NOUNS
            or previous is None
            or previous.sentence.paragraph != unit.sentence.paragraph
        ):
            return None
        for (_, last), (first, _) in pairwise(previous.runs):
            if first == last + 1 and previous.tokens[last].lower == "and":
                one = self._mention_at(previous, last - 1, ending=True)
                other = self._mention_at(previous, first, ending=False)
                if one is not None and other is not None and one.name != other.name:
                    name = f"{one.name} and {other.name}"
                    return _Mention(name, name, None, "", one.paragraph, one.start, other.end, "joint")
        return None

    def _joint(self, unit, mention):
        """`mention`, or the two people speaking together in “Prof. Helen Achterberg and Prof. Samuel
        Adjei-Mensah said in a joint statement”: both named in full, joined by “and”. Two people are
        no one person's name: their quote keeps both names as its description."""
        tokens = unit.tokens
        index = unit.tokens_from(mention.start)
        run = unit.run_starting.get(index)
        start = run[0] if run else index
        if start < 2 or tokens[start - 1].lower != "and" or unit.run_ending.get(start - 2) is None:
            return mention
        first = self._mention_at(unit, start - 2, ending=True)
        if first is None or len(first.name.split()) < 2 or len(mention.name.split()) < 2:
            return mention
        name = f"{first.name} and {mention.name}"
        return _Mention(name, name, None, "", mention.paragraph, first.start, mention.end, "joint")

    def _belonging_to(self, unit, position):
        """For a subject ending at token `position` after “of”, “at”, “from” … (“Rafael Ortiz-Vega of
        Fjord Capital”): the person named before that word, False when nobody is (“analysts at
        Corrib Securities”), None when the subject stands after no such word, or after one that
        follows no word (“, with Ólafsdóttir saying”)."""
        tokens = unit.tokens
        run = unit.run_ending.get(position)
        if run is None:
            return None
        before = run[0] - 1
        if before >= 0 and tokens[before].lower == "the":
            before -= 1
        if (
            before < 1
            or (
                tokens[before].lower not in BELONGING_PREPOSITIONS
                and tokens[before].lower not in PLACE_PREPOSITIONS
            )
            or tokens[before - 1].kind != "word"
        ):
            return None
        if unit.run_ending.get(before - 1) is None:
            return False
        mention = self._mention_at(unit, before - 1, ending=True)
        if mention is None or (mention.source == "speech" and len(mention.surface.split()) < 2):
            return False  # “Firefighters in Beja said”
        return mention

    def _inverted_anchor(self, unit, index, verb, verb_text, *, other):
        """The anchor for `said Cohen`, `according to the minister`: the subject starts at `index`."""
        tokens = unit.tokens
        if index >= len(tokens) or tokens[index].kind != "word":
            return None
        subject = tokens[index]
        if subject.lower in PRONOUNS:
            return self._pronoun_anchor(unit, subject, verb, f"{verb_text} {subject.text}")
        # “according to a statement by X”: the statement's author is the subject.
        if (
            index + 2 < len(tokens)
            and subject.lower in DETERMINERS
            and tokens[index + 1].lower in STATEMENT_NOUNS
            and tokens[index + 2].lower in ("from", "by")
        ):
            return self._inverted_anchor(unit, index + 3, verb, verb_text, other=other)
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
        apposition = index < position < len(tokens) and tokens[position].text == ","
        if apposition:
            position += 1
        # “said one visitor on the Pont Bonaparte”: a name after a preposition is where the
        # speaker is or what they belong to, not who they are.
        described = not apposition and any(token.lower in PREPOSITIONS for token in tokens[index:position])
        mention = (
            self._mention_at(unit, position, ending=False)
            if position < len(tokens) and not described
            else None
        )
        if mention:
            return _Anchor("named", verb.start, mention.end, f"{verb_text} {mention.surface}", mention)
        role_words = _role_phrase_starting(tokens, index)
        if role_words and not described:
            end = tokens[index + len(role_words)].end
            return self._role_anchor(
                unit,
                verb.start,
                end,
                role_words,
                f"{verb_text} the {' '.join(role_words)}",
                _phrase_forward(unit, index)[0],
            )
        if other or described:
            description, end = _phrase_forward(unit, index)
            said = f"{verb_text} {description or subject.text}"
            return _Anchor("other", verb.start, end, said, None, description)
        return None

    def _pronoun_anchor(self, unit, pronoun, verb, said):
        start, end = min(pronoun.start, verb.start), max(pronoun.end, verb.end)
        last = self._last_speaker(unit, pronoun.start)
        if isinstance(last, str):
            return _Anchor("pronoun", start, end, said, None, last)
        if last is not None:
            return _Anchor("pronoun", start, end, said, last, last_speaker=True)
        return _Anchor(
            "pronoun", start, end, said, self._latest_mention(unit.sentence.paragraph, pronoun.start)
        )

    def _last_speaker(self, unit, offset):
        """Who last spoke before `offset`, in this sentence or the one before it in the same paragraph:
        a person (“Sander van Leeuwen said Harcourt’s ales would keep their names. “…,” he said.”), the
        description of one unnamed person (“One resident of Telford House … said …. “…,” she said.”),
        or None."""
        last = _last_ending_by(unit.anchors, offset)
        person = _last_ending_by(unit.person_anchors, offset)
        previous = self.previous_unit
        if last is None and previous is not None and previous.sentence.paragraph == unit.sentence.paragraph:
            if previous.speaker is not None:
                return previous.speaker
            last = previous.anchors[-1] if previous.anchors else None
            person = previous.person_anchors[-1] if previous.person_anchors else None
        if last is None:
            return None
        opening = last.description.partition(" ")[0].lower()
        if last.kind == "other" and opening in SINGLE_PERSON_OPENERS:
            return last.description
        return person.mention if person else None

    def _role_anchor(self, unit, start, end, role_words, said, description):
        antecedent = self._latest_mention(unit.sentence.paragraph, start, role_words)
        return _Anchor("role", start, end, said, antecedent, "" if antecedent else description)

    # Quotes

    def _attribute(self, quote, unit):
        anchor = _anchor_for(quote, unit, self.body.paragraphs[quote.paragraph])
        if anchor and unit.frames and anchor not in unit.frames:
            # “The agency welcomed the “…” in a statement from its spokesperson Tom Berg”; “In a
            # statement from its spokesperson Ingrid Solberg, Halvorsen said …”: the one who spoke.
            anchor = unit.frames[0]
        description = ""
        if anchor:
            found = _from_anchor(anchor)
            description = anchor.description if anchor.mention is None else ""
        else:
            found = self._from_subject(quote, unit) or self._from_earlier_sentence(quote, unit)
        if found is None:
            description = _described_subject(quote, unit)
            found = (
                (None, None, f"“{description}” opens the sentence and names nobody")
                if description
                else (None, None, "no person is tied to a speech verb in this sentence")
            )
        mention, how, reason = found
        if mention is None:
            return Attribution(quote, None, None, "", None, reason, description=description)
        unit.speaker = mention
        return Attribution(quote, mention.name, mention.person, mention.role, how, reason)

    def _from_subject(self, quote, unit):
        if unit.subjects is None:
            # Attributing a quote names nobody new: the subjects are the same for every quote.
            unit.subjects = self._sentence_subjects(unit)
        subjects, after = unit.subjects
        verb = unit.speech_verb_from(after)
        if verb is not None and verb.start >= quote.start:
            verb = None
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
            while mention := self._mention_starting(paragraph, offset):
                subjects.append(mention)
                following = unit.tokens_from(mention.end)
                if len(tokens) - following < 2 or tokens[following].lower != "and":
                    break
                offset = tokens[following + 1].start
            if subjects:
                return subjects, subjects[-1].end
        return [], 0

    def _mention_starting(self, paragraph, offset):
        """The first mention that starts at `offset` of `paragraph`, or None."""
        first = self.mentions.first_from((paragraph, offset))
        return first if first is not None and first.position == (paragraph, offset) else None

    def _from_earlier_sentence(self, quote, unit):
        if self.previous_unit is None or not unit.tokens or unit.tokens[0].start != quote.start:
            return None
        previous = self.previous_unit
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
        if anchor.description:
            return None, None, f"“{anchor.said}” describes the speaker and names nobody"
        return None, None, f"“{anchor.said}” refers to nobody named before it"
    if anchor.kind == "named":
        return anchor.mention, "named", f"named as the speaker: “{anchor.said}”"
    if anchor.last_speaker:
        who = (
            "the two named together before it"
            if anchor.mention.source == "joint"
            else "the last to speak before it"
        )
        return anchor.mention, "pronoun", f"“{anchor.said}”: taken to be {anchor.mention.name}, {who}"
    described = "person" if anchor.kind == "pronoun" else "person with that title"
    return (
        anchor.mention,
        "pronoun",
        f"“{anchor.said}”: taken to be {anchor.mention.name}, the {described} most recently named",
    )


def _anchor_for(quote, unit, paragraph):
    """The speech verb that governs `quote`: right after it, else nearest before, else nearest after.

    Ties go to the anchor found first.
    """
    if not unit.anchors:
        return None
    index = unit.anchor_index
    # An anchor starts with a word, so one with only punctuation and spaces between it and
    # the quote starts where they end.
    right_after = index.starting.get(AFTER_QUOTE_RE.match(paragraph, quote.end).end())
    if right_after is not None:
        return right_after
    before = bisect_right(index.ends, quote.start)
    if before:
        return index.by_end[bisect_left(index.ends, index.ends[before - 1])]
    after = bisect_left(index.starts, quote.end)
    if after < len(index.starts):
        return index.by_start[after]
    return None


class _AnchorIndex:
    """A sentence's anchors by where they start and end, the earlier found first among equals."""

    def __init__(self, anchors):
        self.starting = {}
        for anchor in anchors:
            self.starting.setdefault(anchor.start, anchor)
        self.by_end = sorted(anchors, key=lambda anchor: anchor.end)
        self.ends = [anchor.end for anchor in self.by_end]
        self.by_start = sorted(anchors, key=lambda anchor: anchor.start)
        self.starts = [anchor.start for anchor in self.by_start]


def _described_subject(quote, unit):
    """The unnamed subject, as written, of a sentence whose speech verb is a participle before the quote:
    “The airport operator” in “The airport operator welcomed the plan, saying that it would “…””.
    Empty when the sentence opens otherwise."""
    tokens = unit.tokens
    if (
        not any(token.text in PARTICIPLES and token.start < quote.start for token in unit.speech_verbs)
        or not tokens
    ):
        return ""
    last = 0
    while (
        last < len(tokens)
        and last < DESCRIPTION_WORDS
        and (tokens[last].kind == "word" or tokens[last].text in APOSTROPHES)
        and tokens[last].lower not in DESCRIPTION_STOPS
        and not (tokens[last].text.islower() and tokens[last].text.endswith("ed"))
    ):
        last += 1
    opening = tokens[0]
    verb = tokens[last] if last < len(tokens) else None
    if not last or verb is None or not verb.text.endswith("ed") or not verb.text.islower():
        return ""
    if not (opening.lower in DETERMINERS or opening.lower in QUANTIFIERS or opening.text in NOT_NAMES):
        return ""
    return _as_written(unit, tokens[:last])


def _names_organisation(tokens, first, last):
    """Whether the run of capitalised words tokens[first:last] is an organisation's name by its place or
    its form: right after a noun such as “group” or “firm” (“the patients' group Care Watch”), or
    holding a word in capitals (“KS Wierzbno”)."""
    if first > 0 and tokens[first - 1].lower in ORGANISATION_NOUNS and tokens[first - 1].text.islower():
        return True
    # “The union, SignalWorkers, said”, “The student newspaper, the Coastal Current, wrote”: a name
    # set off by commas after such a noun.
    comma = first - 1
    if comma >= 0 and tokens[comma].lower == "the":
        comma -= 1
    if (
        comma > 0
        and last < len(tokens)
        and tokens[comma].text == ","
        and tokens[last].text == ","
        and tokens[comma - 1].lower in ORGANISATION_NOUNS
        and tokens[comma - 1].text.islower()
    ):
        return True
    for index in range(first, last):
        text = tokens[index].text
        if len(text) > 1 and text.isupper():
            return True
    return False


def _quote_is_object(tokens, index):
    """Whether a quote is the object of the verb at `index`: within three words (“welcomed the
    “decisive steps””), or after “of” a few words on (“accused Ana Ruiz of “moving the goalposts””)."""
    following = tokens[index + 1 : index + 7]
    return any(token.kind == "quote" for token in following[:3]) or any(
        token.lower == "of" and later.kind == "quote" for token, later in pairwise(following)
    )


def _after_article(tokens, index):
    """`index`, or the index after it when the token there is “the”."""
    return index + 1 if tokens[index].lower == "the" else index


def _determined(unit, word):
    """Whether the token before `word` in the sentence is an article or a possessive."""
    index = unit.tokens_from(word.start) - 1
    return index >= 0 and unit.tokens[index].lower in DETERMINERS


def _phrase_forward(unit, index):
    """(the words from token `index` to the end of their phrase, as written; where they end).

    “said a councillor from the Ecologist group.” gives “a councillor from the Ecologist group”;
    “said one visitor on the Pont Bonaparte” gives “one visitor”. The phrase ends at punctuation, a
    quote, a marker, a word such as “that” or “Monday”, or where the scene begins (“on”, “at” …).
    """
    tokens = unit.tokens
    last = index
    while (
        last < len(tokens)
        and last - index < DESCRIPTION_WORDS
        and (tokens[last].kind == "word" or tokens[last].text in APOSTROPHES)
        and tokens[last].lower not in DESCRIPTION_STOPS
        and (last == index or tokens[last].lower not in SCENE_PREPOSITIONS)
        and tokens[last].text not in SPEECH_VERBS
    ):
        last += 1
    while last > index and (tokens[last - 1].lower in PREPOSITIONS or tokens[last - 1].lower in DETERMINERS):
        last -= 1  # “officials on Monday”: the time word stopped it, and the preposition goes too
    if last == index:
        return "", tokens[index].end if index < len(tokens) else unit.sentence.end
    return _as_written(unit, tokens[index:last]), tokens[last - 1].end


def _phrase_backward(unit, position):
    """The words (tokens) ending at token `position` that name a verb's subject: “Residents near the
    station” in “Residents near the station said”."""
    tokens = unit.tokens
    first = position
    while (
        first > 0
        and position - first < DESCRIPTION_WORDS - 1
        and (tokens[first - 1].kind == "word" or tokens[first - 1].text in APOSTROPHES)
        and tokens[first - 1].lower not in DESCRIPTION_STOPS
        and tokens[first - 1].text not in SPEECH_VERBS
    ):
        first -= 1
    while first < position and (tokens[first].lower in PREPOSITIONS or tokens[first].text in APOSTROPHES):
        first += 1
    return tokens[first : position + 1]


def _as_written(unit, words):
    """The text of `words`, its first letter lowered when it is a common word capitalised only
    because it opens the sentence (“The ministry”, “Officials”)."""
    text = text_of(unit.paragraph, words)
    if text and (words[0].lower in DETERMINERS or words[0].text in NOT_NAMES):
        text = text[0].lower() + text[1:]
    return text


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


class _ByPosition:
    """Mentions sorted by position, the later of two at the same place last."""

    def __init__(self):
        self.positions = []
        self.mentions = []

    def __len__(self):
        return len(self.mentions)

    def insert(self, mention):
        index = bisect_right(self.positions, mention.position)
        self.positions.insert(index, mention.position)
        self.mentions.insert(index, mention)

    def latest_first(self, position):
        """The mentions before `position`, the latest first."""
        mentions = self.mentions
        return (mentions[index] for index in range(bisect_left(self.positions, position) - 1, -1, -1))

    def first_from(self, position):
        """The first mention at or after `position`, or None."""
        index = bisect_left(self.positions, position)
        return self.mentions[index] if index < len(self.mentions) else None


NOBODY = _ByPosition()  # never added to


def _runs_of(words, longest):
    """The distinct runs of `words` (tuples) of one to `longest` words."""
    return {
        words[start : start + length]
        for length in range(1, min(longest, len(words)) + 1)
        for start in range(len(words) - length + 1)
    }


def _sharing_words(items, by_word, words, none=NOBODY):
    """The shortest of the `by_word` collections for `words`: those of `items` that may hold them all.

    `none` stands for a word that nothing holds.
    """
    if not words:
        return items
    if len(words) == 1:
        return by_word.get(words[0], none)
    return min((by_word.get(word, none) for word in words), key=len)


def _role_words(mention):
    return (mention.role or (mention.person.role if mention.person else "")).lower().split()


def _last_ending_by(anchors, offset):
    """The last of `anchors` (in the order found) that ends at or before `offset`, or None.

    Anchors are found in the order of their verbs and end a few words after them at most,
    so the search passes over few.
    """
    for anchor in reversed(anchors):
        if anchor.end <= offset:
            return anchor
    return None
