"""Shared personas, the seed brief and an HTML reader for page tests."""

import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from articles.signals import briefs_written
from brieftext.parser import parse_brief
from editorial.services import brief_import
from sources.models import Person
from tests.builders import make_outlet, make_person, make_source, make_staff

SEED_PATH = Path(__file__).resolve().parents[1] / "editorial" / "demo" / "000_310e8c620f15e9ef.txt"
SEED_SLUG = "us-secretary-of-state-blinken-visits-israel-to-reaffirm-us-commitment-and-urge-de-escalation"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A Redis server of this test process's own (each pytest-xdist worker starts one), which its tests
    may empty. Redis announces a flush to every client following keys on the server, whatever their
    database: on a shared server, one run's flushes would drop the copies another run counts on."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.fail("redis-server is missing: apt-get install redis-server.")
    for _ in range(3):
        with socket.socket() as probe:  # a free port, unless another process takes it before Redis does
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with subprocess.Popen(
            [executable, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
            cwd=tmp_path_factory.mktemp("redis"),
            stdout=subprocess.PIPE,
            text=True,
        ) as server:
            log = []
            for line in server.stdout:  # until Redis is ready, or has stopped
                log.append(line)
                if "Ready to accept connections" in line:
                    break
            else:
                continue
            # What Redis logs from now on is read and dropped, so that it never waits on a full pipe.
            drain = threading.Thread(target=server.stdout.read)
            drain.start()
            try:
                yield f"redis://127.0.0.1:{port}/0"
            finally:
                server.terminate()
                drain.join()
            return
    pytest.fail("Redis could not start:\n" + "".join(log))


@pytest.fixture(autouse=True)
def archive_settings(settings):
    """Saving a linked source queues no fetch unless a test asks for it, so that no test reaches beyond
    this machine; the pages tests serve are on 127.0.0.1, which fetching refuses unless allowed."""
    settings.SOURCE_ARCHIVE_ON_SAVE = False
    settings.SOURCE_FETCH_ALLOW_PRIVATE = True
    settings.SOURCE_FETCH_HOST_INTERVAL = 0


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: no page cached from rows another test rolled back."""
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """commit(): what the end of a real transaction does for every write made so far.

    Tests run inside one transaction that is rolled back, so on-commit callbacks never
    run by themselves: stored attribution checks are not brought up to date, and cached
    pages are left with provisional generations, under which nothing is served. Any
    announced write makes the receivers of both run, and they take up every change
    noted since the last commit.
    """

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            briefs_written([])

    return run


@pytest.fixture
def seed_path():
    return SEED_PATH


@pytest.fixture
def seed_bytes():
    return SEED_PATH.read_bytes()


@pytest.fixture
def seed_text(seed_bytes):
    return seed_bytes.decode("utf-8")


@pytest.fixture
def seed_article(db, seed_bytes, commit):
    """The seed brief imported and published, as `import_brief --publish` stores it."""
    article = brief_import(parsed=parse_brief(seed_bytes), publish=True).article
    commit()
    return article


@pytest.fixture
def brief_file(tmp_path):
    """Write a brief file: brief_file(text_or_bytes, name="brief.txt") -> its path as a string."""

    def write(content, name="brief.txt"):
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return str(path)

    return write


@pytest.fixture
def editor(db):
    """A member of staff who edits and previews briefs (a superuser for now)."""
    return get_user_model().objects.create_superuser("editor", "editor@example.org", password=None)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def admin_data(seed_article):
    """Rows for every articles and sources admin page: the seed with a byline and a named speaker."""
    blinken, _ = Person.objects.get_or_create(
        full_name="Antony Blinken",
        defaults={"role": "US Secretary of State", "other_names": "Antony J. Blinken\nBlinken"},
    )
    seed_article.bylines.create(person=make_person(full_name="Staff Writer"))
    seed_article.quotes.filter(text="common commitment").update(speaker=blinken)
    make_source(
        title="A linked story",
        url="https://example.org/story",
        outlet=make_outlet(name="Example News", homepage="https://example.org/"),
    )
    return seed_article


ROLES = ["editor", "reviewer", "publisher", "groupless", "superuser"]
GROUPS = {"editor": "Editor", "reviewer": "Reviewer", "publisher": "Publisher"}


@pytest.fixture
def people(db):
    """{role: user}: members of the Editor, Reviewer and Publisher groups, staff in no group, a superuser."""
    found = {role: make_staff(f"{role}-user", GROUPS.get(role)) for role in ROLES if role != "superuser"}
    found["superuser"] = get_user_model().objects.create_superuser("super-user", "super@example.org", None)
    return found


@pytest.fixture
def login(client, people):
    """login(role) -> the test client signed in as that persona ("anonymous": signed out)."""

    def sign_in(role):
        client.logout()
        if role != "anonymous":
            client.force_login(people[role])
        return client

    return sign_in


@pytest.fixture
def reader(db):
    """A signed-in member of the public: not staff."""
    return get_user_model().objects.create_user("reader", "reader@example.org", password=None)


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@dataclass
class Element:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)
    parts: list = field(default_factory=list)

    @property
    def text(self):
        """The element's text with entities decoded, as a reader sees it."""
        return "".join(self.parts)

    def find_all(self, tag=None, **attrs):
        """Descendants with this tag and these attribute values (`class_` for class)."""
        wanted = {name.rstrip("_"): value for name, value in attrs.items()}
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and all(
                child.attrs.get(name) == value for name, value in wanted.items()
            ):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag}> with {attrs}, found {len(found)}"
        return found[0]


class _TreeBuilder(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value if value is not None else "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, 0, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        for element in self.open:
            element.parts.append(data)


@pytest.fixture
def parse_html():
    """parse_html(response_or_text) -> the document as a tree of Elements."""

    def parse(content):
        if hasattr(content, "content"):
            content = content.content.decode(content.charset or "utf-8")
        builder = _TreeBuilder()
        builder.feed(content)
        builder.close()
        return builder.root

    return parse
