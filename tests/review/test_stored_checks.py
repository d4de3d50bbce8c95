"""Every stored attribution check equals a fresh one, whatever changed what it reads, and however.

The checks are kept by receivers after each commit (review/receivers.py): these tests
write through imports, the admin and plain model saves as a shell would, each in real
transactions, and compare every stored check with one computed afresh.
"""

import pytest
from django.core.management import call_command
from django.db import transaction

from articles.models import Article, Quote
from articles.signals import briefs_written
from review.models import AttributionCheck, SignOff
from review.services import StoredBrief
from sources.models import Person, Source
from tests.builders import make_article, make_outlet, make_source, make_staff
from tests.checks import fresh_check, stale_checks, stored_check

pytestmark = pytest.mark.django_db(transaction=True)

# Two briefs citing the same story; only the second file gives its link.
BRIEF_A = """Storm shuts schools

Schools across the region closed on Monday.[0]

0. “Storm shuts schools across region” Daily Courier, 4 Jan. 2024,
"""
BRIEF_B = """Schools reopen after the storm

Schools reopened on Thursday.[0] They had closed for the storm.[1]

0. “Schools reopen” Daily Courier, 7 Jan. 2024, https://courier.example.org/reopen

1. “Storm shuts schools across region” Daily Courier, 4 Jan. 2024, https://courier.example.org/storm
"""
QUOTED = "“We will rebuild the quay,” said Ana Lund.[0]"


def codes(article):
    return [finding["code"] for finding in stored_check(article)["findings"]]


def test_importing_a_link_for_a_stored_source_updates_the_checks_of_briefs_citing_it(brief_file):
    call_command("import_brief", brief_file(BRIEF_A, name="a.txt"))
    first = Article.objects.get()
    assert "source-without-url" in codes(first)

    call_command("import_brief", brief_file(BRIEF_B, name="b.txt"))

    assert Source.objects.get(title="Storm shuts schools across region").url
    assert "source-without-url" not in codes(first)
    assert stale_checks() == {}


def test_an_edit_to_a_brief_in_the_shell_is_checked_again():
    article = make_article(body="Cited.[0] Not cited.")
    assert "uncited-sentence" in codes(article)

    article.body = "Cited.[0] Cited too.[0]"
    article.save()

    assert "uncited-sentence" not in codes(article)
    assert stale_checks() == {}


def test_a_link_removed_from_a_source_in_the_shell_shows_in_the_checks_of_briefs_citing_it():
    source = make_source(url="https://example.org/story")
    citing = [make_article(body=f"Brief {n}.[0]", references=[source]) for n in range(2)]
    assert not any("source-without-url" in codes(article) for article in citing)

    source.url = ""
    source.save()

    assert all("source-without-url" in codes(article) for article in citing)
    assert stale_checks() == {}


def test_renaming_an_outlet_is_checked_again_in_the_briefs_citing_its_sources():
    """Two references of one brief are the same source once their outlets' names read the same."""
    one = make_source(title="Quay reopens", outlet=make_outlet(name="Harbour Courier"))
    other = make_source(title="Quay reopens", outlet=make_outlet(name="Harbour Gazette"))
    article = make_article(body="The quay reopened.[0][1]", references=[one, other])
    assert "duplicate-reference" not in codes(article)

    outlet = other.outlet
    outlet.name = "Harbour  Courier"  # another outlet to the database, the same one to a reader
    outlet.save()

    assert "duplicate-reference" in codes(article)
    assert stale_checks() == {}


def test_a_person_added_renamed_or_removed_changes_the_checks_of_briefs_naming_them():
    article = make_article(body=QUOTED)
    assert "speaker-unknown" in codes(article)

    lund = Person.objects.create(full_name="Ana Lund")
    assert "speaker-unknown" not in codes(article)
    assert stale_checks() == {}

    lund.full_name = "Anna Lindqvist"
    lund.save()
    assert "speaker-unknown" in codes(article)
    assert stale_checks() == {}

    lund.full_name = "Ana Lund"
    lund.save()
    assert "speaker-unknown" not in codes(article)
    lund.delete()
    assert "speaker-unknown" in codes(article)
    assert stale_checks() == {}


def test_a_speaker_set_in_bulk_and_announced_is_checked_again():
    article = make_article(body=QUOTED)
    lund = Person.objects.create(full_name="Ana Lund")

    Quote.objects.filter(article=article).update(speaker=lund, speaker_confirmed=True)
    briefs_written([article.pk])

    assert stored_check(article) == fresh_check(article)


def test_a_sign_off_and_a_change_after_it_show_in_the_stored_check():
    reviewer = make_staff("reviewer")
    article = make_article(body="Cited.[0]")
    SignOff.objects.create(
        article=article, reviewer=reviewer, fingerprint=StoredBrief.read(article).fingerprint
    )
    assert stored_check(article)["reviewed_at"] is not None

    article.body = "Cited, and changed.[0]"
    article.save()

    assert stored_check(article)["reviewed_at"] is None
    assert stale_checks() == {}


def test_a_transaction_checks_each_brief_it_touched_once_after_the_commit(django_assert_max_num_queries):
    article = make_article(body="Cited.[0] Not cited.")
    before = AttributionCheck.objects.get(article=article).checked_at

    with transaction.atomic():
        article.body = "Cited.[0] Cited.[0]"
        article.save()
        article.standfirst = "Twice saved."
        article.save()
        # Not yet: the check is rewritten once the transaction commits.
        assert AttributionCheck.objects.get(article=article).checked_at == before

    assert AttributionCheck.objects.get(article=article).checked_at > before
    assert "uncited-sentence" not in codes(article)
