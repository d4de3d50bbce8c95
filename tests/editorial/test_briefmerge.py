"""The three-way merge of briefs (plain Python)."""

from editorial.briefdiff import BriefSnapshot, Byline, Citation, Quote
from editorial.briefmerge import merge_briefs

BODY = "One.[0]\n\nTwo said “yes”.[0]\n\nThree.[0]"


def snapshot(**overrides):
    fields = {
        "headline": "Bridge reopens",
        "slug": "bridge-reopens",
        "standfirst": "",
        "body": BODY,
        "citations": (Citation(0, 1, "Report (Paper, 1 Jan 2024)"),),
        "quotes": (Quote("yes", None, ""),),
        "bylines": (Byline(3, "Sam Byline"),),
        **overrides,
    }
    return BriefSnapshot(**fields)


def test_a_change_on_one_side_is_taken():
    base = snapshot()

    merge = merge_briefs(base, snapshot(standfirst="Theirs."), base)

    assert merge.merged == snapshot(standfirst="Theirs.")
    assert (merge.conflicts, merge.taken) == ((), ("Standfirst",))


def test_the_same_change_on_both_sides_is_taken_once():
    changed = snapshot(body=BODY.replace("One", "First"))

    merge = merge_briefs(snapshot(), changed, changed)

    assert (merge.merged, merge.conflicts, merge.taken) == (changed, (), ())


def test_neighbouring_paragraphs_changed_on_each_side_merge():
    merge = merge_briefs(
        snapshot(), snapshot(body=BODY.replace("One", "First")), snapshot(body=BODY.replace("Two", "Second"))
    )

    assert merge.merged.body == "First.[0]\n\nSecond said “yes”.[0]\n\nThree.[0]"
    assert (merge.conflicts, merge.taken) == ((), ("Body, paragraph 1",))


def test_a_paragraph_added_on_one_side_and_one_changed_on_the_other_merge():
    merge = merge_briefs(
        snapshot(), snapshot(body=BODY + "\n\nFour.[0]"), snapshot(body=BODY.replace("Three", "Third"))
    )

    assert merge.merged.body == "One.[0]\n\nTwo said “yes”.[0]\n\nThird.[0]\n\nFour.[0]"


def test_the_same_paragraph_changed_differently_conflicts_and_keeps_mine_until_chosen():
    theirs, mine = snapshot(body=BODY.replace("One", "Uno")), snapshot(body=BODY.replace("One", "Eins"))

    merge = merge_briefs(snapshot(), theirs, mine)

    (conflict,) = merge.conflicts
    assert (conflict.id, conflict.label) == ("body-0", "Body, paragraph 1")
    assert (conflict.base, conflict.theirs, conflict.mine) == (("One.[0]",), ("Uno.[0]",), ("Eins.[0]",))
    assert merge.merged.body == mine.body
    assert merge_briefs(snapshot(), theirs, mine, {"body-0": "theirs"}).merged.body == theirs.body


def test_references_merge_by_marker():
    theirs = snapshot(citations=(Citation(0, 1, "Report"), Citation(1, 2, "Theirs")))
    mine = snapshot(citations=(Citation(0, 5, "Mine"),))

    merge = merge_briefs(snapshot(), theirs, mine)

    assert merge.merged.citations == (Citation(0, 5, "Mine"), Citation(1, 2, "Theirs"))
    assert merge.conflicts == ()


def test_one_marker_pointed_at_two_sources_conflicts():
    merge = merge_briefs(
        snapshot(),
        snapshot(citations=(Citation(0, 2, "Theirs"),)),
        snapshot(citations=(Citation(0, 5, "Mine"),)),
    )

    (conflict,) = merge.conflicts
    assert (conflict.id, conflict.theirs, conflict.mine) == ("citation-0", ("Theirs",), ("Mine",))


def test_speakers_merge_by_the_quoted_words():
    theirs = snapshot(quotes=(Quote("yes", 7, "Kim Lo"),))
    mine = snapshot(body=BODY.replace("One", "First"))

    merge = merge_briefs(snapshot(), theirs, mine)

    assert merge.merged.quotes == (Quote("yes", 7, "Kim Lo"),)
    assert merge.merged.body == mine.body


def test_two_speakers_for_one_quote_conflict():
    merge = merge_briefs(
        snapshot(),
        snapshot(quotes=(Quote("yes", 7, "Kim Lo"),)),
        snapshot(quotes=(Quote("yes", 8, "Ana Ruiz"),)),
    )

    (conflict,) = merge.conflicts
    assert (conflict.label, conflict.theirs, conflict.mine) == (
        "Speaker of “yes”",
        ("Kim Lo",),
        ("Ana Ruiz",),
    )


def test_bylines_added_on_both_sides_merge():
    theirs = snapshot(bylines=(Byline(1, "Ana"), Byline(3, "Sam Byline")))
    mine = snapshot(bylines=(Byline(3, "Sam Byline"), Byline(4, "Kim")))

    merge = merge_briefs(snapshot(), theirs, mine)

    assert merge.merged.bylines == (Byline(1, "Ana"), Byline(3, "Sam Byline"), Byline(4, "Kim"))
    assert merge.conflicts == ()
