import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from brieftext.attribution import ERROR_CODES, SEVERITIES, WARNING_CODES, check_brief
from brieftext.parser import Reference, parse_body, parse_brief
from brieftext.speakers import KnownPerson, attribute_quotes
from brieftext.verification import SOURCE_SEVERITIES

ROOT = Path(__file__).resolve().parents[2]
ANNOTATED = ROOT / "tests" / "data" / "attribution"
SEED_PEOPLE = (
    KnownPerson("Antony Blinken", ("Blinken", "Antony J. Blinken"), "US Secretary of State"),
    KnownPerson("Benjamin Netanyahu"),
    KnownPerson("Isaac Herzog"),
    KnownPerson("Gabi Cohen"),
)
COHEN = KnownPerson("Gabi Cohen", ("Cohen",))


def reference(key, title="A title", outlet="An Outlet", published_on=date(2023, 1, 30), url=""):
    """Anything with key, title, outlet, published_on and url will do for the checker."""
    return SimpleNamespace(key=key, title=title, outlet=outlet, published_on=published_on, url=url)


def check(text, references=None, people=(COHEN,), **options):
    if references is None:
        references = [reference(0, url="https://example.org/0")]
    return check_brief(parse_body(text), references, people, **options)


def codes(report):
    return Counter(finding.code for finding in report.findings)


def found(report, code):
    return [finding for finding in report.findings if finding.code == code]


# The seed


@pytest.fixture
def seed_report(seed_bytes):
    parsed = parse_brief(seed_bytes)
    return check_brief(parsed.body, parsed.references, SEED_PEOPLE)


def test_seed_findings(seed_report):
    assert codes(seed_report) == {
        "uncited-sentence": 2,
        "quote-without-citation": 2,
        "quote-whitespace": 1,
        "quote-speaker-implicit": 1,
        "source-without-url": 5,
    }


def test_seed_coverage_is_six_of_eight_sentences(seed_report):
    assert (seed_report.cited_sentence_count, seed_report.sentence_count) == (6, 8)
    assert seed_report.coverage == 0.75


def test_seed_uncited_sentences_are_the_foreign_minister_and_the_last(seed_report):
    uncited = found(seed_report, "uncited-sentence")

    assert [(finding.paragraph, finding.sentence) for finding in uncited] == [(3, 2), (4, 2)]
    assert uncited[0].text.startswith("Israeli Foreign Minister Gabi Cohen reaffirmed")
    assert uncited[1].text.startswith("In the coming days, he will continue")
    assert uncited[1].message.startswith(
        "This sentence cites no source. Cite a reference after it, such as footnote 5 (“"
    )
    assert uncited[1].message.endswith(", or accept it as common knowledge.")


def test_seed_uncited_quotes_are_the_foreign_ministers(seed_report):
    assert [(finding.text, finding.severity) for finding in found(seed_report, "quote-without-citation")] == [
        ("“every visit of an American secretary of state is historic and important”", "error"),
        ("“strengthens the relationship between our countries.”", "error"),
    ]


def test_seed_stray_space_and_implicit_speaker(seed_report):
    (whitespace,) = found(seed_report, "quote-whitespace")
    (implicit,) = found(seed_report, "quote-speaker-implicit")

    assert (whitespace.text, whitespace.paragraph, whitespace.sentence) == ("“ ironclad”", 1, 2)
    assert (
        whitespace.message == "There is stray space inside the quote marks of “ ironclad”. Write “ironclad”."
    )
    assert (implicit.text, implicit.paragraph, implicit.sentence) == ("“urgent steps to restore calm.”", 2, 2)
    assert "Antony Blinken" in implicit.message
    assert "Confirm the speaker" in implicit.message


def test_seed_sources_without_url_point_at_their_first_citation(seed_report):
    assert [
        (finding.key, finding.paragraph, finding.sentence)
        for finding in found(seed_report, "source-without-url")
    ] == [(0, 1, 1), (1, 1, 2), (2, 2, 1), (3, 2, 2), (4, 3, 1)]


def test_seed_speakers(seed_report):
    assert [(attribution.quote.text[:20], attribution.name) for attribution in seed_report.attributions] == [
        ("ironclad", "Benjamin Netanyahu"),
        ("common commitment", "Antony Blinken"),
        ("detrimental to Israe", "Antony Blinken"),
        ("urgent steps to rest", "Antony Blinken"),
        ("every visit of an Am", "Gabi Cohen"),
        ("strengthens the rela", "Gabi Cohen"),
    ]


def test_seed_with_an_empty_directory_reports_every_speaker_unknown(seed_bytes):
    parsed = parse_brief(seed_bytes)

    report = check_brief(parsed.body, parsed.references, people=())

    unknown = found(report, "speaker-unknown")
    assert len(unknown) == 6
    assert unknown[0].message == (
        "“ironclad” is attributed to Benjamin Netanyahu, who is not in the People directory. "
        "Add them to People, or add this spelling to their other names."
    )
    assert codes(report) - Counter({"speaker-unknown": 6}) == codes(
        check_brief(parsed.body, parsed.references, SEED_PEOPLE)
    )


def test_speakers_worked_out_already_give_the_report_the_checker_would_make(seed_bytes):
    parsed = parse_brief(seed_bytes)
    attributions = attribute_quotes(parsed.body, SEED_PEOPLE)

    report = check_brief(parsed.body, parsed.references, SEED_PEOPLE, attributions=attributions)

    assert report == check_brief(parsed.body, parsed.references, SEED_PEOPLE)
    assert report.attributions == attributions


def test_seed_as_json(seed_report):
    data = seed_report.as_json("seed")

    assert (data["article"], data["sentences"], data["cited_sentences"]) == ("seed", 8, 6)
    assert data["footnotes"][0] == {
        "number": 1,
        "key": "0",
        "title": "Blinken hints broad consensus needed for Israel's judicial overhaul",
        "outlet": "The Jerusalem Post",
        "date": "2023-01-30",
        "url": None,
        "citations": 1,
    }
    assert [(note["number"], note["key"], note["citations"]) for note in data["footnotes"]] == [
        (1, "0", 1),
        (2, "1", 1),
        (3, "2", 1),
        (4, "3", 1),
        (5, "4", 2),
    ]
    assert data["quotes"][1] == {"text": "common commitment", "speaker": "Antony Blinken", "key": "2"}
    assert data["quotes"][4]["key"] is None
    assert data["findings"][0] == {
        "code": "source-without-url",
        "severity": "warning",
        "paragraph": 1,
        "sentence": 1,
        "text": "Blinken hints broad consensus needed for Israel's judicial overhaul",
        "key": "0",
    }
    assert json.loads(json.dumps(data)) == data


# Each finding


def test_dangling_marker():
    report = check("One.[0] Two.[7]")

    (finding,) = found(report, "dangling-marker")
    assert (finding.severity, finding.paragraph, finding.sentence, finding.text, finding.key) == (
        "error",
        1,
        2,
        "[7]",
        7,
    )
    assert finding.message == (
        "Marker [7] cites no reference of this brief. "
        "Add the reference, or cite one of its references instead."
    )


def test_unused_reference_has_no_place_in_the_body_and_comes_last():
    report = check("One.[0] Two.", [reference(0, url="https://example.org/0"), reference(1, title="Spare")])

    assert [finding.code for finding in report.findings] == ["uncited-sentence", "unused-reference"]
    unused = report.findings[-1]
    assert (unused.paragraph, unused.sentence, unused.text, unused.key) == (None, None, "Spare", 1)
    assert unused.as_dict()["key"] == "1"


def test_unused_reference_without_url_is_not_also_missing_a_url():
    report = check("One.[0]", [reference(0, url="https://example.org/0"), reference(1, title="Spare")])

    assert codes(report) == {"unused-reference": 1}


def test_duplicate_reference_by_outlet_and_title_ignoring_case():
    report = check(
        "One.[0] Two.[1]",
        [
            reference(0, title="Talks resume", outlet="Herald", url="https://example.org/a"),
            reference(1, title="talks  resume", outlet="HERALD", url="https://example.org/b"),
        ],
    )

    (finding,) = found(report, "duplicate-reference")
    assert (finding.key, finding.paragraph, finding.sentence) == (1, 1, 2)
    assert "same outlet and title" in finding.message


def test_duplicate_reference_by_url():
    report = check(
        "One.[0] Two.[1]",
        [
            reference(0, title="Talks resume", url="https://example.org/a"),
            reference(1, title="Statement", outlet="Ministry", url="https://example.org/a/"),
        ],
    )

    (finding,) = found(report, "duplicate-reference")
    assert finding.key == 1
    assert "same URL" in finding.message


def test_same_outlet_different_titles_is_not_a_duplicate():
    report = check("One.[0] Two.[1]", [reference(0, title="A"), reference(1, title="B")])

    assert not found(report, "duplicate-reference")


def test_source_after_publication():
    report = check(
        "One.[0] Two.[1]",
        [reference(0, published_on=date(2023, 1, 30)), reference(1, published_on=date(2023, 2, 2))],
        published_on=date(2023, 2, 1),
    )

    (finding,) = found(report, "source-after-publication")
    assert finding.key == 1
    assert "dated 2 Feb. 2023, after this brief's publication date (1 Feb. 2023)" in finding.message


def test_no_publication_date_no_source_after_publication():
    report = check("One.[0]", [reference(0, published_on=date(2030, 1, 1))])

    assert not found(report, "source-after-publication")


def test_source_more_than_30_days_from_the_median():
    dates = [date(2023, 1, 30), date(2023, 1, 29), date(2023, 1, 30), date(2023, 3, 1), date(2023, 3, 2)]
    report = check(
        "One.[0] Two.[1] Three.[2] Four.[3] Five.[4]",
        [reference(key, title=f"T{key}", published_on=day) for key, day in enumerate(dates)],
    )

    # The median is 30 Jan.: 2 March is 31 days away, 1 March would not be.
    (finding,) = found(report, "source-date-outlier")
    assert finding.key == 4
    assert (
        "dated 2 March 2023, 31 days from the brief's other sources (median 30 Jan. 2023)" in finding.message
    )


def test_two_sources_far_apart_are_not_outliers():
    report = check(
        "One.[0] Two.[1]",
        [reference(0, published_on=date(2023, 1, 1)), reference(1, title="B", published_on=date(2023, 9, 1))],
    )

    assert not found(report, "source-date-outlier")


def test_source_without_url_only_when_cited():
    report = check("One.[0] Two.[0]", [reference(0), reference(1, url="https://example.org/1")])

    assert [finding.key for finding in found(report, "source-without-url")] == [0]


def test_quote_without_speaker_is_an_error():
    report = check("Protesters carried signs reading “Hands off our park.”[0]")

    (finding,) = found(report, "quote-without-speaker")
    assert finding.severity == "error"
    assert finding.text == "“Hands off our park.”"
    assert finding.message.startswith("Nobody is named as saying “Hands off our park.”")


def test_quote_cited_only_by_a_marker_before_it_is_uncited():
    report = check("Cohen[0] said the visit was “historic.”")

    assert codes(report) == {"quote-without-citation": 1}
    assert report.attributions[0].name == "Gabi Cohen"


def test_quote_spanning_sentences_is_cited_by_the_marker_after_it():
    report = check("“We came to listen. We will act,” said Gabi Cohen.[0]")

    assert codes(report) == {}
    assert report.sentence_count == 1
    assert report.as_json("x")["quotes"][0]["key"] == "0"


def test_speaker_unknown_names_the_speaker():
    report = check("“We will act,” said Mayor Helen Okafor.[0]")

    (finding,) = found(report, "speaker-unknown")
    assert finding.severity == "warning"
    assert "attributed to Helen Okafor, who is not in the People directory" in finding.message


def test_confirmed_speaker_silences_speaker_findings():
    text = "Gabi Cohen arrived.[0] He said it was “unavoidable.”[0]"

    assert codes(check(text)) == {"quote-speaker-implicit": 1}
    report = check(text, confirmed_speakers={0: "Cohen"})

    assert codes(report) == {}
    assert (report.attributions[0].name, report.attributions[0].how) == ("Gabi Cohen", "confirmed")


def test_findings_are_sorted_by_paragraph_then_sentence():
    report = check("A.[0] “x” appeared. B.[9]\n\nC.", [reference(0), reference(1, title="Spare")])

    assert [(finding.paragraph, finding.sentence, finding.code) for finding in report.findings] == [
        (1, 1, "source-without-url"),
        (1, 2, "uncited-sentence"),
        (1, 2, "quote-without-citation"),
        (1, 2, "quote-without-speaker"),
        (1, 3, "dangling-marker"),
        (2, 1, "uncited-sentence"),
        (None, None, "unused-reference"),
    ]
    assert [finding.code for finding in report.errors] == [
        "quote-without-citation",
        "quote-without-speaker",
        "dangling-marker",
    ]
    assert len(report.warnings) == 4


def test_every_code_has_a_severity():
    assert {
        "dangling-marker",
        "quote-without-speaker",
        "quote-without-citation",
        "quote-not-in-source",
    } == ERROR_CODES
    assert set(SEVERITIES) == WARNING_CODES | ERROR_CODES
    assert len(SEVERITIES) == 19


# Sentence splitting


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Talks began on 30 Jan. in Jerusalem.[0] They ended later.[0]", 2),
        ("He returns on 7 Sept. with aides.[0] Talks resume then.[0]", 2),
        ("The U.S. envoy arrived.[0] He met U.N. officials.[0]", 2),
        ("Mr. Cohen welcomed him.[0] Dr. Osei did too.[0]", 2),
        ("Antony J. Blinken landed.[0] He spoke briefly.[0]", 2),
        ("Aid rose 3.5 per cent.[0] Officials welcomed it.[0]", 2),
        ("It is “a democratic state.”[0] He also stressed calm.[0]", 2),
    ],
)
def test_sentence_splitting_is_not_fooled(text, sentences):
    report = check(text)

    assert (report.sentence_count, report.cited_sentence_count) == (sentences, sentences)
    assert not found(report, "uncited-sentence")


# The annotated briefs


ANNOTATED_BRIEFS = sorted(ANNOTATED.glob("*.txt"))


def annotated_report(path):
    annotation = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    parsed = parse_brief(path.read_bytes())
    people = [
        KnownPerson(person["full_name"], tuple(person["names"]), person["role"])
        for person in annotation["people"]
    ]
    published_on = annotation["published_on"] and date.fromisoformat(annotation["published_on"])
    return annotation, check_brief(parsed.body, parsed.references, people, published_on=published_on)


def test_annotated_set_has_at_least_twelve_briefs_exercising_every_code():
    """Every code the brief's own text can raise; those read archived sources are tested in tests/archive/."""
    exercised = set()
    for path in ANNOTATED_BRIEFS:
        exercised |= set(json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["findings"])

    assert len(ANNOTATED_BRIEFS) >= 12
    assert exercised == set(SEVERITIES) - set(SOURCE_SEVERITIES)


@pytest.mark.parametrize("path", ANNOTATED_BRIEFS, ids=lambda path: path.stem)
def test_annotated_brief(path):
    annotation, report = annotated_report(path)

    assert codes(report) == Counter(annotation["findings"])
    assert [(attribution.quote.text, attribution.name) for attribution in report.attributions] == [
        (quote["text"], quote["speaker"]) for quote in annotation["quotes"]
    ]
    assert (report.sentence_count, report.cited_sentence_count) == (
        annotation["sentences"],
        annotation["cited_sentences"],
    )


# The benchmark


def test_bench_prints_figures_computed_from_the_annotations(tmp_path):
    for name in ("08_fisheries_pact.txt", "05_park_protest.txt"):
        (tmp_path / name).write_bytes((ANNOTATED / name).read_bytes())
    annotation = json.loads((ANNOTATED / "08_fisheries_pact.json").read_text(encoding="utf-8"))
    annotation["quotes"][0]["speaker"] = "Somebody Else"
    annotation["findings"] = {"uncited-sentence": 1}
    (tmp_path / "08_fisheries_pact.json").write_text(json.dumps(annotation), encoding="utf-8")
    (tmp_path / "05_park_protest.json").write_bytes((ANNOTATED / "05_park_protest.json").read_bytes())

    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "attribution.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )

    lines = result.stdout.splitlines()
    assert "2 annotated briefs" in lines[0]
    assert any(line.split()[:3] == ["quote", "spans", "1.00"] and "(7/7)" in line for line in lines)
    assert any(line.split()[:2] == ["speakers", "0.86"] and "(6/7)" in line for line in lines)
    assert any(
        line.split()[:2] == ["findings", "1.00"] and "(4/4)" in line and "0.80" in line for line in lines
    )


def test_a_described_speaker_is_a_warning_to_accept_not_an_error():
    report = check("“It felt like a dream,” said one visitor on the Pont Bonaparte.[0]")

    (finding,) = report.findings
    assert (finding.code, finding.severity, finding.text) == (
        "quote-anonymous-speaker",
        "warning",
        "“It felt like a dream,”",
    )
    assert "attributed to one visitor, who is not named" in finding.message


def test_an_editors_description_stands_for_a_speaker_the_rules_cannot_find():
    plain = check("The plan was “final.”[0]")
    described = check("The plan was “final.”[0]", described_speakers={0: "a ministry official"})

    assert codes(plain) == {"quote-without-speaker": 1}
    assert codes(described) == {"quote-anonymous-speaker": 1}


def test_bench_sums_up_each_set_with_the_people_it_would_invent(tmp_path):
    """A guess is never filed as a person: the described visitor is no one an import would create."""
    first, second = tmp_path / "first", tmp_path / "second"
    for directory in (first, second):
        directory.mkdir()
        (directory / "05_park_protest.txt").write_bytes((ANNOTATED / "05_park_protest.txt").read_bytes())
        (directory / "05_park_protest.json").write_bytes((ANNOTATED / "05_park_protest.json").read_bytes())
    (second / "visitor.txt").write_text(
        "A visit\n\n“It felt like a dream,” said one visitor on the Pont Bonaparte.[0]\n\n"
        "0. “Paris diary” The Guardian, 31 Jan. 2023, https://example.org/paris\n",
        encoding="utf-8",
    )
    (second / "visitor.json").write_text(
        json.dumps(
            {
                "published_on": "2023-01-31",
                "people": [],
                "quotes": [
                    {"text": "It felt like a dream,", "speaker": None, "speaker_description": "one visitor"}
                ],
            }
        ),
        encoding="utf-8",
    )

    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "attribution.py"), str(first), str(second)],
        capture_output=True,
        text=True,
        check=True,
    )

    summary = result.stdout.split("Summary")[1].splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in summary[4:] if line.strip()}
    assert rows[str(first)] == ["1", "1.00", "(3/3)", "1.00", "(3/3)", "n/a", "0"]
    assert rows[str(second)] == ["2", "1.00", "(4/4)", "1.00", "(4/4)", "1.00", "(1/1)", "0"]


def test_references_are_named_by_the_footnote_readers_see_and_their_title():
    """Markers are keys of the brief file; editors read of footnotes 1, 2, 3 and titles."""
    report = check_brief(
        parse_body("One.[5] Two.[2]"),
        [
            Reference(2, "Second story", "Outlet B", date(2023, 1, 30), "https://b.example/x", 0),
            Reference(5, "First story", "Outlet A", date(2023, 1, 30), "", 0),
            Reference(7, "Unused story", "Outlet C", date(2023, 1, 30), "https://c.example/x", 0),
        ],
    )

    messages = {finding.code: finding.message for finding in report.findings}
    assert messages["source-without-url"].startswith("Footnote 1 (“First story”, Outlet A) has no link.")
    assert messages["unused-reference"] == (
        "The reference (“Unused story”, Outlet C) is never cited. "
        "Cite it after the sentence it supports, or remove it."
    )
    assert not any("Reference 5" in message or "[5]" in message for message in messages.values())
