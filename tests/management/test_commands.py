"""The smaller commands: layer_status (text and JSON), process_layers --pending, and the demo's
staff login."""

import json

import pytest
from django.contrib.auth import get_user_model

from biomass.layers.models import LayerVersion
from biomass.layers.requests import LayerRequest
from biomass.layers.services.upload import layer_version_create
from tests.uploads import geotiff

pytestmark = pytest.mark.django_db


def test_layer_status_lists_every_version(call):
    out, _ = call("layer_status", "--layer", "land-cover")
    assert out.strip() == "land-cover v1: ready 100% ready (served)"
    rows = json.loads(call("layer_status", "--json")[0])
    assert {row["layer"] for row in rows} >= {"land-cover", "forest-residues"}
    assert all(set(row) >= {"status", "progress", "current", "stale", "attempts", "error"} for row in rows)


def test_process_layers_processes_pending_versions_here(call, tmp_path):
    path = tmp_path / "mixed.tif"
    path.write_bytes(geotiff(2.0))
    version = layer_version_create(
        path=path, request=LayerRequest(name="Mixed", resource="crop-residues-mixed")
    )
    assert version.status == "pending"
    out, _ = call("process_layers", "--pending")
    assert out.strip() == "mixed v1: ready"  # the slug comes from the name
    assert LayerVersion.objects.get(pk=version.pk).status == "ready"


def test_the_demo_login_is_made_once_with_a_generated_password(call, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    out, _ = call("demo_admin")
    password = (tmp_path / ".demo_admin_password").read_text().strip()
    assert len(password) >= 16 and f"admin / {password}" in out
    assert (tmp_path / ".demo_admin_password").stat().st_mode & 0o077 == 0
    call("demo_admin")
    assert (tmp_path / ".demo_admin_password").read_text().strip() == password
    assert get_user_model().objects.get(username="admin").check_password(password)
