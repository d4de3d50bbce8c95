"""The editor's desk in a browser: a cited brief written from an empty database through the admin
alone, its actions counted, then checks as you type and citing without keys."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from editorial.models import Transition
from sources.models import Outlet, Person, Source
from tests.browser.helpers import SLOW_SERVER
from tests.builders import make_article

# The brief of the issue: three paragraphs, two quotes by two people not yet in People, three
# sources from two outlets. Each piece of text is typed, then cites a new reference (pasted as a
# line of a brief file) or one already in the brief's list.
PARAGRAPHS = [
    [
        ("The harbour of Haverly reopened on Monday after a week of storm repairs.", "new", 0),
        (" “We are open for business,” said Port Director Anna Lindqvist.", "new", 1),
    ],
    [
        ("Fishing boats returned the same afternoon.", "new", 2),
        (" “The catch was good,” said Captain Ola Berg.", "again", 0),
    ],
    [("Repairs to the outer wall will take another month.", "again", 1)],
]
REFERENCES = [
    "“Haverly harbour reopens” Coastal Wire, 30 Jan. 2023, https://wire.example/haverly-reopens",
    "“Port director on the reopening” Coastal Wire, 31 Jan. 2023, https://wire.example/director",
    "“Boats return to Haverly” Harbour Gazette, 30 Jan. 2023, https://gazette.example/boats",
]
MAX_CLICKS = 12


class Counted:
    """Clicks, popup windows and page loads of one page, counted as an editor's actions."""

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.popups = 0
        self.saves = 0
        page.on("popup", lambda popup: setattr(self, "popups", self.popups + 1))
        page.on(
            "request",
            lambda request: (
                setattr(self, "saves", self.saves + 1)
                if request.method == "POST" and request.is_navigation_request()
                else None
            ),
        )

    def click(self, locator):
        self.clicks += 1
        locator.click()


def test_an_editor_writes_and_submits_a_cited_brief_in_9_clicks_no_popup_one_save(
    live_server, staff, sign_in
):
    page = sign_in("editor")
    editor = Counted(page)

    editor.click(page.locator("a[href$='/admin/articles/article/add/']").first)
    page.locator("#id_headline").press_sequentially("Haverly harbour reopens after storm")
    body = page.locator("#id_body")
    toggle = page.locator(".insert-citation-toggle")
    new_reference = 0
    for number, paragraph in enumerate(PARAGRAPHS):
        if number:
            body.press("End")
            body.press_sequentially("\n\n")
        for text, kind, which in paragraph:
            body.press_sequentially(text)
            editor.click(toggle)
            if kind == "new":
                page.locator("#insert-citation-new").fill(REFERENCES[new_reference])
                page.locator("#insert-citation-new").press("Enter")
                new_reference += 1
            else:
                title = REFERENCES[which].split("”")[0].lstrip("“")
                editor.click(page.locator(".insert-citation-choice", has_text=title))
            body.focus()
    with page.expect_navigation(timeout=SLOW_SERVER):
        editor.click(page.get_by_role("button", name="Save and submit for review"))
    expect(page.locator("ul.messagelist").first).to_contain_text("was submitted for review")

    assert (editor.clicks, editor.popups, editor.saves) <= (MAX_CLICKS, 0, 1)
    assert (editor.clicks, editor.popups, editor.saves) == (9, 0, 1)
    article = Article.objects.get()
    assert article.status == Article.Status.IN_REVIEW
    assert Transition.objects.filter(article=article, to_status=Article.Status.IN_REVIEW).count() == 1
    assert article.body == (
        "The harbour of Haverly reopened on Monday after a week of storm repairs.[0] “We are open for "
        "business,” said Port Director Anna Lindqvist.[1]\n\nFishing boats returned the same afternoon.[2] "
        "“The catch was good,” said Captain Ola Berg.[0]\n\nRepairs to the outer wall will take another "
        "month.[1]"
    )
    assert sorted(Outlet.objects.values_list("name", flat=True)) == ["Coastal Wire", "Harbour Gazette"]
    assert Source.objects.count() == 3
    assert sorted(Person.objects.values_list("full_name", "role")) == [
        ("Anna Lindqvist", "Port Director"),
        ("Ola Berg", "Captain"),
    ]
    assert [q.speaker.full_name for q in article.quotes.select_related("speaker")] == [
        "Anna Lindqvist",
        "Ola Berg",
    ]


@pytest.fixture
def draft(transactional_db, staff):
    return make_article(
        headline="Haverly harbour reopens",
        body="The harbour reopened.[1] Nobody cited this.\n\nBoats returned.[0]",
        status=Article.Status.DRAFT,
    )


def test_findings_are_shown_as_typed_and_select_their_sentence(live_server, draft, sign_in):
    page = sign_in("editor")
    page.goto(f"{live_server.url}/admin/articles/article/{draft.pk}/change/")
    panel = page.locator("#live-checks")

    expect(panel).to_be_visible()
    expect(panel.locator(".live-checks-summary")).to_contain_text("2 of 3 sentences cite a source")
    rows = page.locator("#citations-group td.field-footnote_number")
    expect(rows.nth(0)).to_have_text("footnote 2")
    expect(rows.nth(1)).to_have_text("footnote 1")

    page.locator("#id_body").fill("The harbour reopened.[1] Nobody cited this.\n\nBoats returned.")
    expect(panel.locator(".live-checks-summary")).to_contain_text("1 of 3 sentences cite a source")
    expect(rows.nth(0)).to_have_text("not cited")

    panel.locator("li", has_text="This sentence cites no source").first.locator("a").click()
    selected = page.evaluate(
        "() => { const b = document.getElementById('id_body'); "
        "return b.value.slice(b.selectionStart, b.selectionEnd); }"
    )
    assert selected == "Nobody cited this."
