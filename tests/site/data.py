"""The seed brief as readers meet it: with its speakers, a byline and a correction."""

from datetime import timedelta

from django.utils import timezone

from articles.models import Byline, Correction
from sources.models import Person
from tests.builders import make_article, make_person, make_source

SEED_CORRECTION = "An earlier version gave the foreign minister's first name as Gabi. He is Eli Cohen."


def dress_seed(article):
    """Name the seed's speakers (as an editor does, so confirmed), add a byline and correct it a day
    after publication.

    The foreign minister's quotes go to Eli Cohen, whose first name the seed gets wrong.
    """
    # The importer may already have found him in the text; either way he is filed the same.
    blinken, _ = Person.objects.get_or_create(full_name="Antony Blinken")
    blinken.role = "US Secretary of State"
    blinken.organisation = "US Department of State"
    blinken.save()
    cohen = make_person(full_name="Eli Cohen", role="Foreign Minister of Israel")
    writer = make_person(full_name="Dana Okafor", role="Diplomatic correspondent")
    Byline.objects.create(article=article, person=writer)
    quotes = list(article.quotes.order_by("position"))
    for quote in quotes[1:4]:
        quote.speaker, quote.speaker_confirmed = blinken, True
        quote.save(update_fields=["speaker", "speaker_confirmed"])
    for quote in quotes[4:]:
        quote.speaker, quote.speaker_confirmed = cohen, True
        quote.save(update_fields=["speaker", "speaker_confirmed"])
    article.published_at = timezone.now() - timedelta(days=1)
    article.save(update_fields=["published_at"])
    correction = Correction.objects.create(article=article, text=SEED_CORRECTION)
    return {"blinken": blinken, "cohen": cohen, "writer": writer, "correction": correction}


def make_rich_article(size, **overrides):
    """A published brief with `size` sources from `size` outlets, `size` quotes by `size` people,
    `size` bylines and `size` corrections: for checking that query counts do not grow."""
    sentences = " ".join(f"Person {n} said “claim {n}”.[{n}]" for n in range(size))
    article = make_article(body=sentences, references=[make_source() for _ in range(size)], **overrides)
    for quote in article.quotes.all():
        quote.speaker, quote.speaker_confirmed = make_person(), True
        quote.save(update_fields=["speaker", "speaker_confirmed"])
    for position in range(size):
        Byline.objects.create(article=article, person=make_person(), position=position)
        Correction.objects.create(article=article, text=f"Correction {position}.")
    return article


def html_datetime(moment):
    """`moment` as the pages write it in <time datetime>: whole seconds, as HTML allows."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S%z")
