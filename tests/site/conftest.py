import pytest

from .data import dress_seed


@pytest.fixture
def seed(seed_article):
    """The seed brief, published yesterday, with speakers, a byline and a correction made today."""
    return {"article": seed_article, **dress_seed(seed_article)}
