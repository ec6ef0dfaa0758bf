"""The documented rate limit holds across server processes: two separate gunicorn servers
(two workers each) on loopback, sharing one fresh database of the run's kind and so its
cache table, answer an expensive export exactly API_EXPENSIVE_RATE times per window between
them, then 429, whether or not each request carries a random X-Forwarded-For. (With Redis as
the cache, tests/workers/test_cluster.py.)"""

import random

import pytest

from tests.processes import Cluster, fresh_site, get

pytestmark = pytest.mark.workers
LIMIT = 10
EXPORT = "/api/potentials/?format=csv&region=CRI"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    site = fresh_site(tmp_path_factory.mktemp("rate-limits"), "ratelimits", API_EXPENSIVE_RATE=f"{LIMIT}/min")
    cluster = Cluster(site=site)
    try:
        cluster.start_servers(2)
        yield cluster
    finally:
        cluster.stop_all()
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
