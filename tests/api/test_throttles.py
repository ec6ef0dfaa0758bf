"""One rule for who a client is (rate limits and login lockouts): the connection's peer,
and X-Forwarded-For only as far as TRUSTED_PROXIES trusted proxies vouch for it."""

import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from rest_framework.throttling import ScopedRateThrottle

from biomass.api.throttles import client_ip


def request(remote_addr, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    assert client_ip(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    assert client_ip(request("203.0.113.7", "198.51.100.1, 198.51.100.2")) == "203.0.113.7"
    assert client_ip(request("203.0.113.7")) == "203.0.113.7"


def test_behind_one_trusted_proxy_only_the_address_it_saw_counts(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The client wrote "198.51.100.1" itself; the proxy appended the peer it saw.
    assert client_ip(request("10.0.0.2", "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request("10.0.0.2", "203.0.113.7")) == "203.0.113.7"
    assert client_ip(request("10.0.0.2")) == "10.0.0.2"  # a request that did not pass the proxy


def test_behind_two_trusted_proxies_the_outer_one_is_believed(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 2}
    assert client_ip(request("10.0.0.3", "6.6.6.6, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"


@pytest.mark.django_db
def test_a_random_forwarded_header_per_request_does_not_bypass_the_rate_limit(client, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"expensive": "3/min"})
    cache.clear()
    codes = [
        client.get(
            "/api/potentials/",
            {"format": "csv", "region": "CRI"},
            HTTP_X_FORWARDED_FOR=f"10.{i}.{uuid.uuid4().int % 250}.1",
        ).status_code
        for i in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    # Another peer is another client, with its own allowance.
    other = client.get("/api/potentials/", {"format": "csv", "region": "CRI"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


@pytest.mark.django_db
def test_the_rate_limits_are_counted_in_the_database_cache_shared_by_all_processes(client, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"expensive": "3/min"})
    cache.clear()
    client.get("/api/potentials/", {"format": "csv", "region": "CRI"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM biomass_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any(key.endswith("throttle_expensive_127.0.0.1") for key in keys), keys
