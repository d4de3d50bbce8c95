"""What the browser tests share besides fixtures."""

PASSWORD = "a-long-test-password-1"

# A loaded machine can take a while to save a brief and render the next page.
SLOW_SERVER = 30_000


def press(page, target):
    """Click a button or link that loads another page, and wait for that page."""
    with page.expect_navigation(timeout=SLOW_SERVER):
        target.click()


def choose(page, container, text):
    """Pick `text` in an admin autocomplete (select2) field inside `container`."""
    container.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()
