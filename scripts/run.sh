#!/usr/bin/env bash
# `make run`: migrate, load the demo data, then the portal on http://127.0.0.1:8000 with a Celery worker and beat.
# Without DATABASE_URL / REDIS_URL it needs no server: an embedded PostgreSQL under var/pgdata and a filesystem
# Celery broker under var/. With them set, it uses that PostgreSQL (the database is created when missing) and
# Redis. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}" DEMO_MODE="${DEMO_MODE:-1}"
PY=.venv/bin/python
pids=()
cleanup() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; echo "Stopped."; }
trap cleanup INT TERM EXIT
if [ -z "${DATABASE_URL:-}" ]; then
  # No server needed: a self-contained PostgreSQL with its data under var/pgdata (kept between runs).
  $PY scripts/embedded_db.py & pids+=($!)
  for _ in $(seq 120); do [ -s var/pgdata.url ] && break; kill -0 "${pids[0]}" 2>/dev/null || exit 1; sleep 0.5; done
  DATABASE_URL="$(cat var/pgdata.url)"; export DATABASE_URL
fi
# Without REDIS_URL, Celery uses a filesystem broker under var/ and Django a local-memory cache (config/settings.py).
$PY scripts/check_services.py --create
$PY manage.py migrate --no-input -v0
$PY manage.py collectstatic --no-input -v0
$PY manage.py load_demo
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
