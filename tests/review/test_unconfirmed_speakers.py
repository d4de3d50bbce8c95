"""The gate reports the speakers readers see only as names until an editor confirms them."""

import pytest

from articles.models import Article
from review.services import publication_gate
from tests.builders import make_article, make_person
from tests.editorial.helpers import change_url

pytestmark = pytest.mark.django_db


def brief(status=Article.Status.IN_REVIEW):
    """Three quotes: one confirmed, one found by a certain rule, one a guess still to be checked."""
    article = make_article(
        body="“Soon,” Ana Ruiz said.[0] “Later,” Tom Berg said.[0] “Never,” Lena Holt said.[0]", status=status
    )
    soon, later, never = article.quotes.order_by("position")
    for quote, name, flags in (
        (soon, "Ana Ruiz", {"speaker_confirmed": True}),
        (later, "Tom Berg", {"speaker_certain": True}),
        (never, "Lena Holt", {}),
    ):
        quote.speaker = make_person(full_name=name)
        for field, value in flags.items():
            setattr(quote, field, value)
        quote.save()
    return article


def test_the_gate_names_the_speakers_waiting_for_confirmation_without_objecting():
    gate = publication_gate(brief())

    assert gate.unconfirmed_speakers == ("Lena Holt",)
    assert gate.unconfirmed_message.startswith("1 speaker found by the speaker rules waits for confirmation")
    assert not any("Lena Holt" in objection for objection in gate.objections)


def test_the_change_form_reports_them_beside_the_publish_step(login, parse_html):
    article = brief()

    page = parse_html(login("publisher").get(change_url(article)))

    (report,) = page.find_all("p", class_="gate-unconfirmed")
    assert "(Lena Holt)" in report.text
    assert "until an editor ticks “speaker checked”" in report.text


def test_the_quote_list_lets_editors_write_who_an_unnamed_speaker_is(login, parse_html):
    article = brief()

    page = parse_html(login("editor").get(change_url(article)))

    assert page.find("input", name="quotes-0-description") is not None
