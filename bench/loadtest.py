"""The load test: readers hammer the site while editors import briefs; nothing fails, nothing is lost.

    make loadtest
    .venv/bin/python -m bench.loadtest --connections 64 --seconds 30 --briefs 100

gunicorn (the product's gunicorn.conf.py, production settings, Redis cache) serves a
fresh PostgreSQL database holding the seed brief and 1,000 generated ones. Two wrk
runs, one on the seed brief's page and one on the home page, each at --connections
for --seconds, overlap with four importer processes that run `import_brief --publish`
on --briefs new brief files, spread over the run. It fails unless every response was
2xx with no socket error or timeout, every importer succeeded, no server error was
logged, and every imported brief reads back exactly as its file (nothing lost or half
written). It prints requests/s and p50/p99 latency for both pages.

Needs PostgreSQL at BENCH_POSTGRES_URL, Redis at BENCH_REDIS_URL (see bench/run.py) and wrk.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.run import PYTHON, ROOT, SEED, SEED_SLUG, Bench, free_port, wait_until_up, wrk_figures

IMPORTERS = 4
DATABASE = "newsroom_loadtest"

# Counts non-2xx responses across wrk's threads; wrk itself only reports them beside 3xx.
COUNT_FAILURES = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failures = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then failures = failures + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("failures") end
  io.write(string.format("non-2xx responses: %d\\n", total))
end
"""

# Run by each importer with `manage.py shell`: the real import command, one file at a time, paced.
IMPORT_PACED = """
import os, time
from django.core.management import call_command
paths = os.environ["LOADTEST_FILES"].split(os.pathsep)
pause = float(os.environ["LOADTEST_PAUSE"])
for path in paths:
    call_command("import_brief", "--publish", path)
    time.sleep(pause)
"""

# Every file's brief, exported again, must be the file: prints the paths for which it is not.
READ_BACK = """
import json, os
from pathlib import Path
from brieftext.parser import parse_brief
from articles.models import Article
from articles.services import article_export, brief_slug
problems = []
for path in os.environ["LOADTEST_FILES"].split(os.pathsep):
    text = Path(path).read_text(encoding="utf-8")
    article = Article.objects.published().filter(slug=brief_slug(parse_brief(text.encode()).headline)).first()
    if article is None:
        problems.append(f"{path}: no published brief")
    elif article_export(article=article) != text:
        problems.append(f"{path}: the stored brief differs from its file")
print(json.dumps(problems))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--briefs", type=int, default=100)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsroom-loadtest-") as scratch:
        scratch = Path(scratch)
        bench = Bench(scratch, repeat=0, wrk_seconds=options.seconds)
        bench.prepare()
        print(f"Writing {options.briefs} brief files to import", flush=True)
        files = bench.brief_files("postgres", options.briefs, scratch / "files", seed=23)

        url = bench.fresh_database("postgres", DATABASE)
        environment = bench.environment(
            url, CACHE_URL=bench.redis, CACHE_KEY_PREFIX=f"loadtest-{time.time_ns()}"
        )
        bench.manage(environment, "migrate", "--no-input")
        bench.manage(environment, "generate_briefs", "--settings", "bench.settings", "--count", "1000")
        bench.manage(environment, "import_brief", "--publish", str(SEED))

        problems = run_load(bench, environment, files, options, scratch)
        problems += json.loads(
            bench.manage({**environment, "LOADTEST_FILES": join(files)}, "shell", "-v", "0", "-c", READ_BACK)
        )
    if problems:
        print("\nFAILED:\n  " + "\n  ".join(problems))
        return 1
    print(f"\nPassed: no error, every response 2xx, all {len(files)} imported briefs stored whole.")
    return 0


def run_load(bench, environment, files, options, scratch):
    """Serve, load and import at once; the list of what went wrong."""
    port = free_port()
    script = scratch / "count_failures.lua"
    script.write_text(COUNT_FAILURES)
    server_log = scratch / "gunicorn.log"
    with server_log.open("w") as log:
        server = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=log,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/healthz", server)
        pages = {"brief": f"{base}/briefs/{SEED_SLUG}/", "home": f"{base}/"}
        print(
            f"wrk: {options.connections} connections for {options.seconds} s on each of "
            f"{', '.join(pages)}, while {IMPORTERS} processes import {len(files)} briefs",
            flush=True,
        )
        loads = {
            name: subprocess.Popen(
                [
                    "wrk",
                    "-t2",
                    f"-c{options.connections}",
                    f"-d{options.seconds}s",
                    "--latency",
                    "--script",
                    str(script),
                    page_url,
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for name, page_url in pages.items()
        }
        time.sleep(1)  # the imports start once the load is on
        importers = start_importers(bench, environment, files, options.seconds)
        problems = []
        started = time.monotonic()
        for number, importer in enumerate(importers, start=1):
            output, _ = importer.communicate()
            if importer.returncode:
                problems.append(f"importer {number} failed:\n{output}")
        imported_in = time.monotonic() - started + 1
        for name, load in loads.items():
            output, _ = load.communicate()
            problems += load_problems(name, output)
        print(f"import_brief: {len(files)} briefs in {imported_in:.1f} s by {IMPORTERS} processes")
    finally:
        server.terminate()
        server.wait(timeout=30)
    problems += [
        f"server logged: {line}" for line in server_log.read_text().splitlines() if '"ERROR"' in line
    ]
    return problems


def start_importers(bench, environment, files, seconds):
    """IMPORTERS processes sharing the files, paced to finish a few seconds before the load ends."""
    shares = [files[number::IMPORTERS] for number in range(IMPORTERS)]
    pause = max(0.0, (seconds - 6) / max(len(share) for share in shares) - 0.2)
    return [
        subprocess.Popen(
            [PYTHON, "manage.py", "shell", "-v", "0", "-c", IMPORT_PACED],
            cwd=ROOT,
            env={**environment, "LOADTEST_FILES": join(share), "LOADTEST_PAUSE": str(pause)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for share in shares
        if share
    ]


def load_problems(name, output):
    """Print one page's figures from wrk's output; what in it counts as a failure."""
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    figures = wrk_figures(output)
    rps, p50, p99 = figures["rps"], figures["p50"], figures["p99"]
    failures = int(re.search(r"non-2xx responses: (\d+)", output).group(1))
    socket_errors = re.search(r"Socket errors: (.*)", output)
    print(
        f"{name:6} {requests:8,} requests  {rps:8.0f} requests/s  p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  "
        f"non-2xx {failures}  socket errors: {socket_errors.group(1) if socket_errors else 'none'}",
        flush=True,
    )
    problems = []
    if failures:
        problems.append(f"{name}: {failures} non-2xx responses")
    if socket_errors:
        problems.append(f"{name}: socket errors ({socket_errors.group(1)})")
    if requests == 0:
        problems.append(f"{name}: no request completed")
    return problems


def join(paths):
    return os.pathsep.join(str(path) for path in paths)


if __name__ == "__main__":
    sys.exit(main())
