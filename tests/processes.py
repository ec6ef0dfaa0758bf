"""A fresh site in its own database for tests that need real processes (a gunicorn server,
task workers): same database kind as the run (SpatiaLite file or PostGIS database), its own
MEDIA_ROOT, set up the way `make demo` sets it up."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import psycopg
import rasterio
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

    def serve(self, port: int | None = None, workers: int = 2) -> tuple[str, subprocess.Popen]:
        """gunicorn serving this site on 127.0.0.1:``port`` (a free one when None), as
        `make demo` serves it; returns its base URL once /healthz answers 200."""
        port = port or free_port()
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--no-control-socket",
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", "4"],
            cwd=ROOT, env=self.env, stdout=open(self.tmp / "server.log", "w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return base, process
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the server did not start:\n" + self.log("server"))
            time.sleep(0.2)


def stop(process: subprocess.Popen, grace: float = 60) -> None:
    """Asks a server to stop (SIGTERM: gunicorn lets its workers finish) and kills it if it
    has not within ``grace`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
