import pytest
from django.utils import timezone

from articles.models import Correction
from tests.builders import make_article, make_outlet, make_person, make_source

from .access import BODY, CORRECTION, HEADLINE, OWN_OUTLET, STATES
from .data import dress_seed


@pytest.fixture
def seed(seed_article):
    """The seed brief, published yesterday, with speakers, a byline and a correction made today."""
    return {"article": seed_article, **dress_seed(seed_article)}


@pytest.fixture
def newsroom():
    """A writer, a speaker and two outlets; one outlet and the writer also in a published brief."""
    shared_outlet = make_outlet(name="Harbour Courier")
    writer = make_person(full_name="Tamsin Wrey")
    other_brief = make_article(
        headline="Ferries run later from spring",
        body="Ferries will run later from spring.[0]",
        references=[make_source(outlet=shared_outlet)],
    )
    other_brief.bylines.create(person=writer)
    return {
        "shared_outlet": shared_outlet,
        "own_outlet": make_outlet(name=OWN_OUTLET),
        "writer": writer,
        "speaker": make_person(full_name="Mira Castellane"),
    }


@pytest.fixture
def make_brief(newsroom):
    """make_brief(state) -> the brief under test in that state, with a quote, a byline and a correction."""

    def make(state):
        status, offset = STATES[state]
        brief = make_article(
            headline=HEADLINE,
            body=BODY,
            references=[
                make_source(outlet=newsroom["own_outlet"]),
                make_source(outlet=newsroom["shared_outlet"]),
            ],
            status=status,
            published_at=None if offset is None else timezone.now() + offset,
        )
        brief.quotes.update(speaker=newsroom["speaker"], speaker_confirmed=True)
        brief.bylines.create(person=newsroom["writer"])
        Correction.objects.create(article=brief, text=CORRECTION)
        return brief

    return make
