"""Outlet, person and sources index pages: only what published briefs show."""

import pytest

from articles.models import Byline
from tests.builders import make_article, make_outlet, make_person, make_source

pytestmark = pytest.mark.django_db


def test_outlet_page_describes_the_outlet_and_lists_briefs_citing_it(client, parse_html, seed):
    page = parse_html(client.get("/outlets/al-jazeera-english/"))

    assert page.find("h1").text == "Al Jazeera English"
    [item] = page.find("ol", class_="brief-list").find_all("li", class_="brief-item")
    assert item.find("h3").find("a").attrs["href"] == seed["article"].get_absolute_url()
    cited = [cite.text for cite in item.find_all("cite")]
    assert cited == [
        "Blinken urges calm, reaffirms ‘ironclad’ US support for Israel",
        "US not interested in pressing Israel amid violence: Experts",
    ]


def test_outlet_page_lists_only_published_briefs(client, parse_html):
    outlet = make_outlet(name="Wire")
    source = make_source(outlet=outlet)
    make_article(headline="Out now", references=[source])
    make_article(headline="Still a draft", references=[source], status="draft")

    page = parse_html(client.get(outlet.get_absolute_url()))

    assert [h.text for h in page.find_all("h3")] == ["Out now"]


def test_outlet_cited_only_by_drafts_is_404(client):
    source = make_source()
    make_article(references=[source], status="review")

    assert client.get(source.outlet.get_absolute_url()).status_code == 404


def test_person_page_shows_role_and_links_each_quote_to_its_sentence(client, parse_html, seed):
    page = parse_html(client.get("/people/antony-blinken/"))
    url = seed["article"].get_absolute_url()

    assert page.find("h1").text == "Antony Blinken"
    assert page.find("p", class_="meta role").text == "US Secretary of State, US Department of State"
    items = page.find("ol", class_="quote-list").find_all("li")
    assert [item.find("q").text for item in items] == [
        "common commitment",
        "detrimental to Israel’s long-term security and its long-term identity "
        "as a Jewish and democratic state.",
        "urgent steps to restore calm.",
    ]
    assert [item.find("a").attrs["href"] for item in items] == [
        f"{url}#quote-2",
        f"{url}#quote-3",
        f"{url}#quote-4",
    ]


def test_quote_links_point_at_the_quote_on_the_brief_page(client, parse_html, seed):
    person_page = parse_html(client.get("/people/eli-cohen/"))
    brief_page = parse_html(client.get(seed["article"].get_absolute_url()))

    for item in person_page.find("ol", class_="quote-list").find_all("li"):
        anchor = item.find("a").attrs["href"].split("#")[1]
        assert brief_page.find("q", id=anchor).text == item.find("q").text


def test_author_page_lists_their_briefs(client, parse_html, seed):
    page = parse_html(client.get("/people/dana-okafor/"))

    assert page.find("p", class_="meta role").text == "Diplomatic correspondent"
    [link] = page.find("section", class_="written").find_all("a")
    assert link.attrs["href"] == seed["article"].get_absolute_url()
    assert page.find_all("ol", class_="quote-list") == []


def test_person_known_only_from_drafts_is_404(client):
    draft = make_article(body="She said “no”.[0]", status="draft")
    speaker = make_person()
    draft.quotes.update(speaker=speaker, speaker_confirmed=True)
    writer = make_person()
    Byline.objects.create(article=draft, person=writer)

    assert client.get(speaker.get_absolute_url()).status_code == 404
    assert client.get(writer.get_absolute_url()).status_code == 404


def test_person_page_hides_quotes_from_drafts(client, parse_html):
    speaker = make_person()
    for headline, status in [("Public", "published"), ("Secret", "draft")]:
        article = make_article(headline=headline, body=f"She said “{headline}”.[0]", status=status)
        article.quotes.update(speaker=speaker, speaker_confirmed=True)

    page = parse_html(client.get(speaker.get_absolute_url()))

    assert [q.text for q in page.find("ol", class_="quote-list").find_all("q")] == ["Public"]


def test_sources_index_lists_cited_outlets_with_brief_counts(client, parse_html, seed):
    make_article(references=[make_source(outlet=make_outlet(name="Only in drafts"))], status="draft")

    page = parse_html(client.get("/sources/"))

    items = page.find("ul", class_="outlet-list").find_all("li")
    assert [item.find("a").text for item in items] == [
        "Al Jazeera English",
        "Department of State",
        "The Guardian",
        "The Jerusalem Post",
    ]
    assert "cited in 1 brief" in items[0].text


@pytest.mark.parametrize("url", ["/sources/", "/outlets/the-guardian/", "/people/antony-blinken/"])
@pytest.mark.parametrize("page", ["2", "0", "x"])
def test_pages_that_do_not_exist_are_404(client, seed, url, page):
    assert client.get(url, {"page": page}).status_code == 404


def test_person_briefs_list_pages_separately(client, settings, parse_html):
    settings.BRIEFS_PER_PAGE = 1
    writer = make_person()
    for number in range(2):
        Byline.objects.create(article=make_article(headline=f"Written {number}"), person=writer)

    first = parse_html(client.get(writer.get_absolute_url()))
    second = parse_html(client.get(writer.get_absolute_url(), {"briefs": 2}))

    assert first.find("a", rel="next").attrs["href"] == "?briefs=2"
    assert [h.text for h in second.find_all("h2") if h.text.startswith("Written")] == ["Written 0"]
    assert client.get(writer.get_absolute_url(), {"briefs": 3}).status_code == 404
