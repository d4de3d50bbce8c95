import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sources.models import Person

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    try:
        call_command("check_attribution", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error.returncode
    return out.getvalue(), 0


def test_json_report_of_the_seed_file_without_importing(seed_path):
    output, status = run("--file", str(seed_path), "--format", "json")

    [report] = json.loads(output)
    assert status == 1
    assert (report["sentences"], report["cited_sentences"]) == (8, 6)
    assert [f["number"] for f in report["footnotes"]] == [1, 2, 3, 4, 5]
    assert report["footnotes"][4] == {
        "number": 5,
        "key": "4",
        "title": "Blinken calls for calm on Jerusalem visit amid days of Israeli-Palestinian violence",
        "outlet": "The Guardian",
        "date": "2023-01-30",
        "url": None,
        "citations": 2,
    }
    codes = [f["code"] for f in report["findings"]]
    assert codes.count("quote-without-citation") == 2
    assert all(f["paragraph"] >= 1 and f["sentence"] >= 1 for f in report["findings"])
    assert report["quotes"][0] == {"text": "ironclad", "speaker": "Benjamin Netanyahu", "key": "1"}
    assert report["quotes"][4]["key"] is None
    assert not Person.objects.exists()


def test_stored_brief_reports_by_slug(seed_article):
    output, status = run(seed_article.slug)

    assert status == 1
    assert output.startswith(f"{seed_article.slug}: 6/8 sentences cited, 2 errors, 9 warnings")


def test_brief_without_errors_exits_zero(brief_file):
    path = brief_file(
        "Headline\n\nA claim with a source.[0]\n\n0. “Title” Outlet, 3 Feb. 2023, https://example.org/a\n"
    )

    output, status = run("--file", path)

    assert status == 0
    assert "1/1 sentences cited, 0 errors, 0 warnings" in output


def test_unknown_slug_is_an_error(db):
    with pytest.raises(CommandError, match="no brief with slug nope"):
        call_command("check_attribution", "nope")


def test_import_names_speakers_and_creates_people_with_their_roles(seed_article):
    people = {person.full_name: person for person in Person.objects.all()}

    assert people["Antony Blinken"].role == "US Secretary of State"
    assert people["Benjamin Netanyahu"].role == "Prime Minister"
    assert people["Gabi Cohen"].role == "Israeli Foreign Minister"
    speakers = {
        quote.text: quote.speaker.full_name for quote in seed_article.quotes.select_related("speaker")
    }
    assert speakers["urgent steps to restore calm."] == "Antony Blinken"
    assert speakers["strengthens the relationship between our countries."] == "Gabi Cohen"
    assert not seed_article.quotes.filter(speaker_confirmed=True).exists()
