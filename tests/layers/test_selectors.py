"""Reads for layers (selectors.py): staleness of a version being processed, what can be
served, lookups that name what is missing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from biomass.errors import NotFound
from biomass.layers.models import Layer, LayerVersion
from biomass.layers.selectors import (
    current_resource_layers,
    layer_get,
    layer_served,
    version_get,
    version_is_stale,
    versions_status,
)
from tests.demo import BASE_LAYERS, statistics_resources

pytestmark = pytest.mark.django_db


def test_a_version_without_a_sign_of_life_for_long_is_stale(settings):
    settings.LAYER_STALE_SECONDS = 60
    version = LayerVersion(status=LayerVersion.Status.PROCESSING, heartbeat_at=timezone.now())
    assert not version_is_stale(version)
    version.heartbeat_at = timezone.now() - timedelta(seconds=61)
    assert version_is_stale(version)
    version.heartbeat_at = None
    assert version_is_stale(version)
    assert not version_is_stale(LayerVersion(status=LayerVersion.Status.READY, heartbeat_at=None))


def test_lookups_name_what_is_missing():
    layer = Layer.objects.get(slug="land-cover")
    assert layer_get(layer_id=layer.pk) == layer and layer_served(layer_id=layer.pk) == layer
    with pytest.raises(NotFound, match="unknown layer 99999") as missing:
        layer_get(layer_id=99999)
    assert missing.value.field == "layer"
    with pytest.raises(NotFound, match="has no version 42") as missing:
        version_get(layer_id=layer.pk, number=42)
    assert missing.value.field == "version"


def test_a_layer_whose_file_is_gone_is_not_served():
    layer = Layer.objects.get(slug="land-cover")
    version = layer.current_version
    LayerVersion.objects.filter(pk=version.pk).update(file="layers/land-cover/gone.tif")
    with pytest.raises(NotFound, match="no processed version"):
        layer_served(layer_id=layer.pk)


def test_the_status_of_every_version():
    rows = {row["layer"]: row for row in versions_status()}
    fed = statistics_resources()
    assert len(fed) == 16 and set(rows) == BASE_LAYERS | fed  # a production layer per fed resource
    assert all(row["status"] == "ready" and row["current"] and not row["stale"] for row in rows.values())
    assert {layer.slug for layer in current_resource_layers()} == fed | {"forest-residues"}
