"""The documented rate limit holds across server processes: two separate gunicorn servers
(two workers each) on loopback, sharing one fresh database of the run's kind and so its
cache table, answer an expensive export exactly API_EXPENSIVE_RATE times per window between
them, then 429, whether or not each request carries a random X-Forwarded-For.

TEST_PORTS=8120-8129 keeps the servers on those ports; by default any free port is used."""

import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.processes import fresh_site

pytestmark = pytest.mark.workers
LIMIT = 10
EXPORT = "/api/potentials/?format=csv&region=CRI"


def free_ports(count: int) -> list[int]:
    first, _, last = os.environ.get("TEST_PORTS", "0-0").partition("-")
    candidates = range(int(first), int(last) + 1) if int(first) else [0] * count
    ports = []
    for candidate in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            ports.append(s.getsockname()[1])
        if len(ports) == count:
            return ports
    raise RuntimeError(f"no {count} free ports in TEST_PORTS={os.environ.get('TEST_PORTS')}")


def get(url: str, headers: dict | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while get_or_none(f"{base}/healthz") != 200:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("a server did not start:\n" + log.read_text())
        time.sleep(0.2)


def get_or_none(url: str) -> int | None:
    try:
        return get(url)
    except OSError:
        return None


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rate-limits")
    site = fresh_site(tmp, "ratelimits", API_EXPENSIVE_RATE=f"{LIMIT}/min")
    processes, bases = [], []
    try:
        for i, port in enumerate(free_ports(2)):
            log = tmp / f"server-{i}.log"
            gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--no-control-socket"]
            processes.append(
                subprocess.Popen(
                    [*gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                    cwd=ROOT,
                    env=site.env,
                    stdout=open(log, "w"),
                    stderr=subprocess.STDOUT,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
            wait_until_up(bases[-1], processes[-1], log)
        yield type("Servers", (), {"bases": bases, "site": site})
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        site.drop()


def clear_the_counters(site):
    site.run("shell", "-c", "from django.core.cache import cache; cache.clear()")


def alternate(bases, count, forwarded=False):
    codes = []
    for i in range(count):
        headers = {"X-Forwarded-For": f"10.{random.randrange(256)}.{random.randrange(256)}.{i}"}
        codes.append(get(bases[i % 2] + EXPORT, headers if forwarded else None))
    return codes


def test_migrate_made_the_cache_table(servers):
    code = (
        "from django.db import connection; print('biomass_cache' in connection.introspection.table_names())"
    )
    assert servers.site.run("shell", "-c", code).stdout.strip().splitlines()[-1] == "True"


def test_the_limit_holds_across_two_servers(servers):
    clear_the_counters(servers.site)
    assert alternate(servers.bases, LIMIT + 4) == [200] * LIMIT + [429] * 4


def test_a_random_forwarded_header_per_request_does_not_bypass_the_limit(servers):
    clear_the_counters(servers.site)
    assert alternate(servers.bases, LIMIT + 4, forwarded=True) == [200] * LIMIT + [429] * 4
    assert alternate(servers.bases, 2) == [429, 429]  # and without the header: the same client
