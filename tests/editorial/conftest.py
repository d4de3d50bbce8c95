"""A brief ready to publish, for the workflow tests."""

import pytest

from articles.models import Article
from review.services import attribution_sign_off
from tests.builders import make_article


@pytest.fixture
def ready_brief(people):
    """ready_brief(**overrides) -> a brief in review whose attribution a reviewer signed off."""

    def make(**overrides):
        overrides.setdefault("status", Article.Status.IN_REVIEW)
        article = make_article(**overrides)
        attribution_sign_off(article=article, user=people["reviewer"])
        return article

    return make
