"""The audit log (audit.py): who did what to which version, with which file."""

import pytest
from django.contrib.auth.models import AnonymousUser

from biomass.layers.models import AuditEntry, Layer
from biomass.layers.services.audit import audit_log

pytestmark = pytest.mark.django_db


def test_an_entry_records_the_user_the_layer_the_version_and_the_checksum(manager):
    version = Layer.objects.get(slug="slope-coarse").current_version
    entry = audit_log(AuditEntry.Action.ACTIVATE, user=manager, version=version, note="roll back")
    assert (entry.user, entry.subject, entry.version_number) == (manager, "slope-coarse", version.number)
    assert entry.checksum == version.source_checksum and entry.details == {"note": "roll back"}


def test_an_anonymous_change_is_recorded_without_a_user():
    layer = Layer.objects.get(slug="land-cover")
    entry = audit_log(AuditEntry.Action.DELETE, user=AnonymousUser(), layer=layer)
    assert entry.user is None and entry.subject == "land-cover" and entry.version_number is None
