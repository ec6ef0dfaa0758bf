"""Browser tests: a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright)
against a real server process (gunicorn) with the demo data loaded the way `make demo` loads
it, on the same kind of database as the rest of the run (SpatiaLite or PostGIS).

Screenshots of every page go to tests/e2e/artifacts/ (not committed).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _e2e_database(tmp: Path) -> tuple[str, callable]:
    """A fresh database of the same kind as the run's DATABASE_URL, and its clean-up."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgis://", "postgres://", "postgresql://")):
        parsed = urlparse(url)
        name = f"{parsed.path.lstrip('/') or 'biomass'}_e2e_{os.getpid()}"
        admin = parsed._replace(scheme="postgresql", path="/postgres").geturl()

        def execute(sql):
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(sql)

        execute(f'DROP DATABASE IF EXISTS "{name}"')
        execute(f'CREATE DATABASE "{name}"')
        return parsed._replace(path=f"/{name}").geturl(), lambda: execute(f'DROP DATABASE IF EXISTS "{name}"')
    return f"spatialite:///{tmp / 'e2e.sqlite3'}", lambda: None


@pytest.fixture(scope="package")
def server(tmp_path_factory):
    """A gunicorn server on a free port, serving the demo data; yields its base URL."""
    tmp = tmp_path_factory.mktemp("e2e")
    database_url, drop_database = _e2e_database(tmp)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="biomass.settings",
        DATABASE_URL=database_url,
        SECRET_KEY="e2e-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        MEDIA_ROOT=str(tmp / "media"),
        STATIC_ROOT=str(tmp / "static"),
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input", "-v", "0"], ["collectstatic", "--no-input", "-v", "0"], ["load_demo"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    log = open(tmp / "server.log", "w")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "biomass.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "4"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the e2e server did not start:\n" + (tmp / "server.log").read_text())
        time.sleep(0.2)
    yield type("Server", (), {"url": base, "env": env, "manage": manage})
    process.terminate()
    process.wait(timeout=10)
    log.close()
    drop_database()


@pytest.fixture(scope="package")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh page; fails the test if the browser console shows an error."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    # Base-map tiles come from the internet; offline they fail, which is not a page error.
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and not _is_tile(msg) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
    db = "postgis" if "postgis" in os.environ.get("DATABASE_URL", "") else "spatialite"
    page.screenshot(path=str(ARTIFACTS / f"{name}-{db}.png"), full_page=True)
    context.close()
    assert not errors, f"browser console errors: {errors}"


def _is_tile(message) -> bool:
    location = message.location or {}
    return "tile.openstreetmap.org" in (location.get("url") or "")

