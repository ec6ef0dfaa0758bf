"""Property-based run against the OpenAPI schema (schemathesis): generated requests for
every operation; no 500, and every response conforms to the schema (status, content type,
body)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from biomass.api.views import PotentialPagination

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: requests must not close the connection that holds the
    test's transaction (the WSGI handler would, after every request, on PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _small_pages(monkeypatch):
    """Short pages keep response validation quick; the page size does not change the shape."""
    monkeypatch.setattr(PotentialPagination, "default_limit", 20)
    monkeypatch.setattr(PotentialPagination, "max_limit", 50)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_api_conforms_to_its_schema(case):
    # The in-process WSGI transport does not decompress: ask for plain responses.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
