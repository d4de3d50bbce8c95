"""axe-core on every page of the editor's desk, at 1280 and 390 px, in light and dark mode; and no
sideways scrolling of the change form on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Article
from editorial.services import article_submit
from editorial.snapshots import versions_of_article
from tests.builders import make_article

axe = Axe()


@pytest.fixture
def desk(staff, site):
    """A draft in review beside the published seed brief, and their addresses on the desk."""
    draft = make_article(
        headline="Harbour reopens",
        body="The harbour reopened.[0] Nobody cited this.\n\n“Soon,” said Port Director Anna Lindqvist.[0]",
        status=Article.Status.DRAFT,
    )
    article_submit(article=draft, user=staff["editor"])
    seed = site["article"]
    version = versions_of_article(seed.pk).first()
    return {
        "admin index": "/admin/",
        "brief list": "/admin/articles/article/",
        "add form": "/admin/articles/article/add/",
        "change form": f"/admin/articles/article/{draft.pk}/change/",
        "live change form": f"/admin/articles/article/{seed.pk}/change/",
        "history": f"/admin/articles/article/{seed.pk}/history/",
        "compare": f"/admin/articles/article/{seed.pk}/history/compare/",
        "version": f"/admin/articles/article/{seed.pk}/history/{version.pk}/",
        "review queue": "/admin/review/reviewqueueentry/",
        "transitions": "/admin/editorial/transition/",
        "recover deleted briefs": "/admin/articles/article/recover/",
    }


PAGES = [
    "admin index",
    "brief list",
    "add form",
    "change form",
    "live change form",
    "history",
    "compare",
    "version",
    "review queue",
    "transitions",
    "recover deleted briefs",
]


@pytest.fixture
def editor_at(sign_in, live_server):
    """editor_at(path, width, color_scheme) -> a page signed in as the editor, showing `path`."""

    def open_(path, width, color_scheme):
        page = sign_in(
            "editor",
            viewport={"width": width, "height": 900},
            color_scheme=color_scheme,
            reduced_motion="reduce",
        )
        page.goto(f"{live_server.url}{path}")
        return page

    return open_


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_nothing_on_the_editors_desk(desk, editor_at, name, width, color_scheme):
    page = editor_at(desk[name], width, color_scheme)

    results = axe.run(page)

    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", ["change form", "add form"])
def test_the_brief_form_does_not_scroll_sideways_on_a_phone(desk, editor_at, name):
    page = editor_at(desk[name], 390, "light")

    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")

    assert widths[0] <= widths[1], widths


def test_the_brief_list_shows_every_column_at_1280_px_with_headlines_on_a_few_lines(desk, editor_at):
    page = editor_at(desk["brief list"], 1280, "light")

    table, box, tallest, line = page.evaluate(
        """() => {
            const results = document.querySelector('#changelist .results');
            const cells = Array.from(document.querySelectorAll('#result_list .field-headline'));
            const style = getComputedStyle(cells[0]);
            return [results.scrollWidth, results.clientWidth,
                    Math.max(...cells.map(cell => cell.getBoundingClientRect().height)),
                    parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4];
        }"""
    )

    assert table <= box, (table, box)
    assert tallest <= 4 * line + 16, (tallest, line)
