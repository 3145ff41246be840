# The two commands: `make run` (the portal with a real Celery worker and beat) and `make test` (the whole suite).
# Both set themselves up on a fresh machine; a second run skips what is already installed.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements-dev.lock | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell sha256sum package-lock.json | cut -c1-12)
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test faults bench bench-profile bench-pages deps system-deps messages lint lock clean screenshots

deps: $(STAMP) $(NODE_STAMP)

$(STAMP): requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@rm -f $(VENV)/.installed-* && touch $@

$(NODE_STAMP): package-lock.json package.json
	npm ci --no-audit --no-fund --loglevel=error
	@rm -f node_modules/.installed-* && touch $@

system-deps:
	@bash scripts/system-deps.sh

messages: deps
	@DJANGO_SETTINGS_MODULE=config.test_settings $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

run: deps messages
	@bash scripts/run.sh

# The suite in two parts: most of it in TEST_WORKERS processes (pytest-xdist: each its own test database, live server
# and Chromium), then, in one process, the tests that start a Celery worker on the shared Redis queue or servers of
# their own (markers `worker`, `faults`). A part that PYTEST_ARGS leaves empty (pytest's exit code 5) is not an error.
# MARKERS selects within both parts (MARKERS="not browser"), PYTEST_ARGS passes paths and options.
TEST_WORKERS ?= 2
MARKERS ?=
TEST_ENV = DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)}

test: deps system-deps messages
	@$(TEST_ENV) $(PY) scripts/check_services.py
	$(TEST_ENV) $(VENV)/bin/pytest -n $(TEST_WORKERS) -m "not worker and not faults$(if $(MARKERS), and ($(MARKERS)))" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(TEST_ENV) $(VENV)/bin/pytest -p no:xdist -m "(worker or faults)$(if $(MARKERS), and ($(MARKERS)))" $(PYTEST_ARGS) || [ $$? -eq 5 ]

# Faults against the suite's own redis-server, gunicorn and Celery worker on other loopback ports (tests/faults):
# Redis stopped, the worker killed with kill -9 mid-report, 50 users writing for 60 s, a zip bomb. `make test` runs
# them too, with 10 s of load.
faults: deps system-deps messages
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} FAULTS_LOAD_SECONDS=$${FAULTS_LOAD_SECONDS:-60} $(VENV)/bin/pytest -m faults tests/faults -p no:randomly $(PYTEST_ARGS)

bench: deps system-deps
	@command -v wrk >/dev/null || { [ "$$(id -u)" -eq 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null; } || echo "wrk is not installed (apt-get install wrk): using the slower Python load generator"
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_bench} REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/14} $(PY) bench/run.py $(BENCH_ARGS)

# CPU per request of the main pages in one process beside the admin change list, on the benchmark's database (made by
# `make bench`): PROFILE_ARGS="--only board,assessment_matrix -n 30 --cprofile 40" (bench/cpu_profile.py).
bench-profile: deps
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_bench} REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/14} $(PY) bench/cpu_profile.py $(PROFILE_ARGS)

# Every page of the access matrix timed on a copy of the benchmark's database (made by `make bench`), the slowest
# printed: PAGES_TOP=30 (bench/page_times.py).
bench-pages: deps messages
	psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS test_portal_pages" -c "CREATE DATABASE test_portal_pages TEMPLATE portal_bench"
	rm -rf var/page-times
	PYTHONPATH=. DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_pages REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/13} $(VENV)/bin/pytest -q -p bench.page_times -p no:randomly -p no:xdist --reuse-db tests/test_access_matrix.py -k "office or agency or ministry"
	$(PY) bench/page_times.py $${PAGES_TOP:-30}
	psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS test_portal_pages"

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.test_settings $(PY) manage.py makemigrations --check --dry-run

# Screenshots of each role's start page and main pages (demo data, 1440 and 390 px) into docs/screenshots/.
screenshots: deps system-deps messages
	$(PY) scripts/screenshots.py

# Re-lock the Python dependencies (names, versions and hashes only; never commit uv.lock).
lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 requirements.in -o requirements.lock
	$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 requirements.in requirements-dev.in -o requirements-dev.lock

clean:
	rm -rf var/staticfiles var/test-media .pytest_cache
