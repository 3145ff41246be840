"""`make screenshots`: the start page and the main pages of each role, on the demo data, at 1440 and 390 px.

Builds the demo data in its own database (`portal_screenshots`, or DATABASE_URL), starts the portal with
production settings on a free loopback port, signs in as each demo user through the login form and writes PNGs to
docs/screenshots/<role>-<page>-<width>.png (full page). Stops what it started, also on Ctrl-C.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PY = str(ROOT / ".venv" / "bin" / "python")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDTHS = [1440, 390]
# (demo login, page name, path): every role's start page first.
PAGES = [
    ("agency", "start", "/"),
    ("agency", "intake", "/portefolje/forslag/ny/"),
    ("office", "start", "/"),
    ("office", "board", "/portefolje/tavle/"),
    ("ministry", "start", "/"),
    ("ministry", "dashboard", "/rapporter/departement/"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own server on loopback
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the portal did not answer at {url}")


def main() -> None:
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_screenshots"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",  # demo logins are created only with DEBUG on; runserver serves the static files
        "DEMO_MODE": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    run = lambda *args: subprocess.run([PY, *args], cwd=ROOT, env=env, check=True)  # noqa: E731
    run("scripts/check_services.py", "--create")
    run("manage.py", "migrate", "--no-input", "-v0")
    run("manage.py", "load_demo")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/login/")
        shoot(base)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)


def shoot(base: str) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        for role in dict.fromkeys(role for role, _name, _path in PAGES):
            for width in WIDTHS:
                context = browser.new_context(base_url=base, locale="nb-NO", viewport={"width": width, "height": 900})
                page = context.new_page()
                page.goto("/login/")
                page.get_by_label("Brukernavn").fill(role)
                page.get_by_label("Passord").fill("demo")
                page.get_by_role("button", name="Logg inn").click()
                page.wait_for_url(lambda url: "/login/" not in url)
                for _role, name, path in (p for p in PAGES if p[0] == role):
                    page.goto(path)
                    page.get_by_role("heading", level=1).first.wait_for()
                    target = OUT / f"{role}-{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target.relative_to(ROOT))
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
