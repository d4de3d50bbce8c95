"""Property-based tests of the brief page: any text a brief can hold is shown escaped.

Each example stores a brief whose every text field (headline, standfirst, body,
source titles, outlets, names, corrections) is drawn from hostile pieces: markup
that would inject an element, markers of every shape, unmatched brackets and
quotes, very long words, right-to-left text and emoji. The page must answer 200
with balanced markup in which none of that text became an element or attribute.
"""

import json
from datetime import timedelta
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.models import Article, Byline, Citation, Correction
from articles.services import article_sync_quotes
from brieftext.parser import BriefFormatError, parse_body
from sources.models import Outlet, Person, Source

INJECTED = '<b data-x="INJECTED">'
PIECES = [
    INJECTED, '"><b data-x="INJECTED">', "'><b data-x=INJECTED>", "</p>", "</a>", "<q>", "</script>",
    "<script>alert(1)</script>", "<!--", "-->", "]]>", "{{ x }}", "{% if %}", "javascript:alert(1)",
    "&", "&amp;", "&lt;", "<", ">", '"', "'", "\\", "[", "]", "[0]", "[1]", "[2]", "[00]", "[12]",
    "[999999]", "[1234567]", "[ 1]", "[-1]", "[1.5]", "[]", "“", "”", "‘", "’", ".", "!", "?", "…",
    " ", " ", " ", "\n", "\n\n", "word", "Minister", "x" * 300, "שלום", "مرحبا", "\u202e", "\u200f",
    "😀", "👩‍💻", "e\u0301", "\u00a0", "\u2028",
]  # fmt: skip
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# End tags HTML lets an author leave out.
OPTIONAL_END_TAGS = {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot"}

hostile_text = st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map("".join)
hostile_line = hostile_text.map(lambda text: " ".join(text.split())[:200]).filter(bool)


class PageReader(HTMLParser):
    """Reads a page strictly: records unbalanced tags, injected elements and script contents."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []
        self.problems = []
        self.scripts = []  # (attrs, text)
        self.text = []

    def handle_starttag(self, tag, attrs):
        names = [name for name, _ in attrs]
        if "data-x" in names or any(name.startswith("on") for name in names):
            self.problems.append(f"user text became <{tag} {attrs}>")
        if tag == "script":
            self.scripts.append((dict(attrs), []))
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open.pop()

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        while self.open and self.open[-1] != tag and self.open[-1] in OPTIONAL_END_TAGS:
            self.open.pop()
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else 'nothing'}>")
            return
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self.open and self.open[-1] == "script":
            self.scripts[-1][1].append(data)

    def close(self):
        super().close()
        unclosed = [tag for tag in self.open if tag not in OPTIONAL_END_TAGS]
        if unclosed:
            self.problems.append(f"unclosed {unclosed}")


def read_page(response):
    reader = PageReader()
    reader.feed(response.content.decode(response.charset or "utf-8"))
    reader.close()
    return reader


def storable_body(text):
    """The body as the admin would store it; unbalanced quote marks are removed first."""
    try:
        return parse_body(text)
    except BriefFormatError:
        return parse_body(text.translate({ord(mark): None for mark in '“”"'}))


@st.composite
def brief_fields(draw):
    return {
        "headline": draw(hostile_line),
        "standfirst": draw(st.one_of(st.just(""), hostile_line)),
        "body": draw(hostile_text),
        "names": draw(st.lists(hostile_line, min_size=3, max_size=3)),
        "titles": draw(st.lists(hostile_line, min_size=3, max_size=3, unique=True)),
        "url_suffix": draw(hostile_line),
        "correction": draw(st.one_of(st.just(""), hostile_text)),
        "preview": draw(st.booleans()),
    }


def store_brief(fields):
    body = storable_body(fields["body"])
    preview = fields["preview"]
    article = Article.objects.create(
        headline=fields["headline"],
        slug="fuzzed-brief",
        standfirst=fields["standfirst"],
        body=body.text,
        status=Article.Status.DRAFT if preview else Article.Status.PUBLISHED,
        published_at=None if preview else timezone.now() - timedelta(hours=1),
    )
    outlet = Outlet.objects.create(name=fields["names"][0])
    keys = list(dict.fromkeys(marker.key for marker in body.markers))[:3]
    for key, title in zip(keys, fields["titles"], strict=False):
        source = Source.objects.create(
            title=title,
            outlet=outlet,
            published_on=timezone.localdate(),
            url=f"https://example.org/{key}?q={fields['url_suffix']}",
        )
        Citation.objects.create(article=article, key=key, source=source)
    writer = Person.objects.create(full_name=fields["names"][1], role=fields["names"][2])
    Byline.objects.create(article=article, person=writer)
    article_sync_quotes(article=article)
    article.quotes.update(speaker=writer)
    if fields["correction"]:
        Correction.objects.create(article=article, text=fields["correction"])
    return article


class BriefPageTests(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(brief_fields())
    def test_any_brief_text_is_shown_escaped_in_well_formed_html(self, fields):
        article = store_brief(fields)
        if fields["preview"]:
            staff = get_user_model().objects.create_superuser("staff")
            self.client.force_login(staff)

        response = self.client.get(article.get_absolute_url())

        assert response.status_code == 200
        page = read_page(response)
        assert page.problems == []
        for attrs, text in page.scripts:
            assert "src" in attrs or attrs.get("type") == "application/ld+json", attrs
            if attrs.get("type") == "application/ld+json":
                json.loads("".join(text))
        assert " ".join(fields["headline"].split()) in " ".join("".join(page.text).split())

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(brief_fields())
    def test_any_brief_text_is_shown_escaped_on_the_front_page(self, fields):
        store_brief({**fields, "preview": False})

        response = self.client.get("/")

        assert response.status_code == 200
        page = read_page(response)
        assert page.problems == []
        assert " ".join(fields["headline"].split()) in " ".join("".join(page.text).split())
