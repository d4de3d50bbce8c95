"""The brief page's list of sources and its "Who said what", built from the brief's rows."""

from datetime import date

import pytest

from tests.builders import make_article, make_outlet, make_person, make_source

pytestmark = pytest.mark.django_db


def test_sources_follow_first_use_whatever_order_their_citations_were_stored_in(client, parse_html):
    courier = make_outlet(name="Harbour Courier")
    references = {
        2: make_source(title="Dredging starts", outlet=courier, published_on=date(2023, 3, 2)),
        0: make_source(
            title="Council agrees", outlet=make_outlet(name="Bay Times"), published_on=date(2023, 1, 9)
        ),
        1: make_source(
            title="Ferries wait", outlet=courier, published_on=date(2023, 3, 2), url="https://example.org/f"
        ),
    }
    article = make_article(
        body="Work began.[2] It was agreed.[0] Ferries wait.[1] It goes on.[2]", references=references
    )

    items = (
        parse_html(client.get(article.get_absolute_url())).find("section", class_="footnotes").find_all("li")
    )

    assert [(item.attrs["id"], item.attrs["value"]) for item in items] == [
        ("cite-note-1", "1"),
        ("cite-note-2", "2"),
        ("cite-note-3", "3"),
    ]
    assert [item.find("cite").text for item in items] == ["Dredging starts", "Council agrees", "Ferries wait"]
    assert [item.find("a", class_="outlet").attrs["href"] for item in items] == [
        "/outlets/harbour-courier/",
        "/outlets/bay-times/",
        "/outlets/harbour-courier/",
    ]
    assert [(item.find("time").attrs["datetime"], item.find("time").text) for item in items] == [
        ("2023-03-02", "2 March 2023"),
        ("2023-01-09", "9 January 2023"),
        ("2023-03-02", "2 March 2023"),
    ]
    assert [link.text for link in items[0].find_all("a", role="doc-backlink")] == ["a", "b"]
    assert items[0].find("a", href="#cite-ref-1-b").attrs["aria-label"] == "Back to citation b of footnote 1"
    assert [link.attrs["href"] for link in items[1].find_all("a", role="doc-backlink")] == ["#cite-ref-2-a"]
    assert items[2].find("span", class_="source-url").text == "https://example.org/f"


def test_who_said_what_numbers_the_quotes_as_the_text_does_and_names_each_speaker(client, parse_html):
    harbour_master = make_person(full_name="Mira Castellane", role="Harbour master")
    article = make_article(
        body="“We dredge in May,” she said.[0] “Not before,” she added.[0]\n\n"
        "Officials called it “late”.[0] “Fine,” said Tamsin Wrey.[0]"
    )
    article.quotes.filter(text__in=["We dredge in May,", "Not before,"]).update(
        speaker=harbour_master, speaker_confirmed=True
    )
    article.quotes.filter(text="Fine,").update(
        speaker=make_person(full_name="Tamsin Wrey"), speaker_confirmed=True
    )

    page = parse_html(client.get(article.get_absolute_url()))

    items = page.find("section", class_="quotes").find_all("li")
    assert [item.text for item in items] == [
        "“We dredge in May,” — Mira Castellane, Harbour master",
        "“Not before,” — Mira Castellane, Harbour master",
        "“late” — speaker not named",
        "“Fine,” — Tamsin Wrey",
    ]
    assert [item.find_all("a")[0].attrs["href"] for item in items] == [f"#quote-{n}" for n in range(1, 5)]
    assert [[link.attrs["href"] for link in item.find_all("a")[1:]] for item in items] == [
        ["/people/mira-castellane/"],
        ["/people/mira-castellane/"],
        [],
        ["/people/tamsin-wrey/"],
    ]
    body = page.find("div", class_="brief-body")
    assert [body.find("q", id=f"quote-{n}").text for n in range(1, 5)] == [
        "We dredge in May,",
        "Not before,",
        "late",
        "Fine,",
    ]
