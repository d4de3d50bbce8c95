"""How well the attribution checker does on annotated briefs (docs/attribution.md, "The annotated sets").

    .venv/bin/python bench/attribution.py [DIRECTORY ...]

Without a DIRECTORY it scores the development set (tests/data/attribution, which the
rules were written against), the second development set (tests/data/attribution/development,
annotated from the guide and used while the rules were changed), the first held-out set
(tests/data/attribution/first-heldout, a development set since it was scored once) and,
when it is there, the held-out set (tests/data/attribution/heldout, annotated from the
annotation guide alone, never read while the rules change). Each NAME.txt brief has its NAME.json
answer key, in the development set's short form ("quotes", "findings" counts) or the
guide's (sentences, quotes with speakers or descriptions, references, defects).
Prints precision and recall of the quoted spans, the share of quotes given the right
speaker (the key's people as the directory), the share of unnamed speakers given the key's
description, the people an import into an empty newsroom would create who are not
speakers, and findings by code, then a summary of every set. Needs no database.
"""

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVELOPMENT = ROOT / "tests" / "data" / "attribution"
SECOND_DEVELOPMENT = DEVELOPMENT / "development"
FIRST_HELD_OUT = DEVELOPMENT / "first-heldout"
HELD_OUT = DEVELOPMENT / "heldout"
# The guide's defect lists and the findings they are.
DEFECT_CODES = {
    "uncited_sentences": "uncited-sentence",
    "dangling_markers": "dangling-marker",
    "unused_references": "unused-reference",
    "duplicate_references": "duplicate-reference",
    "source_after_publication": "source-after-publication",
    "source_date_outlier": "source-date-outlier",
    "quote_without_speaker": "quote-without-speaker",
    "quote_without_citation": "quote-without-citation",
    "quote_whitespace": "quote-whitespace",
}


def main(argv):
    sys.path.insert(0, str(ROOT))
    directories = [Path(name).resolve() for name in argv[1:]] or [
        DEVELOPMENT,
        SECOND_DEVELOPMENT,
        FIRST_HELD_OUT,
        *([HELD_OUT] if HELD_OUT.is_dir() else []),
    ]
    summary = []
    for number, directory in enumerate(directories):
        if number:
            print()
        totals = score_set(directory)
        if totals is None:
            print(f"no briefs in {directory}", file=sys.stderr)
            return 1
        summary.append((directory, totals))
    if len(summary) > 1:
        print("\nSummary (held-out targets: quote spans ≥ 0.99, speakers ≥ 0.97, no invented person)\n")
        _table(
            ("set", "briefs", "quote spans", "speakers", "described", "people not speakers"),
            [
                (
                    directory.relative_to(ROOT).as_posix()
                    if directory.is_relative_to(ROOT)
                    else str(directory),
                    str(totals["briefs"]),
                    _ratio(totals["quotes_matched"], totals["quotes_expected"]),
                    _ratio(totals["speakers_right"], totals["quotes_expected"]),
                    _ratio(totals["described_right"], totals["described_expected"]),
                    str(totals["invented"]),
                )
                for directory, totals in summary
            ],
        )
    return 0


def score_set(directory):
    """Print the scores of the briefs in `directory`; None when it has none."""
    from brieftext.attribution import SEVERITIES, check_brief
    from brieftext.parser import parse_brief
    from brieftext.speakers import KnownPerson, attribute_quotes
    from brieftext.tokens import fold

    briefs = sorted(directory.glob("*.txt"))
    if not briefs:
        return None

    rows = []
    totals = Counter()
    by_code = {code: Counter() for code in SEVERITIES}
    invented = []
    for path in briefs:
        key = answer_key(json.loads(path.with_suffix(".json").read_text(encoding="utf-8")))
        parsed = parse_brief(path.read_bytes())
        people = [
            KnownPerson(person["full_name"], tuple(person.get("names", ())), person.get("role", ""))
            for person in key["people"]
        ]
        published_on = key["published_on"]
        report = check_brief(
            parsed.body,
            parsed.references,
            people,
            published_on=date.fromisoformat(published_on) if published_on else None,
        )
        # What an import into an empty newsroom would file as People: every name the rules are sure
        # of (articles.services: other attributions are kept on the quote as written).
        speakers = [
            name for quote in key["quotes"] if quote["speaker"] for name in quote["speaker"].split(" and ")
        ]
        named = {fold(name) for name in [*(person.full_name for person in people), *speakers]}
        made = {
            a.name for a in attribute_quotes(parsed.body) if a.name and a.sure and fold(a.name) not in named
        }
        invented += [f"{path.stem}: {name}" for name in sorted(made)]
        score = _score(key, report) + Counter(invented=len(made), briefs=1)
        totals.update(score)
        for code, counts in by_code.items():
            if key["codes"] is not None and code not in key["codes"]:
                continue
            expected = key["findings"].get(code, 0)
            found = sum(finding.code == code for finding in report.findings)
            counts.update(expected=expected, found=found, matched=min(expected, found))
        rows.append(
            (
                path.stem,
                f"{score['quotes_matched']}/{score['quotes_expected']}",
                str(score["quotes_found"]),
                f"{score['speakers_right']}/{score['quotes_expected']}",
                f"{score['findings_matched']}/{score['findings_expected']}",
                str(score["findings_found"]),
                "yes" if score["sentences_right"] else "NO",
                str(score["invented"]),
            )
        )

    print(f"Attribution checker on {len(briefs)} annotated briefs in {directory}\n")
    _table(
        (
            "brief",
            "quotes found/expected",
            "quotes found",
            "right speaker",
            "findings matched",
            "found",
            "sentences",
            "people not speakers",
        ),
        rows,
    )
    print()
    _table(
        ("measure", "precision", "recall", "accuracy"),
        [
            (
                "quote spans",
                _ratio(totals["quotes_matched"], totals["quotes_found"]),
                _ratio(totals["quotes_matched"], totals["quotes_expected"]),
                "",
            ),
            ("speakers", "", "", _ratio(totals["speakers_right"], totals["quotes_expected"])),
            (
                "unnamed speakers described",
                "",
                "",
                _ratio(totals["described_right"], totals["described_expected"]),
            ),
            (
                "findings",
                _ratio(totals["findings_matched"], totals["findings_found"]),
                _ratio(totals["findings_matched"], totals["findings_expected"]),
                "",
            ),
            (
                "sentence and citation counts",
                "",
                "",
                _ratio(totals["sentences_right"], len(briefs)),
            ),
        ],
    )
    print(f"\npeople an import would create who are not speakers: {totals['invented']}")
    for line in invented:
        print(f"  {line}")
    print()
    _table(
        ("finding code", "expected", "found", "precision", "recall"),
        [
            (
                code,
                str(counts["expected"]),
                str(counts["found"]),
                _ratio(counts["matched"], counts["found"]),
                _ratio(counts["matched"], counts["expected"]),
            )
            for code, counts in by_code.items()
        ],
    )
    return totals


def answer_key(annotation):
    """An answer key in either form, as one dict; "codes" are the finding codes it says how many of."""
    if not isinstance(annotation.get("sentences"), list):
        return {
            "people": annotation.get("people", ()),
            "published_on": annotation.get("published_on"),
            "quotes": annotation["quotes"],
            "findings": Counter(annotation.get("findings", {})),
            "sentences": annotation.get("sentences"),
            "cited_sentences": annotation.get("cited_sentences"),
            "codes": None,
        }
    defects = annotation["defects"]
    return {
        "people": annotation["people"],
        "published_on": annotation["published_on"],
        "quotes": annotation["quotes"],
        "findings": Counter({code: len(defects.get(name, ())) for name, code in DEFECT_CODES.items()}),
        "sentences": len(annotation["sentences"]),
        "cited_sentences": sum(1 for sentence in annotation["sentences"] if sentence["markers"]),
        "codes": set(DEFECT_CODES.values()),
    }


def _score(annotation, report):
    """Counts for one brief: quotes matched by text, speakers right, findings matched by code."""
    expected_quotes = [
        (quote["text"], quote["speaker"], quote.get("speaker_description")) for quote in annotation["quotes"]
    ]
    found_quotes = [
        (attribution.quote.text, attribution.name, attribution.description)
        for attribution in report.attributions
    ]
    unmatched = list(found_quotes)
    quotes_matched = speakers_right = described_expected = described_right = 0
    for text, speaker, description in expected_quotes:
        described_expected += bool(description)
        match = next((found for found in unmatched if found[0] == text), None)
        if match is None:
            continue
        unmatched.remove(match)
        quotes_matched += 1
        speakers_right += match[1] == speaker
        # An unnamed speaker described with the key's words; a sentence's capital aside.
        described_right += bool(description) and match[2].casefold() == description.casefold()

    expected_findings = +annotation["findings"]
    codes = annotation["codes"]
    found_findings = Counter(
        finding.code for finding in report.findings if codes is None or finding.code in codes
    )
    sentences_right = (annotation.get("sentences"), annotation.get("cited_sentences")) == (
        report.sentence_count,
        report.cited_sentence_count,
    )
    return Counter(
        quotes_expected=len(expected_quotes),
        quotes_found=len(found_quotes),
        quotes_matched=quotes_matched,
        speakers_right=speakers_right,
        described_expected=described_expected,
        described_right=described_right,
        findings_expected=expected_findings.total(),
        findings_found=found_findings.total(),
        findings_matched=(expected_findings & found_findings).total(),
        sentences_right=int(sentences_right),
    )


def _ratio(part, whole):
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "n/a"


def _table(header, rows):
    widths = [max(len(str(row[column])) for row in (header, *rows)) for column in range(len(header))]
    for index, row in enumerate((header, *rows)):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
