"""A fresh site in its own database for tests that need real processes (a gunicorn server,
task workers): same database kind as the run (SpatiaLite file or PostGIS database), its own
MEDIA_ROOT, set up the way `make demo` sets it up; and a cluster of such processes (gunicorn
servers on loopback ports, RQ workers) sharing it, a Redis database and the layer store.

TEST_PORTS=8120-8129 keeps the servers on those ports; by default any free port is used."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import psycopg
import rasterio
import redis
from rasterio.transform import from_origin

from tests.conftest import ROOT


def fresh_database(tmp: Path, suffix: str) -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgis://", "postgres://", "postgresql://")):
        parsed = urlparse(url)
        name = f"{parsed.path.lstrip('/') or 'biomass'}_{suffix}_{os.getpid()}"
        admin = parsed._replace(scheme="postgresql", path="/postgres").geturl()

        def execute(sql):
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(sql)

        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        execute(f'CREATE DATABASE "{name}"')
        return parsed._replace(path=f"/{name}").geturl(), lambda: execute(
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        )
    return f"spatialite:///{tmp / f'{suffix}.sqlite3'}", lambda: None


@dataclass
class Site:
    env: dict
    tmp: Path
    drop: callable = field(repr=False)

    @property
    def manage(self) -> list[str]:
        return [sys.executable, str(ROOT / "manage.py")]

    def run(self, *args, env=None, check=True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.manage, *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            check=check,
        )

    def start(self, *args, env=None, log_name="process") -> subprocess.Popen:
        log = open(self.tmp / f"{log_name}.log", "a")
        return subprocess.Popen(
            [*self.manage, *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text() if path.exists() else ""

    def serve(self) -> tuple[str, subprocess.Popen]:
        """gunicorn serving this site on a free loopback port, as `make demo` serves it; returns
        its base URL once /healthz answers 200 (stop it with ``stop``)."""
        port = free_ports(1)[0]
        return f"http://127.0.0.1:{port}", gunicorn(self, port, "server")


def fresh_site(tmp: Path, suffix: str, **extra_env) -> Site:
    database_url, drop = fresh_database(tmp, suffix)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        SECRET_KEY="process-tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        MEDIA_ROOT=str(tmp / "media"),
        STATIC_ROOT=str(tmp / "static"),
        TASKS_BACKEND="db",
        **extra_env,
    )
    env.pop("BIOMASS_FAILPOINT", None)
    site = Site(env=env, tmp=tmp, drop=drop)
    site.run("migrate", "--no-input", "-v", "0")
    site.run("load_demo")
    return site


def write_constant_tif(path: Path, value: float) -> Path:
    """A 150 × 150 GeoTIFF of one constant value (a density in t DM/ha/yr, or heads per cell)
    over central Costa Rica."""
    data = np.full((150, 150), value, dtype="float32")
    profile = dict(
        driver="GTiff",
        width=150,
        height=150,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=from_origin(-84.5, 10.7, 0.01, 0.01),
        nodata=-9999,
    )
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(data, 1)
    return path


def wait_for(predicate, timeout=90, every=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out")


def status(site, layer=None, env=None):
    args = ["layer_status", "--json"] + (["--layer", layer] if layer else [])
    return json.loads(site.run(*args, env=env).stdout)


def potentials(site, resource, env=None):
    """The layer version numbers the stored potentials of a resource rest on, and their count."""
    code = (
        "from biomass.potentials.models import Potential; import json; "
        f"print(json.dumps(sorted(set(Potential.objects.filter(resource__slug='{resource}')"
        ".values_list('layer_version__number', flat=True))) + [Potential.objects.filter(resource__slug='"
        f"{resource}').count()]))"
    )
    *numbers, count = json.loads(site.run("shell", "-c", code, env=env).stdout.strip().splitlines()[-1])
    return numbers, count


def covered(site):
    """Rows a layer over the test raster's extent gives: (regions it touches) × 3 scenarios,
    counted by the spatial database (regions it misses have no data, so no row)."""
    code = (
        "from django.contrib.gis.geos import Polygon; from biomass.regions.models import Region; "
        "print(Region.objects.filter(geom__intersects=Polygon.from_bbox((-84.5, 9.2, -83.0, 10.7))).count())"
    )
    return 3 * int(site.run("shell", "-c", code).stdout.strip().splitlines()[-1])


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


def get_or_none(url: str) -> int | None:
    try:
        return get(url)
    except OSError:
        return None


def wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while get_or_none(f"{base}/healthz") != 200:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("a server did not start:\n" + log.read_text())
        time.sleep(0.2)


def gunicorn(site: Site, port: int, name: str) -> subprocess.Popen:
    """A gunicorn server (two workers) of the site on a loopback port, up when this returns."""
    log = site.tmp / f"{name}.log"
    command = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--no-control-socket"]
    process = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=site.env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process, log)
    except BaseException:
        stop(process)
        raise
    return process


def descendants(pid: int) -> list[int]:
    """The processes a process started, and theirs (an RQ work horse leaves its parent's
    process group, so killing the group does not reach it)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [p for child in children for p in (int(child), *descendants(int(child)))]


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    """Stop a process started in its own session, with everything it started (a gunicorn's
    workers, an RQ worker's work horse): ``sig`` first, SIGKILL after 20 s."""
    if process.poll() is not None:
        return
    family = descendants(process.pid)
    for pid, signal_ in [(process.pid, sig), *((pid, sig) for pid in family)]:
        try:
            os.kill(pid, signal_)
        except ProcessLookupError:
            pass
    try:
        process.wait(timeout=20)
        late = [pid for pid in family if Path(f"/proc/{pid}").exists()]
    except subprocess.TimeoutExpired:
        late = [process.pid, *family]
    for pid in late:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(timeout=20)


def redis_database(base: str = "redis://127.0.0.1:6379") -> tuple[str, callable]:
    """A Redis database (1–12) no other test run holds: claimed with a key only one run can
    set, emptied now and when released. 13 is test_workers'; 0 and 14–15 are left alone."""
    for number in range(1, 13):
        url = f"{base}/{number}"
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        try:
            claimed = client.set("biomass-test-claim", os.getpid(), nx=True, ex=1800)
        except redis.ConnectionError as exc:
            raise RuntimeError(f"Redis is not reachable at {base} ({exc}); `make test` starts it") from exc
        if claimed:
            client.flushdb()
            client.set("biomass-test-claim", os.getpid(), ex=1800)
            return url, client.flushdb
    raise RuntimeError("every Redis database 1–12 is claimed by another test run")


@dataclass
class Cluster:
    """Web servers and RQ workers of one site, as on several machines: they share only the
    database, Redis (queue, cache, rate-limit counters) and the layer store (MEDIA_ROOT)."""

    site: Site
    bases: list[str] = field(default_factory=list)
    servers: list[subprocess.Popen] = field(default_factory=list)
    workers: dict[str, subprocess.Popen] = field(default_factory=dict)

    def start_servers(self, count: int) -> None:
        for port in free_ports(count):
            self.servers.append(gunicorn(self.site, port, f"server-{len(self.servers) + 1}"))
            self.bases.append(f"http://127.0.0.1:{port}")

    def start_worker(self, name: str, env: dict | None = None, scheduler=True) -> subprocess.Popen:
        """An RQ worker of the default queue in its own session, logging to <name>.log; with
        the scheduler (which queues deferred retries) unless told otherwise."""
        command = [*self.site.manage, "rqworker", "default", "--job-class", "django_tasks_rq.Job"]
        command += ["--with-scheduler"] if scheduler else []
        process = subprocess.Popen(
            [*command, "--name", f"{name}-{os.getpid()}"],
            cwd=ROOT,
            env={**self.site.env, **(env or {})},
            stdout=open(self.site.tmp / f"{name}.log", "a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.workers[name] = process
        wait_for(lambda: "Listening on" in self.site.log(name) or process.poll() is not None, timeout=60)
        assert process.poll() is None, self.site.log(name)
        return process

    def stop_worker(self, name: str, sig=signal.SIGTERM) -> None:
        stop(self.workers.pop(name), sig)

    def stop_all(self) -> None:
        for process in [*self.servers, *self.workers.values()]:
            stop(process)
