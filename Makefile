# Two commands for a newcomer: `make run` and `make test`. Each does all of its own set-up.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app selfassess
# Debian's own /usr/bin/python3.11 is built with profile-guided optimisation and LTO; a default source build
# (pyenv's, for one) is not, and renders the report about a quarter slower (docs/report.md). Prefer Debian's.
PYTHON ?= $(shell test -x /usr/bin/python3.11 && echo /usr/bin/python3.11 || command -v python3.11 || command -v python3)

RUN_APT  := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_APT := $(RUN_APT) postgresql chromium libatomic1 poppler-utils default-jre-headless libreoffice-writer-nogui

.PHONY: help run demo-reset test test-sqlite test-postgres bench bench-scale load lint assets setup system-run system-test db demo clean

help:
	@echo "make run    set everything up and serve the demo on http://127.0.0.1:\$$PORT (5000)"
	@echo "make demo-reset  put the demo providers, years and sign-ins back as first loaded (asks first)"
	@echo "make test   set everything up and run the whole suite (SQLite, then PostgreSQL)"
	@echo "make bench  print performance figures"
	@echo "make bench-scale  every page on the demo database against 1,000 providers x 10 years (SQLite, PostgreSQL)"
	@echo "make load   load test: 32 users for 60 s against gunicorn (SQLite, PostgreSQL); USERS= SECONDS_EACH="
	@echo "make lint   ruff"

system-run:
	@scripts/apt-ensure.sh $(RUN_APT)

system-test:
	@scripts/apt-ensure.sh $(TEST_APT)

$(VENV)/.installed: setup.cfg pyproject.toml
	@test -x $(PY) || { case "$(PYTHON)" in /usr/bin/*) scripts/apt-ensure.sh python3.11-venv;; esac; $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/govuk/app.css: node_modules/.installed static/src/app.scss
	@scripts/build-assets.sh

assets: static/govuk/app.css

setup: $(VENV)/.installed assets

db: setup
	$(FLASK) init-db

run: system-run setup
	@scripts/run.sh

demo-reset: setup
	$(FLASK) init-db
	$(FLASK) demo --reset

test: system-test setup
	@scripts/test.sh

bench: system-run setup
	$(PY) -m selfassess.bench

bench-scale: system-test setup
	@scripts/bench-scale.sh

load: system-test setup
	@scripts/load.sh

lint: setup
	$(VENV)/bin/ruff check selfassess tests

clean:
	rm -rf $(VENV) node_modules static/govuk
