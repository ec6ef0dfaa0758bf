"""Tiles and previews of layers as cacheable PNGs: the ETag follows the served version's
checksum, so a client revalidates with 304 Not Modified until the layer changes."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_GET

from biomass.caching import remember
from biomass.layers.selectors import layer_served
from biomass.layers.tiles import check_tile, preview_png, tile_png


def _png(request, layer_id: int, name: str, draw):
    """A cacheable PNG of a layer's served version, drawn by ``draw(layer)`` once, then kept
    until the published data change."""
    layer = layer_served(layer_id=layer_id)
    etag = f'"{layer.current_version.checksum[:20]}-{name}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    response = HttpResponse(
        remember("png", layer_id, etag, compute=lambda: draw(layer)), content_type="image/png"
    )
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def tile(request, layer_id: int, z: int, x: int, y: int):
    check_tile(z, x, y)
    return _png(request, layer_id, f"{z}-{x}-{y}", lambda layer: tile_png(layer, z, x, y))


@require_GET
def preview(request, layer_id: int):
    return _png(request, layer_id, "preview", preview_png)
