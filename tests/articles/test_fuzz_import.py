"""Property-based tests of the brief importer on generated briefs and mutations of them.

Every input is either imported or rejected with a BriefFormatError naming a line;
nothing else escapes, a rejection writes nothing, and a valid brief survives
export and re-import unchanged.
"""

import tempfile
from datetime import date
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.models import Article, Byline, Citation, Quote
from articles.services import article_export
from brieftext.parser import AP_MONTHS, MAX_FILE_BYTES, MONTHS, BriefFormatError, parse_brief
from editorial.services import brief_import
from sources.models import Outlet, Person, Source

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words a producer plausibly writes: accents, dotted and dotless i, Hebrew and Arabic (right to
# left), CJK, emoji sequences, combining and invisible marks, abbreviations and decimals. One
# draw per word keeps generation fast.
WORD = st.sampled_from(
    [
        "news", "Minister", "said", "talks", "visit", "calm", "steps", "the", "of", "and",
        "café", "naïve", "Straße", "İstanbul", "ılık", "Ångström", "Øresund", "Łódź",
        "שלום", "ירושלים", "מחר", "مرحبا", "القدس", "غدا", "日本語", "中文", "한국어",
        "😀", "🇮🇱", "👩‍💻", "e\u0301te", "right\u200fleft", "x\u200etext", "zero\u200bwidth",
        "U.S.", "Mr.", "Jan.", "e.g.", "vs.", "3.5", "co-operate", "mid–term", "<b>", "&amp;", "[x]",
    ]
)  # fmt: skip
ASCII_WORD = st.sampled_from(["a", "story", "world", "2023", "news", "x1", "long-path"])


def phrase(min_words=1, max_words=8):
    return st.lists(WORD, min_size=min_words, max_size=max_words).map(" ".join)


@st.composite
def quote(draw):
    words = draw(phrase(1, 6))
    if draw(st.booleans()):
        nested = draw(st.one_of(st.just(""), phrase(1, 3).map(lambda text: f" ‘{text}’")))
        stray = draw(st.sampled_from(["", " "]))
        return f"“{stray}{words}{nested}”"
    return f'"{words}"'


@st.composite
def sentence(draw, keys):
    parts = draw(st.lists(st.one_of(phrase(1, 6), quote()), min_size=1, max_size=3))
    text = " ".join(parts) + draw(st.sampled_from([".", "!", "?", "…"]))
    if keys and draw(st.booleans()):
        markers = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3))
        text += "".join(f"[{key}]" for key in markers)
    return text


@st.composite
def paragraph_lines(draw, keys):
    """A paragraph, written on one line or wrapped before some of its words."""
    text = " ".join(draw(st.lists(sentence(keys), min_size=1, max_size=3)))
    words = text.split(" ")
    # Wrapping before a number could make a line look like the start of the reference list.
    wraps = set(draw(st.lists(st.integers(1, len(words)), max_size=3)))
    lines, current = [], [words[0]]
    for index, word in enumerate(words[1:], start=1):
        if index in wraps and word[0].isalpha():
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    lines.append(" ".join(current))
    return text, lines


@st.composite
def reference_fields(draw, index, outlet_spellings):
    title = f"{draw(phrase(1, 8))} {index}"  # one source per reference
    if draw(st.booleans()):
        title += draw(st.sampled_from([": a ‘nested’ title", " – it's", " — “inner” words"]))
    # Without shared spellings each reference names its own outlet, distinct ignoring case.
    outlet = draw(st.sampled_from(outlet_spellings)) if outlet_spellings else f"{draw(phrase(1, 3))} {index}"
    published_on = draw(st.dates(min_value=date(1900, 1, 1)))
    url = ""
    if draw(st.booleans()):
        scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
        host = draw(ASCII_WORD)
        path = draw(st.lists(ASCII_WORD, max_size=3).map("/".join))
        url = f"{scheme}://{host}.example.org/{index}/{path}"
    return title, outlet, published_on, url


# Ways of writing one outlet's name that are equal ignoring case, by Python's rules or a
# database's: the Kelvin and Ångström signs lower-case to k and å, final sigma upper-cases to Σ.
OUTLET_SPELLINGS = [
    ["The Guardian", "THE GUARDIAN", "the guardian"],
    ["Kelvin Times", "\u212aelvin Times", "kelvin times"],
    ["Ångström Daily", "\u212bngström Daily", "ångström daily"],
    ["Νέας Εποχής", "ΝΈΑΣ ΕΠΟΧΉΣ", "νέασ εποχήσ"],
    ["İstanbul Gazette", "istanbul gazette", "ISTANBUL GAZETTE"],
    ["Straße Post", "STRASSE POST", "strasse post"],
]


def format_date_any(draw, value):
    """The date written with any month spelling the format accepts."""
    spellings = [name for name, number in MONTHS.items() if number == value.month]
    month = draw(st.sampled_from([*spellings, AP_MONTHS[value.month - 1]]))
    month = draw(st.sampled_from([month, month.capitalize()]))
    return f"{value.day} {month} {value.year}"


@st.composite
def brief_text(draw, shared_outlet=False):
    """(text, expected) for a valid brief; expected is what parsing it must yield.

    With `shared_outlet` the references name one outlet in spellings that differ in case.
    """
    first_key = draw(st.sampled_from([0, 1]))
    count = draw(st.integers(1, 5))
    keys = list(range(first_key, first_key + count))
    spellings = draw(st.sampled_from(OUTLET_SPELLINGS)) if shared_outlet else None
    references = [draw(reference_fields(index, spellings)) for index in range(count)]
    headline = draw(phrase(1, 12))
    paragraphs = [draw(paragraph_lines(keys)) for _ in range(draw(st.integers(1, 3)))]

    lines = [headline, ""]
    for _, paragraph in paragraphs:
        lines += [*paragraph, ""]
    for key, (title, outlet, published_on, url) in zip(keys, references, strict=True):
        line = f"{key}. “{title}” {outlet}, {format_date_any(draw, published_on)},"
        lines.append(f"{line} {url}" if url else line)
        lines += [""] * draw(st.integers(0, 1))
    expected = {
        "headline": headline,
        "paragraphs": tuple(text for text, _ in paragraphs),
        "references": [
            (key, title, outlet, published_on, lower_case_scheme(url))
            for key, (title, outlet, published_on, url) in zip(keys, references, strict=True)
        ],
    }
    return "\n".join(lines) + "\n", expected


def lower_case_scheme(url):
    scheme, separator, rest = url.partition("://")
    return scheme.lower() + separator + rest


def content_of(parsed):
    return {
        "headline": parsed.headline,
        "paragraphs": parsed.paragraphs,
        "references": [
            (ref.key, ref.title, ref.outlet, ref.published_on, ref.url) for ref in parsed.references
        ],
    }


# Mutations: each takes the brief's bytes and a draw function and returns new bytes.
def truncate(data, draw):
    return data[: char_boundary(data, draw(st.integers(0, len(data))))]


def swap_lines(data, draw):
    lines = data.split(b"\n")
    first, second = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[first], lines[second] = lines[second], lines[first]
    return b"\n".join(lines)


def insert_bytes(data, draw):
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]


ODD_TEXT = [
    *"“”\"‘’[]\r\n,.",
    "[0]", "[99]", "[-1]", "\r\n", "\n\n", "0. “", "31 Feb. 2023,", "<b>", "&amp;",
    "\u202e", "\u2067", "\ufeff", "\u200b", "\u0301", "😀", "👩‍💻",
]  # fmt: skip


def char_boundary(data, at):
    """`at`, moved back to the start of the UTF-8 sequence it falls in."""
    while 0 < at < len(data) and 0x80 <= data[at] < 0xC0:
        at -= 1
    return at


def insert_text(data, draw):
    at = char_boundary(data, draw(st.integers(0, len(data))))
    inserted = draw(st.lists(st.sampled_from(ODD_TEXT), min_size=1, max_size=4).map("".join))
    return data[:at] + inserted.encode() + data[at:]


def delete_character(data, draw):
    text = data.decode("utf-8", errors="surrogateescape")
    structural = [index for index, char in enumerate(text) if char in '“”"‘’[]().,']
    assume(structural)
    index = draw(st.sampled_from(structural))
    return (text[:index] + text[index + 1 :]).encode("utf-8", errors="surrogateescape")


def huge_line(data, draw):
    lines = data.split(b"\n")
    at = draw(st.integers(0, len(lines) - 1))
    length = draw(st.sampled_from([256, 501, 5_000, 200_000, MAX_FILE_BYTES]))
    lines[at] = lines[at] + b"x" * length
    return b"\n".join(lines)


def line_endings(data, draw):
    return data.replace(b"\n", draw(st.sampled_from([b"\r\n", b"\r", b"\n\n", b"\r\r\n"])))


def duplicate_line(data, draw):
    lines = data.split(b"\n")
    at = draw(st.integers(0, len(lines) - 1))
    return b"\n".join([*lines[: at + 1], lines[at], *lines[at + 1 :]])


MUTATIONS = [
    truncate,
    swap_lines,
    insert_bytes,
    insert_text,
    delete_character,
    huge_line,
    line_endings,
    duplicate_line,
]


@st.composite
def mutated_brief(draw):
    text, _ = draw(brief_text(shared_outlet=draw(st.booleans())))
    data = text.encode()
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        data = mutation(data, draw)
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Outlet, Source, Person, Article, Byline, Citation, Quote)
    }


def assert_names_a_line(error, data):
    assert isinstance(error.line, int)
    line_count = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    assert 1 <= error.line <= line_count + 1, (error.line, line_count)
    assert error.reason


class ValidBriefTests(TestCase):
    @FUZZ
    @given(brief_text())
    def test_a_valid_brief_parses_to_what_was_written(self, generated):
        text, expected = generated

        assert content_of(parse_brief(text.encode())) == expected

    @FUZZ
    @given(brief_text(), st.booleans(), st.sampled_from(["\n", "\r\n"]), st.booleans())
    def test_bom_line_endings_and_final_newline_do_not_change_the_brief(self, generated, bom, newline, final):
        text, expected = generated
        variant = text.replace("\n", newline)
        if not final:
            variant = variant.rstrip(newline)
        data = (b"\xef\xbb\xbf" if bom else b"") + variant.encode()

        assert content_of(parse_brief(data)) == expected

    @FUZZ
    @given(brief_text())
    def test_a_valid_brief_round_trips_through_import_and_export(self, generated):
        text, expected = generated

        result = brief_import(parsed=parse_brief(text.encode()))
        exported = article_export(article=Article.objects.get(pk=result.article.pk))

        assert result.action == "created"
        assert content_of(parse_brief(exported.encode())) == expected
        assert Citation.objects.filter(article=result.article).count() == len(expected["references"])

    @FUZZ
    @given(brief_text(shared_outlet=True))
    def test_outlet_names_differing_only_in_case_import(self, generated):
        text, expected = generated
        spellings = {outlet for _, _, outlet, _, _ in expected["references"]}

        article = brief_import(parsed=parse_brief(text.encode())).article

        cited = Outlet.objects.filter(sources__citations__article=article).distinct()
        assert 1 <= cited.count() <= len(spellings)
        assert set(cited.values_list("name", flat=True)) <= spellings

    @settings(FUZZ, max_examples=40)
    @given(brief_text())
    def test_importing_the_same_brief_twice_changes_nothing(self, generated):
        text, _ = generated
        brief_import(parsed=parse_brief(text.encode()))
        before = row_counts()

        result = brief_import(parsed=parse_brief(text.encode()))

        assert result.action == "unchanged"
        assert row_counts() == before


class MutatedBriefTests(TestCase):
    def import_or_reject(self, data, *, update=False):
        """Import `data`; on rejection check it named a line and wrote nothing. True if imported."""
        before = row_counts()
        try:
            brief_import(parsed=parse_brief(data), update=update)
        except BriefFormatError as error:
            assert_names_a_line(error, data)
            assert row_counts() == before
            return False
        return True

    @settings(FUZZ, max_examples=120)
    @given(mutated_brief())
    @example(b"")
    @example(b"\xef\xbb\xbf")
    @example(b"Headline\n\nBody.[0]\n")
    @example(b"Headline\n\nBody \xff.[0]\n\n0. \xe2\x80\x9cT\xe2\x80\x9d O, 1 Jan. 2023,\n")
    @example(b"Headline\n\nBody\x00.[0]\n\n0. \xe2\x80\x9cT\xe2\x80\x9d O, 1 Jan. 2023,\n")
    @example("Headline\n\nBody.[0]\n\n0. “T” O, 31 Feb. 2023,\n".encode())
    @example("Headline\n\nBody.[0]\n\n0. “T” O, 1 Jan. 2023, HTTPS://Example.org/x\n".encode())
    def test_a_mutated_brief_is_imported_whole_or_rejected_with_a_line(self, data):
        self.import_or_reject(data)

    @settings(FUZZ, max_examples=50)
    @given(brief_text(), mutated_brief())
    def test_a_rejected_update_leaves_the_stored_brief_as_it_was(self, generated, data):
        text, _ = generated
        article = brief_import(parsed=parse_brief(text.encode())).article
        stored = article_export(article=article)
        try:
            headline = parse_brief(data).headline
        except BriefFormatError:
            headline = None
        if headline is not None:
            # Give the mutant the stored brief's slug so that it replaces it.
            data = data.replace(headline.encode(), article.headline.encode(), 1)

        if not self.import_or_reject(data, update=True):
            assert article_export(article=Article.objects.get(pk=article.pk)) == stored


class ImportCommandTests(TestCase):
    @settings(FUZZ, max_examples=20)
    @given(st.one_of(brief_text().map(lambda generated: generated[0].encode()), mutated_brief()))
    def test_the_command_imports_or_reports_file_and_line(self, data):
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "brief.txt"
            path.write_bytes(data)
            stdout, stderr = StringIO(), StringIO()
            before = row_counts()
            try:
                call_command("import_brief", str(path), stdout=stdout, stderr=stderr)
            except CommandError:
                assert stderr.getvalue().startswith(f"{path}:")
                line = stderr.getvalue().removeprefix(f"{path}:").split(":", 1)[0]
                assert int(line) >= 1
                assert row_counts() == before
            else:
                assert stdout.getvalue().endswith("(created)\n")
                assert Article.objects.count() == before["Article"] + 1


# Reference lists that name a few sources again and again: titles, outlets (in spellings equal
# ignoring case), dates and links drawn from small pools, some of them stored already.
REPEATED_TITLES = ["Storm shuts schools across region", "Storm moves east"]
REPEATED_OUTLETS = ["Daily Courier", "DAILY COURIER", "Evening Post"]
REPEATED_DATES = [date(2024, 1, 4), date(2024, 1, 5)]
REPEATED_LINKS = [
    "",
    "https://courier.example/storm",
    "https://courier.example/east",
    "https://post.example/storm",
]


def repeated_source():
    return st.tuples(
        st.sampled_from(REPEATED_TITLES),
        st.sampled_from(REPEATED_OUTLETS),
        st.sampled_from(REPEATED_DATES),
        st.sampled_from(REPEATED_LINKS),
    )


@st.composite
def repeated_references(draw):
    """(brief text, the sources to store before importing it)."""
    references = draw(st.lists(repeated_source(), min_size=2, max_size=5))
    sentences = " ".join(f"Schools shut {key}.[{key}]" for key in range(len(references)))
    lines = [
        f"{key}. “{title}” {outlet}, {format_date_any(draw, on)}, {url}".rstrip()
        for key, (title, outlet, on, url) in enumerate(references)
    ]
    text = "\n".join(["Storm closes schools", "", sentences, "", *lines]) + "\n"
    return text, draw(st.lists(repeated_source(), max_size=2))


def store_sources(sources):
    """Store these (title, outlet, date, link) as sources, skipping any the constraints refuse."""
    for title, outlet, published_on, url in sources:
        outlet = Outlet.objects.filter(name__iexact=outlet).first() or Outlet.objects.create(name=outlet)
        identity = Source.objects.filter(outlet=outlet, title=title, published_on=published_on)
        if not identity.exists() and not (url and Source.objects.filter(url=url).exists()):
            Source.objects.create(outlet=outlet, title=title, published_on=published_on, url=url)


class RepeatedReferenceTests(TestCase):
    @settings(FUZZ, max_examples=80)
    @given(repeated_references())
    @example(
        (
            "Storm\n\nOne.[0] Two.[1]\n\n"
            "0. “Storm shuts schools across region” Daily Courier, 4 Jan. 2024,\n"
            "1. “Storm shuts schools across region” Daily Courier, 4 Jan. 2024, https://courier.example/storm\n",
            [],
        )
    )
    @example(
        (
            "Storm\n\nOne.[0] Two.[1]\n\n"
            "0. “Storm moves east” Daily Courier, 4 Jan. 2024, https://courier.example/storm\n"
            "1. “Storm shuts schools across region” Daily Courier, 4 Jan. 2024, https://courier.example/storm\n",
            [],
        )
    )
    def test_repeated_sources_import_as_one_or_are_refused_at_a_reference(self, generated):
        """Two references to one source cite one Source, which the stored check warns of."""
        text, stored = generated
        store_sources(stored)
        before = row_counts()

        try:
            article = brief_import(parsed=parse_brief(text.encode())).article
        except BriefFormatError as error:
            # The headline, a blank line, the body and a blank line come before the references.
            assert 5 <= error.line <= text.count("\n"), (error.line, error.reason)
            assert row_counts() == before
            return

        cited = list(article.citations.values_list("source", flat=True))
        assert len(cited) == len(parse_brief(text.encode()).references)
        codes = {finding["code"] for finding in article.attribution_check.findings}
        if len(set(cited)) < len(cited):
            assert "duplicate-reference" in codes
        links = Source.objects.exclude(url="").values_list("url", flat=True)
        assert len(links) == len(set(links))
