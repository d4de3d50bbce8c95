# The everyday loop. `make run` and `make test` set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve serve-local test lint format bench loadtest browser clean

run: .env $(VENV)/.runtime
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_briefs
	@echo
	@echo "  Create an admin login with:  $(BIN)/python manage.py createsuperuser"
	@echo "  Then edit briefs at http://$(HOST):$(PORT)/admin/"
	@echo
	$(MANAGE) runserver $(HOST):$(PORT)

# Production (docs/deploying.md): gunicorn with DEBUG off, on $(HOST):$(PORT), after collecting
# static files and migrating. Reads no .env file: the environment gives SECRET_KEY, ALLOWED_HOSTS
# and the rest. Sources are fetched into the archive by background workers, started beside it
# with the same environment, as many as needed on any machines (docs/deploying.md#the-archive-worker):
#   ENV_FILE= DEBUG=false .venv/bin/python manage.py db_worker --no-reload
PRODUCTION := ENV_FILE= DEBUG=false

serve: $(VENV)/.runtime
	$(PRODUCTION) $(MANAGE) collectstatic --no-input
	$(PRODUCTION) $(MANAGE) migrate --no-input
	$(PRODUCTION) $(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT)

# Try `make serve` on this machine over plain HTTP, with a throwaway key and DATABASE_URL
# as set (SQLite db.sqlite3 when unset). NOT for a real deployment: the key below is public.
serve-local:
	$(MAKE) serve SECRET_KEY=local-trial-only-this-key-is-public \
		ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false

test: .env $(VENV)/.dev browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The benchmark table (bench/run.py, docs/performance.md): 1,000 and 100,000 briefs on SQLite and
# PostgreSQL; a quick one is `make bench BENCH_SIZES=1000`. Needs PostgreSQL, Redis and wrk (Debian's).
BENCH_SIZES ?= 1000,100000
BENCH_DATABASES ?= sqlite,postgres
WRK := /usr/bin/wrk

bench: .env $(VENV)/.dev $(WRK)
	BENCH_SIZES=$(BENCH_SIZES) BENCH_DATABASES=$(BENCH_DATABASES) $(BIN)/python bench/run.py

# Load (bench/loadtest.py, docs/performance.md): gunicorn on PostgreSQL under wrk while briefs are
# imported. Fails on any error, non-2xx or lost brief.
loadtest: .env $(VENV)/.dev $(WRK)
	$(BIN)/python -m bench.loadtest

$(WRK):
	apt-get update -qq && apt-get install -y -qq wrk

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Browser tests drive the system's Chromium (Debian's package), never a downloaded one.
# The HTML tests run the Nu HTML Checker, a Java program from npm, kept inside the virtualenv.
# The reverse-proxy test runs Debian's nginx (in /usr/sbin, off some users' PATH) in front of
# gunicorn, with a certificate openssl makes.
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/node_modules/vnu-jar/build/dist/vnu.jar

browser: $(VNU_JAR)
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	@command -v java >/dev/null || { apt-get update -qq && apt-get install -y -qq default-jre-headless; }
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { apt-get update -qq && apt-get install -y -qq nginx; }
	@command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl; }

$(VNU_JAR):
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm; }
	npm install --prefix $(VENV) --no-save --no-audit --no-fund --silent vnu-jar@$(VNU_VERSION)
	@test -f $@

.env:
	cp .env.example .env

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
