"""How well the attribution checker does on the annotated briefs.

    .venv/bin/python bench/attribution.py [DIRECTORY]

Reads every NAME.txt brief in DIRECTORY (default tests/data/attribution) with
its NAME.json annotation: "people" (the People directory to check against),
"published_on", "quotes" (each quoted span's text and its speaker's full name
or null) and "findings" (expected count per finding code). Prints, per brief
and in total, precision and recall of the quoted spans found, the share of
annotated quotes given the right speaker, and precision and recall of the
findings by code. Needs no database and no Django settings.
"""

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRECTORY = ROOT / "tests" / "data" / "attribution"


def main(argv):
    sys.path.insert(0, str(ROOT))
    from brieftext.attribution import SEVERITIES, check_brief
    from brieftext.parser import parse_brief
    from brieftext.speakers import KnownPerson

    directory = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIRECTORY
    briefs = sorted(directory.glob("*.txt"))
    if not briefs:
        print(f"no briefs in {directory}", file=sys.stderr)
        return 1

    rows = []
    totals = Counter()
    by_code = {code: Counter() for code in SEVERITIES}
    for path in briefs:
        annotation = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        parsed = parse_brief(path.read_bytes())
        people = [
            KnownPerson(person["full_name"], tuple(person.get("names", ())), person.get("role", ""))
            for person in annotation.get("people", ())
        ]
        published_on = annotation.get("published_on")
        report = check_brief(
            parsed.body,
            parsed.references,
            people,
            published_on=date.fromisoformat(published_on) if published_on else None,
        )
        score = _score(annotation, report)
        totals.update(score)
        for code, counts in by_code.items():
            expected = annotation.get("findings", {}).get(code, 0)
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
    return 0


def _score(annotation, report):
    """Counts for one brief: quotes matched by text, speakers right, findings matched by code."""
    expected_quotes = [(quote["text"], quote["speaker"]) for quote in annotation["quotes"]]
    found_quotes = [(attribution.quote.text, attribution.name) for attribution in report.attributions]
    unmatched = list(found_quotes)
    quotes_matched = speakers_right = 0
    for text, speaker in expected_quotes:
        match = next((found for found in unmatched if found[0] == text), None)
        if match is None:
            continue
        unmatched.remove(match)
        quotes_matched += 1
        speakers_right += match[1] == speaker

    expected_findings = Counter(annotation.get("findings", {}))
    found_findings = Counter(finding.code for finding in report.findings)
    sentences_right = (annotation.get("sentences"), annotation.get("cited_sentences")) == (
        report.sentence_count,
        report.cited_sentence_count,
    )
    return Counter(
        quotes_expected=len(expected_quotes),
        quotes_found=len(found_quotes),
        quotes_matched=quotes_matched,
        speakers_right=speakers_right,
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
