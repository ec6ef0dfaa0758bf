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

import pytest

from tests.conftest import ROOT
from tests.processes import fresh_site

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
    """E2E_PORT when set (to keep the server in a given range), any free port otherwise."""
    if os.environ.get("E2E_PORT"):
        return int(os.environ["E2E_PORT"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER_LOGS: list[Path] = []  # the running server's log, shown when a page saw an error


@pytest.fixture(scope="package")
def server(tmp_path_factory):
    """A gunicorn server on a free port with a task worker beside it (as `make demo` runs
    them), serving the demo data; yields its base URL, environment and manage.py command."""
    tmp = tmp_path_factory.mktemp("e2e")
    site = fresh_site(tmp, "e2e", API_EXPENSIVE_RATE="10000/min")
    site.run("collectstatic", "--no-input", "-v", "0")
    site.run("shell", "-c", MAKE_CURATOR)
    port = _free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--no-control-socket",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
        ],
        cwd=ROOT,
        env=site.env,
        stdout=open(tmp / "server.log", "w"),
        stderr=subprocess.STDOUT,
    )
    worker = site.start("db_worker", "--no-startup-delay", "--interval", "0.2", log_name="worker")
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
            worker.kill()
            raise RuntimeError("the e2e server did not start:\n" + (tmp / "server.log").read_text())
        time.sleep(0.2)
    SERVER_LOGS.append(tmp / "server.log")
    yield type("Server", (), {"url": base, "env": site.env, "manage": site.manage, "site": site})
    SERVER_LOGS.remove(tmp / "server.log")
    for proc in (process, worker):
        proc.terminate()
        proc.wait(timeout=10)
    site.drop()


# A staff member allowed to manage layers, for the upload tests.
CURATOR = ("curator", "curator-password-123")
MAKE_CURATOR = (
    "from django.contrib.auth.models import Permission, User; "
    f"u = User.objects.create_user('{CURATOR[0]}', password='{CURATOR[1]}', is_staff=True); "
    "u.user_permissions.add(Permission.objects.get(codename='manage_layer'))"
)


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
    collect_errors(page, errors)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
    db = "postgis" if "postgis" in os.environ.get("DATABASE_URL", "") else "spatialite"
    page.screenshot(path=str(ARTIFACTS / f"{name}-{db}.png"), full_page=True)
    context.close()
    assert not errors, f"browser console errors: {errors}\n" + "".join(
        "server log (end):\n" + log.read_text()[-4000:] for log in SERVER_LOGS
    )


def _is_tile(message) -> bool:
    location = message.location or {}
    return "tile.openstreetmap.org" in (location.get("url") or "")


def collect_errors(page, errors: list[str], prefix: str = "") -> None:
    """Appends to `errors` each console error of the page (but OpenStreetMap's tiles, which
    fail offline) and each uncaught exception, with `prefix` (a locale and screen, say) and
    the script's address; the fixtures fail their test when the list is not empty."""

    def on_console(message) -> None:
        if message.type == "error" and not _is_tile(message):
            errors.append(f"{prefix}{message.text} ({(message.location or {}).get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"{prefix}{exc}"))


def wait_until(page, expression: str, timeout: float = 30000) -> None:
    """Waits until a JavaScript expression (or a function) is true in the page, like
    page.wait_for_function, which cannot be used here: Playwright runs its predicate through
    eval inside the page, and the Content-Security-Policy forbids eval. page.evaluate goes
    through the DevTools protocol, which the policy does not govern. A page reloading itself
    in the meantime, or an element not there yet, is waited for."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout / 1000
    last = None
    while True:
        try:
            if page.evaluate(expression):
                return
        except Error as exc:  # the page navigating, or the expression failing for now
            last = exc
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true after {timeout} ms: {expression} (last error: {last})")
        page.wait_for_timeout(100)
