# The everyday loop. `make run` and `make test` set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench browser clean

run: .env $(VENV)/.runtime
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_briefs
	@echo
	@echo "  Create an admin login with:  $(BIN)/python manage.py createsuperuser"
	@echo "  Then edit briefs at http://$(HOST):$(PORT)/admin/"
	@echo
	$(MANAGE) runserver $(HOST):$(PORT)

test: .env $(VENV)/.dev browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

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
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

.env:
	cp .env.example .env

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
