"""The readable difference between two versions of a brief (plain Python)."""

from editorial.briefdiff import (
    ADDED,
    CHANGED,
    REMOVED,
    SAME,
    BriefSnapshot,
    Byline,
    Citation,
    ItemDiff,
    Quote,
    Segment,
    diff_body,
    diff_briefs,
    diff_words,
)


def snapshot(**overrides):
    fields = {
        "headline": "Bridge reopens",
        "slug": "bridge-reopens",
        "standfirst": "",
        "body": "The bridge reopened.[0]",
        "citations": (Citation(0, 1, "Report (Paper, 1 Jan 2024)"),),
        "quotes": (Quote("soon", 7, "Kim Lo"),),
        "bylines": (Byline(3, "Sam Byline"),),
        **overrides,
    }
    return BriefSnapshot(**fields)


def test_words_show_what_was_removed_and_added_without_the_punctuation_around_them():
    assert diff_words("It rose.[0] Then", "It fell sharply.[0] Then") == (
        Segment(SAME, "It "),
        Segment(REMOVED, "rose"),
        Segment(ADDED, "fell sharply"),
        Segment(SAME, ".[0] Then"),
    )


def test_a_new_marker_is_shown_as_added():
    assert diff_words("Rain fell.", "Rain fell.[2]") == (Segment(SAME, "Rain fell."), Segment(ADDED, "[2]"))


def test_paragraphs_added_removed_and_changed():
    old = "One.\n\nTwo.\n\nThree."
    new = "One.\n\nTwo, revised.\n\nFour."

    kinds = [paragraph.kind for paragraph in diff_body(old, new)]

    assert kinds == [SAME, CHANGED, CHANGED]
    assert [p.kind for p in diff_body("One.", "One.\n\nTwo.")] == [SAME, ADDED]
    assert [p.kind for p in diff_body("One.\n\nTwo.", "Two.")] == [REMOVED, SAME]


def test_a_marker_that_now_cites_another_source_is_a_changed_reference():
    new = snapshot(
        citations=(Citation(0, 2, "Other (Wire, 2 Jan 2024)"), Citation(1, 1, "Report (Paper, 1 Jan 2024)"))
    )

    diff = diff_briefs(snapshot(), new)

    assert diff.citations == (
        ItemDiff(CHANGED, "Other (Wire, 2 Jan 2024)", old_text="Report (Paper, 1 Jan 2024)"),
        ItemDiff(ADDED, "Report (Paper, 1 Jan 2024)"),
    )
    assert diff.changed_fields == ["citations"]


def test_speakers_and_bylines_are_compared():
    new = snapshot(quotes=(Quote("soon", None, ""),), bylines=())

    diff = diff_briefs(snapshot(), new)

    assert diff.quotes == (ItemDiff(REMOVED, "“soon” — Kim Lo"), ItemDiff(ADDED, "“soon” — no speaker"))
    assert diff.bylines == (ItemDiff(REMOVED, "Sam Byline"),)


def test_identical_briefs_have_no_changes():
    assert not diff_briefs(snapshot(), snapshot()).has_changes


def test_same_content_ignores_how_sources_and_people_are_labelled():
    relabelled = snapshot(citations=(Citation(0, 1, "Report, renamed"),), bylines=(Byline(3, "Sam B."),))

    assert snapshot().same_content(relabelled)
    assert not snapshot().same_content(snapshot(body="Changed.[0]"))


def test_a_snapshot_survives_a_round_trip_through_json():
    original = snapshot()

    assert BriefSnapshot.from_json(original.as_json()) == original
