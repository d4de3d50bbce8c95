"""How the text pipeline's time grows with the size of a brief file.

    .venv/bin/python bench/growth.py [--sizes 64,128,256,512,1024]

For each input (shapes that once took quadratic or worse time, and a realistic brief
repeated) at each size in KB, times parsing the file, checking its attribution with
the speaker rules and rendering its body with the reviewer's flags, and prints the
ratio to the time at the first size: work linear in the input shows ratios near the
ratio of the sizes (2, 4, 8, 16). Ends with the target: each input in at most
TARGET_SECONDS at 512 KB. Needs no database.

Times are CPU seconds of this process, so that other work on a shared machine does
not count. The inputs are parsed as text: the file size limit (1,000,000 bytes)
applies to the bytes of a file, so the 1024 KB column still measures the pipeline.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "editorial" / "demo" / "000_310e8c620f15e9ef.txt"
SIZES = (64, 128, 256, 512, 1024)
TARGET_KB = 512
TARGET_SECONDS = 1.0
REFERENCE = "\n\n0. “Title” Outlet, 30 Jan. 2023,\n"


def _repeat(piece, size, before="Headline\n\n", after=REFERENCE):
    """A brief file's text of about `size` bytes: `piece` repeated between `before` and `after`."""
    count = max(1, (size - len(before.encode()) - len(after.encode())) // len(piece.encode()))
    return before + piece * count + after


def reference_spaces(size):
    """A reference line whose outlet is a long run of spaces: `0. “T”      …      x`. Refused."""
    head = "Headline\n\nBody.[0]\n\n0. “T”"
    return head + " " * (size - len(head.encode()) - 2) + "x\n"


def numbered_spaces(size):
    """A body line that starts like a reference, `0.` and a long run of spaces, but is none."""
    return _repeat(" ", size, before="Headline\n\n0.", after="x.[0]" + REFERENCE)


def one_sentence_speeches(size):
    return _repeat("Smith said, ", size, after="“Yes.”[0]" + REFERENCE)


def quoted_speeches(size):
    """Quotes and speech verbs in one sentence: each quote looks for its verb among all of them."""
    return _repeat("“No,” Smith said, ", size, after="“Yes.”[0]" + REFERENCE)


def cited_words(size):
    return _repeat("Word.[0] ", size)


def uncited_words(size):
    """Sentences without a marker: each is reported, and flagged in the reviewer's preview."""
    return _repeat("Word. ", size, after="Cited.[0]" + REFERENCE)


def one_letter_lines(size):
    return _repeat("a\nB\n", size, after=".[0]" + REFERENCE)


def capital_a_lines(size):
    """A paragraph of lines of `A`: one run of capitalised words, every one a common word."""
    return _repeat("A\n", size, after=".[0]" + REFERENCE)


def realistic(size):
    """The demo brief's body repeated, with its reference list."""
    text = SEED.read_text(encoding="utf-8")
    headline, rest = text.split("\n\n", 1)
    body, references = rest.split("\n\n0. ", 1)
    return _repeat(body + "\n\n", size, before=headline + "\n\n", after="\n0. " + references)


INPUTS = {
    "reference line of spaces": reference_spaces,
    "numbered line of spaces": numbered_spaces,
    "“Smith said, ” in one sentence": one_sentence_speeches,
    "quotes and speech verbs in one sentence": quoted_speeches,
    "“Word.[0] ” repeated": cited_words,
    "“Word. ” repeated (uncited)": uncited_words,
    "one-letter lines": one_letter_lines,
    "one-letter lines, all “A”": capital_a_lines,
    "realistic brief repeated": realistic,
}


def pipeline(text):
    """Parse, check and render a brief file's text as the importer, checker and reviewer's preview do."""
    from brieftext.attribution import check_brief
    from brieftext.footnotes import render_body
    from brieftext.parser import BriefFormatError, parse_brief

    try:
        parsed = parse_brief(text)
    except BriefFormatError:
        return
    body = parsed.body
    report = check_brief(body, parsed.references)
    sentences = {(sentence.paragraph + 1, sentence.index + 1): sentence for sentence in body.sentences}
    render_body(
        body,
        {reference.key for reference in parsed.references},
        flagged_sentences=[
            sentences[finding.paragraph, finding.sentence]
            for finding in report.findings
            if finding.code == "uncited-sentence"
        ],
        flagged_quotes={
            number
            for number, (quote, attribution) in enumerate(
                zip(body.quotes, report.attributions, strict=True), start=1
            )
            if attribution.name is None or body.cited_key(quote) is None
        },
    )


def timed(text):
    started = time.process_time()
    pipeline(text)
    return time.process_time() - started


def print_growth(sizes=SIZES):
    """Print the table of times and ratios, row by row as measured, then the target at TARGET_KB."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    width = max(map(len, INPUTS))
    header = f"{'input':{width}}" + "".join(f"{f'{size} KB':>16}" for size in sizes)
    print(f"CPU seconds to parse, check and render (× the {sizes[0]} KB time)\n")
    print(header)
    print("-" * len(header), flush=True)
    pipeline(realistic(0))  # imports and compiles what the first timing would otherwise include
    at_target = {}
    for name, make in INPUTS.items():
        print(f"{name:{width}}", end="", flush=True)
        first = None
        for size in sizes:
            seconds = timed(make(size * 1024))
            first = seconds if first is None else first
            if size == TARGET_KB:
                at_target[name] = seconds
            ratio = f"{seconds / first:.1f}" if first else "–"
            print(f"{f'{seconds:.3f} (×{ratio})':>16}", end="", flush=True)
        print()
    if at_target:
        print(f"\nTarget: each input in at most {TARGET_SECONDS:g} s at {TARGET_KB} KB")
        for name, seconds in at_target.items():
            print(f"  {'met' if seconds <= TARGET_SECONDS else 'MISSED':7} {name}: {seconds:.2f}")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="sizes in KB")
    options = parser.parse_args(argv[1:])
    print_growth([int(size) for size in options.sizes.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
