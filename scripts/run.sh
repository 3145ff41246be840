#!/usr/bin/env bash
# `make run`: migrate, load the demo data, then the portal on http://127.0.0.1:8000 with a Celery worker and beat.
# PostgreSQL (database portal_dev, created when missing) and Redis on localhost unless DATABASE_URL / REDIS_URL are
# set. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}" DEMO_MODE="${DEMO_MODE:-1}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_dev}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
PY=.venv/bin/python
$PY scripts/check_services.py --create
$PY manage.py migrate --no-input -v0
$PY manage.py collectstatic --no-input -v0
$PY manage.py load_demo
pids=()
cleanup() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; echo "Stopped."; }
trap cleanup INT TERM EXIT
.venv/bin/celery -A config worker --loglevel=INFO --concurrency=2 & pids+=($!)
.venv/bin/celery -A config beat --loglevel=INFO & pids+=($!)
$PY manage.py runserver 127.0.0.1:8000 & pids+=($!)
cat <<'TXT'

  The portal: http://127.0.0.1:8000   (admin: http://127.0.0.1:8000/admin/)
  Demo logins (password "demo"):
    agency    agency staff at NAV
    office    portfolio office at Digdir
    ministry  ministry official at Arbeids- og sosialdepartementet
    admin     administrator
  Ctrl-C stops the web server, the worker and beat.

TXT
wait -n "${pids[@]}"
