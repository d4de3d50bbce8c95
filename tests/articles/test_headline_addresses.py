"""Every headline gets its own address, in its own script, and an update only ever replaces its own brief."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from articles.services import brief_slug

pytestmark = pytest.mark.django_db

HEADLINES = {
    "Cyrillic": ("Министр открыл новый порт", "Парламент принял бюджет"),
    "Hebrew": ("השר פתח נמל חדש", "הכנסת אישרה את התקציב"),
    "Greek": ("Ο υπουργός εγκαινίασε νέο λιμάνι", "Η Βουλή ψήφισε τον προϋπολογισμό"),
    "Chinese": ("部长为新港口揭幕", "议会通过预算"),
    "Arabic": ("الوزير يفتتح ميناء جديدا", "البرلمان يقر الميزانية"),
}
RIGHT_TO_LEFT = {"Hebrew", "Arabic"}


def brief_text(headline, sentence="The port opened.[0]"):
    return f"{headline}\n\n{sentence}\n\n0. “A port opens” The Courier, 31 Jan. 2023,\n"


def import_brief(brief_file, text, name, **options):
    call_command("import_brief", brief_file(text, name=name), stdout=None, **options)


@pytest.mark.parametrize("script", HEADLINES)
def test_two_headlines_in_any_script_get_two_addresses(client, brief_file, parse_html, script):
    first, second = HEADLINES[script]

    import_brief(brief_file, brief_text(first), "first.txt", publish=True)
    import_brief(brief_file, brief_text(second), "second.txt", publish=True)

    slugs = {article.headline: article.slug for article in Article.objects.all()}
    assert slugs == {first: brief_slug(first), second: brief_slug(second)}
    assert len(set(slugs.values())) == 2
    for headline, slug in slugs.items():
        assert not slug.startswith("brief")
        page = parse_html(client.get(Article.objects.get(slug=slug).get_absolute_url()))
        heading = page.find("h1")
        assert heading.text == headline
        assert heading.attrs["dir"] == "auto"  # right-to-left headlines read right to left


@pytest.mark.parametrize("script", HEADLINES)
def test_an_update_replaces_only_the_brief_its_file_describes(brief_file, script):
    first, second = HEADLINES[script]
    import_brief(brief_file, brief_text(first), "first.txt")
    import_brief(brief_file, brief_text(second), "second.txt")

    import_brief(brief_file, brief_text(second, "The budget passed.[0]"), "second.txt", update=True)

    assert Article.objects.get(headline=first).body == "The port opened.[0]"
    assert Article.objects.get(headline=second).body == "The budget passed.[0]"


def test_headlines_without_a_letter_or_digit_do_not_share_an_address(brief_file):
    import_brief(brief_file, brief_text("!!!"), "one.txt")
    import_brief(brief_file, brief_text("???"), "two.txt")

    slugs = sorted(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == 2 and slugs[0] != slugs[1]
    assert all(slug.startswith("brief-") for slug in slugs)


def test_a_different_brief_at_the_same_address_is_still_refused_without_update(brief_file):
    import_brief(brief_file, brief_text("Budget!"), "one.txt")

    with pytest.raises(CommandError):
        import_brief(brief_file, brief_text("Budget?", "Another text.[0]"), "two.txt")

    assert Article.objects.get().headline == "Budget!"
