"""Stop `make test` / `make run` with one clear line when PostgreSQL or Redis is not reachable.

With `--create`, the database named in DATABASE_URL is created when it does not exist yet (`make run`)."""

import os
import sys

import psycopg
import redis
from psycopg import sql

db_url = os.environ["DATABASE_URL"]
redis_url = os.environ.get("REDIS_URL", "")  # `make run` may go without Redis (filesystem broker)
hint = "Start them with `docker compose up -d db redis`, or set DATABASE_URL/REDIS_URL."
try:
    params = psycopg.conninfo.conninfo_to_dict(db_url.split("?")[0])
    name = params.pop("dbname")
    with psycopg.connect(**params, dbname="postgres", connect_timeout=3, autocommit=True) as conn:
        if "--create" in sys.argv[1:]:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
except Exception as exc:  # noqa: BLE001
    sys.exit(f"PostgreSQL is not reachable at {db_url.split('@')[-1]} ({exc.__class__.__name__}). {hint}")
try:
    if redis_url:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
except Exception as exc:  # noqa: BLE001
    sys.exit(f"Redis is not reachable at {redis_url.split('@')[-1]} ({exc.__class__.__name__}). {hint}")
