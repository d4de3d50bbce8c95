"""Readers are told who said a quote as fact only when an editor confirmed it or a certain rule found it
(docs/public-site.md, docs/attribution.md "Sure names"); an unnamed speaker is shown as the brief
describes them."""

import pytest

from articles.models import Quote
from tests.builders import make_article, make_person

pytestmark = pytest.mark.django_db

BODY = (
    "“We will finish by May,” Ana Ruiz said.[0] “It felt like a dream,” said one visitor.[0] "
    "“Too slow,” said Tom Berg.[0]"
)


def brief_with_speakers(**first):
    """A published brief: Ana Ruiz (as `first` says), a described visitor and an unchecked Tom Berg."""
    article = make_article(body=BODY)
    ruiz, visitor, berg = article.quotes.order_by("position")
    ruiz.speaker = make_person(full_name="Ana Ruiz", role="Mayor")
    for name, value in first.items():
        setattr(ruiz, name, value)
    ruiz.save()
    visitor.description = "one <visitor> & friend"
    visitor.save()
    berg.speaker = make_person(full_name="Tom Berg")
    berg.save()
    return article


def who_said_what(page):
    return page.find("section", class_="quotes").find_all("li")


@pytest.mark.parametrize("vouched", [{"speaker_confirmed": True}, {"speaker_certain": True}])
def test_a_confirmed_or_certain_speaker_is_a_link_and_a_guess_is_a_name(client, parse_html, vouched):
    article = brief_with_speakers(**vouched)

    response = client.get(article.get_absolute_url())

    page = parse_html(response)
    items = who_said_what(page)
    assert [item.text for item in items] == [
        "“We will finish by May,” — Ana Ruiz, Mayor",
        "“It felt like a dream,” — one <visitor> & friend",
        "“Too slow,” — Tom Berg",
    ]
    assert [[link.attrs["href"] for link in item.find_all("a")][1:] for item in items] == [
        ["/people/ana-ruiz/"],
        [],
        [],
    ]
    html = response.content.decode()
    assert "one &lt;visitor&gt; &amp; friend" in html
    assert "<visitor>" not in html
    # In the body too, only the vouched-for quote links to its speaker.
    speaker_links = page.find("div", class_="brief-body").find_all("a", class_="quote-speaker")
    assert [link.attrs["href"] for link in speaker_links] == ["/people/ana-ruiz/"]


def test_an_unchecked_guess_is_no_link_anywhere(client, parse_html):
    article = brief_with_speakers()

    page = parse_html(client.get(article.get_absolute_url()))

    assert page.find("div", class_="brief-body").find_all("a", class_="quote-speaker") == []
    assert all(item.find_all("a")[1:] == [] for item in who_said_what(page))


def test_a_person_page_lists_only_the_quotes_readers_may_be_told_are_theirs(client):
    article = brief_with_speakers()

    assert client.get("/people/tom-berg/").status_code == 404
    assert client.get("/people/ana-ruiz/").status_code == 404

    article.quotes.filter(speaker__full_name="Ana Ruiz").update(speaker_confirmed=True)

    response = client.get("/people/ana-ruiz/")
    assert response.status_code == 200
    assert "We will finish by May," in response.content.decode()


def test_confirming_a_speaker_shows_on_cached_pages_at_the_next_request(settings, client, parse_html, commit):
    settings.PAGE_CACHE = True
    article = brief_with_speakers()
    commit()
    for url in (article.get_absolute_url(), "/people/ana-ruiz/"):
        client.get(url)  # stored for the readers after
    assert client.get("/people/ana-ruiz/").status_code == 404

    quote = Quote.objects.get(speaker__full_name="Ana Ruiz")
    quote.speaker_confirmed = True
    quote.save()
    commit()

    page = parse_html(client.get(article.get_absolute_url()))
    assert [link.attrs["href"] for link in who_said_what(page)[0].find_all("a")][1:] == ["/people/ana-ruiz/"]
    assert client.get("/people/ana-ruiz/").status_code == 200
