"""A brief's content at one moment, and a readable difference between two of them.

Plain Python, no Django: `BriefSnapshot` holds what an editor writes (headline,
slug, standfirst, body, references, quotes with their speakers, bylines) and
`diff_briefs(old, new)` says what changed, the body word by word within each
paragraph, the lists item by item. Templates render the segments, escaping
every piece.
"""

import re
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher

SAME, ADDED, REMOVED, CHANGED = "same", "added", "removed", "changed"


@dataclass(frozen=True)
class Citation:
    key: int
    source_id: int
    source: str  # how the source reads, e.g. "Title (Outlet, 30 Jan 2023)"

    def __str__(self):
        return self.source  # editors know a reference by its source, not by its marker


@dataclass(frozen=True)
class Quote:
    text: str
    speaker_id: int | None
    speaker: str  # the speaker's name, empty when nobody is named

    def __str__(self):
        return f"“{self.text}” — {self.speaker or 'no speaker'}"


@dataclass(frozen=True)
class Byline:
    person_id: int
    name: str

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class BriefSnapshot:
    headline: str
    slug: str
    standfirst: str
    body: str
    citations: tuple[Citation, ...] = ()  # by marker key
    quotes: tuple[Quote, ...] = ()  # in body order
    bylines: tuple[Byline, ...] = ()  # in byline order

    def content(self):
        """What identifies the content: labels of sources and people left out, as they change elsewhere."""
        return (
            self.headline,
            self.slug,
            self.standfirst,
            self.body,
            tuple((c.key, c.source_id) for c in self.citations),
            tuple((q.text, q.speaker_id) for q in self.quotes),
            tuple(b.person_id for b in self.bylines),
        )

    def same_content(self, other):
        return self.content() == other.content()

    def as_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        return cls(
            headline=data["headline"],
            slug=data["slug"],
            standfirst=data["standfirst"],
            body=data["body"],
            citations=tuple(Citation(**item) for item in data["citations"]),
            quotes=tuple(Quote(**item) for item in data["quotes"]),
            bylines=tuple(Byline(**item) for item in data["bylines"]),
        )


@dataclass(frozen=True)
class Segment:
    kind: str  # SAME, ADDED or REMOVED
    text: str


@dataclass(frozen=True)
class ParagraphDiff:
    kind: str  # SAME, ADDED, REMOVED or CHANGED
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class ItemDiff:
    kind: str  # SAME, ADDED, REMOVED or CHANGED
    text: str
    old_text: str = ""  # for CHANGED: what it was


@dataclass(frozen=True)
class BriefDiff:
    headline: tuple[Segment, ...]
    slug: tuple[Segment, ...]
    standfirst: tuple[Segment, ...]
    body: tuple[ParagraphDiff, ...]
    citations: tuple[ItemDiff, ...]
    quotes: tuple[ItemDiff, ...]
    bylines: tuple[ItemDiff, ...]

    @property
    def changed_fields(self):
        """Names of the parts that differ, in form order."""
        names = []
        for name in ("headline", "slug", "standfirst"):
            if any(segment.kind != SAME for segment in getattr(self, name)):
                names.append(name)
        if any(paragraph.kind != SAME for paragraph in self.body):
            names.append("body")
        for name in ("citations", "quotes", "bylines"):
            if any(item.kind != SAME for item in getattr(self, name)):
                names.append(name)
        return names

    @property
    def has_changes(self):
        return bool(self.changed_fields)


# White space, a citation marker, a word, or one other character: a changed word is shown
# without the punctuation and markers around it.
_TOKEN = re.compile(r"\s+|\[\d+\]|\w+|[^\w\s]")


def diff_words(old, new):
    """`old` turned into `new` as runs of same, removed and added text (whitespace kept)."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    segments = []
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            _append(segments, SAME, "".join(old_tokens[old_start:old_end]))
            continue
        _append(segments, REMOVED, "".join(old_tokens[old_start:old_end]))
        _append(segments, ADDED, "".join(new_tokens[new_start:new_end]))
    return tuple(segments)


def _append(segments, kind, text):
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))


def paragraphs_of(body):
    return [paragraph for paragraph in body.split("\n\n") if paragraph.strip()]


def diff_body(old, new):
    """Paragraph by paragraph; a changed paragraph is diffed word by word."""
    old_paragraphs, new_paragraphs = paragraphs_of(old), paragraphs_of(new)
    result = []
    matcher = SequenceMatcher(None, old_paragraphs, new_paragraphs, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        olds, news = old_paragraphs[old_start:old_end], new_paragraphs[new_start:new_end]
        if tag == "equal":
            result.extend(ParagraphDiff(SAME, (Segment(SAME, text),)) for text in olds)
            continue
        for old_text, new_text in zip(olds, news, strict=False):
            result.append(ParagraphDiff(CHANGED, diff_words(old_text, new_text)))
        result.extend(ParagraphDiff(REMOVED, (Segment(REMOVED, text),)) for text in olds[len(news) :])
        result.extend(ParagraphDiff(ADDED, (Segment(ADDED, text),)) for text in news[len(olds) :])
    return tuple(result)


def diff_items(old, new):
    """Two lists of strings, item by item, in the new order with removed items where they stood."""
    result = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            result.extend(ItemDiff(SAME, text) for text in old[old_start:old_end])
            continue
        result.extend(ItemDiff(REMOVED, text) for text in old[old_start:old_end])
        result.extend(ItemDiff(ADDED, text) for text in new[new_start:new_end])
    return tuple(result)


def diff_citations(old, new):
    """References by marker: a marker that now cites another source is CHANGED."""
    old_by_key = {citation.key: citation for citation in old}
    new_by_key = {citation.key: citation for citation in new}
    result = []
    for key in sorted(old_by_key.keys() | new_by_key.keys()):
        before, after = old_by_key.get(key), new_by_key.get(key)
        if before is None:
            result.append(ItemDiff(ADDED, str(after)))
        elif after is None:
            result.append(ItemDiff(REMOVED, str(before)))
        elif before.source_id != after.source_id:
            result.append(ItemDiff(CHANGED, str(after), old_text=str(before)))
        else:
            result.append(ItemDiff(SAME, str(after)))
    return tuple(result)


def diff_briefs(old, new):
    return BriefDiff(
        headline=diff_words(old.headline, new.headline),
        slug=diff_words(old.slug, new.slug),
        standfirst=diff_words(old.standfirst, new.standfirst),
        body=diff_body(old.body, new.body),
        citations=diff_citations(old.citations, new.citations),
        quotes=diff_items([str(quote) for quote in old.quotes], [str(quote) for quote in new.quotes]),
        bylines=diff_items([str(byline) for byline in old.bylines], [str(byline) for byline in new.bylines]),
    )
