"""What the brief's form shows beside the body while an editor types: the checker's findings."""


def live_checks(typed, report):
    """The JSON the form's script (editorial/static/editorial/checks.js) shows.

    Each finding says where its sentence is in the body as typed (`paragraph`, 0-based,
    and `start`:`end` within it), so the script can select it; references are listed with
    the footnote number readers would see, or none when the body does not cite them.
    """
    numbers = {footnote.key: footnote.number for footnote, _ in report.footnotes}
    return {
        "errors": typed.errors,
        "sentences": report.sentence_count,
        "cited_sentences": report.cited_sentence_count,
        "counts": {"errors": len(report.errors), "warnings": len(report.warnings)},
        "findings": [_finding(typed.body, finding) for finding in report.findings],
        "references": [
            {
                "key": citation.key,
                "number": numbers.get(citation.key),
                "title": citation.source.title,
                "outlet": citation.source.outlet.name,
            }
            for citation in sorted(typed.citations, key=lambda citation: citation.key)
        ],
        "speakers": [
            {"quote": attribution.quote.text, "name": attribution.name, "role": attribution.role or ""}
            for attribution in report.attributions
        ],
    }


def _finding(body, finding):
    place = {}
    if finding.paragraph is not None:
        sentences = body.paragraph_sentences(finding.paragraph - 1)
        sentence = sentences[finding.sentence - 1] if finding.sentence else None
        if sentence is not None:
            place = {"paragraph": finding.paragraph - 1, "start": sentence.start, "end": sentence.end}
    return {
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "text": finding.text,
        "where": f"¶{finding.paragraph}, sentence {finding.sentence}" if finding.sentence else "References",
        **place,
    }
