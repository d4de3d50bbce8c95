"""A Redis server of one test's own, which the test may stop, start again, hang and fill."""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

STARTS_WITHIN = 10  # seconds


class RedisServer:
    """redis-server on a free loopback port, keeping its files in `folder`."""

    def __init__(self, folder):
        self.folder = folder
        self.port = None
        self.process = None
        self.hung = False

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self, port=None):
        """A client that reports a failure at once, where redis-py's default tries again for seconds."""
        return redis.Redis(port=port or self.port, socket_timeout=STARTS_WITHIN, retry=Retry(NoBackoff(), 0))

    def start(self):
        """Start it: on a free port the first time, then on the same one, with the data saved by stop()."""
        executable = shutil.which("redis-server")
        if executable is None:
            pytest.fail("redis-server is missing: apt-get install redis-server.")
        for _ in range(1 if self.port else 3):  # a port found free may be taken before Redis binds it
            port = self.port or free_port()
            self.process = subprocess.Popen(
                [
                    *(executable, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(self.folder)),
                    *("--save", "", "--appendonly", "no", "--logfile", "redis.log"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if self._answers(port):
                self.port = port
                return
            self.process.kill()
            self.process.wait()
        pytest.fail(f"Redis could not start:\n{(self.folder / 'redis.log').read_text()}")

    def _answers(self, port):
        deadline = time.monotonic() + STARTS_WITHIN
        while self.process.poll() is None and time.monotonic() < deadline:
            try:
                with self.client(port) as probe:
                    if probe.ping():
                        return True
            except redis.ConnectionError:
                time.sleep(0.01)
        return False

    def stop(self):
        """Stop it as an operator does, its data saved for the next start (SHUTDOWN SAVE)."""
        with self.client() as connection:
            connection.shutdown(save=True)
        self.process.wait(timeout=STARTS_WITHIN)

    def hang(self):
        """Leave connections to it open and accepted, and every command unanswered."""
        self.process.send_signal(signal.SIGSTOP)
        self.hung = True

    def resume(self):
        self.process.send_signal(signal.SIGCONT)
        self.hung = False

    def fill(self):
        """Have it refuse every write but deletions, as Redis at maxmemory with noeviction does."""
        with self.client() as connection:
            connection.config_set("maxmemory-policy", "noeviction")
            connection.config_set("maxmemory", 1)

    def stored_keys(self):
        with self.client() as connection:
            return {key.decode() for key in connection.scan_iter()}

    def close(self):
        if self.process is not None and self.process.poll() is None:
            if self.hung:
                self.resume()
            self.process.terminate()
            self.process.wait(timeout=STARTS_WITHIN)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_cache(location):
    """settings.CACHES["default"] as production has it with CACHE_URL=location, read in a fresh process."""
    code = "import json; from django.conf import settings; print(json.dumps(settings.CACHES['default']))"
    environment = {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "CACHE_URL": location,
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)
