import json
from datetime import date
from io import StringIO

import pytest
import reversion
from django.core import serializers
from django.core.management import CommandError, call_command, execute_from_command_line
from reversion.models import Version

from articles import services
from articles.models import Article, Citation, Quote
from articles.services import outlets_named
from brieftext.parser import MAX_FILE_BYTES
from editorial import services as editorial_services
from editorial.management.commands.import_brief import Command
from sources.models import Outlet, Person, Source
from tests.builders import make_outlet, make_source
from tests.checks import stale_checks
from tests.conftest import SEED_SLUG

pytestmark = pytest.mark.django_db

GOOD_BRIEF = "Another brief\n\nSomething else happened.[0]\n\n0. “A story” The Guardian, 31 Jan. 2023,\n"


def import_brief(*files, **options):
    """Run import_brief; (stdout, stderr, the CommandError or None)."""
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("import_brief", *files, stdout=stdout, stderr=stderr, **options)
    except CommandError as error:
        return stdout.getvalue(), stderr.getvalue(), error
    return stdout.getvalue(), stderr.getvalue(), None


def row_counts():
    return {
        model.__name__: model.objects.count() for model in (Outlet, Source, Person, Article, Citation, Quote)
    }


def test_seed_import_prints_slug_and_address(seed_path):
    stdout, stderr, error = import_brief(seed_path)

    assert error is None
    assert stderr == ""
    assert stdout == f"{SEED_SLUG} /briefs/{SEED_SLUG}/ (created)\n"


def test_seed_import_stores_the_brief(seed_path):
    import_brief(seed_path)

    article = Article.objects.get(slug=SEED_SLUG)
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert len(article.body.split("\n\n")) == 4
    assert sorted(Outlet.objects.values_list("name", flat=True)) == [
        "Al Jazeera English",
        "Department of State",
        "The Guardian",
        "The Jerusalem Post",
    ]
    assert [(c.key, c.source.outlet.name) for c in article.citations.select_related("source__outlet")] == [
        (0, "The Jerusalem Post"),
        (1, "Department of State"),
        (2, "Al Jazeera English"),
        (3, "Al Jazeera English"),
        (4, "The Guardian"),
    ]
    assert [model.objects.count() for model in (Outlet, Source, Article, Citation, Quote)] == [4, 5, 1, 5, 6]


def test_seed_quotes_are_stored_with_the_source_of_their_sentence(seed_path):
    import_brief(seed_path)

    quotes = Quote.objects.filter(article__slug=SEED_SLUG).select_related("source__outlet")
    assert [
        (quote.text[:20], quote.paragraph, quote.source and quote.source.outlet.name) for quote in quotes
    ] == [
        ("ironclad", 1, "Department of State"),
        ("common commitment", 2, "Al Jazeera English"),
        ("detrimental to Israe", 2, "Al Jazeera English"),
        ("urgent steps to rest", 2, "Al Jazeera English"),
        ("every visit of an Am", 3, None),
        ("strengthens the rela", 3, None),
    ]
    body = Article.objects.get(slug=SEED_SLUG).body
    assert [body[quote.position] for quote in quotes] == ["“"] * 6


def test_quote_over_two_sentences_is_stored_with_the_source_cited_after_it(brief_file):
    import_brief(
        brief_file("Spanning\n\nHe said: “We came. We talked.”[0]\n\n0. “A story” Outlet, 30 Jan. 2023,\n")
    )

    quote = Quote.objects.get()
    assert quote.text == "We came. We talked."
    assert quote.source.title == "A story"


def test_importing_twice_creates_nothing_new(seed_path):
    import_brief(seed_path)
    before = row_counts()

    stdout, _, error = import_brief(seed_path)

    assert error is None
    assert stdout == f"{SEED_SLUG} /briefs/{SEED_SLUG}/ (unchanged)\n"
    assert row_counts() == before


def test_reimport_keeps_chosen_speakers(seed_path):
    import_brief(seed_path)
    chosen = Person.objects.create(full_name="Chosen By An Editor")
    Quote.objects.update(speaker=chosen)

    import_brief(seed_path)

    assert [quote.speaker for quote in Quote.objects.all()] == [chosen] * 6


def test_changed_file_without_update_is_refused_and_nothing_written(seed_path, seed_text, brief_file):
    import_brief(seed_path)
    before = row_counts()
    changed = brief_file(
        seed_text.replace("restore calm.”[3]", "restore calm.”[3][5]")
        + "\n\n5. “A new story” A Brand New Outlet, 31 Jan. 2023,\n"
    )

    stdout, stderr, error = import_brief(changed)

    assert error is not None
    assert error.returncode == 1
    assert stdout == ""
    assert stderr.startswith(f"{changed}:1: a different brief with slug '{SEED_SLUG}' already exists")
    assert "--update" in stderr
    assert row_counts() == before
    assert not Outlet.objects.filter(name="A Brand New Outlet").exists()
    assert "[5]" not in Article.objects.get().body


def test_update_replaces_body_citations_and_quotes_in_place(seed_path, seed_text, brief_file):
    import_brief(seed_path)
    original = Article.objects.get()
    chosen = Person.objects.create(full_name="Chosen By An Editor")
    Quote.objects.filter(article=original).update(speaker=chosen)
    changed = brief_file(
        seed_text.replace("restore calm.”[3]", "restore order.”[3]").replace(
            "“Blinken urges calm, reaffirms ‘ironclad’ US support for Israel” Al Jazeera English",
            "“Blinken urges calm” Reuters",
        )
    )

    stdout, _, error = import_brief(changed, update=True)

    assert error is None
    assert stdout == f"{SEED_SLUG} /briefs/{SEED_SLUG}/ (updated)\n"
    article = Article.objects.get()
    assert article.pk == original.pk
    assert "urgent steps to restore order.”[3]" in article.body
    assert article.citations.get(key=3).source.title == "Blinken urges calm"
    assert article.citations.get(key=3).source.outlet.name == "Reuters"
    quotes = {quote.text: quote.speaker for quote in article.quotes.all()}
    assert "urgent steps to restore calm." not in quotes
    assert quotes["urgent steps to restore order."] != chosen
    assert [speaker == chosen for speaker in quotes.values()] == [True, True, True, False, True, True]
    assert article.quotes.count() == 6
    assert article.citations.count() == 5


def test_update_drops_citations_no_longer_listed(seed_path, seed_text, brief_file):
    import_brief(seed_path)
    last_reference = seed_text[seed_text.index("\n\n4. “") :]
    shorter = brief_file(seed_text.replace(last_reference, "\n").replace("[4]", "[3]"))

    import_brief(shorter, update=True)

    article = Article.objects.get()
    assert list(article.citations.values_list("key", flat=True)) == [0, 1, 2, 3]


def test_bad_file_is_reported_while_a_good_one_imports(seed_text, brief_file):
    bad = brief_file(seed_text.replace("3. “Blinken urges calm", "3. Blinken urges calm"), name="bad.txt")
    good = brief_file(GOOD_BRIEF, name="good.txt")

    stdout, stderr, error = import_brief(bad, good)

    assert stderr == f"{bad}:17: reference title must be in curly quotes: N. “Title” Outlet, DATE,\n"
    assert stdout == "another-brief /briefs/another-brief/ (created)\n"
    assert error is not None
    assert error.returncode == 1
    assert str(error) == "1 of 2 files not imported"
    assert list(Article.objects.values_list("slug", flat=True)) == ["another-brief"]
    assert list(Outlet.objects.values_list("name", flat=True)) == ["The Guardian"]


@pytest.mark.django_db(transaction=True)
def test_exit_status_is_1_when_a_file_fails(brief_file, capsys):
    bad = brief_file(GOOD_BRIEF.replace("31 Jan. 2023", "31 Feb. 2023"), name="bad.txt")
    good = brief_file(GOOD_BRIEF.replace("Another brief", "Third brief"), name="good.txt")

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "import_brief", bad, good])

    assert exit_.value.code == 1
    captured = capsys.readouterr()
    assert f"{bad}:5: impossible date 31 Feb. 2023\n" in captured.err
    assert "CommandError: 1 of 2 files not imported" in captured.err
    assert captured.out == "third-brief /briefs/third-brief/ (created)\n"
    assert list(Article.objects.values_list("slug", flat=True)) == ["third-brief"]


@pytest.mark.django_db(transaction=True)
def test_exit_status_is_0_when_every_file_imports(seed_path, capsys):
    execute_from_command_line(["manage.py", "import_brief", str(seed_path)])

    assert capsys.readouterr().err == ""
    assert Article.objects.filter(slug=SEED_SLUG).exists()


@pytest.mark.parametrize(
    "link",
    ['https://x.example"><svg/onload=alert(1)>/a', "https://exa mple.org/", "http://-bad-.example/"],
)
def test_a_link_the_admin_would_refuse_is_refused_at_its_line(brief_file, link):
    before = row_counts()
    path = brief_file(GOOD_BRIEF.replace("31 Jan. 2023,", f"31 Jan. 2023, {link}"))

    _, stderr, error = import_brief(path)

    assert error is not None
    assert stderr.startswith(f"{path}:5: ")
    assert row_counts() == before


def test_a_file_failing_halfway_through_writes_nothing(brief_file):
    """Outlets and sources made for earlier references roll back with the failing one."""
    existing = make_source(title="Existing story", url="https://example.org/a")
    before = row_counts()
    clashing = brief_file(
        "Clash\n\nOne.[0] Two.[1]\n\n"
        "0. “Fresh story” A Brand New Outlet, 30 Jan. 2023, https://example.org/new\n\n"
        "1. “Other title” Other Outlet, 30 Jan. 2023, https://example.org/a\n"
    )

    _, stderr, error = import_brief(clashing)

    assert error is not None
    assert stderr == (
        f"{clashing}:7: link https://example.org/a already belongs to “Existing story” "
        f"({existing.outlet.name}, 30 Jan 2023); the title, outlet or date differ\n"
    )
    assert row_counts() == before
    assert not Outlet.objects.filter(name="A Brand New Outlet").exists()


STORM = "“Storm shuts schools across region” Daily Courier, 4 Jan. 2024,"


def storm_brief(first_link, second_link):
    """A brief whose two references name one source, with these links ("" for none), on lines 5 and 6."""
    return (
        f"Storm closes schools\n\nSchools shut on Thursday.[0] The storm moved east.[1]\n\n"
        f"0. {STORM} {first_link}\n1. {STORM} {second_link}\n"
    )


@pytest.mark.parametrize(
    "links",
    [("", "https://courier.example/storm"), ("https://courier.example/storm", "")],
    ids=["link-second", "link-first"],
)
def test_a_source_listed_twice_once_with_its_link_is_stored_once_with_it(brief_file, links):
    path = brief_file(storm_brief(*links))

    stdout, stderr, error = import_brief(path)

    assert (stderr, error) == ("", None)
    assert stdout == "storm-closes-schools /briefs/storm-closes-schools/ (created)\n"
    source = Source.objects.get()
    assert (source.title, source.url) == (
        "Storm shuts schools across region",
        "https://courier.example/storm",
    )
    article = Article.objects.get()
    assert [(c.key, c.source_id) for c in article.citations.all()] == [(0, source.pk), (1, source.pk)]
    findings = [(f["code"], f["severity"]) for f in article.attribution_check.findings]
    assert findings == [("duplicate-reference", "warning")]
    assert article.attribution_check.warning_count == 1


def test_a_source_listed_twice_stored_without_a_link_gets_the_files(brief_file):
    stored = make_source(
        title="Storm shuts schools across region",
        outlet=make_outlet(name="Daily Courier"),
        published_on=date(2024, 1, 4),
    )

    _, stderr, error = import_brief(brief_file(storm_brief("", "https://courier.example/storm")))

    assert (stderr, error) == ("", None)
    stored.refresh_from_db()
    assert stored.url == "https://courier.example/storm"
    assert set(Citation.objects.values_list("source", flat=True)) == {stored.pk}


def test_a_source_listed_twice_with_two_links_is_refused_at_the_second(brief_file):
    before = row_counts()
    path = brief_file(storm_brief("https://courier.example/storm", "https://courier.example/other"))

    _, stderr, error = import_brief(path)

    assert error is not None
    assert stderr == (
        f"{path}:6: “Storm shuts schools across region” is given on line 5 with the link "
        "https://courier.example/storm, not https://courier.example/other\n"
    )
    assert row_counts() == before


def test_one_link_given_to_two_sources_is_refused_at_the_second(brief_file):
    before = row_counts()
    path = brief_file(
        "Storm closes schools\n\nSchools shut.[0] The storm moved east.[1]\n\n"
        "0. “Storm shuts schools” Daily Courier, 4 Jan. 2024, https://courier.example/storm\n"
        "1. “Storm moves east” Daily Courier, 4 Jan. 2024, https://courier.example/storm\n"
    )

    _, stderr, error = import_brief(path)

    assert error is not None
    assert stderr == (
        f"{path}:6: link https://courier.example/storm is given on line 5 to “Storm shuts schools” "
        "(Daily Courier, 04 Jan 2024); the title, outlet or date differ\n"
    )
    assert row_counts() == before


def test_outlets_are_reused_ignoring_case(seed_path, brief_file):
    import_brief(seed_path)

    import_brief(brief_file(GOOD_BRIEF.replace("The Guardian", "the guardian")))

    assert Outlet.objects.filter(name__iexact="the guardian").count() == 1
    source = Source.objects.get(title="A story")
    assert source.outlet.name == "The Guardian"


def test_outlet_names_the_database_folds_alike_are_one_outlet(brief_file):
    """The Kelvin sign lower-cases to k in PostgreSQL but upper-cases to itself."""
    import_brief(brief_file(GOOD_BRIEF.replace("The Guardian", "Kiel News"), name="ascii.txt"))

    _, stderr, error = import_brief(
        brief_file(GOOD_BRIEF.replace("Another brief", "Kelvin").replace("The Guardian", "\u212aiel News"))
    )

    assert (stderr, error) == ("", None)
    assert Article.objects.count() == 2
    assert {name.lower() for name in Outlet.objects.values_list("name", flat=True)} <= {
        "kiel news",
        "\u212aiel news",
    }


def test_existing_outlet_is_reused(brief_file):
    outlet = make_outlet(name="The Guardian")

    import_brief(brief_file(GOOD_BRIEF))

    assert Source.objects.get(title="A story").outlet == outlet


def test_same_source_cited_by_two_briefs_is_stored_once(seed_path, seed_text, brief_file):
    import_brief(seed_path)
    import_brief(brief_file(seed_text.replace("US Secretary of State Blinken Visits", "Blinken Visits")))

    assert Article.objects.count() == 2
    assert Source.objects.count() == 5


def test_publish_flag_publishes(seed_path, client):
    _, _, error = import_brief(seed_path, publish=True)

    assert error is None
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    assert client.get(f"/briefs/{SEED_SLUG}/").status_code == 200


def test_without_publish_flag_the_brief_stays_hidden(seed_path, client):
    import_brief(seed_path)

    assert client.get(f"/briefs/{SEED_SLUG}/").status_code == 404


def test_publishing_an_unchanged_draft(seed_path):
    import_brief(seed_path)

    stdout, _, _ = import_brief(seed_path, publish=True)

    assert stdout.splitlines()[0].endswith("(unchanged)")
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_missing_file_is_reported(tmp_path):
    missing = str(tmp_path / "missing.txt")

    _, stderr, error = import_brief(missing)

    assert error is not None
    assert stderr.startswith(f"{missing}:0: cannot read the file: No such file or directory")


def test_oversized_file_is_refused_before_reading(brief_file):
    big = brief_file(b"x" * (MAX_FILE_BYTES + 1))

    _, stderr, error = import_brief(big)

    assert error is not None
    assert stderr == f"{big}:1: file is 1,000,001 bytes; a brief file may be at most 1,000,000\n"
    assert Article.objects.count() == 0


def test_import_file_returns_the_result(seed_path):
    result = Command().import_file(str(seed_path), publish=True)

    assert result.action == "created"
    assert result.article.slug == SEED_SLUG
    assert result.article.is_published


def another_seed(seed_text, brief_file):
    """The seed under another headline: a new brief whose outlets, sources and speakers are stored."""
    return brief_file("Blinken in Israel, again" + seed_text[seed_text.index("\n") :], name="again.txt")


def test_importing_a_brief_whose_sources_and_speakers_are_stored_costs_a_fixed_number_of_queries(
    seed_path, seed_text, brief_file, django_assert_num_queries, commit
):
    """The brief and its revision, then its attribution check (with its sources' archived copies, one
    query) once the import commits."""
    import_brief(seed_path)
    commit()
    path = another_seed(seed_text, brief_file)

    with django_assert_num_queries(22):
        Command().import_file(path, publish=True)
        commit()


def test_an_import_stores_the_check_a_recheck_would(seed_path, seed_text, brief_file, commit):
    """Whether the import added the brief's speakers to People (the seed) or found them there."""
    import_brief(seed_path, publish=True)
    import_brief(another_seed(seed_text, brief_file), publish=True)
    commit()

    assert Article.objects.count() == 2
    assert stale_checks() == {}


def test_the_revision_of_a_new_brief_holds_its_rows_as_stored(seed_path):
    import_brief(seed_path, publish=True)

    article = Article.objects.get(slug=SEED_SLUG)
    [version] = Version.objects.get_for_object(article)
    stored = [article, *article.citations.select_related("source__outlet"), *article.quotes.all()]
    assert [
        (version.object_repr, json.loads(version.serialized_data))
        for version in version.revision.version_set.order_by("pk")
    ] == [(str(row), json.loads(serializers.serialize("json", [row]))) for row in stored]


def written_by_reversion(article):
    """The versions reversion.create_revision() writes for the brief as it is stored now."""
    with reversion.create_revision():
        reversion.add_to_revision(Article.objects.get(pk=article.pk))
    return version_rows(Version.objects.get_for_object(article).first().revision)


def version_rows(revision):
    return sorted(
        revision.version_set.values_list(
            "content_type", "object_id", "db", "format", "serialized_data", "object_repr"
        )
    )


@pytest.mark.parametrize("change", ["created", "updated"])
def test_an_import_writes_the_revision_reversion_would(seed_path, seed_text, brief_file, change):
    import_brief(seed_path, publish=True)
    if change == "updated":
        changed = seed_text.replace("Blinken said", "Blinken told reporters", 1)
        assert changed != seed_text
        import_brief(brief_file(changed), update=True)

    article = Article.objects.get(slug=SEED_SLUG)
    imported = Version.objects.get_for_object(article).first().revision
    assert imported.comment.startswith(f"Brief file import: {change}")
    assert len(version_rows(imported)) == 1 + article.citations.count() + article.quotes.count()
    assert version_rows(imported) == written_by_reversion(article)


def outlets_found_too_late(monkeypatch, times):
    """For the first `times` imports, look outlets up as if another import committed them just after:
    each is inserted again, and the insert clashes with the stored one."""
    lookups = []

    def late(names):
        lookups.append(names)
        if len(lookups) <= times:
            return {name: Outlet.objects.create(name=name) for name in sorted(names)}
        return outlets_named(names)

    monkeypatch.setattr(services, "outlets_named", late)
    return lookups


def test_an_import_that_clashes_with_a_concurrent_one_is_tried_again(seed_path, monkeypatch):
    make_outlet(name="The Jerusalem Post")  # committed by another import meanwhile
    lookups = outlets_found_too_late(monkeypatch, times=1)

    _, stderr, error = import_brief(seed_path)

    assert error is None, stderr
    assert len(lookups) == 2
    assert Outlet.objects.filter(name="The Jerusalem Post").count() == 1
    assert Article.objects.get(slug=SEED_SLUG).citations.count() == 5


def test_an_import_that_keeps_clashing_is_reported_and_writes_nothing(seed_path, monkeypatch):
    make_outlet(name="The Jerusalem Post")
    before = row_counts()
    outlets_found_too_late(monkeypatch, times=editorial_services.IMPORT_ATTEMPTS)
    pauses = []
    monkeypatch.setattr(editorial_services.time, "sleep", pauses.append)

    _, stderr, error = import_brief(seed_path)

    assert error is not None
    assert stderr.startswith(f"{seed_path}:0: not stored, nothing of it kept: ")
    assert row_counts() == before
    # A pause before each new attempt, growing with the attempts made, so clashing imports spread out.
    assert len(pauses) == editorial_services.IMPORT_ATTEMPTS - 1
    for attempt, pause in enumerate(pauses, start=1):
        assert 0 <= pause <= editorial_services.IMPORT_RETRY_PAUSE * attempt


# Speakers on import (docs/attribution.md, "Sure names", "Described speakers")


SPEAKERS_BRIEF = (
    "Speakers on the bridge\n\n"
    "“It felt like walking through a dream,” said one visitor on the Pont Bonaparte.[0] "
    "“The cost is far higher than the city admits,” said a councillor from the Ecologist group.[0]\n\n"
    "“We will finish by May,” Mayor Ana Ruiz said.[0] She added that the works were “on time.”[0]\n\n"
    "0. “Bridge reopens” The Guardian, 31 Jan. 2023, https://example.org/bridge\n"
)


def test_import_creates_people_only_from_sure_names_and_keeps_descriptions(brief_file):
    import_brief(brief_file(SPEAKERS_BRIEF))

    quotes = list(Quote.objects.select_related("speaker").order_by("position"))
    assert [(quote.speaker and quote.speaker.full_name, quote.description) for quote in quotes] == [
        (None, "one visitor"),
        (None, "a councillor from the Ecologist group"),
        ("Ana Ruiz", ""),
        ("Ana Ruiz", ""),
    ]
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Ana Ruiz"]
    assert [(quote.speaker_certain, quote.speaker_confirmed) for quote in quotes] == [
        (False, False),
        (False, False),
        (True, False),
        (False, False),
    ]


def test_publishing_import_says_which_speakers_wait_for_confirmation(brief_file):
    stdout, _, error = import_brief(brief_file(SPEAKERS_BRIEF), publish=True)

    assert error is None
    assert stdout.splitlines()[1] == (
        "  1 speaker found by the speaker rules waits for confirmation (Ana Ruiz): readers see the name "
        "without a link to a person page until an editor ticks “speaker checked”."
    )


def test_a_draft_import_says_nothing_of_speakers(brief_file):
    stdout, _, _ = import_brief(brief_file(SPEAKERS_BRIEF))

    assert len(stdout.splitlines()) == 1
