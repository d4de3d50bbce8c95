"""The People directory as the speaker rules see it."""

from brieftext.speakers import KnownPerson, attribute_quotes
from brieftext.tokens import body_words

from .models import Person


def known_people(people):
    """Person rows as the speaker rules and the checker see them."""
    return [
        KnownPerson(full_name=person.full_name, names=tuple(person.names), role=person.role)
        for person in people
    ]


class SpeakerDirectory:
    """The People a brief's body may name, and the speakers the speaker rules find for its quotes.

    The people are read once (one query), and again only after `changed()`; the rules run
    once for each list of people they are given.
    """

    def __init__(self, body):
        self.body = body
        self._rows = None
        self._attributions = {}

    @property
    def rows(self):
        """The Person rows with a word of one of their names in the body."""
        if self._rows is None:
            self._rows = list(Person.objects.sharing_words_with(body_words(self.body)))
        return self._rows

    def changed(self):
        """Read the people again when next asked: one has been added."""
        self._rows = None

    def people(self, *also):
        """The directory for checking the body: its people, and `also`."""
        people = {person.pk: person for person in self.rows}
        people.update((person.pk, person) for person in also)
        return known_people(people.values())

    def attributions(self, people):
        """attribute_quotes() of the body with `people` (KnownPerson)."""
        people = tuple(people)
        if people not in self._attributions:
            self._attributions[people] = attribute_quotes(self.body, people)
        return self._attributions[people]


def people_for(body, *also):
    """The directory for checking `body` (a ParsedBody): the people it may name, and `also`; one query."""
    return SpeakerDirectory(body).people(*also)
