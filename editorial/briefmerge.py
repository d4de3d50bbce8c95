"""A three-way merge of briefs: the version a form was opened at, the one stored since, the one submitted.

Plain Python, no Django. Changes made on one side only are taken; changes made
alike on both sides are taken once; different changes to the same field,
paragraph, reference, quote speaker or run of bylines are conflicts, each with
an id the merge screen names its choice by. `merge_briefs(..., choices)` applies
the choices made ("theirs" or "mine"); a conflict without one keeps "mine".
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from .briefdiff import BriefSnapshot, Quote, paragraphs_of

THEIRS, MINE = "theirs", "mine"


@dataclass(frozen=True)
class Conflict:
    """One part both sides changed, differently: `base`, `theirs` and `mine` as readable lines."""

    id: str  # "headline", "body-2", "citation-0", "speaker-1", "bylines-0"
    label: str  # "Body, paragraph 2"
    base: tuple[str, ...]
    theirs: tuple[str, ...]
    mine: tuple[str, ...]


@dataclass(frozen=True)
class BriefMerge:
    merged: BriefSnapshot  # with the choices applied; "mine" where none was made
    conflicts: tuple[Conflict, ...]
    taken: tuple[str, ...]  # labels of the parts taken from "theirs" without a conflict


@dataclass(frozen=True)
class _Chunk:
    base: tuple
    theirs: tuple
    mine: tuple


def _matched(base, other):
    """{index in base: index in other} of the items the two share, in order."""
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return {
        base_start + offset: other_start + offset
        for base_start, other_start, size in matcher.get_matching_blocks()
        for offset in range(size)
    }


def _chunks(base, theirs, mine):
    """diff3's split of three lists into stable items (all three alike) and the runs between them."""
    in_theirs, in_mine = _matched(base, theirs), _matched(base, mine)
    anchors = [index for index in range(len(base)) if index in in_theirs and index in in_mine]
    chunks, base_at, theirs_at, mine_at = [], 0, 0, 0
    for anchor in [*anchors, None]:
        if anchor is None:
            ends = len(base), len(theirs), len(mine)
        else:
            ends = anchor, in_theirs[anchor], in_mine[anchor]
        run = _Chunk(
            tuple(base[base_at : ends[0]]), tuple(theirs[theirs_at : ends[1]]), tuple(mine[mine_at : ends[2]])
        )
        if run.base or run.theirs or run.mine:
            # Items changed in place on both sides are merged one by one: a change to one
            # paragraph and a change to the next are not a conflict.
            if len(run.base) == len(run.theirs) == len(run.mine) > 1:
                chunks.extend(
                    _Chunk((b,), (t,), (m,)) for b, t, m in zip(run.base, run.theirs, run.mine, strict=True)
                )
            else:
                chunks.append(run)
        if anchor is not None:
            chunks.append(_Chunk((base[anchor],), (base[anchor],), (base[anchor],)))
            base_at, theirs_at, mine_at = anchor + 1, in_theirs[anchor] + 1, in_mine[anchor] + 1
    return chunks


def _pick(base, theirs, mine):
    """(value, who changed it alone or None, whether it conflicts)."""
    if theirs in (mine, base):
        return mine, None, False
    if mine == base:
        return theirs, THEIRS, False
    return mine, None, True


def _added_beside(chunk):
    """A run one side only added to, before or after the items the other side changed, merges."""
    size = len(chunk.base)
    if size:
        if chunk.theirs[:size] == chunk.base:
            return chunk.mine + chunk.theirs[size:], THEIRS, False
        if chunk.theirs[-size:] == chunk.base:
            return chunk.theirs[:-size] + chunk.mine, THEIRS, False
        if chunk.mine[:size] == chunk.base:
            return chunk.theirs + chunk.mine[size:], THEIRS, False
        if chunk.mine[-size:] == chunk.base:
            return chunk.mine[:-size] + chunk.theirs, THEIRS, False
    return chunk.mine, None, True


class _Merger:
    def __init__(self, choices):
        self.choices = choices
        self.conflicts = []
        self.taken = []

    def value(self, conflict_id, label, base, theirs, mine, show=str):
        value, taken, conflicting = _pick(base, theirs, mine)
        if taken:
            self.taken.append(label)
        if not conflicting:
            return value
        self.conflicts.append(Conflict(conflict_id, label, (show(base),), (show(theirs),), (show(mine),)))
        return theirs if self.choices.get(conflict_id) == THEIRS else mine

    def items(self, name, label, base, theirs, mine, show=str):
        merged, number = [], 0
        for chunk in _chunks(base, theirs, mine):
            value, taken, conflicting = _pick(chunk.base, chunk.theirs, chunk.mine)
            if conflicting:
                value, taken, conflicting = _added_beside(chunk)
            if taken:
                self.taken.append(label(number + 1))
            if conflicting:
                conflict_id = f"{name}-{len([c for c in self.conflicts if c.id.startswith(name + '-')])}"
                self.conflicts.append(
                    Conflict(
                        conflict_id,
                        label(number + 1),
                        tuple(map(show, chunk.base)),
                        tuple(map(show, chunk.theirs)),
                        tuple(map(show, chunk.mine)),
                    )
                )
                value = chunk.theirs if self.choices.get(conflict_id) == THEIRS else chunk.mine
            merged.extend(value)
            number += len(value)
        return merged


def _speakers(snapshot):
    """{(quote text, occurrence): Quote}: a quote is known by its words, as article_sync_quotes knows it."""
    found, seen = {}, {}
    for quote in snapshot.quotes:
        occurrence = seen[quote.text] = seen.get(quote.text, -1) + 1
        found[(quote.text, occurrence)] = quote
    return found


def merge_briefs(base, theirs, mine, choices=None):
    """Merge `mine` (submitted) and `theirs` (stored since), both made from `base`."""
    merger = _Merger(choices or {})
    fields = {
        name: merger.value(name, label, getattr(base, name), getattr(theirs, name), getattr(mine, name))
        for name, label in (
            ("headline", "Headline"),
            ("slug", "Address (slug)"),
            ("standfirst", "Standfirst"),
        )
    }
    body = merger.items(
        "body",
        lambda number: f"Body, paragraph {number}",
        paragraphs_of(base.body),
        paragraphs_of(theirs.body),
        paragraphs_of(mine.body),
    )

    def cited(snapshot):
        return {citation.key: citation for citation in snapshot.citations}

    citations = []
    old, stored, submitted = cited(base), cited(theirs), cited(mine)
    for key in sorted(old.keys() | stored.keys() | submitted.keys()):
        versions = [snapshot.get(key) for snapshot in (old, stored, submitted)]
        # A reference is its source: the source's label may differ between the snapshots.
        sources = {citation.source_id: citation for citation in versions if citation is not None}
        named = next(citation for citation in versions if citation is not None)
        chosen = merger.value(
            f"citation-{key}",
            f"Reference “{named.source}”",
            *(citation.source_id if citation else None for citation in versions),
            show=lambda source_id, key=key, sources=sources: (
                str(sources[source_id]) if source_id in sources else "no reference"
            ),
        )
        if chosen is not None:
            citations.append(sources[chosen])

    quotes, old, stored, submitted = [], _speakers(base), _speakers(theirs), _speakers(mine)
    named = {quote.speaker_id: quote.speaker for quote in (*base.quotes, *theirs.quotes, *mine.quotes)}
    for number, key in enumerate(
        sorted(old.keys() | stored.keys() | submitted.keys(), key=_in_order(mine, theirs))
    ):
        speaker_ids = [
            snapshot[key].speaker_id if key in snapshot else None for snapshot in (old, stored, submitted)
        ]
        if key not in stored or key not in submitted:
            if key not in stored and key not in submitted:
                continue
            speaker_id = (stored.get(key) or submitted[key]).speaker_id
        else:
            speaker_id = merger.value(
                f"speaker-{number}",
                f"Speaker of “{key[0]}”",
                *speaker_ids,
                show=lambda pk: named.get(pk) or "no speaker",
            )
        quotes.append(Quote(key[0], speaker_id, named.get(speaker_id, "")))

    bylines = merger.items(
        "bylines",
        lambda number: f"Bylines from the {_ordinal(number)}",
        base.bylines,
        theirs.bylines,
        mine.bylines,
    )
    merged = BriefSnapshot(
        **fields,
        body="\n\n".join(body),
        citations=tuple(citations),
        quotes=tuple(quotes),
        bylines=tuple(bylines),
    )
    return BriefMerge(merged=merged, conflicts=tuple(merger.conflicts), taken=tuple(merger.taken))


def _in_order(*snapshots):
    order = {}
    for snapshot in snapshots:
        for key in _speakers(snapshot):
            order.setdefault(key, len(order))
    return lambda key: order.get(key, len(order))


def _ordinal(number):
    return {1: "first", 2: "second", 3: "third"}.get(number, f"{number}th")


def changed_parts(old, new):
    """Labels of the parts `new` changed from `old`, as the merge names them ("Body, paragraph 2")."""
    return merge_briefs(old, new, old).taken
