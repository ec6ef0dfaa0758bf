"""Tiles and previews: PNG, cacheable, revalidated with their ETag, transparent outside the layer."""

import pytest

from biomass.layers.models import Layer

pytestmark = pytest.mark.django_db


def test_tiles_are_png_cacheable_and_revalidated(client):
    layer = Layer.objects.get(slug="land-cover")
    first = client.get(f"/tiles/{layer.pk}/5/7/14.png")
    assert (
        first.status_code == 200 and first["Content-Type"] == "image/png" and first.content[:4] == b"\x89PNG"
    )
    assert "max-age=86400" in first["Cache-Control"]
    assert client.get(f"/tiles/{layer.pk}/5/7/14.png", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    far = client.get(f"/tiles/{layer.pk}/5/0/0.png")  # outside the layer: a transparent tile
    assert far.status_code == 200 and far.content[:4] == b"\x89PNG" and far["ETag"] != first["ETag"]
    preview = client.get(f"/layers/{layer.pk}/preview.png")
    assert preview.status_code == 200 and preview.content[:4] == b"\x89PNG"
