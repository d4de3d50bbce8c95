"""Render a parsed body as HTML with Wikipedia-style footnotes.

Plain Python, no Django. Footnotes are numbered 1, 2, 3… by first citation in
reading order; a reference cited several times is one footnote whose back-links
a, b, … return to each place that cites it. Every piece of brief text passes
through `html.escape`; the only markup in the output is built here.
"""

import heapq
from bisect import bisect_right
from dataclasses import dataclass
from html import escape
from itertools import accumulate
from string import ascii_lowercase


@dataclass(frozen=True)
class Footnote:
    number: int
    key: int
    anchors: tuple  # ids of the markers that cite it, in reading order

    @property
    def id(self):
        return f"cite-note-{self.number}"

    @property
    def backlinks(self):
        """(anchor id, letter) for each place in the text that cites this footnote."""
        return tuple(zip(self.anchors, _letters(len(self.anchors)), strict=True))


@dataclass(frozen=True)
class RenderedBody:
    html: str
    footnotes: tuple


def number_footnotes(markers, known_keys):
    """Footnotes for the markers whose key is in `known_keys`, in order of first use."""
    citing = {}
    for marker in markers:
        if marker.key in known_keys:
            citing.setdefault(marker.key, []).append(marker)
    footnotes = []
    for number, (key, places) in enumerate(citing.items(), start=1):
        anchors = tuple(f"cite-ref-{number}-{letter}" for letter in _letters(len(places)))
        footnotes.append(Footnote(number=number, key=key, anchors=anchors))
    return tuple(footnotes)


def render_body(body, known_keys, *, quote_speakers=None, flagged_sentences=(), flagged_quotes=()):
    """HTML paragraphs of `body` (a ParsedBody) and its footnotes.

    Markers whose key is in `known_keys` become links to their footnote; any other
    marker is shown as visibly unresolved. Quotes become `<q id="quote-N">`; when
    `quote_speakers` maps N to (url, name), the quote's words link to its speaker.

    For reviewers, the sentences in `flagged_sentences` (Sentence objects) are
    wrapped in `<mark class="flag-uncited">` and the quotes numbered in
    `flagged_quotes` get the class `flag-unattributed`.
    """
    quote_speakers = quote_speakers or {}
    footnotes = number_footnotes(body.markers, known_keys)
    by_key = {footnote.key: footnote for footnote in footnotes}
    used = {footnote.key: 0 for footnote in footnotes}

    speaker_links = {}  # paragraph -> [(inner start, inner end, opening <a> tag)]
    insertions = {}  # paragraph -> [(start, end, html)], replacing paragraph[start:end]
    for number, quote in enumerate(body.quotes, start=1):
        paragraph = body.paragraphs[quote.paragraph]
        inner_start = quote.start + 1
        inner_end = quote.end - 1
        # Stray white space inside the quote marks is a typo: it is reported, not shown.
        while inner_start < inner_end and paragraph[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and paragraph[inner_end - 1].isspace():
            inner_end -= 1
        css = ' class="flag-unattributed"' if number in flagged_quotes else ""
        opening, closing = f'<q id="quote-{number}"{css}>', "</q>"
        if number in quote_speakers:
            url, name = (escape(value) for value in quote_speakers[number])
            link = f'<a class="quote-speaker" href="{url}" title="Said by {name}">'
            speaker_links.setdefault(quote.paragraph, []).append((inner_start, inner_end, link))
            opening += link
            closing = "</a>" + closing
        insertions.setdefault(quote.paragraph, []).extend(
            [(quote.start, inner_start, opening), (inner_end, quote.end, closing)]
        )

    for marker, links in zip(body.markers, _links_around(body.markers, speaker_links), strict=True):
        footnote = by_key.get(marker.key)
        if footnote is None:
            html = f'<sup class="noteref unresolved"><span>[source {marker.key} missing]</span></sup>'
        else:
            anchor = footnote.anchors[used[marker.key]]
            used[marker.key] += 1
            html = (
                f'<sup class="noteref"><a id="{anchor}" href="#{footnote.id}" '
                f'role="doc-noteref">[{footnote.number}]</a></sup>'
            )
        for link in links:
            # Links cannot nest: step out of the speaker link around a marker inside a quote.
            html = f"</a>{html}{link}"
        insertions.setdefault(marker.paragraph, []).append((marker.start, marker.end, html))

    flagged = {}  # paragraph -> [(start, end)] of flagged sentences
    for sentence in flagged_sentences:
        flagged.setdefault(sentence.paragraph, []).append((sentence.start, sentence.end))
        for offset in (sentence.start, sentence.end):
            # Empty insertions split the text there, so each piece is wholly in or out.
            insertions.setdefault(sentence.paragraph, []).append((offset, offset, ""))

    html_paragraphs = []
    for index, paragraph in enumerate(body.paragraphs):
        ranges = sorted(flagged.get(index, ()))
        lows = [low for low, _ in ranges]
        highest = list(accumulate((high for _, high in ranges), max))
        pieces, cursor = [], 0

        def text(start, end, paragraph=paragraph, lows=lows, highest=highest):
            piece = escape(paragraph[start:end], quote=False)
            # Flagged when a flagged sentence starting at or before the piece ends at or after it.
            flagging = bisect_right(lows, start)
            if piece and flagging and end <= highest[flagging - 1]:
                return f'<mark class="flag-uncited">{piece}</mark>'
            return piece

        for start, end, html in sorted(insertions.get(index, []), key=lambda item: item[:2]):
            pieces.append(text(cursor, start))
            pieces.append(html)
            cursor = max(cursor, end)
        pieces.append(text(cursor, len(paragraph)))
        html_paragraphs.append(f"<p>{''.join(pieces)}</p>")
    return RenderedBody(html="\n".join(html_paragraphs), footnotes=footnotes)


def _links_around(markers, speaker_links):
    """For each marker, the opening tags of the speaker links it stands inside, in the links' order.

    `speaker_links` maps a paragraph to its links, (start, end, opening tag), in order.
    Markers come in reading order; each is matched against the links open where it stands,
    not against every link of its paragraph.
    """
    around = []
    paragraph, links, following, open_links = None, [], 0, []
    for marker in markers:
        if marker.paragraph != paragraph:
            paragraph = marker.paragraph
            links = sorted(
                (start, end, order, link)
                for order, (start, end, link) in enumerate(speaker_links.get(paragraph, ()))
            )
            following, open_links = 0, []
        while following < len(links) and links[following][0] <= marker.start:
            _, end, order, link = links[following]
            heapq.heappush(open_links, (end, order, link))
            following += 1
        while open_links and open_links[0][0] <= marker.start:
            heapq.heappop(open_links)
        around.append([link for _, _, link in sorted(open_links, key=lambda item: item[1])])
    return around


def _letters(count):
    """a, b, … z, then aa, ab, … so a reference cited often still gets distinct back-links."""
    letters = []
    for index in range(count):
        name = ""
        index += 1
        while index:
            index, remainder = divmod(index - 1, 26)
            name = ascii_lowercase[remainder] + name
        letters.append(name)
    return letters
