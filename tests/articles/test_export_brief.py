from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Citation
from articles.services import article_export
from brieftext.parser import parse_brief
from tests.builders import make_article, make_source
from tests.conftest import SEED_SLUG

pytestmark = pytest.mark.django_db


def export_brief(slug, **options):
    stdout = StringIO()
    call_command("export_brief", slug, stdout=stdout, **options)
    return stdout.getvalue()


def content(parsed):
    references = [
        (reference.key, reference.title, reference.outlet, reference.published_on, reference.url)
        for reference in parsed.references
    ]
    return parsed.headline, parsed.paragraphs, references


def test_export_of_the_seed_reads_back_as_the_seed(seed_bytes, seed_article):
    exported = export_brief(SEED_SLUG)

    assert content(parse_brief(exported)) == content(parse_brief(seed_bytes))


def test_import_export_import_gives_equal_content(seed_path, seed_bytes, brief_file):
    call_command("import_brief", seed_path, stdout=StringIO())
    exported = brief_file(export_brief(SEED_SLUG), name="exported.txt")
    Article.objects.all().delete()

    call_command("import_brief", exported, stdout=StringIO())

    article = Article.objects.get()
    seed = parse_brief(seed_bytes)
    assert article.headline == seed.headline
    assert tuple(article.body.split("\n\n")) == seed.paragraphs
    assert [
        (c.key, c.source.title, c.source.outlet.name, c.source.published_on, c.source.url)
        for c in article.citations.select_related("source__outlet")
    ] == content(seed)[2]


def test_reimporting_an_export_changes_nothing(seed_path, brief_file):
    call_command("import_brief", seed_path, stdout=StringIO())
    exported = brief_file(export_brief(SEED_SLUG), name="exported.txt")
    stdout = StringIO()

    call_command("import_brief", exported, stdout=stdout)

    assert stdout.getvalue().endswith("(unchanged)\n")


def test_export_writes_dates_in_ap_style_and_links(seed_article):
    article = make_article(
        body="One.[0] Two.[1]",
        references=[
            make_source(title="September story", published_on="2023-09-07", url="https://example.org/s"),
            make_source(title="May story", published_on="2023-05-12"),
        ],
    )

    exported = article_export(article=article)

    assert "0. “September story” " in exported
    assert ", 7 Sept. 2023, https://example.org/s\n" in exported
    assert ", 12 May 2023,\n" in exported
    assert [reference.url for reference in parse_brief(exported).references] == ["https://example.org/s", ""]


def test_export_to_a_file(seed_article, tmp_path):
    path = tmp_path / "out.txt"

    assert export_brief(SEED_SLUG, output=str(path)) == ""
    assert parse_brief(path.read_bytes()).headline == seed_article.headline


def test_exporting_an_unknown_slug_fails_clearly(db):
    with pytest.raises(CommandError, match="no brief with slug 'no-such-brief'"):
        export_brief("no-such-brief")


def test_exporting_references_with_a_gap_fails_clearly():
    article = make_article(body="One.[0] Two.[2]")
    assert list(Citation.objects.values_list("key", flat=True)) == [0, 2]

    with pytest.raises(CommandError, match="references are numbered 0, 2: number them from 0 or 1"):
        export_brief(article.slug)
