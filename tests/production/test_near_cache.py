"""The Redis cache's copy in process memory (newsroom.redis_cache) against the real Redis server.

Each test uses keys of its own on this test process's own Redis server (`redis_url`);
`reader` and `writer` are two cache backends as two server processes have them,
each with its own connections and copy. What
`reader` sends to Redis goes through `network`, the connection class its OPTIONS
name, which writes every command down and can fail as a network does.
"""

import os
import pickle
import secrets
from time import monotonic

import pytest
import redis
from redis.connection import parse_url

from newsroom import redis_cache
from newsroom.redis_cache import RedisCache


class Network:
    """Between one cache backend and Redis: a connection class for its OPTIONS (`connection_class`), which
    writes down every command sent and fails when told to, as a broken network would."""

    def __init__(self):
        self.sent = []  # (connection, command name), in order
        self.opened = set()
        self.down = False  # no new connection can be opened
        self.deaf = False  # nothing reaches the listening connection, which stays open
        network = self

        class Connection(redis.Connection):
            def connect(self):
                if network.down and self not in network.opened:
                    raise redis.ConnectionError("the network is down")
                super().connect()
                network.opened.add(self)

            def send_command(self, *args, **kwargs):
                network.sent.append((self, str(args[0]).upper()))
                super().send_command(*args, **kwargs)

            def pack_commands(self, commands):  # a pipeline's, sent together
                commands = list(commands)
                network.sent.extend((self, str(args[0]).upper()) for args in commands)
                return super().pack_commands(commands)

            def can_read(self, timeout=0):
                if network.deaf and self in network.listening():
                    return False
                return super().can_read(timeout)

        self.connection_class = Connection

    def listening(self):
        """The connections that subscribed to Redis's announcements, latest last."""
        return [connection for connection, name in self.sent if name == "SUBSCRIBE"]

    def reads(self):
        """How many times a value was asked of Redis."""
        return sum(name in ("GET", "MGET") for _, name in self.sent)

    def pings(self):
        listening = self.listening()
        return sum(name == "PING" and connection in listening for connection, name in self.sent)

    def heard(self, timeout=5):
        """Wait until something arrives for the listening connection, and leave it there to be read."""
        return self.listening()[-1].can_read(timeout=timeout)


class FrozenClock:
    """The near cache's clock, from now on moved by the test alone."""

    def __init__(self, monkeypatch):
        self.now = monotonic()
        monkeypatch.setattr(redis_cache, "monotonic", lambda: self.now)

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def key_prefix():
    return f"near-test-{secrets.token_hex(4)}"


@pytest.fixture
def make_backend(redis_url, key_prefix):
    def make(network=None, **options):
        options = {"NEAR_PREFIXES": ["page:"], **options}
        if network is not None:
            options["connection_class"] = network.connection_class
        return RedisCache(redis_url, {"KEY_PREFIX": key_prefix, "OPTIONS": options})

    return make


@pytest.fixture
def network():
    return Network()


@pytest.fixture
def reader_name(key_prefix):
    """What the reader's connections are called in Redis's CLIENT LIST."""
    return f"{key_prefix}-reader"


@pytest.fixture
def reader(make_backend, network, reader_name):
    return make_backend(network, client_name=reader_name)


@pytest.fixture
def writer(make_backend):
    return make_backend()


@pytest.fixture
def server(redis_url):
    connection = redis.Redis.from_url(redis_url)
    yield connection
    connection.close()


def listening_connections(server, name):
    return [client for client in server.client_list() if client["name"] == name and client["sub"] != "0"]


def test_a_value_read_once_is_then_served_without_asking_redis(reader, writer, network):
    writer.set("page:front", "first")

    assert reader.get("page:front") == "first"
    assert reader.get("page:front") == "first"
    assert reader.get_many(["page:front"]) == {"page:front": "first"}
    assert network.reads() == 1


def test_a_value_held_is_not_unpickled_again(reader, writer, monkeypatch):
    writer.set("page:front", {"content": b"<html>"})
    first = reader.get("page:front")
    monkeypatch.setattr(pickle, "loads", lambda data: pytest.fail("unpickled again"))

    assert reader.get("page:front") is first


def test_keys_outside_the_prefixes_are_always_read_from_redis(reader, writer, network):
    writer.set("other", "first")
    reader.get_many(["other"])
    writer.set("other", "second")

    assert reader.get_many(["other"]) == {"other": "second"}
    assert network.reads() == 2


def test_a_change_by_another_process_is_seen_at_the_next_read(reader, writer):
    writer.set("page:front", "first")
    reader.get("page:front")

    writer.set("page:front", "second")
    assert reader.get("page:front") == "second"
    writer.set_many({"page:front": "third"})
    assert reader.get("page:front") == "third"
    writer.delete("page:front")
    assert reader.get("page:front") is None


def test_a_change_made_outside_django_is_seen_too(reader, server, key_prefix):
    server.set(f"{key_prefix}:1:page:front", pickle.dumps("first"))
    assert reader.get("page:front") == "first"

    server.set(f"{key_prefix}:1:page:front", pickle.dumps("second"))
    assert reader.get("page:front") == "second"


def test_a_flushed_database_empties_every_copy(reader, writer):
    writer.set("page:front", "first")
    reader.get("page:front")

    writer.clear()
    assert reader.get("page:front") is None


def test_every_process_has_the_announcement_of_a_flush_when_clear_returns(writer, redis_url, key_prefix):
    """Redis answers FLUSHDB before it sends the announcement; before clear() made up for it, the
    announcement had not arrived yet after about half the flushes."""
    listener = redis.Connection(**parse_url(redis_url), protocol=2)
    listener.connect()
    listener.send_command("CLIENT", "ID")
    listener_id = listener.read_response()
    listener.send_command(
        "CLIENT", "TRACKING", "ON", "REDIRECT", listener_id, "BCAST", "PREFIX", f"{key_prefix}:1:page:"
    )
    listener.read_response()
    listener.send_command("SUBSCRIBE", redis_cache.ANNOUNCEMENTS)
    listener.read_response()

    def announced(timeout):
        """Whether an announcement was there; reads every one that arrives within `timeout`."""
        arrived = False
        while listener.can_read(timeout=timeout):
            listener.read_response()
            arrived = True
        return arrived

    try:
        late = 0
        for attempt in range(100):
            writer.set("page:front", attempt)
            announced(timeout=0.01)
            writer.clear()
            late += not announced(timeout=0)
    finally:
        listener.disconnect()

    assert late == 0


def test_an_expired_key_is_not_served(reader, writer, server, key_prefix):
    writer.set("page:front", "first")
    reader.get("page:front")

    server.pexpire(f"{key_prefix}:1:page:front", 1)
    # Redis removes an expired key on its next look at it, if not before, and announces the removal.
    deadline = monotonic() + 5
    while server.exists(f"{key_prefix}:1:page:front"):
        assert monotonic() < deadline, "the key never expired"
    assert reader.get("page:front") is None


def test_a_process_sees_its_own_write_at_once(reader):
    reader.set("page:front", "first")
    reader.get("page:front")

    reader.set("page:front", "second")
    assert reader.get("page:front") == "second"
    assert reader.add("page:new", "added")
    assert reader.get("page:new") == "added"


def test_reading_missing_keys_leaves_nothing_behind(make_backend, writer):
    """Addresses nobody stored (a scraper's) must not pile up in the process: a process holding at most
    ten values still holds the one it read after fifty misses."""
    network = Network()
    reader = make_backend(network, NEAR_MAX_ENTRIES=10)
    writer.set("page:front", "first")
    reader.get("page:front")

    for number in range(50):
        assert reader.get(f"page:missing-{number}") is None
    assert network.reads() == 51
    assert reader.get("page:front") == "first"
    assert network.reads() == 51

    writer.set("page:missing-1", "stored since")
    assert reader.get("page:missing-1") == "stored since"


def test_a_lost_listening_connection_drops_every_copy(
    reader, writer, server, network, reader_name, monkeypatch
):
    writer.set("page:front", "first")
    reader.get("page:front")

    [listener] = listening_connections(server, reader_name)
    server.client_kill_filter(_id=listener["id"])
    writer.set("page:front", "second")  # announced to nobody in this process

    assert reader.get("page:front") == "second"
    assert reader.get("page:front") == "second"
    assert listening_connections(server, reader_name) == []  # not again at every read, but in a second

    FrozenClock(monkeypatch).advance(1.5)
    assert reader.get("page:front") == "second"
    assert len(listening_connections(server, reader_name)) == 1
    reads = network.reads()
    assert reader.get("page:front") == "second"
    assert network.reads() == reads


def test_a_silent_listening_connection_is_trusted_for_a_few_seconds_only(
    reader, writer, network, monkeypatch
):
    """A connection that stops answering without closing (a broken network) must not keep old values alive."""
    writer.set("page:front", "first")
    reader.get("page:front")
    reader.get("page:front")
    assert network.reads() == 1

    network.deaf = True
    FrozenClock(monkeypatch).advance(redis_cache.LEASE_SECONDS + 1)

    assert reader.get("page:front") == "first"
    assert network.reads() == 2


def test_an_idle_process_asks_redis_once_then_trusts_its_copy_again(reader, writer, network, monkeypatch):
    """After an idle spell nothing proves the copy current, until the listening connection answers a ping."""
    writer.set("page:front", "first")
    reader.get("page:front")
    assert network.heard()  # the answer to the ping sent as the process began listening
    FrozenClock(monkeypatch).advance(redis_cache.LEASE_SECONDS + 1)

    assert reader.get("page:front") == "first"
    assert network.reads() == 2
    assert network.heard()  # the answer to the ping sent just now
    assert reader.get("page:front") == "first"
    assert network.reads() == 2


def test_a_busy_process_pings_redis_once_a_second_not_at_every_read(reader, writer, network, monkeypatch):
    writer.set("page:front", "first")
    reader.get("page:front")
    clock = FrozenClock(monkeypatch)
    pings = network.pings()

    for _ in range(50):
        clock.advance(0.1)
        assert reader.get("page:front") == "first"

    seconds = 50 * 0.1
    assert (
        seconds / redis_cache.PING_SECONDS - 1
        <= network.pings() - pings
        <= seconds / redis_cache.PING_SECONDS + 1
    )


def test_a_forked_process_does_not_use_its_parents_copy(reader, writer, network):
    writer.set("page:front", "first")
    reader.get("page:front")

    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which reports by its exit status
        try:
            reads = network.reads()
            fresh = reader.get("page:front") == "first" and network.reads() == reads + 1
            os._exit(0 if fresh else 1)
        finally:
            os._exit(2)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # The parent's listening connection survived its child.
    writer.set("page:front", "second")
    assert reader.get("page:front") == "second"


def test_a_read_fails_while_redis_cannot_be_reached(key_prefix):
    backend = RedisCache(
        "redis://127.0.0.1:1/0", {"KEY_PREFIX": key_prefix, "OPTIONS": {"NEAR_PREFIXES": ["page:"]}}
    )
    with pytest.raises(redis.ConnectionError):
        backend.get("page:front")


def test_no_copy_is_kept_while_the_listening_connection_cannot_be_opened(
    reader, writer, network, monkeypatch
):
    """Nothing would tell the process of a change: every read asks Redis, and once it listens again
    nothing read before is served."""
    writer.set("page:front", "first")
    assert reader.get("other") is None  # opens the connection reads go through, and does not listen
    network.down = True

    assert reader.get("page:front") == "first"
    assert reader.get("page:front") == "first"
    assert network.reads() == 3
    writer.set("page:front", "second")

    network.down = False
    FrozenClock(monkeypatch).advance(1.5)  # the next attempt to listen
    assert reader.get("page:front") == "second"
