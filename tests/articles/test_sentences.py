import pytest

from brieftext.parser import parse_brief
from brieftext.sentences import split_sentences


def sentences_of(paragraph):
    return [sentence.text for sentence in split_sentences([paragraph])]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "The talks began on 30 Jan. 2023 in Jerusalem. They ended a day later.",
            ["The talks began on 30 Jan. 2023 in Jerusalem.", "They ended a day later."],
        ),
        (
            "He returns on 7 Sept. 2023. Talks resume then.",
            ["He returns on 7 Sept. 2023.", "Talks resume then."],
        ),
        (
            "The U.S. Secretary of State arrived. He met U.N. envoys.",
            ["The U.S. Secretary of State arrived.", "He met U.N. envoys."],
        ),
        (
            "Mr. Netanyahu welcomed him. Dr. Cohen did too.",
            ["Mr. Netanyahu welcomed him.", "Dr. Cohen did too."],
        ),
        (
            "Secretary Antony J. Blinken landed. He spoke briefly.",
            ["Secretary Antony J. Blinken landed.", "He spoke briefly."],
        ),
        (
            "Aid rose 3.5 per cent. Officials welcomed it.",
            ["Aid rose 3.5 per cent.", "Officials welcomed it."],
        ),
        (
            "It is “detrimental to a democratic state.”[2] He also stressed calm.[3]",
            ["It is “detrimental to a democratic state.”[2]", "He also stressed calm.[3]"],
        ),
        (
            "Both sides agreed.[1][3] Talks continue.",
            ["Both sides agreed.[1][3]", "Talks continue."],
        ),
        (
            "“Why now?” he asked. Nobody answered.",
            ["“Why now?” he asked.", "Nobody answered."],
        ),
        (
            "Is this the end? Not yet! Wait…",
            ["Is this the end?", "Not yet!", "Wait…"],
        ),
    ],
)
def test_split(paragraph, expected):
    assert sentences_of(paragraph) == expected


def test_abbreviation_followed_by_a_marker_ends_the_sentence():
    """Markers stand after the sentence they support, so `Inc.[0]` closes it."""
    assert sentences_of("The deal went to Acme Inc.[0] Shares rose.") == [
        "The deal went to Acme Inc.[0]",
        "Shares rose.",
    ]


def test_lowercase_after_full_stop_continues_the_sentence():
    assert sentences_of("Bring documents, e.g. passports. Then wait.") == [
        "Bring documents, e.g. passports.",
        "Then wait.",
    ]


def test_text_without_final_punctuation_is_one_sentence():
    assert sentences_of("A headline-like line without a stop") == ["A headline-like line without a stop"]


def test_sentence_offsets_index_the_paragraph():
    paragraphs = ["First one. Second one.", "Third one."]

    sentences = split_sentences(paragraphs)

    assert [(s.paragraph, s.index) for s in sentences] == [(0, 0), (0, 1), (1, 0)]
    for sentence in sentences:
        assert paragraphs[sentence.paragraph][sentence.start : sentence.end] == sentence.text


def test_seed_splits_into_two_sentences_per_paragraph(seed_bytes):
    sentences = parse_brief(seed_bytes).sentences

    assert [(s.paragraph, s.index) for s in sentences] == [
        (0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1), (3, 0), (3, 1),
    ]  # fmt: skip
    assert sentences[2].text.endswith("democratic state.”[2]")
    assert sentences[3].text.startswith("He also stressed")
