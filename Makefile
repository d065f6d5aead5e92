# The two commands a newcomer needs: `make run` and `make test`.
# Python >= 3.12 is found on PATH (pyenv's shim honours .python-version);
# uv is installed into var/tools if it is not on PATH already.

SHELL := /bin/bash
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; \
	done)
UV := $(shell command -v uv 2>/dev/null || echo var/tools/bin/uv)
UV_VERSION := 0.13.9
VENV_PY := .venv/bin/python
# Local commands run in development mode, with email links pointing at the local server.
LOCAL_ENV := DEBUG=true SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}
MANAGE := $(LOCAL_ENV) $(VENV_PY) manage.py

.PHONY: run serve test test-fast fuzz install migrate seed messages translations lint format \
	migrations-check ci bench-search bench fault-load

run: install migrate translations seed
	@$(MANAGE) demo_logins
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The production stack on one machine: gunicorn with DEBUG off, a task worker and
# the scheduler, against the local PostgreSQL (SERVE_DATABASE_URL=postgres://…/name
# for another database). README.md, "Trying the production stack".
serve: install
	PORT=$(PORT) deploy/serve

test: install translations
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

# Everything but the browser tests (CI runs these once more on SQLite).
test-fast: install translations
	$(VENV_PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# The fuzz tests (every form and every URL with a parameter, as every persona) with many
# more examples than the two each gets in `make test`: FUZZ_EXAMPLES=500 make fuzz for more.
FUZZ_EXAMPLES ?= 50
fuzz: install translations
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV_PY) -m pytest tests/fuzz $(PYTEST_ARGS)

install: .venv/.installed

.venv/.installed: pyproject.toml uv.lock | $(UV)
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 is needed (pyenv install 3.13, or your system's python3.12+)"; exit 1; }
	$(UV) sync --frozen --python "$(PYTHON)"
	@touch $@

var/tools/bin/uv:
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 is needed (pyenv install 3.13, or your system's python3.12+)"; exit 1; }
	$(PYTHON) -m venv var/tools
	var/tools/bin/pip install --quiet "uv==$(UV_VERSION)"

migrate: install
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable

seed: install
	$(MANAGE) seed_demo

# Compiles the .po catalogues in Python: no GNU gettext needed.
translations: install
	$(MANAGE) compile_translations

# Refreshes the catalogues from the code (needs GNU gettext's xgettext).
messages: install
	$(MANAGE) makemessages -l fr --no-obsolete --add-location file --ignore ".venv/*" --ignore "var/*"
	$(MANAGE) makemessages -l fr -d djangojs --no-obsolete --add-location file --ignore ".venv/*" --ignore "var/*" --ignore "staticfiles/*"
	$(MANAGE) tidy_french

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-logo

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

ci:
	.ci/run

# The mixed-load fault test (tests/deploy/test_mixed_load.py) for 60 s instead of the
# 10 s `make test` gives it: 64 connections, pages, requests and acceptances, 0 × 5xx.
FAULT_LOAD_SECONDS ?= 60
fault-load: install translations
	FAULT_LOAD_SECONDS=$(FAULT_LOAD_SECONDS) \
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/csp_faults} \
	$(VENV_PY) -m pytest -s tests/deploy/test_mixed_load.py $(PYTEST_ARGS)

# 1M generated customers in a PostgreSQL database of their own (loaded once,
# kept; `BENCH_ARGS=--reload` loads them anew), then p50/p95 of 200 searches,
# timed with DEBUG off as in production.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/csp_bench
bench-search: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(VENV_PY) manage.py bench_search $(BENCH_ARGS)

# Every page a user opens, under gunicorn as deployed (DEBUG off, threaded workers,
# persistent connections), measured with wrk (apt install wrk) against the ceiling
# page of the benchmark's own settings; SQL queries per page at 1, 10 and 200 rows;
# the workers' memory. Prints the table and writes it into docs/benchmarks.md.
# BENCH_ARGS="--only company --seconds 10" for part of it.
BENCH_PAGES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/csp_bench_pages
bench: install translations
	DJANGO_SETTINGS_MODULE=csp_portal.benchmark.settings DATABASE_URL=$(BENCH_PAGES_DATABASE_URL) \
		TASKS_BACKEND=database $(VENV_PY) manage.py bench $(BENCH_ARGS)
