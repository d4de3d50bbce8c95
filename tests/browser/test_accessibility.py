"""axe-core, run in Chromium on every kind of page, in light and dark mode."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import PAGES

axe = Axe()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_reports_no_violations(open_page, site, name, color_scheme):
    page = open_page(PAGES[name], color_scheme=color_scheme)

    results = axe.run(page)

    assert results.violations_count == 0, results.generate_report()


def test_axe_checks_the_open_footnote_preview(open_page, site):
    page = open_page(PAGES["brief"])
    page.locator("#cite-ref-2-a").focus()

    results = axe.run(page)

    assert results.violations_count == 0, results.generate_report()
