"""Archiving 1,000 sources from a local web server with 4 workers: the time the queue takes to drain.

    .venv/bin/python -m bench.archive [--databases sqlite,postgres] [--sources 1000] [--workers 4]

Fills a fresh database with sources linking to pages served on 127.0.0.1 by this process,
asks for their fetch in one transaction (the tasks wait in the database, as in
production), then starts the workers (`db_worker --batch`, which exits when the queue is
empty) and times them until the last exits. The archive's address rule and its one
request a second per host are lifted (SOURCE_FETCH_ALLOW_PRIVATE, SOURCE_FETCH_HOST_INTERVAL=0):
every page is on one local host, and the figure is the archiver's own throughput.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

PARAGRAPH = (
    "Secretary of State Antony Blinken met Prime Minister Benjamin Netanyahu in Jerusalem on Monday, "
    "urging both sides to take urgent steps to restore calm after a week of violence. Foreign Minister "
    "Eli Cohen said every visit of an American secretary of state is historic and important. "
)

# Sources linking to BENCH_PAGES_URL/source/N, and their fetches asked for, in one transaction.
ASK_FOR_FETCHES = """
import os
from datetime import date
from django.db import transaction
from archive.services import sources_archive_request
from sources.models import Outlet, Source
base, count = os.environ["BENCH_PAGES_URL"], int(os.environ["BENCH_SOURCES"])
with transaction.atomic():
    outlet = Outlet.objects.create(name="Bench News", slug="bench-news")
    Source.objects.bulk_create(
        Source(title=f"Story {n}", outlet=outlet, published_on=date(2023, 1, 30), url=f"{base}/source/{n}")
        for n in range(count)
    )
    sources_archive_request(Source.objects.order_by("pk"))
"""

COUNT_COPIES = """
from archive.models import ArchiveState
print(ArchiveState.objects.exclude(latest=None).count(), ArchiveState.objects.exclude(failure="").count())
"""


class Pages(BaseHTTPRequestHandler):
    def do_GET(self):
        number = self.path.rsplit("/", 1)[-1]
        body = (
            f"<!doctype html><html><head><title>Story {number} | Bench News</title>"
            '<meta property="og:site_name" content="Bench News">'
            '<meta property="article:published_time" content="2023-01-30T09:00:00Z"></head>'
            f"<body><article><h1>Story {number}</h1>"
            + "".join(f"<p>{PARAGRAPH} ({number}.{line})</p>" for line in range(12))
            + "</article></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def serve_pages():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def time_archiving(database_url, *, sources=1000, workers=4):
    """{"seconds", "sources", "archived", "failed", "workers"} for archiving `sources` with `workers`."""
    server = serve_pages()
    environment = {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "",
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "django_tasks_db.backend.DatabaseBackend",
        "SOURCE_ARCHIVE_ON_SAVE": "false",
        "SOURCE_FETCH_ALLOW_PRIVATE": "true",
        "SOURCE_FETCH_HOST_INTERVAL": "0",
        "BENCH_PAGES_URL": f"http://127.0.0.1:{server.server_port}",
        "BENCH_SOURCES": str(sources),
    }
    try:
        manage(environment, "migrate", "--no-input")
        manage(environment, "shell", "-v", "0", "-c", ASK_FOR_FETCHES)
        started = time.monotonic()
        running = [
            subprocess.Popen(
                [PYTHON, "manage.py", "db_worker", "--batch", "--no-reload", "--interval", "0.1", "-v", "0"],
                cwd=ROOT,
                env=environment,
            )
            for _ in range(workers)
        ]
        if any(process.wait() for process in running):
            raise SystemExit("a worker failed")
        seconds = time.monotonic() - started
        archived, failed = map(int, manage(environment, "shell", "-v", "0", "-c", COUNT_COPIES).split())
    finally:
        server.shutdown()
        server.server_close()
    return {
        "seconds": seconds,
        "sources": sources,
        "archived": archived,
        "failed": failed,
        "workers": workers,
    }


def manage(environment, *args):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def describe(database, figures):
    return (
        f"{database}: archiving {figures['sources']:,} sources with {figures['workers']} workers took "
        f"{figures['seconds']:.1f} s ({figures['sources'] / figures['seconds']:.0f} a second); "
        f"{figures['archived']:,} archived, {figures['failed']:,} failed"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    options = parser.parse_args()
    postgres = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    with tempfile.TemporaryDirectory(prefix="newsroom-archive-bench-") as scratch:
        for database in options.databases.split(","):
            url = f"sqlite:///{Path(scratch) / 'archive.sqlite3'}"
            if database == "postgres":
                import psycopg

                with psycopg.connect(f"{postgres}/postgres", autocommit=True) as connection:
                    connection.execute('DROP DATABASE IF EXISTS "newsroom_bench_archive" WITH (FORCE)')
                    connection.execute('CREATE DATABASE "newsroom_bench_archive"')
                url = f"{postgres}/newsroom_bench_archive"
            figures = time_archiving(url, sources=options.sources, workers=options.workers)
            print(describe(database, figures), flush=True)


if __name__ == "__main__":
    main()
