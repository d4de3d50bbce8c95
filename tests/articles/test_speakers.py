import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from brieftext.parser import parse_body, parse_brief
from brieftext.speakers import KnownPerson, attribute_quotes

SEED_PEOPLE = (
    KnownPerson("Antony Blinken", ("Blinken", "Antony J. Blinken"), "US Secretary of State"),
    KnownPerson("Benjamin Netanyahu"),
    KnownPerson("Isaac Herzog"),
    KnownPerson("Gabi Cohen"),
)


def speakers(text, people=()):
    """(quote text, speaker name, how) for each quote of a body."""
    return [
        (attribution.quote.text, attribution.name, attribution.how)
        for attribution in attribute_quotes(parse_body(text), people)
    ]


def only(text, people=()):
    (attribution,) = attribute_quotes(parse_body(text), people)
    return attribution


# The seed


def test_seed_speakers(seed_bytes):
    attributions = attribute_quotes(parse_brief(seed_bytes).body, SEED_PEOPLE)

    assert [(attribution.quote.text, attribution.name) for attribution in attributions] == [
        ("ironclad", "Benjamin Netanyahu"),
        ("common commitment", "Antony Blinken"),
        (
            "detrimental to Israel’s long-term security and its long-term identity as a Jewish and "
            "democratic state.",
            "Antony Blinken",
        ),
        ("urgent steps to restore calm.", "Antony Blinken"),
        ("every visit of an American secretary of state is historic and important", "Gabi Cohen"),
        ("strengthens the relationship between our countries.", "Gabi Cohen"),
    ]
    assert [attribution.how for attribution in attributions] == [
        "subject",
        "named",
        "named",
        "pronoun",
        "named",
        "named",
    ]
    assert all(attribution.person is not None for attribution in attributions)


def test_seed_reasons_explain_the_rule(seed_bytes):
    attributions = attribute_quotes(parse_brief(seed_bytes).body, SEED_PEOPLE)

    assert attributions[0].reason == (
        "Benjamin Netanyahu and Isaac Herzog are the subject of “reiterating”; the first named is taken"
    )
    assert attributions[1].reason == "named as the speaker: “Blinken said”"
    assert "taken to be Antony Blinken, the person most recently named" in attributions[3].reason
    assert attributions[4].reason == "named as the speaker: “Gabi Cohen reaffirmed”"


def test_seed_speakers_are_found_without_a_directory(seed_bytes):
    attributions = attribute_quotes(parse_brief(seed_bytes).body, ())

    assert [attribution.name for attribution in attributions] == [
        "Benjamin Netanyahu",
        "Antony Blinken",
        "Antony Blinken",
        "Antony Blinken",
        "Gabi Cohen",
        "Gabi Cohen",
    ]
    assert all(attribution.person is None for attribution in attributions)


def test_seed_roles_come_from_the_titles_in_the_text(seed_bytes):
    attributions = attribute_quotes(parse_brief(seed_bytes).body, SEED_PEOPLE)

    assert [attribution.role for attribution in attributions] == [
        "Prime Minister",
        "US Secretary of State",
        "US Secretary of State",
        "US Secretary of State",
        "Israeli Foreign Minister",
        "Israeli Foreign Minister",
    ]


# Speech verbs and names


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The talks were “useful,” Cohen said.[0]", "Cohen"),
        ("“The talks were useful,” said Foreign Minister Gabi Cohen.[0]", "Gabi Cohen"),
        ("The talks were “useful,” according to Gabi Cohen.[0]", "Gabi Cohen"),
        ("Gabi Cohen reaffirmed the plan, saying that it was “useful.”[0]", "Gabi Cohen"),
        ("Gabi Cohen, the foreign minister, said the talks were “useful.”[0]", "Gabi Cohen"),
        ("The foreign minister, Gabi Cohen, said the talks were “useful.”[0]", "Gabi Cohen"),
        ("Gabi Cohen, who arrived on Monday, said the talks were “useful.”[0]", "Gabi Cohen"),
        ("Gabi Cohen also told reporters that the talks were “useful.”[0]", "Gabi Cohen"),
        ('"The talks were useful," union negotiator Gabi Cohen said.[0]', "Gabi Cohen"),
    ],
)
def test_a_person_tied_to_a_speech_verb_is_the_speaker(text, speaker):
    attribution = only(text)

    assert (attribution.name, attribution.how) == (speaker, "named")


def test_title_before_the_name_becomes_the_role():
    attribution = only("“We are ready,” said Israeli Foreign Minister Gabi Cohen.[0]")

    assert (attribution.name, attribution.role) == ("Gabi Cohen", "Israeli Foreign Minister")


def test_honorific_gives_no_role():
    attribution = only("Dr. Amara Osei said the ward was “ready.”[0]")

    assert (attribution.name, attribution.role) == ("Amara Osei", "")


def test_surname_alone_matches_a_person_named_earlier_in_the_brief():
    attribution = only(
        "US Secretary of State Antony Blinken arrived on Monday.[0]\n\n"
        "The visit was “important,” Blinken said.[1]"
    )

    assert (attribution.name, attribution.role, attribution.person) == (
        "Antony Blinken",
        "US Secretary of State",
        None,
    )


def test_surname_alone_matches_a_person_in_the_directory():
    blinken = KnownPerson("Antony Blinken", ("Antony J. Blinken",), "US Secretary of State")

    attribution = only("The visit was “important,” Blinken said.[1]", [blinken])

    assert (attribution.name, attribution.person) == ("Antony Blinken", blinken)


def test_surname_shared_by_two_directory_people_stays_unresolved():
    people = [KnownPerson("Gabi Cohen"), KnownPerson("Eli Cohen")]

    attribution = only("The visit was “important,” Cohen said.[1]", people)

    assert (attribution.name, attribution.person) == ("Cohen", None)


def test_surname_after_a_bare_full_name_in_an_apposition():
    attribution = only(
        "The work was planned by the harbour master, Tomás Ferreira.[0] "
        "“We will keep a channel open,” Ferreira said.[1]"
    )

    assert attribution.name == "Tomás Ferreira"


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        (
            "Turkish President Recep Tayyip Erdoğan said the talks were “useful.”[0] "
            "Erdoğan added that more were “needed.”[1]",
            "Recep Tayyip Erdoğan",
            "Turkish President",
        ),
        (
            "Ukrainian President Volodymyr Zelenskyy met the envoy on Monday.[0] "
            "“We spoke for an hour,” Zelenskyy said.[0]",
            "Volodymyr Zelenskyy",
            "Ukrainian President",
        ),
        (
            "Brazilian President Luiz Inácio Lula da Silva opened the summit.[0] "
            "Lula said the agenda was “full.”[1]",
            "Luiz Inácio Lula da Silva",
            "Brazilian President",
        ),
        (
            "Iraqi Prime Minister Mohammed Shia al-Sudani opened the session.[0] "
            "“It is a start,” al-Sudani said.[1]",
            "Mohammed Shia al-Sudani",
            "Iraqi Prime Minister",
        ),
    ],
)
def test_non_ascii_and_particle_names(text, speaker, role):
    attribution = attribute_quotes(parse_body(text), ())[-1]

    assert (attribution.name, attribution.role) == (speaker, role)


def test_directory_names_match_whatever_the_unicode_normalisation():
    decomposed = KnownPerson(unicodedata.normalize("NFD", "Recep Tayyip Erdoğan"), ("Erdoğan",))

    attribution = only("The talks were “useful,” Erdoğan said.[0]", [decomposed])

    assert attribution.person == decomposed


def test_names_inside_a_quote_never_speak():
    attribution = only("“Netanyahu said it first,” Cohen told reporters.[0]")

    assert attribution.name == "Cohen"


def test_the_listener_of_told_is_not_the_speaker():
    attribution = only("Gabi Cohen told Blinken that the visit was “historic.”[0]")

    assert attribution.name == "Gabi Cohen"


def test_two_people_in_one_sentence_each_keep_their_quote():
    assert speakers(
        "Sarah Quint said the plan was “a wish list,” while Tom Adeyemi said Quint had “run out of ideas.”[0]"
    ) == [
        ("a wish list,", "Sarah Quint", "named"),
        ("run out of ideas.", "Tom Adeyemi", "named"),
    ]


def test_a_quote_right_before_an_attribution_belongs_to_it():
    assert speakers(
        "Sarah Quint spoke first.[0] “We will build homes,” Tom Adeyemi said, adding that Quint had "
        "“no plan.”[1]"
    ) == [
        ("We will build homes,", "Tom Adeyemi", "named"),
        ("no plan.", "Tom Adeyemi", "named"),
    ]


# Implicit speakers


def test_pronoun_is_the_person_most_recently_named():
    attribution = only("Gabi Cohen met Antony Blinken on Monday.[0] He said the talks were “useful.”[1]")

    assert (attribution.name, attribution.how) == ("Antony Blinken", "pronoun")
    assert attribution.is_implicit


def test_pronoun_after_the_quote():
    attribution = only("Gabi Cohen spoke last.[0] “We are ready,” she said.[1]")

    assert (attribution.name, attribution.how) == ("Gabi Cohen", "pronoun")


def test_pronoun_with_nobody_named_before_it_gives_no_speaker():
    attribution = only("He said the talks were “useful.”[0]")

    assert (attribution.name, attribution.how) == (None, None)
    assert "refers to nobody named before it" in attribution.reason


def test_title_stands_for_the_last_person_named_with_it():
    attribution = only(
        "Governor Miriam Achterberg spoke first, then Finance Minister Piotr Nowak.[0] "
        "The governor warned that wages were “the one number that keeps me awake.”[1]"
    )

    assert (attribution.name, attribution.how) == ("Miriam Achterberg", "pronoun")
    assert "the person with that title most recently named" in attribution.reason


def test_quote_opening_a_sentence_goes_to_the_speaker_of_the_sentence_before():
    attribution = only("Gabi Cohen spoke after the meeting.[0] “We are grateful for the visit.”[0]")

    assert (attribution.name, attribution.how) == ("Gabi Cohen", "earlier-sentence")
    assert attribution.is_implicit


def test_subject_of_a_participle_is_the_speaker_and_not_implicit():
    attribution = only(
        "Moroccan Minister Youssef El-Mansouri did not sign, telling reporters the text was “not ready.”[0]"
    )

    assert (attribution.name, attribution.how) == ("Youssef El-Mansouri", "subject")
    assert not attribution.is_implicit


# No speaker


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Officials said the closure was “unavoidable.”[0]", "“Officials said” does not name a person"),
        ("The ministry said the plan was “final.”[0]", "“The ministry said” does not name a person"),
        ("The closure was “unavoidable,” said officials.[0]", "“said officials” does not name a person"),
        (
            "Hundreds marched against the plan to close the park for “essential works.”[0]",
            "no person is tied to a speech verb in this sentence",
        ),
        (
            "Gabi Cohen arrived on Monday.[0] The judges praised the novel's “confidence.”[1]",
            "no person is tied to a speech verb in this sentence",
        ),
    ],
)
def test_quote_without_an_identifiable_speaker(text, reason):
    attribution = attribute_quotes(parse_body(text), ())[-1]

    assert (attribution.name, attribution.person, attribution.how) == (None, None, None)
    assert attribution.reason == reason


def test_a_non_person_inside_reported_speech_does_not_take_the_quote():
    attribution = only("Yusuf Demir said the change answered “the most common request.”[0]")

    assert attribution.name == "Yusuf Demir"


# Sentences


def test_quote_spanning_sentences_is_one_sentence():
    body = parse_body("“We came to listen. We will act,” said Gabi Cohen.[1] Talks continue.[2]")

    assert [sentence.text for sentence in body.sentences] == [
        "“We came to listen. We will act,” said Gabi Cohen.[1]",
        "Talks continue.[2]",
    ]
    assert only("“We came to listen. We will act,” said Gabi Cohen.[1]").name == "Gabi Cohen"


def test_question_in_quotes_joins_the_attribution_after_it():
    body = parse_body("“Why were we told it would open this year?” Lena Vogt asked.[2] Nobody replied.")

    assert [sentence.text for sentence in body.sentences] == [
        "“Why were we told it would open this year?” Lena Vogt asked.[2]",
        "Nobody replied.",
    ]
    assert [sentence.index for sentence in body.sentences] == [0, 1]


def test_one_attribution_per_quote_in_reading_order():
    body = parse_body("“A,” said Gabi Cohen.[0]\n\nNobody spoke.[1] “B” and “C” appeared on signs.[1]")

    assert [attribution.quote for attribution in attribute_quotes(body)] == list(body.quotes)


def test_modules_import_without_django():
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys\n"
        "import brieftext.attribution, brieftext.speakers\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'django'))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"


# Speakers described, not named (docs/attribution.md, "Described speakers")


@pytest.mark.parametrize(
    ("text", "description"),
    [
        (
            "“It felt like walking through a dream,” said one visitor on the Pont Bonaparte.[0]",
            "one visitor",
        ),
        (
            "“The cost is far higher than the city admits,” said a councillor from the Ecologist group.[0]",
            "a councillor from the Ecologist group",
        ),
        ("Officials said the closure was “unavoidable.”[0]", "officials"),
        ("The ministry said in a statement that the plan was “final.”[0]", "the ministry"),
        ("“This library is the only warm place we have,” one resident said.[0]", "one resident"),
        (
            "A councillor from the Liberal group called the plan “short-sighted.”[0]",
            "A councillor from the Liberal group",
        ),
        ("Firefighters in Beja said they were “on maximum alert.”[0]", "Firefighters in Beja"),
        (
            "Analysts at Corrib Securities wrote that costs were “the biggest risk.”[0]",
            "Analysts at Corrib Securities",
        ),
        (
            "The patients' group Care Watch said the figures hid “long waits.”[0]",
            "the patients' group Care Watch",
        ),
        ("KS Wierzbno said tickets would go on sale “within days.”[0]", "KS Wierzbno"),
        ("Greenfield Energy said the outage was “regrettable.”[0]", "Greenfield Energy"),
        ("The ministry's spokesperson said the plan was “final.”[0]", "the ministry's spokesperson"),
        (
            "The airport operator welcomed the plan, saying that it would “give passengers a choice.”[0]",
            "the airport operator",
        ),
        (
            "Police said they had rescued 14 drivers and urged people “not to drive through flood water.”[0]",
            "police",
        ),
    ],
)
def test_a_described_speaker_keeps_the_words_that_describe_them(text, description):
    attribution = only(text)

    assert (attribution.name, attribution.person, attribution.sure) == (None, None, False)
    assert attribution.description.lower() == description.lower()
    assert attribution.is_anonymous


def test_a_description_opening_the_sentence_is_lowered_only_for_a_common_word():
    assert only("Officials said it was “late.”[0]").description == "officials"
    assert only("KS Wierzbno said it was “late.”[0]").description == "KS Wierzbno"


def test_a_described_subject_keeps_the_quote_inside_what_it_reports():
    """The subject of the speech verb, not of the reported clause."""
    attribution = only(
        "A councillor from the Green group said the opposition had asked for the invoices “three times.”[0]"
    )

    assert attribution.description == "a councillor from the Green group"


# Reporting verbs and frames (docs/attribution.md, "Reporting verbs and frames")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The city’s transport agency welcomed the “decisive steps” in a statement from its "
            "spokesperson Tom Berg.[0]",
            "Tom Berg",
        ),
        (
            "Coach Lena Holt, whose side lost 2-0, joked that she would ask her players "
            "“who invited the rain?”[0]",
            "Lena Holt",
        ),
        ("Mayor Ana Ruiz said the contractor had tried to hide “the true cost.”[0]", "Ana Ruiz"),
        ("The closure was “unavoidable,” according to a statement by Mayor Ana Ruiz.[0]", "Ana Ruiz"),
        (
            "In a statement from its spokesperson Ingrid Solberg, Halvorsen said the talks were "
            "“exploratory.”[0]",
            "Ingrid Solberg",
        ),
        ("“We are ready,” Ana Ruiz wrote on social media.[0]", "Ana Ruiz"),
        ("“Where is the money?” asked Ana Ruiz.[0]", "Ana Ruiz"),
        ("Ana Ruiz warned that the plan was “reckless.”[0]", "Ana Ruiz"),
        ("Ana Ruiz told reporters the plan was “final.”[0]", "Ana Ruiz"),
        (
            "Analyst Rafael Ortiz-Vega of Fjord Capital warned that regulators “will look hard.”[0]",
            "Rafael Ortiz-Vega",
        ),
        ("Forecaster Päivi Häkkinen said the storm was “the strongest this winter.”[0]", "Päivi Häkkinen"),
        (
            "“A big day,” Prof. Helen Achterberg and Prof. Samuel Adjei-Mensah said in a joint statement.[0]",
            "Helen Achterberg and Samuel Adjei-Mensah",
        ),
    ],
)
def test_reporting_verbs_and_frames_name_the_one_who_spoke(text, speaker):
    attribution = only(text)

    assert (attribution.name, attribution.how) == (speaker, "named")


def test_welcomed_is_a_speech_verb_only_with_a_quote_for_object():
    attribution = only(
        "Gabi Cohen and Isaac Herzog welcomed Blinken to Israel, reiterating the “ironclad” commitment.[0]",
        SEED_PEOPLE,
    )

    assert (attribution.name, attribution.how) == ("Gabi Cohen", "subject")


# Sure names and certain speakers (docs/attribution.md, "Sure names")


@pytest.mark.parametrize(
    ("text", "sure"),
    [
        ("“We will rebuild,” said Mayor Ana Ruiz.[0]", True),
        ("“We will rebuild,” Ana Ruiz said.[0]", True),
        ("“We will rebuild,” Ruiz said.[0]", False),
        ("“We will rebuild,” Mr. Ruiz said.[0]", False),
        ("Crowds gathered in Porto Alegre.[0] “We will rebuild,” Porto Alegre said.[1]", False),
    ],
)
def test_only_a_sure_name_may_become_a_person(text, sure):
    attribution = attribute_quotes(parse_body(text))[-1]

    assert attribution.sure is sure


def test_a_known_person_is_sure_even_by_surname():
    attribution = only("“We will rebuild,” Cohen said.[0]", SEED_PEOPLE)

    assert (attribution.name, attribution.sure, attribution.certain) == ("Gabi Cohen", True, True)


def test_only_a_sure_name_tied_to_a_speech_verb_in_the_sentence_is_certain():
    named, implicit = attribute_quotes(
        parse_body("“We will rebuild,” Ana Ruiz said.[0] “Soon,” she added.[1]")
    )

    assert (named.certain, implicit.certain) == (True, False)
    assert implicit.sure


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“It was special,” said Dr Ana Ruiz of the physics department.[0]", "Ana Ruiz"),
        ("Ana Ruiz was quoted as saying the plan was “dead.”[0]", "Ana Ruiz"),
        ("“We were robbed,” fumed Tom Berg.[0]", "Tom Berg"),
        (
            "Prosecutor Sarah Lind told the court the money was “gone.”[0] "
            "The prosecutor said the defendant had been “reckless.”[1]",
            "Sarah Lind",
        ),
    ],
)
def test_more_of_what_a_newsroom_writes_every_day(text, speaker):
    assert attribute_quotes(parse_body(text))[-1].name == speaker


# Titles, appositions and the last speaker (docs/attribution.md, "Titles, appositions and the last speaker")


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        (
            "Det Sgt Mira Holt of Dunmere Police said the fraud was “calculated.”[0]",
            "Mira Holt",
            "Det Sgt",
        ),
        ("Cllr Hayley Brennan asked: “What happens to the shops?”[0]", "Hayley Brennan", "Cllr"),
        (
            "“It was glazed like a doughnut,” said Merritt County Sheriff Tomasz Wróbel.[0]",
            "Tomasz Wróbel",
            "Merritt County Sheriff",
        ),
        (
            "Regent Thomas Whitaker-Lee argued the increase was “the only responsible choice.”[0]",
            "Thomas Whitaker-Lee",
            "Regent",
        ),
        ("Forecaster Dr. Lea Moss said the spell would be “long.”[0]", "Lea Moss", "Forecaster"),
        (
            "Chair Tom Berg accused Ana Ruiz of “moving the goalposts every morning.”[0]",
            "Tom Berg",
            "Chair",
        ),
    ],
)
def test_titles_and_accused_of_name_the_speaker(text, speaker, role):
    attribution = only(text)

    assert (attribution.name, attribution.role, attribution.how, attribution.sure) == (
        speaker,
        role,
        "named",
        True,
    )


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“Three days in the terminal,” one traveler, Brenda Kowalski of Tacoma, said.[0]",
            "Brenda Kowalski",
        ),
        ("One of them, retired teacher Carol Ng, said: “I have waited six years.”[0]", "Carol Ng"),
        (
            "The jury chair, the critic Henrique da Mota, called the book “a quiet masterpiece.”[0]",
            "Henrique da Mota",
        ),
    ],
)
def test_a_person_named_in_an_apposition_is_the_speaker(text, speaker):
    attribution = only(text)

    assert (attribution.name, attribution.how) == (speaker, "named")


def test_a_relative_clause_names_nobody_in_it():
    attribution = only(
        "Regent Sofía Castillo Ruiz, who voted no alongside Regent Paul Ebersole, insisted that "
        "the board had “not tried hard enough.”[0]"
    )

    assert attribution.name == "Sofía Castillo Ruiz"


def test_a_pronoun_stands_for_the_last_speaker_before_the_last_person_named():
    attribution = only(
        "Ana Ruiz said Tom Berg's plan would be kept.[0] “We are not changing course,” she said.[1]"
    )

    assert (attribution.name, attribution.how) == ("Ana Ruiz", "pronoun")
    assert "taken to be Ana Ruiz, the last to speak before it" in attribution.reason


def test_the_two_leaders_are_the_two_people_named_together_in_the_sentence_before():
    attribution = attribute_quotes(
        parse_body(
            "Chair Tom Berg met Mayor Ana Ruiz.[0] Berg and Ruiz later issued a joint statement. "
            "“Both parties remain committed,” the two leaders said.[1]"
        )
    )[-1]

    assert (attribution.name, attribution.how, attribution.sure) == (
        "Tom Berg and Ana Ruiz",
        "pronoun",
        False,
    )
    assert "the two named together before it" in attribution.reason


def test_a_pronoun_after_one_unnamed_speaker_keeps_their_description():
    attribution = attribute_quotes(
        parse_body(
            "Det Insp Kofi Adjei said thefts had doubled.[0] One resident of Telford House, who did not "
            "want to be named, said the door was broken.[1] “Nobody came,” she said.[1]"
        )
    )[-1]

    assert (attribution.name, attribution.description) == (None, "one resident of Telford House")
    assert attribution.is_anonymous


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("The union, SignalWorkers, said the offer was “insulting.”[0]", "the union, SignalWorkers"),
        (
            "The student newspaper, the Coastal Current, wrote that the vote was “a betrayal.”[0]",
            "the student newspaper, the Coastal Current",
        ),
        (
            "“Sundays are already quiet,” one café owner on Market Row said.[0]",
            "one café owner on Market Row",
        ),
        ("A Green MP joked that the talks had “more deadlines than a newspaper.”[0]", "a Green MP"),
        ("Another asked: “Why did nobody tell us?”[0]", "another"),
        ("Northbrook Water said it was “deeply sorry.”[0]", "Northbrook Water"),
        ("Real Montalbán called him “a leader, not just a goalkeeper.”[0]", "Real Montalbán"),
        (
            "Sporting Almada said the fee was a record and thanked him for “seven seasons.”[0]",
            "Sporting Almada",
        ),
        ("Promoter Harwick Live said sales were “off the charts.”[0]", "Promoter Harwick Live"),
        (
            "Hamburg roaster Kaffeerösterei Brügge posted that it had been “left with no choice.”[0]",
            "Hamburg roaster Kaffeerösterei Brügge",
        ),
        (
            "“Within five years,” said Lina Roth, the limnologist who led the survey for the Institut "
            "Lémanique de Recherche.[0] Institut Lémanique de Recherche said the survey was “thorough.”[1]",
            "Institut Lémanique de Recherche",
        ),
    ],
)
def test_organisations_places_and_unnamed_people_are_described_not_named(text, description):
    attribution = attribute_quotes(parse_body(text))[-1]

    assert (attribution.name, attribution.description) == (None, description)
