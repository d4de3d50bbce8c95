import re

from brieftext.footnotes import render_body
from brieftext.parser import parse_body, parse_brief

LINK_RE = re.compile(r'<a id="(?P<id>[^"]+)" href="#(?P<href>[^"]+)" role="doc-noteref">\[(?P<n>\d+)\]</a>')


def links(html):
    return [(match["id"], match["href"], int(match["n"])) for match in LINK_RE.finditer(html)]


def test_footnotes_are_numbered_by_first_use_not_by_key():
    rendered = render_body(parse_body("First.[3] Second.[0] Third.[3]"), {0, 3})

    assert [(footnote.number, footnote.key) for footnote in rendered.footnotes] == [(1, 3), (2, 0)]
    assert links(rendered.html) == [
        ("cite-ref-1-a", "cite-note-1", 1),
        ("cite-ref-2-a", "cite-note-2", 2),
        ("cite-ref-1-b", "cite-note-1", 1),
    ]


def test_repeated_key_is_one_footnote_with_backlinks_a_and_b():
    rendered = render_body(parse_body("One.[4]\n\nTwo.[4]"), {4})

    (footnote,) = rendered.footnotes
    assert footnote.id == "cite-note-1"
    assert footnote.anchors == ("cite-ref-1-a", "cite-ref-1-b")
    assert footnote.backlinks == (("cite-ref-1-a", "a"), ("cite-ref-1-b", "b"))


def test_backlink_letters_continue_past_z():
    rendered = render_body(parse_body(" ".join(["Said.[0]"] * 28)), {0})

    letters = [letter for _, letter in rendered.footnotes[0].backlinks]
    assert letters[:3] == ["a", "b", "c"]
    assert letters[-3:] == ["z", "aa", "ab"]
    assert len(set(letters)) == 28


def test_marker_without_citation_is_shown_unresolved_without_a_link():
    rendered = render_body(parse_body("Cited.[0] Dangling.[7]"), {0})

    assert [footnote.key for footnote in rendered.footnotes] == [0]
    assert "[source 7 missing]" in rendered.html
    assert 'class="noteref unresolved"' in rendered.html
    assert rendered.html.count("<a ") == 1
    assert "#cite-note-2" not in rendered.html


def test_html_in_text_is_escaped():
    rendered = render_body(parse_body("<script>alert(1)</script> & “<b>bold</b>”.[0]"), {0})

    assert "<script>" not in rendered.html
    assert "<b>" not in rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in rendered.html
    assert '<q id="quote-1">&lt;b&gt;bold&lt;/b&gt;</q>' in rendered.html


def test_each_paragraph_is_a_p_element():
    rendered = render_body(parse_body("One.\n\nTwo."), set())

    assert rendered.html == "<p>One.</p>\n<p>Two.</p>"


def test_quotes_become_q_elements_without_stray_whitespace():
    rendered = render_body(parse_body("Called it “ ironclad” and “firm ”.[0]"), {0})

    assert '<q id="quote-1">ironclad</q>' in rendered.html
    assert '<q id="quote-2">firm</q>' in rendered.html
    assert "“" not in rendered.html


def test_seed_renders_five_footnotes_with_two_backlinks_on_the_fifth(seed_bytes):
    parsed = parse_brief(seed_bytes)

    rendered = render_body(parsed.body, {reference.key for reference in parsed.references})

    assert [footnote.number for footnote in rendered.footnotes] == [1, 2, 3, 4, 5]
    assert [len(footnote.anchors) for footnote in rendered.footnotes] == [1, 1, 1, 1, 2]
    assert [href for _, href, _ in links(rendered.html)] == [
        "cite-note-1", "cite-note-2", "cite-note-3", "cite-note-4", "cite-note-5", "cite-note-5",
    ]  # fmt: skip
