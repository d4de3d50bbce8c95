"""The Redis cache's copy in process memory (newsroom.redis_cache) against the real Redis server.

Each test uses keys of its own; `reader` and `writer` are two cache backends as
two server processes have them, each with its own connections and copy.
"""

import os
import pickle
import secrets
import time

import pytest
import redis

from newsroom import redis_cache
from newsroom.redis_cache import RedisCache

# A database of its own: the flush test empties it.
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def key_prefix():
    return f"near-test-{secrets.token_hex(4)}"


@pytest.fixture
def make_backend(key_prefix):
    def make():
        return RedisCache(REDIS_URL, {"KEY_PREFIX": key_prefix, "OPTIONS": {"NEAR_PREFIXES": ["page:"]}})

    return make


@pytest.fixture
def writer(make_backend):
    return make_backend()


@pytest.fixture
def reader(make_backend):
    return make_backend()


@pytest.fixture
def round_trips(reader, monkeypatch):
    """The keys of each read `reader` sent to Redis."""
    client = reader._cache.get_client()
    sent = []
    real_mget = client.mget

    def mget(keys):
        sent.append(list(keys))
        return real_mget(keys)

    monkeypatch.setattr(client, "mget", mget)
    return sent


@pytest.fixture
def server():
    connection = redis.Redis.from_url(REDIS_URL)
    yield connection
    connection.close()


def test_a_value_read_once_is_then_served_without_asking_redis(reader, writer, round_trips):
    writer.set("page:front", "first")

    assert reader.get("page:front") == "first"
    assert reader.get("page:front") == "first"
    assert reader.get_many(["page:front"]) == {"page:front": "first"}
    assert len(round_trips) == 1


def test_a_value_held_is_not_unpickled_again(reader, writer, monkeypatch):
    writer.set("page:front", {"content": b"<html>"})
    first = reader.get("page:front")
    monkeypatch.setattr(pickle, "loads", lambda data: pytest.fail("unpickled again"))

    assert reader.get("page:front") is first


def test_keys_outside_the_prefixes_are_always_read_from_redis(reader, writer, round_trips):
    writer.set("other", "first")
    reader.get_many(["other"])
    writer.set("other", "second")

    assert reader.get_many(["other"]) == {"other": "second"}
    assert len(round_trips) == 2


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


def test_every_process_has_the_announcement_of_a_flush_when_clear_returns(writer, key_prefix):
    """Redis answers FLUSHDB before it sends the announcement; before clear() made up for it, the
    announcement had not arrived yet after about half the flushes."""
    listener = redis.Connection(host="127.0.0.1", port=6379, db=15, protocol=2)
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
    time.sleep(0.01)
    # Redis removes an expired key on its next look at it, if not before, and announces the removal.
    assert server.get(f"{key_prefix}:1:page:front") is None
    assert reader.get("page:front") is None


def test_a_process_sees_its_own_write_at_once(reader):
    reader.set("page:front", "first")
    reader.get("page:front")

    reader.set("page:front", "second")
    assert reader.get("page:front") == "second"
    assert reader.add("page:new", "added")
    assert reader.get("page:new") == "added"


def test_reading_missing_keys_leaves_nothing_behind(reader, writer):
    """Addresses nobody stored (a scraper's) must not pile up in the process."""
    for number in range(50):
        assert reader.get(f"page:missing-{number}") is None
    near = reader._cache._near
    assert near._values == {}

    writer.set("page:missing-1", "stored since")
    assert reader.get("page:missing-1") == "stored since"


def test_a_lost_listening_connection_drops_every_copy(reader, writer, server):
    writer.set("page:front", "first")
    reader.get("page:front")

    listener_id = reader._cache._near.listener_id
    server.client_kill_filter(_id=listener_id)
    writer.set("page:front", "second")  # announced to nobody in this process

    assert reader.get("page:front") == "second"
    assert reader._cache._near.listener_id is None  # listening again in a second


def test_a_silent_listening_connection_is_trusted_for_a_few_seconds_only(
    reader, writer, monkeypatch, round_trips
):
    """A connection that stops answering without closing (a broken network) must not keep old values alive."""
    writer.set("page:front", "first")
    reader.get("page:front")
    reader.get("page:front")
    assert len(round_trips) == 1

    listener = reader._cache._near._listener
    monkeypatch.setattr(listener, "can_read", lambda timeout=0: False)  # nothing is heard any more
    later = redis_cache.monotonic() + redis_cache.LEASE_SECONDS + 1
    monkeypatch.setattr(redis_cache, "monotonic", lambda: later)

    assert reader.get("page:front") == "first"
    assert len(round_trips) == 2


def test_an_idle_process_asks_redis_once_then_trusts_its_copy_again(reader, writer, monkeypatch, round_trips):
    """After an idle spell nothing proves the copy current, until the listening connection answers a ping."""
    writer.set("page:front", "first")
    reader.get("page:front")
    later = redis_cache.monotonic() + redis_cache.LEASE_SECONDS + 1
    monkeypatch.setattr(redis_cache, "monotonic", lambda: later)

    assert reader.get("page:front") == "first"
    assert len(round_trips) == 2
    time.sleep(0.05)  # the ping sent just now is answered
    assert reader.get("page:front") == "first"
    assert len(round_trips) == 2


def test_a_busy_process_pings_redis_once_a_second_not_at_every_read(reader, writer, monkeypatch):
    writer.set("page:front", "first")
    reader.get("page:front")
    listener = reader._cache._near._listener
    commands = []
    real_send_command = listener.send_command

    def send_command(*args, **options):
        commands.append(args[0])
        return real_send_command(*args, **options)

    monkeypatch.setattr(listener, "send_command", send_command)
    started = time.monotonic()
    for _ in range(50):
        assert reader.get("page:front") == "first"
        time.sleep(0.002)  # long enough for Redis to answer a ping
    seconds = time.monotonic() - started

    assert commands.count("PING") <= seconds / redis_cache.PING_SECONDS + 1


def test_a_forked_process_does_not_use_its_parents_copy(reader, writer, round_trips):
    writer.set("page:front", "first")
    reader.get("page:front")

    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which reports by its exit status
        try:
            fresh = reader.get("page:front") == "first" and len(round_trips) == 2
            os._exit(0 if fresh else 1)
        finally:
            os._exit(2)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # The parent's listening connection survived its child.
    writer.set("page:front", "second")
    assert reader.get("page:front") == "second"


def test_no_copy_is_kept_while_redis_cannot_be_reached(key_prefix):
    backend = RedisCache(
        "redis://127.0.0.1:1/0", {"KEY_PREFIX": key_prefix, "OPTIONS": {"NEAR_PREFIXES": ["page:"]}}
    )
    with pytest.raises(redis.ConnectionError):
        backend.get("page:front")
    assert backend._cache._near._values == {}
