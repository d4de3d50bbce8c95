"""The brief-text pipeline on half-megabyte inputs of the shapes that once took it minutes.

Each input is one a security report timed: a reference line padded with spaces, one
long sentence of speech verbs, thousands of cited sentences, a paragraph of one-letter
lines. At this size, work quadratic in the input would keep the suite busy for hours,
so these tests show the parser, sentence splitter, speaker rules, checker and renderer
keep their pace; what they assert is that the answers are right. Last, a property-based
test draws texts of up to a megabyte, built by repeating drawn pieces: each is read,
checked and rendered consistently, or refused at a line.
"""

import re
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brieftext.attribution import check_brief
from brieftext.footnotes import render_body
from brieftext.parser import MAX_FILE_BYTES, BriefFormatError, parse_brief
from brieftext.speakers import KnownPerson

SIZE = 500_000
REFERENCE = "0. “Title” Outlet, 30 Jan. 2023, https://example.org/story"


def brief(body, references=(REFERENCE,)):
    """A brief file (bytes) with `body` between a headline and `references`."""
    return "\n\n".join(["Headline", body, *references]).encode()


def repeated(piece, size=SIZE):
    """`piece` repeated to about `size` bytes, and how many times."""
    count = size // len(piece.encode())
    return piece * count, count


def flagged(body, report):
    """render_body's reviewer flags for `report`, as the preview sets them."""
    sentences = {(sentence.paragraph + 1, sentence.index + 1): sentence for sentence in body.sentences}
    return {
        "flagged_sentences": [
            sentences[finding.paragraph, finding.sentence]
            for finding in report.findings
            if finding.code == "uncited-sentence"
        ],
        "flagged_quotes": {
            number
            for number, (quote, attribution) in enumerate(
                zip(body.quotes, report.attributions, strict=True), start=1
            )
            if attribution.name is None or body.cited_key(quote) is None
        },
    }


# The reference list


def test_a_reference_line_padded_with_spaces_and_no_date_is_refused_at_its_line():
    data = brief("Body.[0]", ["0. “T”" + " " * SIZE + "x"])

    with pytest.raises(BriefFormatError) as raised:
        parse_brief(data)

    assert raised.value.line == 5
    assert raised.value.reason == "after the title expected: Outlet, DAY MONTH YEAR, and optionally a URL"


def test_spaces_around_an_outlet_are_not_part_of_its_name():
    padding = " " * (SIZE // 2)
    data = brief("Body.[0]", [f"0. “T”{padding}The Outlet{padding}, 30 Jan. 2023,"])

    (reference,) = parse_brief(data).references

    assert (reference.outlet, reference.published_on) == ("The Outlet", date(2023, 1, 30))


def test_an_outlet_of_nothing_but_spaces_is_refused():
    with pytest.raises(BriefFormatError) as raised:
        parse_brief(brief("Body.[0]", ["0. “T”" + " " * SIZE + ", 30 Jan. 2023,"]))

    assert (raised.value.line, raised.value.reason) == (5, "reference has no outlet")


def test_a_body_line_of_a_number_and_spaces_is_body_not_a_reference():
    parsed = parse_brief(brief("0." + " " * SIZE + "x.[0]"))

    assert len(parsed.paragraphs) == 1
    assert len(parsed.references) == 1
    assert [sentence.text for sentence in parsed.sentences] == [parsed.paragraphs[0]]


def test_a_long_reference_list_is_read_and_checked_whole():
    references = [
        f"{key}. “Title {key}” Outlet, 30 Jan. 2023, https://example.org/{key}" for key in range(8000)
    ]
    body = " ".join(f"Sentence {key}.[{key}]" for key in range(8000))

    parsed = parse_brief(brief(body, references))
    report = check_brief(parsed.body, parsed.references)

    assert [reference.key for reference in parsed.references] == list(range(8000))
    assert report.findings == ()
    assert [footnote.key for footnote, _ in report.footnotes] == list(range(8000))


# The body


def test_one_sentence_of_speech_verbs_gives_its_quote_to_the_speaker():
    body, _ = repeated("Smith said, ")
    parsed = parse_brief(brief(body + "“Yes.”[0]"))

    report = check_brief(parsed.body, parsed.references, [KnownPerson("John Smith", ("Smith",))])

    assert len(parsed.sentences) == 1
    assert [(attribution.name, attribution.how) for attribution in report.attributions] == [
        ("John Smith", "named")
    ]
    assert report.findings == ()


def test_every_quote_of_one_long_sentence_is_attributed_and_cited():
    body, count = repeated("“No,” Smith said, ")
    parsed = parse_brief(brief(body + "“Yes.”[0]"))

    report = check_brief(parsed.body, parsed.references, [KnownPerson("John Smith", ("Smith",))])
    rendered = render_body(parsed.body, {0}, **flagged(parsed.body, report))

    assert len(parsed.sentences) == 1
    assert len(report.attributions) == count + 1
    assert {attribution.name for attribution in report.attributions[:-1]} == {"John Smith"}
    assert set(report.quote_keys) == {0}
    assert report.findings == ()
    assert rendered.html.count("<q ") == count + 1
    assert "flag-unattributed" not in rendered.html


def test_each_of_many_cited_sentences_is_counted_and_linked_to_its_footnote():
    body, count = repeated("Word.[0] ")
    parsed = parse_brief(brief(body))

    report = check_brief(parsed.body, parsed.references)
    rendered = render_body(parsed.body, {0}, **flagged(parsed.body, report))

    assert (len(parsed.sentences), report.cited_sentence_count) == (count, count)
    assert report.findings == ()
    assert rendered.html.count('href="#cite-note-1"') == count
    (footnote,) = rendered.footnotes
    assert len(footnote.anchors) == count == len(set(footnote.anchors))


def test_each_of_many_uncited_sentences_is_reported_and_marked():
    body, count = repeated("Word. ")
    parsed = parse_brief(brief(body + "Cited.[0]"))

    report = check_brief(parsed.body, parsed.references)
    rendered = render_body(parsed.body, {0}, **flagged(parsed.body, report))

    uncited = [finding for finding in report.findings if finding.code == "uncited-sentence"]
    assert [finding.sentence for finding in uncited] == list(range(1, count + 1))
    assert all("such as footnote 1 (“" in finding.message for finding in uncited)
    assert rendered.html.count('<mark class="flag-uncited">') == count


def test_a_paragraph_of_one_letter_lines_is_one_sentence_whose_marker_names_its_last_line():
    body, count = repeated("a\nB\n")
    parsed = parse_brief(brief(body + ".[0]"))

    report = check_brief(parsed.body, parsed.references)

    assert len(parsed.paragraphs) == len(parsed.sentences) == 1
    (marker,) = parsed.markers
    assert marker.line == 3 + 2 * count  # after the headline, a blank line and the letters
    assert report.cited_sentence_count == 1


def test_a_paragraph_of_lines_of_a_common_word_names_nobody():
    """`A A A …`: one run of capitalised words, each of which opens sentences rather than names."""
    body, count = repeated("A\n")
    parsed = parse_brief(brief(body + "Said.[0]"))

    report = check_brief(parsed.body, parsed.references)

    assert len(parsed.sentences) == 1
    assert report.attributions == ()
    assert report.findings == ()
    assert parsed.markers[0].line == 3 + count


def test_many_short_paragraphs_each_with_a_quote_are_attributed_in_order():
    body, count = repeated("“Soon,” Cohen said.[0]\n\n")
    parsed = parse_brief(brief(body.strip()))

    report = check_brief(parsed.body, parsed.references, [KnownPerson("Gabi Cohen", ("Cohen",))])

    assert len(parsed.paragraphs) == len(parsed.quotes) == count
    assert [attribution.quote.paragraph for attribution in report.attributions] == list(range(count))
    assert {attribution.name for attribution in report.attributions} == {"Gabi Cohen"}
    assert report.findings == ()


def test_a_long_run_of_names_is_matched_against_earlier_ones_word_by_word():
    """The second run agrees with the first for thousands of words, then differs: it names nobody."""
    names, count = repeated("Ab ", SIZE // 4)
    half = "Ab " * (count // 2)
    body = f"Minister {names}said “one”.[0] {half}Cd said “two”.[0] {half}said “three”.[0]"

    parsed = parse_brief(brief(body))
    report = check_brief(parsed.body, parsed.references)

    assert [(attribution.name, attribution.how) for attribution in report.attributions] == [
        (names.strip(), "named"),
        (None, None),
        (names.strip(), "named"),
    ]
    # A description of a speaker is at most ten words, whatever stands before them.
    assert report.attributions[1].reason == f"“{'Ab ' * 9}Cd said” does not name a person"


def test_a_file_just_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(BriefFormatError) as raised:
        parse_brief(brief("x" * MAX_FILE_BYTES))

    assert raised.value.line == 1
    assert raised.value.reason.endswith("a brief file may be at most 1,000,000")


# Any text


# Quote marks come mostly in pairs: a lone one refuses the whole file.
PIECES = [
    "‘", "’", "'", "“Yes,” ", "“We will act.” ", '"No," ', "“Why now?” ", "“a “nested” quote” ",
    "“ stray ”", "“Soon.”[0] ", "“Fine,”[1] ", "[", "]", "[0]", "[1]", "[2]", "[9]", "[123456]",
    "[1234567]", "0", "7", "2023", ".", ". ", "?", "!", "…", "“Why?”", "“Yes,”", ",", ";", "—", "-",
    "(", ")", " ", "  ", "\n", "\n\n", "said", " said ", "says", "told", "saying", "according to",
    "and", "who", "the", "minister", "the foreign minister", "He", "She", "Smith", "Cohen",
    "Gabi Cohen", "Minister", "Mr.", "Dr.", "U.S.", "Al-Hassan", "de", "Officials", "x", "é", "0. ",
    "1. ", "“T” Outlet, 30 Jan. 2023,",
]  # fmt: skip
REFERENCE_LISTS = [
    (),
    (REFERENCE,),
    (
        REFERENCE,
        "1. “Other” Outlet, 7 Sept. 2023,",
        "2. “Title” Outlet, 30 Jan. 2019, https://example.org/story",
    ),
]
PEOPLE = (KnownPerson("Gabi Cohen", ("Cohen",), "Foreign minister"), KnownPerson("John Smith", ("Smith",)))
pieces = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join)
stray_quote_marks = st.sampled_from(["", "", "", "", "", "", "“", "”", '"'])


@st.composite
def brief_files(draw):
    """A brief file of up to a megabyte: a piece of text repeated between two others.

    Repeating a drawn piece makes large inputs cheap to draw, and shapes like the ones
    above: one long sentence, thousands of paragraphs, a line padded out.
    """
    before, repeated_piece, after = draw(pieces), draw(pieces), draw(pieces) + draw(stray_quote_marks)
    references = draw(st.sampled_from(REFERENCE_LISTS))
    size = draw(st.sampled_from([1_000, 10_000, 100_000, MAX_FILE_BYTES]))
    rest = brief(before + after, references)
    count = max(1, (size - len(rest)) // len(repeated_piece.encode()))
    return brief(before + repeated_piece * count + after, references)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(brief_files())
def test_any_brief_is_read_checked_and_rendered_or_refused_at_a_line(data):
    try:
        parsed = parse_brief(data)
    except BriefFormatError as error:
        assert 1 <= error.line <= data.count(b"\n") + 1
        return
    body = parsed.body
    by_paragraph = {}
    for sentence in body.sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    for index, paragraph in enumerate(body.paragraphs):
        sentences = by_paragraph[index]
        assert [sentence.index for sentence in sentences] == list(range(len(sentences)))
        assert all(sentence.text == paragraph[sentence.start : sentence.end] for sentence in sentences)
        assert all(before.end <= after.start for before, after in pairwise(sentences))

    keys = {reference.key for reference in parsed.references}
    report = check_brief(body, parsed.references, PEOPLE)
    rendered = render_body(body, keys, **flagged(body, report))

    assert len(report.attributions) == len(report.quote_keys) == len(body.quotes)
    assert report.cited_sentence_count <= report.sentence_count == len(body.sentences)
    for finding in report.findings:
        if finding.sentence is not None:
            assert 1 <= finding.sentence <= len(by_paragraph[finding.paragraph - 1])
    # Every marker of a listed reference links to a footnote of one; every other is shown missing.
    footnotes = {f"#{footnote.id}": footnote for footnote in rendered.footnotes}
    links = re.findall(r'href="(#cite-note-\d+)"', rendered.html)
    assert set(links) <= footnotes.keys()
    assert {footnote.key for footnote in rendered.footnotes} <= keys
    cited = [marker for marker in body.markers if marker.key in keys]
    assert len(links) == len(cited) == sum(len(footnote.anchors) for footnote in rendered.footnotes)
    assert rendered.html.count("unresolved") == len(body.markers) - len(cited)
    assert rendered.html.count("<q ") == len(body.quotes)
