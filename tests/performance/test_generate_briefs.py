"""generate_briefs: realistic briefs, stored in bulk, the same for the same seed."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import transaction

from articles.models import Article, Correction, Quote
from bench.generate import BriefGenerator
from brieftext.parser import parse_body
from review.models import AttributionCheck
from review.services import StoredBrief

pytestmark = pytest.mark.django_db


def derived_quotes(article):
    """The quotes article_sync_quotes() would store for the article's body."""
    body = parse_body(article.body)
    offsets, offset = [], 0
    for paragraph in body.paragraphs:
        offsets.append(offset)
        offset += len(paragraph) + 2
    cited = {citation.key: citation.source_id for citation in article.citations.all()}
    return [
        (
            quote.text,
            quote.paragraph + 1,
            offsets[quote.paragraph] + quote.start,
            cited[body.cited_key(quote)],
        )
        for quote in body.quotes
    ]


def test_generated_briefs_are_valid_briefs_with_everything_a_newsroom_has():
    assert BriefGenerator(count=60, seed=2, jobs=1).run() == 60

    articles = list(Article.objects.prefetch_related("citations", "quotes", "bylines"))
    assert len(articles) == 60
    assert {article.status for article in articles} >= {Article.Status.PUBLISHED, Article.Status.DRAFT}
    assert Correction.objects.exists()
    for article in articles:
        body = parse_body(article.body)
        assert body.text == article.body
        assert len(article.citations.all()) >= 3
        assert {marker.key for marker in body.markers} == {
            citation.key for citation in article.citations.all()
        }
        assert article.bylines.all()
        stored = [(q.text, q.paragraph, q.position, q.source_id) for q in article.quotes.all()]
        assert stored == derived_quotes(article)
        assert all(quote.speaker_id for quote in article.quotes.all())


def test_each_brief_gets_its_stored_attribution_check():
    BriefGenerator(count=30, seed=2).run()

    checks = AttributionCheck.objects.select_related("article")
    assert checks.count() == 30
    for check in checks:
        assert check.fingerprint == StoredBrief.read(check.article).fingerprint
        assert check.sentence_count >= check.cited_sentence_count > 0
    assert Quote.objects.count() > 30


def test_the_same_seed_makes_the_same_briefs():
    def generate(seed):
        with transaction.atomic():
            BriefGenerator(count=25, seed=seed).run()
            made = list(Article.objects.order_by("pk").values_list("headline", "body", "status"))
            transaction.set_rollback(True)
        return made

    assert generate(7) == generate(7)
    assert generate(7) != generate(8)


def test_the_command_checks_attribution_in_several_processes(tmp_path):
    """On a database of its own: forked workers cannot share the test transaction."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'generated.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=settings.BASE_DIR, env=env, check=True, timeout=300)

    result = subprocess.run(
        [*manage, "generate_briefs", "--count", "40", "--jobs", "2", "--batch-size", "15"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    count = subprocess.run(
        [
            *manage,
            "shell",
            "-v",
            "0",
            "-c",
            "from review.models import AttributionCheck as C; print(C.objects.count())",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    assert "Generated 40 briefs" in result.stdout
    assert count.stdout.strip() == "40"
