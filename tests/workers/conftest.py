"""A cluster, as on several machines: two gunicorn servers on loopback ports and two RQ
workers, sharing one fresh database of the run's kind, one Redis database (the task queue,
the cache and so the rate-limit counters) and one layer store (MEDIA_ROOT)."""

import pytest

from tests.processes import Cluster, fresh_site, redis_database

LIMIT = 6  # API_EXPENSIVE_RATE per minute in the cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cluster")
    redis_url, release = redis_database()
    site = fresh_site(tmp, "cluster")  # set up with the database queue: nothing waits in Redis
    site.env.update(
        TASKS_BACKEND="rq",
        REDIS_URL=redis_url,
        API_EXPENSIVE_RATE=f"{LIMIT}/min",
        LAYER_STALE_SECONDS="2",
        LAYER_RETRY_BACKOFF_SECONDS="1",
    )
    cluster = Cluster(site=site)
    try:
        cluster.start_servers(2)
        for name in ("worker-1", "worker-2"):
            cluster.start_worker(name)
        yield cluster
    finally:
        cluster.stop_all()
        release()
        site.drop()
