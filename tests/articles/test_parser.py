from datetime import date

import pytest

from brieftext.parser import (
    MAX_FILE_BYTES,
    BriefFormatError,
    format_brief,
    parse_body,
    parse_brief,
)

SEED_HEADLINE = "US Secretary of State Blinken Visits Israel to Reaffirm US Commitment and Urge De-Escalation"


def brief(*paragraphs, references=("0. “A title” An Outlet, 30 Jan. 2023,",)):
    """The text of a brief file: a headline, then body paragraphs, then reference lines."""
    return "\n\n".join(["Headline", *paragraphs, *references]) + "\n"


def rejection(data):
    with pytest.raises(BriefFormatError) as caught:
        parse_brief(data)
    return caught.value


# The seed


def test_seed_headline(seed_bytes):
    assert parse_brief(seed_bytes).headline == SEED_HEADLINE


def test_seed_has_four_paragraphs(seed_bytes):
    paragraphs = parse_brief(seed_bytes).paragraphs

    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("US Secretary of State Antony Blinken is in Israel this week")
    assert paragraphs[3].endswith("de-escalate the situation.")


def test_seed_has_five_references_numbered_0_to_4_dated_30_january_without_links(seed_bytes):
    references = parse_brief(seed_bytes).references

    assert [reference.key for reference in references] == [0, 1, 2, 3, 4]
    assert {reference.published_on for reference in references} == {date(2023, 1, 30)}
    assert [reference.url for reference in references] == [""] * 5


def test_seed_reference_outlets(seed_bytes):
    outlets = [reference.outlet for reference in parse_brief(seed_bytes).references]

    assert outlets == [
        "The Jerusalem Post",
        "Department of State",
        "Al Jazeera English",
        "Al Jazeera English",
        "The Guardian",
    ]


def test_seed_reference_titles_keep_inner_quotes_and_dashes(seed_bytes):
    titles = [reference.title for reference in parse_brief(seed_bytes).references]

    assert titles[0] == "Blinken hints broad consensus needed for Israel's judicial overhaul"
    assert titles[1].endswith("Before Their Meeting – United States Department of State")
    assert titles[3] == "Blinken urges calm, reaffirms ‘ironclad’ US support for Israel"


def test_seed_markers_in_reading_order(seed_bytes):
    assert [marker.key for marker in parse_brief(seed_bytes).markers] == [0, 1, 2, 3, 4, 4]


def test_seed_quotes(seed_bytes):
    assert [quote.text for quote in parse_brief(seed_bytes).quotes] == [
        "ironclad",
        "common commitment",
        "detrimental to Israel’s long-term security and its long-term identity as a Jewish and "
        "democratic state.",
        "urgent steps to restore calm.",
        "every visit of an American secretary of state is historic and important",
        "strengthens the relationship between our countries.",
    ]


def test_seed_ironclad_quote_is_flagged_for_stray_whitespace(seed_bytes):
    quotes = parse_brief(seed_bytes).quotes

    assert quotes[0].raw == " ironclad"
    assert [quote.has_stray_whitespace for quote in quotes] == [True, False, False, False, False, False]


def test_seed_sentences_without_a_marker(seed_bytes):
    parsed = parse_brief(seed_bytes)

    def has_marker(sentence):
        return any(
            marker.paragraph == sentence.paragraph and sentence.start <= marker.start < sentence.end
            for marker in parsed.markers
        )

    unmarked = [sentence.text for sentence in parsed.sentences if not has_marker(sentence)]

    assert len(unmarked) == 2
    assert unmarked[0].startswith("Israeli Foreign Minister Gabi Cohen reaffirmed")
    assert unmarked[1].startswith("In the coming days")


def test_seed_quotes_cite_the_marker_of_their_sentence(seed_bytes):
    parsed = parse_brief(seed_bytes)

    assert [parsed.body.cited_key(quote) for quote in parsed.quotes] == [1, 2, 2, 3, None, None]


def test_seed_line_numbers(seed_bytes):
    parsed = parse_brief(seed_bytes)

    assert [marker.line for marker in parsed.markers] == [3, 3, 5, 5, 7, 9]
    assert [reference.line for reference in parsed.references] == [11, 13, 15, 17, 19]


# Accepted variants


def test_bom_is_ignored(seed_bytes):
    assert parse_brief(b"\xef\xbb\xbf" + seed_bytes) == parse_brief(seed_bytes)


def test_crlf_line_endings_parse_like_lf(seed_bytes):
    assert parse_brief(seed_bytes.replace(b"\n", b"\r\n")) == parse_brief(seed_bytes)


def test_trailing_newline_is_optional(seed_bytes):
    assert not seed_bytes.endswith(b"\n")
    assert parse_brief(seed_bytes + b"\n") == parse_brief(seed_bytes)


def test_text_and_bytes_parse_alike(seed_bytes):
    assert parse_brief(seed_bytes.decode("utf-8")) == parse_brief(seed_bytes)


def test_numbering_may_start_at_1():
    parsed = parse_brief(
        brief(
            "One.[1] Two.[2]",
            references=["1. “First” Outlet, 30 Jan. 2023,", "2. “Second” Outlet, 30 Jan. 2023,"],
        )
    )

    assert [reference.key for reference in parsed.references] == [1, 2]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("3 February 2023", date(2023, 2, 3)),
        ("7 Sept. 2023", date(2023, 9, 7)),
        ("7 Sep. 2023", date(2023, 9, 7)),
        ("7 September 2023", date(2023, 9, 7)),
        ("12 May 2023", date(2023, 5, 12)),
        ("1 Aug. 2023", date(2023, 8, 1)),
        ("29 Feb. 2024", date(2024, 2, 29)),
    ],
)
def test_date_spellings(written, expected):
    parsed = parse_brief(brief("Body.[0]", references=[f"0. “Title” Outlet, {written},"]))

    assert parsed.references[0].published_on == expected


def test_reference_with_link():
    parsed = parse_brief(
        brief("Body.[0]", references=["0. “Title” Outlet, 7 Sept. 2023, https://example.org/story?id=1"])
    )

    assert parsed.references[0].url == "https://example.org/story?id=1"
    assert parsed.references[0].outlet == "Outlet"


def test_blank_lines_between_references_are_optional():
    parsed = parse_brief(
        "Headline\n\nBody.[0][1]\n\n0. “One” Outlet, 30 Jan. 2023,\n1. “Two” Outlet, 30 Jan. 2023,\n"
    )

    assert [reference.line for reference in parsed.references] == [5, 6]


def test_lines_of_a_paragraph_join_with_a_space():
    parsed = parse_brief(
        "Headline\n\nFirst line of the paragraph\nand its second line.[0]\n\n"
        "0. “Title” Outlet, 30 Jan. 2023,\n"
    )

    assert parsed.paragraphs == ("First line of the paragraph and its second line.[0]",)
    assert parsed.markers[0].line == 4


@pytest.mark.parametrize(
    "title",
    [
        "Blinken urges calm, reaffirms ‘ironclad’ US support",
        "Israel's judicial overhaul",
        "US not interested in pressing Israel: Experts",
        "Meeting – United States Department of State",
        "Smith—and Jones — talk: ‘it's done’",
    ],
)
def test_titles_keep_single_quotes_apostrophes_colons_and_dashes(title):
    parsed = parse_brief(brief("Body.[0]", references=[f"0. “{title}” The Outlet, 30 Jan. 2023,"]))

    assert parsed.references[0].title == title
    assert parsed.references[0].outlet == "The Outlet"


def test_straight_quotes_in_the_body_are_quotes():
    parsed = parse_brief(brief('He called the talks "very productive" on Monday.[0]'))

    assert [quote.text for quote in parsed.quotes] == ["very productive"]


def test_nested_single_quotes_stay_inside_the_double_quote():
    parsed = parse_brief(brief("She said “the word ‘ironclad’ was chosen with care” today.[0]"))

    assert [quote.text for quote in parsed.quotes] == ["the word ‘ironclad’ was chosen with care"]


def test_a_quote_may_span_sentences():
    parsed = parse_brief(brief("He said: “We came. We talked.” Then he left.[0]"))

    assert [quote.text for quote in parsed.quotes] == ["We came. We talked."]


def test_a_quote_spanning_sentences_cites_the_marker_after_it():
    body = parse_body("He said: “We came. We talked.”[0] Then he left.[1]")

    assert [body.cited_key(quote) for quote in body.quotes] == [0]


@pytest.mark.parametrize(
    "paragraph",
    ["[0] Before “the quote” is not a citation.", "He said “yes.” The next sentence cites.[0]"],
)
def test_a_marker_outside_the_quotes_sentence_does_not_cite_it(paragraph):
    body = parse_body(paragraph)

    assert [body.cited_key(quote) for quote in body.quotes] == [None]


def test_a_body_without_markers_needs_no_reference_list():
    parsed = parse_brief("Headline\n\nA body that cites nothing.\n")

    assert parsed.references == ()
    assert parsed.paragraphs == ("A body that cites nothing.",)


def test_html_is_kept_as_text():
    parsed = parse_brief(brief("<script>alert(1)</script> happened.[0]"))

    assert parsed.paragraphs[0] == "<script>alert(1)</script> happened.[0]"


def test_format_brief_round_trips_the_seed(seed_bytes):
    parsed = parse_brief(seed_bytes)
    references = [
        (reference.key, reference.title, reference.outlet, reference.published_on, reference.url)
        for reference in parsed.references
    ]

    assert parse_brief(format_brief(parsed.headline, parsed.paragraphs, references)) == parsed


def test_parse_body_reads_a_stored_body():
    body = parse_body("First “quote”.[0]\n\nSecond.[1]")

    assert body.paragraphs == ("First “quote”.[0]", "Second.[1]")
    assert [marker.key for marker in body.markers] == [0, 1]
    assert body.text == "First “quote”.[0]\n\nSecond.[1]"


# Rejections: each names the line and says what is wrong


@pytest.mark.parametrize("data", [b"", "", b"   \n\n\t \n", "\r\n\r\n"])
def test_empty_or_blank_file_is_rejected(data):
    error = rejection(data)

    assert error.line == 1
    assert "empty" in error.reason


def test_headline_without_body_is_rejected():
    error = rejection("Headline only\n")

    assert error.line == 2
    assert "no body" in error.reason


def test_headline_followed_by_references_is_rejected_as_no_body():
    error = rejection("Headline\n\n0. “Title” Outlet, 30 Jan. 2023,\n")

    assert error.line == 2
    assert "no body" in error.reason


def test_file_starting_with_a_reference_is_rejected():
    error = rejection("0. “Title” Outlet, 30 Jan. 2023,\n\nBody.\n")

    assert error.line == 1
    assert "headline" in error.reason


def test_markers_without_a_reference_list_are_rejected():
    error = rejection("Headline\n\nNo markers here.\n\nThis one cites.[3]\n")

    assert error.line == 5
    assert error.reason == "marker [3] but the file has no reference list"


def test_first_reference_without_curly_quoted_title_is_rejected():
    error = rejection(brief("Body.[0]", references=["0. A title without quotes Outlet, 30 Jan. 2023,"]))

    assert error.line == 5
    assert "curly quotes" in error.reason


def test_reference_in_the_middle_without_curly_quoted_title_is_rejected():
    error = rejection(
        brief(
            "Body.[0][1][2]",
            references=[
                "0. “First” Outlet, 30 Jan. 2023,",
                '1. "Straight quoted title" Outlet, 30 Jan. 2023,',
                "2. “Third” Outlet, 30 Jan. 2023,",
            ],
        )
    )

    assert error.line == 7
    assert "curly quotes" in error.reason


def test_reference_title_without_closing_quote_is_rejected():
    error = rejection(brief("Body.[0]", references=["0. “Unclosed title Outlet, 30 Jan. 2023,"]))

    assert error.line == 5
    assert "no closing ”" in error.reason


@pytest.mark.parametrize("written", ["2023-01-30", "Jan. 30 2023", "30/01/2023", "last Monday"])
def test_unparseable_date_is_rejected(written):
    error = rejection(brief("Body.[0]", references=[f"0. “Title” Outlet, {written},"]))

    assert error.line == 5
    assert "DAY MONTH YEAR" in error.reason


def test_reference_without_date_is_rejected():
    error = rejection(brief("Body.[0]", references=["0. “Title” Outlet,"]))

    assert error.line == 5
    assert "DAY MONTH YEAR" in error.reason


@pytest.mark.parametrize("written", ["31 Feb. 2023", "29 Feb. 2023", "31 April 2023", "0 Jan. 2023"])
def test_impossible_date_is_rejected(written):
    error = rejection(brief("Body.[0]", references=[f"0. “Title” Outlet, {written},"]))

    assert error.line == 5
    assert error.reason == f"impossible date {written}"


def test_unknown_month_is_rejected():
    error = rejection(brief("Body.[0]", references=["0. “Title” Outlet, 30 Jam. 2023,"]))

    assert error.line == 5
    assert error.reason == "unknown month 'Jam.' in the date"


def test_duplicate_reference_numbers_are_rejected():
    error = rejection(
        brief(
            "Body.[0][1]",
            references=[
                "0. “First” Outlet, 30 Jan. 2023,",
                "1. “Second” Outlet, 30 Jan. 2023,",
                "1. “Third” Outlet, 30 Jan. 2023,",
            ],
        )
    )

    assert error.line == 9
    assert error.reason == "reference 1 is numbered twice (first on line 7)"


def test_gap_in_reference_numbers_is_rejected():
    error = rejection(
        brief(
            "Body.[0][1]",
            references=[
                "0. “First” Outlet, 30 Jan. 2023,",
                "1. “Second” Outlet, 30 Jan. 2023,",
                "3. “Fourth” Outlet, 30 Jan. 2023,",
            ],
        )
    )

    assert error.line == 9
    assert error.reason == "reference numbering jumps from 1 to 3"


def test_numbering_starting_at_2_is_rejected():
    error = rejection(brief("Body.[2]", references=["2. “Title” Outlet, 30 Jan. 2023,"]))

    assert error.line == 5
    assert error.reason == "reference numbering starts at 2; start at 0 or 1"


def test_invalid_utf8_is_rejected_at_the_line_of_the_bad_byte():
    data = brief("Fine paragraph.[0]", "A bad \xff byte.").encode("utf-8").replace(b"\xc3\xbf", b"\xff")

    error = rejection(data)

    assert error.line == 5
    assert error.reason == "file is not UTF-8 text"


def test_latin1_file_is_rejected():
    error = rejection("Headline\n\nCafé au lait.\n".encode("latin-1"))

    assert error.line == 3
    assert "not UTF-8" in error.reason


def test_nul_byte_is_rejected():
    error = rejection(brief("Fine.[0]", "Has a \x00 byte.[0]").encode("utf-8"))

    assert error.line == 5
    assert error.reason == "NUL byte is not allowed in a brief"


def test_control_character_is_rejected():
    error = rejection(brief("Has a \x1b escape.[0]"))

    assert error.line == 3
    assert "U+001B" in error.reason


def test_file_over_1_mb_is_rejected():
    data = brief("Padding." * (MAX_FILE_BYTES // 8)).encode("utf-8")
    assert len(data) > MAX_FILE_BYTES

    error = rejection(data)

    assert error.line == 1
    assert "at most 1,000,000" in error.reason


def test_file_of_exactly_1_mb_is_accepted():
    head, tail = b"Headline\n\nPadded", ".[0]\n\n0. “Title” Outlet, 30 Jan. 2023,\n".encode()
    data = head + b"x" * (MAX_FILE_BYTES - len(head) - len(tail)) + tail
    assert len(data) == MAX_FILE_BYTES

    assert parse_brief(data).headline == "Headline"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/file", "example.org/story"]
)
def test_non_web_link_is_rejected(url):
    error = rejection(brief("Body.[0]", references=[f"0. “Title” Outlet, 30 Jan. 2023, {url}"]))

    assert error.line == 5
    assert error.reason == f"link {url!r} is not an http:// or https:// URL"


def test_unclosed_curly_quote_is_rejected_at_its_line():
    error = rejection(
        "Headline\n\nA paragraph that starts well\nand then “opens a quote.[0]\n\n"
        "0. “Title” Outlet, 30 Jan. 2023,\n"
    )

    assert error.line == 4
    assert error.reason == "quotation mark “ is not closed before the end of the paragraph"


def test_closing_curly_quote_without_opening_is_rejected():
    error = rejection(brief("Fine.[0]", "He said it was fine.” Then left.[0]"))

    assert error.line == 5
    assert error.reason == "closing quotation mark ” without an opening “"


def test_unbalanced_straight_quote_is_rejected():
    error = rejection(brief('He said "it is over.[0]'))

    assert error.line == 3
    assert error.reason == 'straight quotation mark " is not closed before the end of the paragraph'


def test_a_quote_may_not_run_across_paragraphs():
    error = rejection(brief("He said “the first part.[0]", "And the rest.” Then left.[0]"))

    assert error.line == 3
    assert "not closed" in error.reason


def test_error_message_names_the_line():
    error = rejection("")

    assert str(error) == "line 1: file is empty"
