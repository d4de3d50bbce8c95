"""A parsed body splits its sentences only when asked for them, and then as split_sentences() does."""

from brieftext import parser
from brieftext.parser import parse_body, parse_brief
from brieftext.sentences import split_sentences


def quote_spans(body):
    return [
        [(q.start, q.end) for q in body.quotes if q.paragraph == index]
        for index in range(len(body.paragraphs))
    ]


def test_parsing_splits_no_sentences_until_they_are_asked_for_and_then_once(monkeypatch):
    calls = []

    def counted(*args):
        calls.append(args)
        return split_sentences(*args)

    monkeypatch.setattr(parser, "split_sentences", counted)

    body = parse_body("Talks resume.[0] “We came to listen. We will act,” said Cohen.[1]\n\nMore soon.")
    assert calls == []

    assert [sentence.text for sentence in body.sentences] == [
        "Talks resume.[0]",
        "“We came to listen. We will act,” said Cohen.[1]",
        "More soon.",
    ]
    assert body.sentences is body.sentences
    assert len(calls) == 1


def test_sentences_are_those_of_the_paragraphs_around_their_quotes(seed_bytes):
    body = parse_brief(seed_bytes).body

    assert body.sentences == split_sentences(body.paragraphs, quote_spans(body))
    for sentence in body.sentences:
        assert sentence.text == body.paragraphs[sentence.paragraph][sentence.start : sentence.end]


def test_a_body_with_its_sentences_equals_one_without():
    """Sentences are derived: two parses of the same text are equal whichever was asked for them."""
    text = "One.[0] “Two,” she said. Three."
    asked = parse_body(text)
    assert asked.sentences

    assert asked == parse_body(text)
    assert hash(asked) == hash(parse_body(text))
