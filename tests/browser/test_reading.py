"""A reader's journey through the brief, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PAGES, SEED_URL

HIGHLIGHT = "el => getComputedStyle(el).backgroundColor"


def test_reader_follows_footnote_5_and_returns_to_its_second_citation(open_page, site):
    page = open_page("/")
    page.get_by_role("link", name=site["article"].headline).click()
    expect(page).to_have_url(re.compile(re.escape(SEED_URL) + "$"))

    page.locator("#cite-ref-5-a").click()

    expect(page).to_have_url(re.compile("#cite-note-5$"))
    footnote = page.locator("#cite-note-5")
    expect(footnote).to_be_in_viewport()
    assert footnote.evaluate(HIGHLIGHT) != page.locator("#cite-note-4").evaluate(HIGHLIGHT)

    footnote.locator('a[role="doc-backlink"]', has_text=re.compile("^b$")).click()

    expect(page).to_have_url(re.compile("#cite-ref-5-b$"))
    second = page.locator("#cite-ref-5-b")
    expect(second).to_be_in_viewport()
    assert second.evaluate("el => el.matches(':target')")
    assert second.evaluate(HIGHLIGHT) != page.locator("#cite-ref-5-a").evaluate(HIGHLIGHT)


def test_footnotes_work_without_javascript(open_page, site):
    page = open_page(SEED_URL, java_script_enabled=False)

    page.locator("#cite-ref-5-b").click()
    expect(page.locator("#cite-note-5")).to_be_in_viewport()
    page.locator('#cite-note-5 a[href="#cite-ref-5-b"]').click()

    expect(page.locator("#cite-ref-5-b")).to_be_in_viewport()
    expect(page.get_by_role("tooltip")).to_have_count(0)


def test_back_link_to_where_the_reader_came_from_is_marked(open_page, site):
    page = open_page(SEED_URL)

    page.locator("#cite-ref-5-b").click()

    expect(page.locator('#cite-note-5 a[href="#cite-ref-5-b"]')).to_have_class(re.compile("is-origin"))
    expect(page.locator('#cite-note-5 a[href="#cite-ref-5-a"]')).not_to_have_class(re.compile("is-origin"))


def test_source_preview_appears_on_keyboard_focus(open_page, site):
    page = open_page(SEED_URL)
    preview = page.get_by_role("tooltip")
    page.locator("#cite-ref-1-a").focus()
    expect(preview).to_contain_text("The Jerusalem Post")

    # Tab on through the text (a quote may link to its speaker) to the next marker.
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('role')") == "doc-noteref":
            break

    expect(page.locator("#cite-ref-2-a")).to_be_focused()
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("Department of State")
    expect(preview).to_contain_text("Secretary Antony J. Blinken and Israeli President Isaac Herzog")
    expect(preview).to_contain_text("30 January 2023")
    expect(page.locator("#cite-ref-2-a")).to_have_attribute("aria-describedby", "footnote-preview")

    page.keyboard.press("Escape")

    expect(preview).to_be_hidden()


def test_source_preview_appears_on_hover_and_fits_a_phone_screen(open_page, site):
    page = open_page(SEED_URL, width=390)

    page.locator("#cite-ref-3-a").hover()

    preview = page.get_by_role("tooltip")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("Al Jazeera English")
    box = preview.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_search_finds_the_seed_brief(open_page, site):
    page = open_page("/")

    page.get_by_role("searchbox", name="Search briefs").fill("ironclad")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=ironclad$"))
    result = page.get_by_role("link", name=site["article"].headline)
    expect(result).to_be_visible()
    result.click()
    expect(page).to_have_url(re.compile(re.escape(SEED_URL) + "$"))


def test_skip_link_is_the_first_stop_and_visible_on_focus(open_page, site):
    page = open_page(SEED_URL)

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") != "none"


@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scroll_on_a_phone(open_page, site, name):
    page = open_page(PAGES[name], width=390)

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert overflow <= 0


def test_printed_brief_shows_source_links(open_page, site):
    source = site["article"].citations.get(key=4).source
    source.url = "https://www.theguardian.com/world/2023/jan/30/blinken-jerusalem"
    source.save()
    page = open_page(SEED_URL)
    url = page.locator("#cite-note-5 .source-url")
    expect(url).to_be_hidden()

    page.emulate_media(media="print")

    expect(url).to_be_visible()
    expect(url).to_have_text(source.url)
    expect(page.get_by_role("navigation", name="Site")).to_be_hidden()
