"""The brief page beyond its footnotes: bylines, dates, corrections, quotes and metadata."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Correction
from tests.builders import make_article

from .data import SEED_CORRECTION, html_datetime

pytestmark = pytest.mark.django_db


def json_ld(page):
    [script] = page.find_all("script", type="application/ld+json")
    return json.loads(script.text)


def test_byline_links_to_the_author_page(client, parse_html, seed):
    page = parse_html(client.get(seed["article"].get_absolute_url()))

    byline = page.find("p", class_="byline")
    assert byline.text == "By Dana Okafor"
    assert byline.find("a").attrs == {"rel": "author", "href": "/people/dana-okafor/"}


def test_correction_is_shown_above_the_text_with_its_date(client, parse_html, seed):
    html = client.get(seed["article"].get_absolute_url()).content.decode()
    page = parse_html(html)

    notice = page.find("section", class_="corrections-notice")
    assert SEED_CORRECTION in notice.text
    assert "Correction" in notice.find("p", class_="correction-label").text
    assert notice.find("time").attrs["datetime"] == html_datetime(seed["correction"].published_at)
    assert html.index("corrections-notice") < html.index('class="brief-body"')


def test_corrected_brief_shows_published_and_updated_dates(client, parse_html, seed):
    article = seed["article"]
    article.refresh_from_db()

    dateline = parse_html(client.get(article.get_absolute_url())).find("p", class_="dateline")

    published, updated = dateline.find_all("time")
    assert published.attrs["datetime"] == html_datetime(article.published_at)
    assert updated.attrs["datetime"] == html_datetime(seed["correction"].published_at)
    assert "Updated" in dateline.text


def test_freshly_published_brief_shows_no_updated_date(client, parse_html):
    article = make_article(published_at=timezone.now())

    dateline = parse_html(client.get(article.get_absolute_url())).find("p", class_="dateline")

    assert len(dateline.find_all("time")) == 1
    assert "Updated" not in dateline.text


def test_quotes_are_q_elements_linking_to_their_speaker(client, parse_html, seed):
    page = parse_html(client.get(seed["article"].get_absolute_url()))
    body = page.find("div", class_="brief-body")

    quote = body.find("q", id="quote-2")
    assert quote.text == "common commitment"
    assert quote.find("a").attrs["href"] == "/people/antony-blinken/"
    assert body.find("q", id="quote-5").find("a").attrs["href"] == "/people/eli-cohen/"


def test_quote_without_a_known_speaker_links_nowhere(client, parse_html):
    article = make_article(body="Officials called it “historic”.[0]")

    quote = parse_html(client.get(article.get_absolute_url())).find("q", id="quote-1")

    assert quote.text == "historic"
    assert quote.find_all("a") == []


def test_who_said_what_links_speakers_to_their_pages(client, parse_html, seed):
    page = parse_html(client.get(seed["article"].get_absolute_url()))

    links = page.find("section", class_="quotes").find_all("a", href="/people/antony-blinken/")
    assert len(links) == 3


def test_footnote_outlets_link_to_outlet_pages(client, parse_html, seed):
    page = parse_html(client.get(seed["article"].get_absolute_url()))

    outlets = [
        link.attrs["href"] for link in page.find("section", class_="footnotes").find_all("a", class_="outlet")
    ]
    assert outlets == [
        "/outlets/the-jerusalem-post/",
        "/outlets/department-of-state/",
        "/outlets/al-jazeera-english/",
        "/outlets/al-jazeera-english/",
        "/outlets/the-guardian/",
    ]


def test_canonical_opengraph_and_twitter_card(client, parse_html, seed):
    article = seed["article"]
    page = parse_html(client.get(article.get_absolute_url() + "?utm_source=feed"))
    url = f"http://testserver{article.get_absolute_url()}"

    assert page.find("link", rel="canonical").attrs["href"] == url
    assert page.find("meta", property="og:type").attrs["content"] == "article"
    assert page.find("meta", property="og:title").attrs["content"] == article.headline
    assert page.find("meta", property="og:url").attrs["content"] == url
    assert page.find("meta", property="article:published_time").attrs["content"]
    assert page.find("meta", name="twitter:card").attrs["content"] == "summary"


def test_json_ld_describes_the_news_article(client, parse_html, seed):
    article = seed["article"]
    article.refresh_from_db()

    data = json_ld(parse_html(client.get(article.get_absolute_url())))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["dateModified"] == seed["correction"].published_at.isoformat()
    assert data["author"] == [
        {"@type": "Person", "name": "Dana Okafor", "url": "http://testserver/people/dana-okafor/"}
    ]
    assert data["publisher"]["name"] == "Newsroom"
    assert len(data["citation"]) == 5
    assert data["citation"][3] == {
        "@type": "CreativeWork",
        "name": "Blinken urges calm, reaffirms ‘ironclad’ US support for Israel",
        "publisher": {"@type": "Organization", "name": "Al Jazeera English"},
        "datePublished": "2023-01-30",
    }
    [correction] = data["correction"]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"] == SEED_CORRECTION
    assert correction["datePublished"] == seed["correction"].published_at.isoformat()


def test_json_ld_cites_source_links_and_falls_back_to_the_publisher_as_author(client, parse_html):
    article = make_article(body="It happened.[0]")
    source = article.citations.get().source
    source.url = "https://example.org/story"
    source.save()

    data = json_ld(parse_html(client.get(article.get_absolute_url())))

    assert data["citation"][0]["url"] == "https://example.org/story"
    assert data["citation"][0]["name"] == source.title
    assert data["author"] == [data["publisher"]]
    assert data["correction"] == []


def test_json_ld_cannot_be_broken_out_of(client):
    article = make_article(headline="</script><script>alert(1)</script> & more")

    html = client.get(article.get_absolute_url()).content.decode()

    script = html[html.index('type="application/ld+json"') :]
    script = script[: script.index("</script>")]
    assert "<script>alert" not in script
    assert "\\u003c/script\\u003e" in script


def test_correction_moves_date_modified(client, parse_html):
    article = make_article(published_at=timezone.now() - timedelta(days=3))
    before = json_ld(parse_html(client.get(article.get_absolute_url())))["dateModified"]

    later = timezone.now() + timedelta(minutes=5)
    Correction.objects.create(article=article, text="Fixed.", published_at=later)

    after = json_ld(parse_html(client.get(article.get_absolute_url())))["dateModified"]
    assert before != after == later.isoformat()


def test_preview_keeps_its_banner_and_noindex(editor_client, parse_html):
    draft = make_article(status="draft")

    response = editor_client.get(draft.get_absolute_url())
    page = parse_html(response)

    assert page.find("p", class_="preview-banner").text.startswith("Preview")
    assert response["X-Robots-Tag"] == "noindex"
    assert page.find("meta", name="robots").attrs["content"] == "noindex"
