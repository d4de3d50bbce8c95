from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from articles.models import Article
from tests.builders import make_article, make_outlet, make_person, make_source
from tests.conftest import SEED_SLUG

pytestmark = pytest.mark.django_db

SEED_URL = f"/briefs/{SEED_SLUG}/"
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def seed_page(client, seed_article, parse_html):
    response = client.get(SEED_URL)
    assert response.status_code == 200
    return parse_html(response)


def noterefs(page):
    return page.find_all("a", role="doc-noteref")


def footnote_items(page):
    return page.find("section", role="doc-endnotes").find_all("li")


def test_seed_shows_headline_and_four_paragraphs(seed_page, seed_article):
    assert seed_page.find("h1").text == seed_article.headline
    assert len(seed_page.find("div", class_="brief-body").find_all("p")) == 4


def test_seed_has_five_footnotes_numbered_by_first_use(seed_page):
    items = footnote_items(seed_page)

    assert [(item.attrs["id"], item.attrs["value"]) for item in items] == [
        (f"cite-note-{number}", str(number)) for number in range(1, 6)
    ]
    assert [item.find(class_="outlet").text for item in items] == [
        "The Jerusalem Post",
        "Department of State",
        "Al Jazeera English",
        "Al Jazeera English",
        "The Guardian",
    ]
    assert [marker.text for marker in noterefs(seed_page)] == ["[1]", "[2]", "[3]", "[4]", "[5]", "[5]"]


def test_every_marker_links_to_an_existing_footnote(seed_page):
    footnote_ids = {item.attrs["id"] for item in footnote_items(seed_page)}
    markers = noterefs(seed_page)

    assert len(markers) == 6
    for marker in markers:
        assert marker.attrs["href"].removeprefix("#") in footnote_ids
    assert len({marker.attrs["id"] for marker in markers}) == 6


def test_footnote_5_links_back_to_both_places_that_cite_it(seed_page):
    fifth = seed_page.find("li", id="cite-note-5")
    backlinks = fifth.find_all("a", role="doc-backlink")
    markers_citing_5 = [marker for marker in noterefs(seed_page) if marker.attrs["href"] == "#cite-note-5"]

    assert len(backlinks) == 2
    assert [link.text for link in backlinks] == ["a", "b"]
    assert [link.attrs["href"] for link in backlinks] == [
        f"#{marker.attrs['id']}" for marker in markers_citing_5
    ]


def test_single_use_footnotes_have_one_backlink_to_their_marker(seed_page):
    markers = {marker.attrs["href"]: marker.attrs["id"] for marker in noterefs(seed_page)[:4]}

    for number in range(1, 5):
        (backlink,) = seed_page.find("li", id=f"cite-note-{number}").find_all("a", role="doc-backlink")
        assert backlink.attrs["href"] == f"#{markers[f'#cite-note-{number}']}"


def test_dpub_roles_are_present(seed_page):
    assert len(seed_page.find_all(role="doc-noteref")) == 6
    assert len(seed_page.find_all(role="doc-endnotes")) == 1
    assert len(seed_page.find_all(role="doc-backlink")) == 6


def test_quotes_become_q_elements_without_stray_whitespace(seed_page):
    quotes = seed_page.find("div", class_="brief-body").find_all("q")

    assert [quote.text for quote in quotes][:2] == ["ironclad", "common commitment"]
    assert [quote.attrs["id"] for quote in quotes] == [f"quote-{number}" for number in range(1, 7)]


def test_sourcing_summary_counts_sources_and_outlets(seed_page):
    assert seed_page.find("p", class_="sourcing").text == "5 sources from 4 outlets"


def test_published_page_is_not_a_preview(client, seed_article):
    response = client.get(SEED_URL)

    assert b"preview-banner" not in response.content
    assert b"noindex" not in response.content
    assert "X-Robots-Tag" not in response
    assert "no-store" not in response.get("Cache-Control", "")


def test_script_in_any_field_is_shown_escaped(client, parse_html):
    outlet = make_outlet(name=f"{SCRIPT} Outlet")
    source = make_source(title=f"{SCRIPT} Title", outlet=outlet)
    article = make_article(
        headline=f"{SCRIPT} Headline",
        slug="script-headline",
        standfirst=f"{SCRIPT} standfirst",
        body=f"Body with {SCRIPT} and “{SCRIPT} quoted”.[0]",
        references=[source],
    )

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in html
    assert f"{ESCAPED_SCRIPT} Headline" in html
    assert f"Body with {ESCAPED_SCRIPT} and" in html
    assert f"{ESCAPED_SCRIPT} Title" in html
    assert f"{ESCAPED_SCRIPT} Outlet" in html
    page = parse_html(html)
    assert page.find("h1").text == f"{SCRIPT} Headline"
    assert page.find("cite").text == f"{SCRIPT} Title"
    assert page.find(class_="outlet").text == f"{SCRIPT} Outlet"
    assert "alert(1)" not in [script.text for script in page.find_all("script")]


def test_marker_without_citation_is_unresolved_text_not_a_link(client, parse_html):
    article = make_article(body="Cited.[0] Not cited.[1]", references=[make_source()])

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    page = parse_html(response)
    assert [marker.text for marker in noterefs(page)] == ["[1]"]
    (unresolved,) = page.find_all("sup", class_="noteref unresolved")
    assert unresolved.text == "[source 1 missing]"
    assert unresolved.find_all("a") == []
    assert len(footnote_items(page)) == 1


def test_brief_without_citations_says_so(client):
    article = make_article(body="Nothing cited here.", references={})

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "This brief cites no sources." in response.content.decode()


def test_named_speaker_is_shown_with_the_quote(client, parse_html):
    article = make_article(body="She said “we will go”.[0] Then “nothing” more.[0]")
    article.quotes.filter(text="we will go").update(
        speaker=make_person(full_name="Ann Example", role="Foreign Minister"), speaker_confirmed=True
    )

    page = parse_html(client.get(article.get_absolute_url()))

    items = page.find("section", class_="quotes").find_all("li")
    assert [item.text for item in items] == [
        "“we will go” — Ann Example, Foreign Minister",
        "“nothing” — speaker not named",
    ]


def test_unknown_slug_is_404(client, db):
    assert client.get("/briefs/no-such-brief/").status_code == 404


def test_post_is_not_allowed(client, seed_article):
    assert client.post(SEED_URL).status_code == 405


@pytest.fixture
def reviewer_client(client):
    """A member of staff who may read briefs in the admin but is not a superuser."""
    user = get_user_model().objects.create_user(
        "reviewer", "reviewer@example.org", password=None, is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(codename="view_article", content_type__app_label="articles")
    )
    client.force_login(user)
    return client


def unpublished(status):
    """A brief readers may not see yet: a draft, one in review, or one embargoed until tomorrow."""
    if status == "embargoed":
        return make_article(
            headline="Embargoed brief",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() + timedelta(days=1),
        )
    return make_article(headline=f"A {status} brief", status=status)


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW, "embargoed"])
def test_unpublished_brief_is_404_for_anonymous_readers(client, status):
    article = unpublished(status)

    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW, "embargoed"])
def test_unpublished_brief_is_404_for_signed_in_readers(reader_client, status):
    article = unpublished(status)

    assert reader_client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("status", "shown_as"),
    [(Article.Status.DRAFT, "draft"), (Article.Status.IN_REVIEW, "in review"), ("embargoed", "published")],
)
@pytest.mark.parametrize("persona", ["editor_client", "reviewer_client"])
def test_staff_preview_unpublished_brief(request, parse_html, persona, status, shown_as):
    viewer = request.getfixturevalue(persona)
    article = unpublished(status)

    response = viewer.get(article.get_absolute_url())

    assert response.status_code == 200
    page = parse_html(response)
    assert page.find("h1").text == article.headline
    banner = page.find("p", class_="preview-banner")
    assert banner.text == f"Preview: this brief is {shown_as} and not visible to readers."
    assert page.find("meta", name="robots").attrs["content"] == "noindex"
    assert response["X-Robots-Tag"] == "noindex"
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control
    assert "no-store" in cache_control


def brief_with_citations(count):
    sentences = " ".join(f"Claim “{number}” stated.[{number}]" for number in range(count))
    article = make_article(body=f"{sentences}\n\nAll agreed.[0]")
    article.bylines.create(person=make_person())
    article.quotes.update(speaker=make_person(), speaker_confirmed=True)
    return article


@pytest.mark.parametrize("citations", [2, 40])
def test_brief_page_query_count_does_not_grow_with_citations(
    client, django_assert_num_queries, parse_html, citations
):
    article = brief_with_citations(citations)

    with django_assert_num_queries(4):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert len(footnote_items(parse_html(response))) == citations
