"""Real task workers in their own processes, on a fresh database of the run's kind:
the database queue (`manage.py db_worker`), a worker killed in the middle of a job and the
job retried, two uploads at once, and the RQ backend with the Redis on this machine."""

import json
import os
import signal
import time

import pytest
import redis

from tests.processes import fresh_site, write_constant_tif

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


def status(site, layer=None, env=None):
    args = ["layer_status", "--json"] + (["--layer", layer] if layer else [])
    return json.loads(site.run(*args, env=env).stdout)


def potentials(site, resource, env=None):
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


def wait_for(predicate, timeout=90, every=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out")


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
