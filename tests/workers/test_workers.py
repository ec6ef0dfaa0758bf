"""Real task workers in their own processes, on a fresh database of the run's kind:
the database queue (`manage.py db_worker`), a worker killed in the middle of a job and the
job retried, two uploads at once, and the RQ backend with the Redis on this machine."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from tests.conftest import ROOT
from tests.processes import covered, fresh_site, potentials, status, wait_for, write_constant_tif

pytestmark = pytest.mark.workers
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = fresh_site(tmp_path_factory.mktemp("workers"), "workers", LAYER_STALE_SECONDS="2")
    yield site
    site.drop()


def queue(site, path, resource, env=None, quantity="heads"):
    out = site.run(
        "import_layer",
        str(path),
        "--resource",
        resource,
        "--quantity",
        quantity,
        "--name",
        f"{resource} test",
        "--background",
        env=env,
    ).stdout
    assert "queued for processing" in out, out
    return out


def test_the_database_queue_processes_an_upload(site, tmp_path):
    queue(site, write_constant_tif(tmp_path / "mixed.tif", 1.0), "crop-residues-mixed", quantity="density")
    assert status(site, "crop-residues-mixed-test")[0]["status"] == "pending"
    assert potentials(site, "crop-residues-mixed")[1] == 0  # nothing served before processing
    result = site.run("db_worker", "--batch", "--no-startup-delay")
    assert result.returncode == 0
    (version,) = status(site, "crop-residues-mixed-test")
    assert version["status"] == "ready" and version["current"] and version["progress"] == 100
    assert potentials(site, "crop-residues-mixed") == ([1], covered(site))


def test_a_worker_killed_mid_job_leaves_nothing_half_written_and_a_retry_completes(site, tmp_path):
    queue(site, write_constant_tif(tmp_path / "cattle.tif", 2.0), "cattle-manure")
    worker = site.start(
        "db_worker",
        "--no-startup-delay",
        "--interval",
        "0.2",
        env={"BIOMASS_FAILPOINT": "before-activate", "BIOMASS_FAILPOINT_SECONDS": "600"},
        log_name="killed-worker",
    )
    try:
        wait_for(lambda: status(site, "cattle-manure-test")[0]["stage"] == "computing potentials")
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    (version,) = status(site, "cattle-manure-test")
    assert version["status"] == "processing" and not version["current"]
    assert potentials(site, "cattle-manure") == ([], 0)  # no half-written results
    time.sleep(2.5)  # LAYER_STALE_SECONDS=2: no sign of life, the version is stale
    assert status(site, "cattle-manure-test")[0]["stale"]
    assert "queued again" in site.run("process_layers", "--retry").stdout
    site.run("db_worker", "--batch", "--no-startup-delay")
    (version,) = status(site, "cattle-manure-test")
    assert version["status"] == "ready" and version["current"] and version["attempts"] == 2
    assert potentials(site, "cattle-manure") == ([1], covered(site))


FAILPOINT = {"BIOMASS_FAILPOINT": "before-activate", "BIOMASS_FAILPOINT_SECONDS": "600"}
SWEEP = {"LAYER_RETRY_BACKOFF_SECONDS": "1", "LAYER_MAX_ATTEMPTS": "2"}


def latest(site, layer):
    """The newest version of a layer (the tests before may have made others)."""
    return status(site, layer)[-1]


def kill_mid_job(site, layer, attempt, busy_for=0.0):
    """Start a worker that stops before switching the site to the newest version, wait until
    it holds it (its ``attempt``-th attempt) with its COG written, and SIGKILL it."""
    worker = site.start(
        "db_worker", "--no-startup-delay", "--interval", "0.2", env=FAILPOINT, log_name=f"{layer}-{attempt}"
    )
    try:
        wait_for(
            lambda: (v := latest(site, layer))["stage"] == "computing potentials" and v["attempts"] == attempt
        )
        time.sleep(busy_for)  # a worker busy in one step for longer than LAYER_STALE_SECONDS...
        assert not latest(site, layer)["stale"]  # ...is not stalled: its heartbeat thread beats
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    time.sleep(2.5)  # LAYER_STALE_SECONDS=2: no sign of life since, the version is stale


def cogs(site, layer, number):
    return sorted(p.name for p in (site.tmp / "media" / "layers" / layer).glob(f"v{number}-*.tif"))


def task_rows(site, layer, number):
    code = (
        "from django_tasks_db.models import DBTaskResult; from biomass.layers.models import LayerVersion; "
        f"pk = LayerVersion.objects.get(layer__slug='{layer}', number={number}).pk; "
        "print(list(DBTaskResult.objects.filter(args_kwargs__args__0=pk, task_path__endswith='process_layer_version')"
        ".order_by('enqueued_at').values_list('status', flat=True)))"
    )
    return site.run("shell", "-c", code).stdout.strip().splitlines()[-1]


def test_the_sweep_takes_back_a_killed_worker_s_version_and_the_next_worker_processes_it(site, tmp_path):
    layer = "crop-residues-mixed-test"
    queue(site, write_constant_tif(tmp_path / "mixed.tif", 2.0), "crop-residues-mixed", quantity="density")
    kill_mid_job(site, layer, attempt=1, busy_for=3)
    n = latest(site, layer)["number"]
    assert len(cogs(site, layer, n)) == 1  # the dead worker's COG
    assert task_rows(site, layer, n) == "['RUNNING']"  # and its task row, for ever
    out = site.run("recover_stalled", env=SWEEP).stdout
    assert out == f"{layer} v{n}: queued again in 1 s\n"
    version = latest(site, layer)
    assert version["status"] == "pending" and "attempt 1 of 2" in version["error"]
    assert cogs(site, layer, n) == []  # partial files removed
    assert task_rows(site, layer, n) == "['FAILED', 'READY']"
    time.sleep(1.2)  # the backoff
    site.run("db_worker", "--batch", "--no-startup-delay")
    version = latest(site, layer)
    assert version["status"] == "ready" and version["current"] and version["attempts"] == 2
    assert potentials(site, "crop-residues-mixed") == ([n], covered(site))
    assert task_rows(site, layer, n) == "['FAILED', 'SUCCESSFUL']"


def test_a_version_that_kills_its_worker_every_time_fails_after_the_last_attempt(site, tmp_path):
    layer = "cattle-manure-test"
    queue(site, write_constant_tif(tmp_path / "cattle.tif", 3.0), "cattle-manure")
    before = potentials(site, "cattle-manure")
    kill_mid_job(site, layer, attempt=1)
    assert "queued again" in site.run("recover_stalled", env=SWEEP).stdout
    kill_mid_job(site, layer, attempt=2)
    n = latest(site, layer)["number"]
    assert site.run("recover_stalled", env=SWEEP).stdout == f"{layer} v{n}: failed after 2 attempts\n"
    version = latest(site, layer)
    assert version["status"] == "failed" and "not retried again" in version["error"]
    assert cogs(site, layer, n) == []
    site.run("db_worker", "--batch", "--no-startup-delay")  # nothing is queued for it any more
    assert site.run("recover_stalled", env=SWEEP).stdout == ""
    version = latest(site, layer)
    assert version["status"] == "failed" and version["attempts"] == 2
    assert task_rows(site, layer, n) == "['FAILED', 'FAILED']"
    assert potentials(site, "cattle-manure") == before  # what was served stays served


def worker_pids(log: Path) -> list[int]:
    text = log.read_text() if log.exists() else ""
    return [
        int(line.split()[3])
        for line in text.splitlines()
        if line.startswith("worker supervisor: worker ") and line.endswith(" started")
    ]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_the_demo_supervisor_restarts_a_killed_worker_and_stops_on_ctrl_c(site, tmp_path):
    log = tmp_path / "supervisor.log"
    env = {**site.env, "PY": sys.executable, "WORKER_RESTART_DELAY": "0.5", "RECOVER_EVERY": "1"}
    env["LAYER_STALE_SECONDS"] = "300"  # the sweep runs every second here: a live worker is never stale
    with open(log, "w") as out:
        supervisor = subprocess.Popen(
            [str(ROOT / "scripts" / "supervise_worker.sh"), "--no-startup-delay", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        (first,) = wait_for(lambda: worker_pids(log))
        os.kill(first, signal.SIGKILL)
        second = wait_for(lambda: worker_pids(log)[1:])[0]
        assert second != first and alive(second) and not alive(first)
        assert "exited with status 137" in log.read_text()
        # a value no other test of this site uploads (the same file again would be refused)
        queue(
            site, write_constant_tif(tmp_path / "mixed.tif", 4.5), "crop-residues-mixed", quantity="density"
        )
        wait_for(lambda: latest(site, "crop-residues-mixed-test")["status"] == "ready")  # the new one works
        os.killpg(supervisor.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole group
        assert supervisor.wait(timeout=60) == 0
    finally:
        if supervisor.poll() is None:
            os.killpg(supervisor.pid, signal.SIGKILL)
    assert not alive(second) and "worker supervisor: stopped" in log.read_text()


def test_two_uploads_at_once_for_the_same_layer(site, tmp_path):
    paths = [write_constant_tif(tmp_path / f"pigs-{i}.tif", 1.0 + i) for i in range(2)]
    queuers = [
        site.start(
            "import_layer",
            str(p),
            "--resource",
            "pig-manure",
            "--quantity",
            "heads",
            "--name",
            "pig-manure test",
            "--background",
            log_name=f"queue-{i}",
        )
        for i, p in enumerate(paths)
    ]
    assert [q.wait(timeout=120) for q in queuers] == [0, 0], site.log("queue-0") + site.log("queue-1")
    versions = status(site, "pig-manure-test")
    assert sorted(v["number"] for v in versions) == [1, 2] and {v["status"] for v in versions} == {"pending"}
    workers = [
        site.start("db_worker", "--batch", "--no-startup-delay", log_name=f"batch-{i}") for i in range(2)
    ]
    assert [w.wait(timeout=300) for w in workers] == [0, 0], site.log("batch-0") + site.log("batch-1")
    versions = {v["number"]: v for v in status(site, "pig-manure-test")}
    assert {v["status"] for v in versions.values()} == {"ready"}, versions
    assert versions[2]["current"] and not versions[1]["current"]  # the newer version wins
    assert potentials(site, "pig-manure") == ([2], covered(site))


def test_the_rq_backend_with_the_real_redis(site, tmp_path):
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        pytest.fail(
            f"Redis is not reachable at {REDIS_URL} ({exc}); `make test` starts it (scripts/redis.sh)"
        )
    client.flushdb()
    env = {"TASKS_BACKEND": "rq", "REDIS_URL": REDIS_URL}
    queue(site, write_constant_tif(tmp_path / "poultry.tif", 3.0), "poultry-manure", env=env)
    assert client.llen("rq:queue:default") == 1  # the job waits in Redis
    result = site.run(
        "rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job", env=env, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (version,) = status(site, "poultry-manure-test")
    assert version["status"] == "ready" and version["current"]
    assert potentials(site, "poultry-manure") == ([1], covered(site))
    client.flushdb()


# A switch (one process) holds its new rows uncommitted until another connection waits on a
# lock (PostgreSQL), or for 3 s (SQLite, where the second writer waits at BEGIN IMMEDIATE).
SWITCH = """
import pathlib, time
from django.db import connection, transaction
from biomass.catalogue.models import Resource
from biomass.layers.models import Layer
from biomass.potentials.services import potentials_for_layer_version, potentials_replace
resource = Resource.objects.get(slug="forest-residues")
version = Layer.objects.get(slug="forest-residues").current_version
rows = potentials_for_layer_version(version=version)[resource]
WAITING = "SELECT count(*) FROM pg_locks WHERE NOT granted"  # live, unlike pg_stat_activity
with transaction.atomic():
    potentials_replace(rows_by_resource={resource: rows})
    pathlib.Path("SIGNAL").touch()
    if connection.vendor != "postgresql":
        time.sleep(3)
    else:
        with connection.cursor() as cursor:
            for _ in range(1200):
                cursor.execute(WAITING)
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
            else:
                raise SystemExit("the percentiles never waited for the switch")
"""
PERCENTILES = """
import pathlib, time
from biomass.catalogue.models import Scenario
from biomass.potentials.services import uncertainty_store
while not pathlib.Path("SIGNAL").exists():
    time.sleep(0.02)
uncertainty_store(scenarios=[Scenario.objects.get(slug="central")])
"""
WITH_PERCENTILES = (
    "from biomass.potentials.models import Potential; "
    "rows = Potential.objects.filter(resource__slug='forest-residues', scenario__slug='central'); "
    "print(sorted(p.region.code for p in rows if p.percentiles), sorted(rows.values_list('pk', flat=True)))"
)


def test_percentiles_stored_during_a_switch_land_on_the_switched_rows(site, tmp_path):
    """A worker stores the percentiles of the switch it committed while a curator serves
    another version (found by CI: a deadlock, and a 500 on the roll-back). The second writer
    waits for the first, then updates the rows the first wrote, not those it deleted."""
    codes, pks = site.run("shell", "-c", WITH_PERCENTILES).stdout.strip().splitlines()[-1].split("] [")
    signal_file = str(tmp_path / "writing")
    switch = site.start("shell", "-c", SWITCH.replace("SIGNAL", signal_file), log_name="switch")
    store = site.start("shell", "-c", PERCENTILES.replace("SIGNAL", signal_file), log_name="percentiles")
    assert [switch.wait(timeout=120), store.wait(timeout=120)] == [0, 0], site.log("switch") + site.log(
        "percentiles"
    )
    after_codes, after_pks = (
        site.run("shell", "-c", WITH_PERCENTILES).stdout.strip().splitlines()[-1].split("] [")
    )
    assert after_pks != pks  # the switch replaced the rows...
    assert after_codes == codes and codes != "["  # ...and the percentiles are on the new ones
