"""Fill the database with realistic made-up briefs, fast: bulk inserts in batches.

    manage.py generate_briefs --settings bench.settings --count 100000 [--seed 1] [--jobs N]

Every brief is valid in the brief format: cited sentences, curly quotes spoken by
named people, three to seven references to sources from a few hundred outlets,
one or two bylines; some are drafts, in review or scheduled, some corrected.
The same seed gives the same briefs; publication times count back from now.
Each brief also gets its stored attribution check, made by the real checker.
"""

import multiprocessing
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, connections, transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Byline, Citation, Correction, Quote
from brieftext.attribution import check_brief
from brieftext.parser import Reference, parse_body
from pagecache.changes import content_changed
from review.models import AttributionCheck, finding_counts
from review.services import content_fingerprint, stored_findings
from sources.directory import known_people
from sources.models import Outlet, Person, PersonNameWord, Source

CITIES = (
    "Lisbon Oslo Nairobi Quito Hanoi Tbilisi Accra Lima Gdansk Porto Dakar Cusco Tromso Mombasa Kutaisi "
    "Kumasi Arequipa Bergen Mindelo Valparaiso Tartu Aarhus Ghent Zadar Kandy Salta Tamale Agadir Cork "
    "Sligo Lyon Turin Leipzig Kosice Pecs Brno Lublin Iasi Varna"
).split()
OUTLET_WORDS = (
    "Herald Gazette Courier Post Times Observer Dispatch Chronicle Record Tribune Mail Review".split()
)
FIRST_NAMES = (
    "Amara Bruno Chiara Dmitri Elif Farah Goran Hana Ines Jonas Kofi Lena Mateus Nadia Omar Priya Quentin "
    "Rosa Samir Tomas Ulla Vera Wanjiru Xavier Yara Zoltan Aiko Bela Carmen Dario Esther Femi Greta Hugo"
).split()
SURNAMES = (
    "Adeyemi Bianchi Castro Dimitrov Eriksen Fischer Garcia Horvat Ibrahim Jensen Kowalski Laine Mensah "
    "Novak Okafor Petrov Quispe Rossi Silva Tanaka Usman Varga Wojcik Xu Yilmaz Zhou Andersen Baptiste "
    "Costa Dlamini Haddad Ivanova Kaya Lindqvist Moreau Nakamura Ortiz Popescu Reyes Santos"
).split()
ROLES = (
    "health minister",
    "mayor",
    "port authority spokesperson",
    "chief economist at the central bank",
    "head of the transport union",
    "regional governor",
    "director of the weather service",
    "chair of the electoral commission",
    "police spokesperson",
    "head of the farmers' association",
)
ORGANISATIONS = (
    "the health ministry",
    "the port authority",
    "the city council",
    "the central bank",
    "the national weather service",
    "the transport union",
    "the electoral commission",
    "the regional government",
    "the water utility",
    "the statistics office",
)
EVENTS = (
    "heavy flooding",
    "a week-long strike",
    "a landslide",
    "a power cut",
    "a ferry collision",
    "a heatwave",
    "a cyber attack",
    "a fire at a warehouse",
)
ACTIONS = (
    ("reopened", "the main bridge"),
    ("suspended", "train services"),
    ("approved", "an emergency budget"),
    ("cut", "its interest rate"),
    ("postponed", "the local election"),
    ("evacuated", "three districts"),
    ("restored", "water supplies"),
    ("expanded", "the vaccination programme"),
)
SERVICES = ("train services", "the ferry timetable", "water supplies", "rubbish collection", "school buses")
QUOTE_PHRASES = (
    "we will not leave anyone behind",
    "the next few days will be difficult for everyone",
    "this decision protects the people who need it most",
    "nobody expected the water to rise so fast",
    "our teams have been working through the night",
    "we have learnt hard lessons from last winter",
    "the numbers are better than we feared",
    "there is no quick fix for a problem this size",
)
TITLE_WORDS = (
    "update on",
    "statement on",
    "figures show",
    "officials warn over",
    "what we know about",
    "inquiry into",
)
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
CORRECTIONS = (
    "An earlier version gave the wrong day for the announcement.",
    "An earlier version misspelt the spokesperson's surname.",
    "An earlier version overstated the number of people affected.",
    "This brief has been updated to clarify which districts were evacuated.",
)


@dataclass
class Draft:
    """One brief being generated, before it has a primary key."""

    article: Article
    references: list  # [(key, Source)]
    quotes: list  # [(text, speaker Person, paragraph, position, key)]
    writers: list
    corrections: list = field(default_factory=list)


class BriefGenerator:
    """Makes briefs with their sources, outlets, people, quotes, bylines, corrections and checks."""

    def __init__(self, *, count, seed=1, batch_size=2000, jobs=1, now=None):
        self.count = count
        self.jobs = jobs
        self.random = random.Random(seed)
        self.batch_size = batch_size
        self.now = now or timezone.now()
        self.outlets = []
        self.speakers = []
        self.writers = []
        self.sources = []
        self.serial = (Article.objects.aggregate(last=Max("pk"))["last"] or 0) + 1

    def run(self, progress=None):
        """Generate and store the briefs; checks run in `jobs` processes, forked before any is stored."""
        if self.jobs > 1:
            connections.close_all()  # no forked worker may share a database connection
            with multiprocessing.get_context("fork").Pool(self.jobs) as pool:
                self.check = lambda inputs: pool.starmap_async(check_text, inputs, chunksize=50).get
                return self._run(progress)
        self.check = lambda inputs: lambda: [check_text(*arguments) for arguments in inputs]
        return self._run(progress)

    def _run(self, progress):
        self.outlets = self.make_outlets(min(2000, self.count // 100 + 12))
        self.speakers = self.make_people(min(20000, self.count // 20 + 30), with_roles=True)
        self.writers = self.make_people(min(300, self.count // 500 + 6), with_roles=False)
        made = stored = 0
        waiting = None  # a batch generated and being checked, not yet stored
        while stored < self.count:
            batch = None
            if made < self.count:
                drafts = [
                    self.draft(made + index) for index in range(min(self.batch_size, self.count - made))
                ]
                made += len(drafts)
                # Checked in the background while the previous batch is stored.
                batch = (drafts, self.check([self.checker_input(draft) for draft in drafts]))
            if waiting:
                with transaction.atomic():
                    self.store(*waiting)
                stored += len(waiting[0])
                if progress:
                    progress(stored)
            waiting = batch
        # Bulk inserts send no signals: let readers' cached pages catch up in one go.
        content_changed(everything=True)
        analyze()
        return stored

    # Directories --------------------------------------------------------------

    def make_outlets(self, count):
        taken_names = {name.lower() for name in Outlet.objects.values_list("name", flat=True)}
        taken_slugs = set(Outlet.objects.values_list("slug", flat=True))
        outlets = []
        while len(outlets) < count:
            name = f"{self.random.choice(CITIES)} {self.random.choice(OUTLET_WORDS)}"
            if name.lower() in taken_names:
                name = f"{name} {len(outlets) + 1}"
            slug = slugify(name)
            if name.lower() in taken_names or slug in taken_slugs:
                continue
            taken_names.add(name.lower())
            taken_slugs.add(slug)
            domain = slug.replace("-", "")
            outlets.append(
                Outlet(
                    name=name,
                    slug=slug,
                    homepage=f"https://www.{domain}.example/",
                    kind=self.random.choice(
                        [Outlet.Kind.NEWS] * 4 + [Outlet.Kind.WIRE, Outlet.Kind.GOVERNMENT]
                    ),
                    description=f"A news organisation based in {name.split()[0]}.",
                )
            )
        return Outlet.objects.bulk_create(outlets)

    def make_people(self, count, *, with_roles):
        taken = set(Person.objects.values_list("slug", flat=True))
        people = []
        while len(people) < count:
            first, last = self.random.choice(FIRST_NAMES), self.random.choice(SURNAMES)
            full_name = f"{first} {last}"
            slug = slugify(full_name)
            if slug in taken:
                full_name = f"{first} {chr(65 + len(people) % 26)} {last}"
                slug = f"{slugify(full_name)}-{len(people)}"
            if slug in taken:
                continue
            taken.add(slug)
            people.append(
                Person(
                    full_name=full_name,
                    slug=slug,
                    role=self.random.choice(ROLES) if with_roles else "Correspondent",
                    organisation=self.random.choice(ORGANISATIONS).removeprefix("the ").capitalize()
                    if with_roles
                    else "",
                    other_names=last,
                )
            )
        people = Person.objects.bulk_create(people)
        PersonNameWord.objects.bulk_create([row for person in people for row in person.name_word_rows()])
        return people

    # One brief ----------------------------------------------------------------

    def draft(self, made):
        serial = self.serial
        self.serial += 1
        pick = self.random.choice
        place = pick(CITIES)
        event = pick(EVENTS)
        verb, thing = pick(ACTIONS)
        headline = (
            f"{place}: {pick(ORGANISATIONS).removeprefix('the ').capitalize()} {verb} {thing} after {event}"
        )

        facts = [
            f"{pick(ORGANISATIONS).capitalize()} said on {pick(WEEKDAYS)} that it had {verb} {thing} "
            f"in {place} after {event}",
            f"About {self.random.randint(2, 400) * 50:,} people were affected across {place}, "
            f"according to {pick(ORGANISATIONS)}",
            f"The decision follows {self.random.randint(2, 11)} months of talks between "
            f"{pick(ORGANISATIONS)} and {pick(ORGANISATIONS)}",
            f"Officials expect {pick(SERVICES)} to be back to normal "
            f"within {self.random.randint(2, 9)} weeks",
            f"Critics said {pick(ORGANISATIONS)} had been warned about the risk of {event} last year",
        ]
        speakers = self.random.sample(self.speakers, k=min(len(self.speakers), self.random.randint(1, 3)))
        items = self.random.sample(facts, k=self.random.randint(3, 5)) + speakers
        self.random.shuffle(items)
        written_at = self.written_at(made)
        references = []
        for key in range(min(len(items), self.random.randint(3, 7))):
            taken = [source for _, source in references]
            source = self.source_for(place, event, f"{serial}.{key}", written_at=written_at, taken=taken)
            references.append((key, source))
        keys = [key for key, _ in references]
        # Every reference is cited, in order, so footnotes number like the references.
        markers = keys + [pick(keys) for _ in range(len(items) - len(keys))]
        paragraphs, quotes = [], []
        offset = 0
        while items:
            parts = []
            for _ in range(min(len(items), self.random.randint(2, 3))):
                item, key = items.pop(0), markers.pop(0)
                if isinstance(item, Person):
                    words = pick(QUOTE_PHRASES)
                    lead = f"{item.full_name}, the {item.role}, said "
                    start = offset + sum(len(part) + 1 for part in parts) + len(lead)
                    quotes.append((words, item, len(paragraphs) + 1, start, key))
                    parts.append(f"{lead}“{words}”.[{key}]")
                else:
                    extra = f"[{pick(keys)}]" if self.random.random() < 0.2 else ""
                    parts.append(f"{item}.[{key}]{extra}")
            paragraphs.append(" ".join(parts))
            offset += len(paragraphs[-1]) + 2
        body = "\n\n".join(paragraphs)

        status, published_at = self.status_and_time(written_at)
        article = Article(
            headline=headline[:255],
            slug=f"{slugify(headline)[:200]}-{serial}",
            standfirst=f"{place} counts the cost of {event}." if self.random.random() < 0.5 else "",
            body=body,
            status=status,
            published_at=published_at,
        )
        writers = self.random.sample(self.writers, k=min(len(self.writers), self.random.choice((1, 1, 1, 2))))
        draft = Draft(article=article, references=references, quotes=quotes, writers=writers)
        if status == Article.Status.PUBLISHED and published_at < self.now and self.random.random() < 0.05:
            draft.corrections = [
                (pick(CORRECTIONS), published_at + timedelta(hours=self.random.randint(1, 48)))
            ]
        return draft

    def source_for(self, place, event, serial, *, written_at, taken):
        """A source from the days before `written_at`: now and then one cited by a recent brief."""
        taken = {id(source) for source in taken}  # by identity: unsaved sources have no pk yet
        recent = [source for source in self.sources[-300:] if id(source) not in taken]
        if recent and self.random.random() < 0.35:
            return self.random.choice(recent)
        outlet = self.random.choice(self.outlets)
        published_on = (written_at - timedelta(hours=self.random.randint(1, 72))).date()
        title = f"{self.random.choice(TITLE_WORDS).capitalize()} {event} in {place} ({serial})"
        source = Source(
            title=title,
            outlet=outlet,
            published_on=published_on,
            url=f"{outlet.homepage}{published_on:%Y/%m/%d}/{slugify(title)}",
            accessed_on=published_on if self.random.random() < 0.5 else None,
        )
        self.sources.append(source)
        return source

    def written_at(self, made):
        """Briefs come in order, one every few minutes, over the two years up to now."""
        spacing = timedelta(days=730) / max(self.count, 1)
        return self.now - spacing * (self.count - made) + timedelta(minutes=self.random.randint(-2, 2))

    def status_and_time(self, written_at):
        roll = self.random.random()
        if roll < 0.9:
            return Article.Status.PUBLISHED, min(written_at, self.now - timedelta(minutes=1))
        if roll < 0.905:
            return Article.Status.PUBLISHED, self.now + timedelta(
                minutes=self.random.randint(60, 7 * 24 * 60)
            )
        if roll < 0.95:
            return Article.Status.IN_REVIEW, None
        return Article.Status.DRAFT, None

    # Storing ------------------------------------------------------------------

    def store(self, drafts, checked):
        """Insert the drafts and all that goes with them; `checked()` gives their checker results."""
        new_sources = [source for draft in drafts for _, source in draft.references if source.pk is None]
        Source.objects.bulk_create(list({id(source): source for source in new_sources}.values()))
        articles = Article.objects.bulk_create([draft.article for draft in drafts])
        # auto_now(_add) stamped them all "now": a brief was last changed when it was published.
        Article.objects.filter(pk__in=[article.pk for article in articles]).update(
            created_at=Coalesce(F("published_at"), Value(self.now)),
            updated_at=Coalesce(F("published_at"), Value(self.now)),
        )
        citations, quotes, bylines, corrections = [], [], [], []
        for draft in drafts:
            article = draft.article
            sources = dict(draft.references)
            citations += [
                Citation(article=article, key=key, source=source) for key, source in draft.references
            ]
            quotes += [
                # Speakers as a newsroom's desk leaves them: confirmed, so person pages list them.
                Quote(
                    article=article,
                    text=text,
                    speaker=speaker,
                    speaker_confirmed=True,
                    source=sources[key],
                    paragraph=paragraph,
                    position=position,
                )
                for text, speaker, paragraph, position, key in draft.quotes
            ]
            bylines += [
                Byline(article=article, person=writer, position=position)
                for position, writer in enumerate(draft.writers)
            ]
            corrections += [
                Correction(article=article, text=text, published_at=moment)
                for text, moment in draft.corrections
            ]
        Citation.objects.bulk_create(citations)
        Quote.objects.bulk_create(quotes)
        Byline.objects.bulk_create(bylines)
        Correction.objects.bulk_create(corrections)
        checks = zip(drafts, checked(), strict=True)
        AttributionCheck.objects.bulk_create(
            [self.attribution_check(draft, result) for draft, result in checks]
        )

    def checker_input(self, draft):
        """What the attribution checker reads, with the brief's own people as the directory."""
        article = draft.article
        references = [
            Reference(key, source.title, source.outlet.name, source.published_on, source.url, 0)
            for key, source in draft.references
        ]
        people = {person.pk: person for person in [*(quote[1] for quote in draft.quotes), *draft.writers]}
        known = known_people(people.values())
        return article.body, references, known, article.published_at.date() if article.published_at else None

    def attribution_check(self, draft, result):
        """The stored check for `draft`, from the checker's `result` (see check_text())."""
        article = draft.article
        sources = dict(draft.references)
        citations = [Citation(key=key, source=source) for key, source in draft.references]
        quotes = [
            Quote(text=text, speaker_id=speaker.pk, source_id=sources[key].pk, position=position)
            for text, speaker, _, position, key in draft.quotes
        ]
        sentence_count, cited_sentence_count, findings = result
        counts = finding_counts(findings)
        return AttributionCheck(
            article=article,
            fingerprint=content_fingerprint(article.body, citations, quotes),
            sentence_count=sentence_count,
            cited_sentence_count=cited_sentence_count,
            error_count=counts.errors,
            warning_count=counts.warnings,
            findings=findings,
            checked_at=self.now,
        )


def check_text(body, references, people, published_on):
    """(sentence count, cited sentence count, findings) the attribution checker gives for a body text.

    Module-level and free of the database, so worker processes can run it.
    """
    report = check_brief(parse_body(body), references, people=people, published_on=published_on)
    return report.sentence_count, report.cited_sentence_count, stored_findings(report.findings)


def analyze():
    """Refresh the planner's statistics and PostgreSQL's visibility map, as autovacuum would after a
    bulk load: without them the first queries plan for empty tables and counts read every row."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block  # VACUUM needs its own
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
