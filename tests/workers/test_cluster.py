"""More than one machine, on loopback: two gunicorn servers and two RQ workers share the
database, one Redis (the task queue, the cache holding the rate-limit counters and the kept
reads) and the layer store. An upload through one server is processed once, by one worker,
and served by the other server, which no longer serves what it kept before; the rate limit counts requests to both servers together; a worker killed
in the middle of a job loses nothing (the sweep queues the version again, another worker
finishes it). On SpatiaLite the processes share one file on one machine (WAL, writers wait
their turn); across machines only PostGIS is supported (docs/deployment.md)."""

import hashlib
import signal
import time

import pytest
import redis
import requests

from tests.processes import covered, potentials, wait_for, write_constant_tif
from tests.workers.conftest import LIMIT

pytestmark = pytest.mark.workers
RESOURCE = "crop-residues-mixed"
EXPORT = "/api/potentials/?format=csv&region=CRI"
KEPT = f"/api/potentials/?format=json&resource={RESOURCE}&limit=1"  # kept by each server until a change
FAILPOINT = {"BIOMASS_FAILPOINT": "before-activate", "BIOMASS_FAILPOINT_SECONDS": "600"}
MANAGER = (
    "from django.contrib.auth.models import Permission, User; from rest_framework.authtoken.models import Token; "
    "u = User.objects.create_user('cluster-manager', password='cluster-password-123', is_staff=True); "
    "u.user_permissions.add(Permission.objects.get(codename='manage_layer')); "
    "print(Token.objects.create(user=u).key)"
)


@pytest.fixture(scope="module")
def token(cluster):
    return {"Authorization": f"Token {cluster.site.run('shell', '-c', MANAGER).stdout.split()[-1]}"}


def upload(base, token, path):
    with open(path, "rb") as handle:
        response = requests.post(
            f"{base}/api/layers/",
            headers=token,
            files={"file": ("layer.tif", handle, "image/tiff")},
            data={"name": "Mixed crop residues 2020", "quantity": "density", "resource": RESOURCE},
            timeout=60,
        )
    assert response.status_code == 202, response.text
    return response.json()


def version(base, token, layer, number):
    versions = requests.get(f"{base}/api/layers/{layer}/versions/", headers=token, timeout=30).json()
    return next(v for v in versions if v["number"] == number)


def ready(base, token, layer, number, timeout=180):
    deadline = time.monotonic() + timeout
    while (v := version(base, token, layer, number))["status"] != "ready":
        assert v["status"] != "failed" and time.monotonic() < deadline, v
        time.sleep(0.5)
    return v


def processed_entries(site, layer, number):
    """The audit log's entries of the version's processing (one per processing that finished)."""
    code = (
        "from biomass.layers.models import AuditEntry; print(AuditEntry.objects.filter(action='processed', "
        f"layer_id={layer}, version_number={number}).count())"
    )
    return int(site.run("shell", "-c", code).stdout.split()[-1])


def jobs_done(site, *workers):
    return [site.log(name).count("Job OK") for name in workers]


def test_an_upload_through_one_server_is_processed_once_and_served_by_the_other(cluster, token, tmp_path):
    one, two = cluster.bases
    before = requests.get(f"{two}{KEPT}", timeout=30).json()
    body = upload(one, token, write_constant_tif(tmp_path / "mixed.tif", 1.0))
    layer, number = body["layer"], body["number"]
    done = ready(two, token, layer, number)
    assert done["current"] and done["attempts"] == 1
    wait_for(lambda: sum(jobs_done(cluster.site, "worker-1", "worker-2")))  # the job's end, logged
    assert processed_entries(cluster.site, layer, number) == 1
    assert sorted(jobs_done(cluster.site, "worker-1", "worker-2")) == [0, 1]  # one worker, once
    queue = redis.Redis.from_url(cluster.site.env["REDIS_URL"])
    assert queue.llen("rq:queue:default") == 0
    assert queue.zcard("rq:failed:default") == 0
    assert potentials(cluster.site, RESOURCE) == ([number], covered(cluster.site))
    # the read server two kept is not served again: the worker's change reached it through Redis
    after = requests.get(f"{two}{KEPT}", timeout=30).json()
    assert (before["count"], after["count"]) == (0, covered(cluster.site))
    assert after["results"][0]["layer_version"] == number

    detail = requests.get(f"{two}/api/layers/{layer}/", timeout=30).json()
    assert detail["current_version"]["number"] == number
    assert detail["current_version"]["checksum"] == done["checksum"]
    download = requests.get(f"{two}/api/layers/{layer}/download", timeout=30)
    assert download.status_code == 200 and hashlib.sha256(download.content).hexdigest() == done["checksum"]
    tile = requests.get(f"{two}/tiles/{layer}/5/7/14.png", timeout=30)
    assert tile.status_code == 200 and tile.headers["Content-Type"] == "image/png"
    assert tile.content.startswith(b"\x89PNG") and tile.headers["ETag"].startswith(
        f'"{done["checksum"][:20]}'
    )


def test_the_rate_limit_counts_the_requests_to_both_servers_together(cluster):
    codes = [requests.get(cluster.bases[i % 2] + EXPORT, timeout=60).status_code for i in range(LIMIT + 3)]
    assert codes == [200] * LIMIT + [429] * 3
    counters = redis.Redis.from_url(cluster.site.env["REDIS_URL"]).keys("*throttle_expensive_*")
    assert len(counters) == 1  # one client, one counter, in the shared Redis


def test_a_worker_killed_mid_job_loses_nothing(cluster, token, tmp_path):
    site, (one, two) = cluster.site, cluster.bases
    served = potentials(site, RESOURCE)
    cluster.stop_worker("worker-1")
    cluster.stop_worker("worker-2")
    cluster.start_worker("doomed", env=FAILPOINT, scheduler=False)  # alone: it takes the job
    body = upload(two, token, write_constant_tif(tmp_path / "mixed.tif", 2.0))
    layer, number = body["layer"], body["number"]
    deadline = time.monotonic() + 120
    while version(one, token, layer, number)["stage"] != "computing potentials":
        assert time.monotonic() < deadline, site.log("doomed")
        time.sleep(0.5)
    cluster.start_worker("survivor")
    cluster.stop_worker("doomed", signal.SIGKILL)  # the worker and its work horse, as a machine lost
    held = version(one, token, layer, number)
    assert held["status"] == "processing" and not held["current"]
    assert potentials(site, RESOURCE) == served  # nothing half-written
    time.sleep(2.5)  # LAYER_STALE_SECONDS=2: no sign of life since, the version is stale
    slug = requests.get(f"{one}/api/layers/{layer}/", timeout=30).json()["slug"]
    assert site.run("recover_stalled").stdout == f"{slug} v{number}: queued again in 1 s\n"
    done = ready(one, token, layer, number)
    assert done["current"] and done["attempts"] == 2
    wait_for(lambda: sum(jobs_done(site, "survivor")))
    assert processed_entries(site, layer, number) == 1
    assert jobs_done(site, "doomed", "survivor") == [0, 1]
    assert potentials(site, RESOURCE) == ([number], covered(site))
