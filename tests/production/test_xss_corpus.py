"""Well-known XSS payloads typed into every editable field are shown as text wherever they appear.

For each payload, one published brief holds it in its headline, standfirst, body (running text
and a quote), source title and link, outlet name and homepage, a speaker's and a writer's name
and role, and a correction; the admin tests add an editorial note. Every page showing those
fields, public or admin, must hold no element or attribute made from them and show each field
exactly as typed; feeds and sitemaps must stay well-formed XML with the text in the right element.
"""

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import quote as url_quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Byline, Correction
from editorial.models import EditorialNote, Transition
from sources.models import Outlet, Person, Source
from tests.admin_forms import form_data
from tests.articles.test_fuzz_render import read_page
from tests.builders import make_article, make_outlet, make_person, make_source
from tests.production.test_security_headers import assert_runs_under_policy

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "</ScRiPt ><ScRiPt>alert(1)</ScRiPt>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' autofocus onfocus='alert(1)",
    '<iframe srcdoc="<script>alert(1)</script>">',
    "<!--",
    "]]>",
    "{{ 7|add:7 }}",
    '{% now "Y" %}',
    "{{constructor.constructor('alert(1)')()}}",
    "javascript:alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "line\u2028separator\u2029paragraph",
]

ATOM = "{http://www.w3.org/2005/Atom}"
DUBLIN_CORE = "{http://purl.org/dc/elements/1.1/}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SEARCH_WORD = "Quillfeather"


def words(text):
    """`text` with its white space collapsed, as quotes and search terms are stored."""
    return " ".join(text.split())


def in_running_text(payload):
    """The payload as typed in a sentence: there a straight double quote opens a quote, so it is typed '."""
    return payload.replace('"', "'")


def in_url(payload):
    """The payload in a link's query string: a valid link holds no white space."""
    return "+".join(payload.split())


def field_texts(payload):
    """What each field holds in the brief built around `payload`."""
    quote = f"we reject {payload} entirely"
    running = f"chanted {in_running_text(payload)} outside"
    return {
        "headline": f"{SEARCH_WORD} vote {payload}",
        "standfirst": f"Standfirst {payload}",
        "body": f"Crowds {running} {SEARCH_WORD} hall.[0] The minister said “{quote}” to reporters.[0]"
        f"\n\nWitnesses {running} later.",
        "running": running,
        "quote": words(quote),
        "source_title": f"Report {payload}",
        "source_url": f"https://example.org/report?q={in_url(payload)}",
        "outlet": f"Gazette {payload}",
        "homepage": f"https://gazette.example/?from={in_url(payload)}",
        "speaker": f"Speaker {payload}",
        "speaker_role": f"Minister {payload}",
        "writer": f"Writer {payload}",
        "writer_role": f"Correspondent {payload}",
        "correction": f"Correction {payload}",
        "note": f"Note {payload}",
    }


@dataclass
class Planted:
    article: Article
    outlet: Outlet
    source: Source
    speaker: Person
    writer: Person


@pytest.fixture(params=PAYLOADS)
def payload(request):
    return request.param


@pytest.fixture
def texts(payload):
    return field_texts(payload)


@pytest.fixture
def planted(db, texts):
    """A published brief with the payload in every field, each row valid as the admin would check it."""
    outlet = make_outlet(name=texts["outlet"], homepage=texts["homepage"])
    source = make_source(title=texts["source_title"], url=texts["source_url"], outlet=outlet)
    speaker = make_person(full_name=texts["speaker"], role=texts["speaker_role"])
    writer = make_person(full_name=texts["writer"], role=texts["writer_role"])
    article = make_article(
        headline=texts["headline"],
        slug="planted",
        standfirst=texts["standfirst"],
        body=texts["body"],
        references=[source],
    )
    quote = article.quotes.get()
    quote.speaker, quote.speaker_confirmed = speaker, True  # chosen in the admin: confirmed
    quote.save(update_fields=["speaker", "speaker_confirmed"])
    Byline.objects.create(article=article, person=writer)
    correction = Correction.objects.create(article=article, text=texts["correction"])
    for row in (outlet, source, speaker, writer, article, correction):
        row.full_clean()
    return Planted(article=article, outlet=outlet, source=source, speaker=speaker, writer=writer)


# Tags the corpus writes; the pages' own scripts are checked against the policy's nonce instead.
EMBEDDING_TAGS = {"iframe", "img", "svg", "object", "embed"}


def shown_as_text(response, parse_html, status=200):
    """The page as an Element tree, once it is clear no field text became markup.

    Every script is the page's own (a src, or the CSP nonce), no element carries an event
    handler or a javascript: link (assert_runs_under_policy), and no image, svg or frame
    carries the corpus's alert().
    """
    assert response.status_code == status
    assert_runs_under_policy(response, parse_html)
    document = parse_html(response)
    for element in document.find_all():
        if element.tag in EMBEDDING_TAGS:
            assert not any("alert" in value for value in element.attrs.values()), element
    return document


def public_page(client, parse_html, url, params=None, status=200):
    """A public page shown as text, its tags balanced as the fuzz tests keep them."""
    response = client.get(url, params)
    assert read_page(response).problems == []
    return shown_as_text(response, parse_html, status)


def meta_content(document, **attrs):
    return document.find("meta", **attrs).attrs["content"]


def xml_text(element):
    """The text of an XML element that must hold text only."""
    assert element is not None
    assert len(element) == 0, f"<{element.tag}> holds markup"
    return element.text


def html_fragment_text(fragment, parse_html):
    """What a reader shows for an HTML fragment (a feed description) that must hold no element."""
    document = parse_html(fragment)
    assert document.find_all() == [], fragment
    return document.text


# The public site.


def test_brief_page_shows_every_field_as_typed(client, parse_html, planted, texts):
    document = public_page(client, parse_html, planted.article.get_absolute_url())

    assert document.find("title").text.startswith(f"{texts['headline']} · ")
    assert meta_content(document, name="description") == texts["standfirst"]
    assert meta_content(document, property="og:title") == texts["headline"]
    assert meta_content(document, property="og:description") == texts["standfirst"]
    assert meta_content(document, name="twitter:title") == texts["headline"]
    header = document.find("header", class_="brief-header")
    assert header.find("h1").text == texts["headline"]
    assert header.find("p", class_="standfirst").text == texts["standfirst"]
    assert header.find("a", rel="author").text == texts["writer"]
    first, second = document.find("div", class_="brief-body").find_all("p")
    assert f"Crowds {texts['running']} {SEARCH_WORD} hall." in first.text
    assert second.text == f"Witnesses {texts['running']} later."
    quote = first.find("q", id="quote-1")
    assert words(quote.text) == texts["quote"]
    assert quote.find("a", class_="quote-speaker").attrs["title"] == f"Said by {texts['speaker']}"
    correction = document.find("section", class_="corrections-notice").find("li")
    assert correction.find_all("p")[1].text == texts["correction"]
    footnote = document.find("section", class_="footnotes").find("li")
    link = footnote.find("cite", class_="source-title").find("a")
    assert (link.text, link.attrs["href"]) == (texts["source_title"], texts["source_url"])
    assert footnote.find("a", class_="outlet").text == texts["outlet"]
    assert footnote.find("span", class_="source-url").text == texts["source_url"]
    said = document.find("section", class_="quotes").find("li").text
    assert words(f"“{texts['quote']}” — {texts['speaker']}, {texts['speaker_role']}") in words(said)


def test_brief_page_shows_an_unnamed_speakers_description_as_typed(db, client, parse_html, payload):
    article = make_article(body="Officials said it was “late”.[0]")
    article.quotes.update(description=f"Officials {payload}")

    document = public_page(client, parse_html, article.get_absolute_url())

    said = document.find("section", class_="quotes").find("li")
    assert said.text == f"“late” — Officials {payload}"
    assert [link.attrs["href"] for link in said.find_all("a")] == ["#quote-1"]


def test_brief_json_ld_gives_the_fields_back_verbatim(client, parse_html, planted, texts):
    document = public_page(client, parse_html, planted.article.get_absolute_url())

    raw = document.find("script", type="application/ld+json").text
    assert "</script" not in raw.lower()
    assert "<!--" not in raw
    data = json.loads(raw)
    assert data["headline"] == texts["headline"]
    assert data["description"] == texts["standfirst"]
    assert [author["name"] for author in data["author"]] == [texts["writer"]]
    [cited] = data["citation"]
    assert (cited["name"], cited["url"]) == (texts["source_title"], texts["source_url"])
    assert cited["publisher"]["name"] == texts["outlet"]
    assert [correction["text"] for correction in data["correction"]] == [texts["correction"]]


def test_home_page_lists_the_brief_as_typed(client, parse_html, planted, texts):
    document = public_page(client, parse_html, "/")

    item = document.find("li", class_="brief-item")
    assert item.find("h2").text == texts["headline"]
    assert item.find("p", class_="standfirst").text == texts["standfirst"]


def test_corrections_page_shows_the_correction_as_typed(client, parse_html, planted, texts):
    document = public_page(client, parse_html, reverse("public:corrections"))

    item = document.find("ol", class_="correction-list").find("li")
    assert item.find_all("p")[1].text == texts["correction"]
    assert item.find("a").text == texts["headline"]


def test_sources_index_lists_the_outlet_as_typed(client, parse_html, planted, texts):
    document = public_page(client, parse_html, reverse("public:sources"))

    assert document.find("ul", class_="outlet-list").find("a").text == texts["outlet"]


def test_outlet_page_shows_the_outlet_and_its_source_as_typed(client, parse_html, planted, texts):
    document = public_page(client, parse_html, planted.outlet.get_absolute_url())

    assert document.find("title").text.startswith(f"{texts['outlet']} · ")
    assert (
        meta_content(document, name="description") == f"{settings.SITE_NAME} briefs citing {texts['outlet']}."
    )
    header = document.find("article", class_="profile").find("header")
    assert header.find("h1").text == texts["outlet"]
    homepage = header.find("a", rel="noopener")
    assert (homepage.text, homepage.attrs["href"]) == (texts["homepage"], texts["homepage"])
    assert document.find("h2", id="citing-heading").text == f"Briefs citing {texts['outlet']}"
    assert document.find("h3").text == texts["headline"]
    cited = document.find("ul", class_="cited").find("cite").find("a")
    assert (cited.text, cited.attrs["href"]) == (texts["source_title"], texts["source_url"])


def test_speaker_page_shows_name_role_and_quote_as_typed(client, parse_html, planted, texts):
    document = public_page(client, parse_html, planted.speaker.get_absolute_url())

    assert document.find("title").text.startswith(f"{texts['speaker']} · ")
    assert meta_content(document, name="description").startswith(
        f"{texts['speaker']}, {texts['speaker_role']}: "
    )
    assert document.find("h1").text == texts["speaker"]
    assert document.find("p", class_="meta role").text == texts["speaker_role"]
    quoted = document.find("ol", class_="quote-list").find("li")
    assert quoted.find("q").text == texts["quote"]
    assert quoted.find("a").text == f"In “{texts['headline']}”"


def test_writer_page_shows_name_role_and_brief_as_typed(client, parse_html, planted, texts):
    document = public_page(client, parse_html, planted.writer.get_absolute_url())

    assert document.find("h1").text == texts["writer"]
    assert document.find("p", class_="meta role").text == texts["writer_role"]
    assert document.find("h2", id="written-heading").text == f"Briefs by {texts['writer']}"
    item = document.find("li", class_="brief-item")
    assert item.find("h2").text == texts["headline"]
    assert item.find("p", class_="standfirst").text == texts["standfirst"]


def test_search_for_the_payload_shows_the_terms_as_typed(client, parse_html, planted, payload):
    document = public_page(client, parse_html, reverse("public:search"), {"q": payload})

    terms = words(payload)
    assert document.find("title").text.startswith(f"Search: {terms} · ")
    assert document.find("input", id="search-terms").attrs["value"] == terms
    assert f"“{terms}”" in document.find("h2", id="results-heading").text


def test_search_results_show_the_brief_as_typed(client, parse_html, planted, texts):
    document = public_page(client, parse_html, reverse("public:search"), {"q": SEARCH_WORD})

    result = document.find("section", class_="search-results").find("li", class_="brief-item")
    assert result.find("h3").text == texts["headline"]
    snippet = result.find("p", class_="snippet")
    assert [(element.tag, element.text) for element in snippet.find_all()] == [("mark", SEARCH_WORD)]
    shown = words(snippet.text)
    assert f"{SEARCH_WORD} hall. The minister said “we reject" in shown
    if connection.vendor != "postgresql":
        # PostgreSQL's ts_headline leaves out whatever its parser reads as an XML tag.
        assert texts["quote"] in shown


@pytest.mark.parametrize(
    "url",
    [
        "/briefs/{junk}/",
        "/people/{junk}/",
        "/outlets/{junk}/",
        "/?page={junk}",
        "/search/?q=vote&page={junk}",
    ],
)
def test_not_found_pages_with_the_payload_in_the_address(client, parse_html, planted, payload, url):
    public_page(client, parse_html, url.format(junk=url_quote(payload, safe="")), status=404)


def test_rss_feed_holds_the_fields_as_text(client, planted, texts, parse_html):
    root = ET.fromstring(client.get(reverse("public:rss")).content)

    [item] = root.iter("item")
    assert xml_text(item.find("title")) == texts["headline"]
    # An RSS description is HTML: readers show its text, never an element made from it.
    assert html_fragment_text(xml_text(item.find("description")), parse_html) == texts["standfirst"]
    assert xml_text(item.find(f"{DUBLIN_CORE}creator")) == texts["writer"]


def test_atom_feed_holds_the_fields_as_text(client, planted, texts, parse_html):
    root = ET.fromstring(client.get(reverse("public:atom")).content)

    [entry] = root.iter(f"{ATOM}entry")
    assert xml_text(entry.find(f"{ATOM}title")) == texts["headline"]
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert html_fragment_text(xml_text(summary), parse_html) == texts["standfirst"]
    assert xml_text(entry.find(f"{ATOM}author/{ATOM}name")) == texts["writer"]


def test_feed_summary_taken_from_the_body_is_text(client, planted, texts, parse_html):
    Article.objects.filter(pk=planted.article.pk).update(standfirst="")

    root = ET.fromstring(client.get(reverse("public:rss")).content)

    [item] = root.iter("item")
    summary = html_fragment_text(xml_text(item.find("description")), parse_html)
    assert summary == words(texts["body"].replace("[0]", ""))


def test_sitemaps_are_well_formed_and_the_news_sitemap_holds_the_headline(client, planted, texts):
    sitemap = ET.fromstring(client.get("/sitemap-briefs.xml").content)
    news = ET.fromstring(client.get("/news-sitemap.xml").content)

    assert [xml_text(loc) for loc in sitemap.iter(f"{SITEMAP}loc")] == ["http://testserver/briefs/planted/"]
    [title] = news.iter(f"{NEWS}title")
    assert xml_text(title) == texts["headline"]


# The admin, signed in as a superuser.


def admin_page(client, parse_html, url_name, *args):
    return shown_as_text(client.get(reverse(f"admin:{url_name}", args=args)), parse_html)


def chosen_option(select):
    return select.find("option", selected="").text


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        ("articles_article", ["headline"]),
        ("articles_quote", ["quote", "speaker", "headline", "source_title"]),
        ("articles_citation", ["headline", "source_title", "outlet"]),
        ("sources_source", ["source_title", "outlet"]),
        ("sources_outlet", ["outlet", "homepage"]),
        ("sources_person", ["speaker", "speaker_role", "writer", "writer_role"]),
        ("editorial_transition", ["headline"]),
    ],
)
def test_admin_changelists_show_the_fields_as_typed(
    editor_client, editor, parse_html, planted, texts, model, fields
):
    Transition.objects.create(
        article=planted.article,
        headline=planted.article.headline,
        user=editor,
        from_status=Article.Status.IN_REVIEW,
        to_status=Article.Status.PUBLISHED,
    )

    document = admin_page(editor_client, parse_html, f"{model}_changelist")

    shown = document.find("div", id="changelist").text
    for field in fields:
        assert texts[field] in shown, field


def test_review_queue_shows_the_headline_as_typed(editor_client, parse_html, texts, db, commit):
    make_article(
        headline=texts["headline"],
        slug="planted-in-review",
        body=texts["body"],
        status=Article.Status.IN_REVIEW,
    )
    commit()

    document = admin_page(editor_client, parse_html, "review_reviewqueueentry_changelist")

    assert document.find("td", class_="field-headline_link").text == texts["headline"]


def test_article_change_form_shows_every_field_as_typed(editor_client, editor, parse_html, planted, texts):
    EditorialNote.objects.create(article=planted.article, author=editor, text=texts["note"])

    document = admin_page(editor_client, parse_html, "articles_article_change", planted.article.pk)

    form = document.find("form", id="article_form")
    data = form_data(form)
    assert data["headline"] == texts["headline"]
    assert data["standfirst"] == texts["standfirst"]
    assert data["body"] == texts["body"]
    assert data["corrections-0-text"] == texts["correction"]
    assert chosen_option(form.find("select", name="bylines-0-person")) == texts["writer"]
    assert chosen_option(form.find("select", name="citations-0-source")).startswith(texts["source_title"])
    assert chosen_option(form.find("select", name="quotes-0-speaker")) == texts["speaker"]
    assert words(form.find("td", class_="field-text").text) == texts["quote"]
    assert document.find("div", class_="note-text").text == texts["note"]
    findings = [cell.text for cell in document.find_all("td", class_="finding-text")]
    assert f"Witnesses {texts['running']} later." in findings


def test_history_version_and_compare_pages_show_the_fields_as_typed(
    editor_client, parse_html, planted, texts
):
    quote = planted.article.quotes.get()
    quote_url = reverse("admin:articles_quote_change", args=[quote.pk])
    data = form_data(parse_html(editor_client.get(quote_url)).find("form", id="quote_form"))
    assert editor_client.post(quote_url, {**data, "_save": "Save"}).status_code == 302
    # Change the brief after the version, so its pages show the fields in a difference too.
    Article.objects.filter(pk=planted.article.pk).update(headline="Replaced", standfirst="Replaced")
    [version] = Version.objects.get_for_object(planted.article)

    history = admin_page(editor_client, parse_html, "articles_article_history", planted.article.pk)
    assert f"Changed quote “{texts['quote']}”." in history.find("table", id="brief-versions").text

    page = admin_page(editor_client, parse_html, "articles_article_revision", planted.article.pk, version.pk)
    snapshot = page.find("div", class_="brief-snapshot").text
    for field in ("headline", "standfirst", "source_title", "outlet", "quote", "writer"):
        assert texts[field] in snapshot, field
    assert texts["running"] in page.find("div", class_="snapshot-body").text
    restoring = page.find("div", class_="brief-diff")
    assert texts["headline"] in [added.text for added in restoring.find_all("ins")]

    compare = shown_as_text(
        editor_client.get(
            reverse("admin:articles_article_compare", args=[planted.article.pk]),
            {"from": version.pk, "to": "current"},
        ),
        parse_html,
    )
    removed = [deleted.text for deleted in compare.find("div", class_="brief-diff").find_all("del")]
    assert texts["standfirst"] in removed


def test_source_outlet_and_person_change_forms_show_the_fields_as_typed(
    editor_client, parse_html, planted, texts
):
    source = admin_page(editor_client, parse_html, "sources_source_change", planted.source.pk)
    outlet = admin_page(editor_client, parse_html, "sources_outlet_change", planted.outlet.pk)
    speaker = admin_page(editor_client, parse_html, "sources_person_change", planted.speaker.pk)
    writer = admin_page(editor_client, parse_html, "sources_person_change", planted.writer.pk)

    source_form = source.find("form", id="source_form")
    assert form_data(source_form)["title"] == texts["source_title"]
    assert form_data(source_form)["url"] == texts["source_url"]
    assert chosen_option(source_form.find("select", name="outlet")) == texts["outlet"]
    outlet_data = form_data(outlet.find("form", id="outlet_form"))
    assert (outlet_data["name"], outlet_data["homepage"]) == (texts["outlet"], texts["homepage"])
    speaker_data = form_data(speaker.find("form", id="person_form"))
    assert (speaker_data["full_name"], speaker_data["role"]) == (texts["speaker"], texts["speaker_role"])
    writer_data = form_data(writer.find("form", id="person_form"))
    assert (writer_data["full_name"], writer_data["role"]) == (texts["writer"], texts["writer_role"])


def test_quote_change_form_shows_the_fields_as_typed(editor_client, parse_html, planted, texts):
    document = admin_page(editor_client, parse_html, "articles_quote_change", planted.article.quotes.get().pk)

    form = document.find("form", id="quote_form")
    readonly = [words(cell.text) for cell in form.find_all("div", class_="readonly")]
    assert words(texts["headline"]) in readonly
    assert texts["quote"] in readonly
    assert any(cell.startswith(words(texts["source_title"])) for cell in readonly)
    assert chosen_option(form.find("select", name="speaker")) == texts["speaker"]


def test_outlet_delete_page_lists_what_stands_in_the_way_as_typed(editor_client, parse_html, planted, texts):
    document = admin_page(editor_client, parse_html, "sources_outlet_delete", planted.outlet.pk)

    assert texts["source_title"] in document.find("div", id="content").text
