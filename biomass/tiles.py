"""XYZ PNG tiles and previews of layers, read from their Cloud-Optimized GeoTIFFs with
rio-tiler. Categorical layers use their legend's colours; continuous ones a colour-blind-safe
palette (viridis) stretched over the 2nd-98th percentiles of the layer."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.views.decorators.http import require_GET
from rio_tiler.colormap import cmap
from rio_tiler.errors import TileOutsideBounds
from rio_tiler.io import Reader
from rio_tiler.utils import render as render_array

from .legends import hex_to_rgba
from .models import Layer

TILE_SIZE = 256
PALETTE = "viridis"


@lru_cache(maxsize=1)
def empty_png() -> bytes:
    """A fully transparent tile (outside the layer's extent)."""
    data = np.zeros((1, TILE_SIZE, TILE_SIZE), dtype="uint8")
    return render_array(data, mask=np.zeros((TILE_SIZE, TILE_SIZE), dtype="uint8"), img_format="PNG")


def value_range(layer: Layer) -> tuple[float, float]:
    stats = layer.current_version.statistics or {}
    low = stats.get("p2") if stats.get("p2") is not None else stats.get("min", 0.0)
    high = stats.get("p98") if stats.get("p98") is not None else stats.get("max", 1.0)
    if low is None or high is None or high <= low:
        high = (low or 0.0) + 1.0
    return float(low), float(high)


def render(layer: Layer, image) -> bytes:
    if layer.quantity == Layer.Quantity.CATEGORICAL and layer.legend:
        colormap = {int(k): hex_to_rgba(v["color"]) for k, v in layer.legend.items()}
        image.array = np.ma.MaskedArray(image.array.data.astype("uint8"), mask=image.array.mask)
        return image.render(img_format="PNG", colormap=colormap)
    image.rescale(in_range=(value_range(layer),))
    return image.render(img_format="PNG", colormap=cmap.get(PALETTE))


def _error(message: str, status: int, field: str | None = None) -> JsonResponse:
    body = {"error": "not_found" if status == 404 else "invalid", "message": message}
    if field:
        body["field"] = field
    return JsonResponse(body, status=status)


def _current(layer_id: int):
    layer = Layer.objects.select_related("current_version").filter(pk=layer_id).first()
    if layer is None or layer.current_version is None or not layer.current_version.file:
        return None
    return layer


def _png(request, layer_id: int, name: str, draw):
    """A cacheable PNG of a layer's current version: 404 when there is none, 304 when the
    client has it (the ETag follows the version's checksum), else draw(layer, reader)."""
    layer = _current(layer_id)
    if layer is None:
        return _error(f"unknown layer {layer_id}, or it has no processed version", 404, "layer")
    version = layer.current_version
    etag = f'"{version.checksum[:20]}-{name}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    with Reader(str(version.path)) as source:
        png = draw(layer, source)
    response = HttpResponse(png, content_type="image/png")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def tile(request, layer_id: int, z: int, x: int, y: int):
    if not 0 <= z <= 22 or not (0 <= x < 2**z and 0 <= y < 2**z):
        return _error(f"no tile {z}/{x}/{y}: zoom must be 0-22 and x, y within 0-2^zoom-1", 400, "z")

    def draw(layer, source):
        try:
            return render(layer, source.tile(x, y, z, tilesize=TILE_SIZE))
        except TileOutsideBounds:
            return empty_png()

    return _png(request, layer_id, f"{z}-{x}-{y}", draw)


@require_GET
def preview(request, layer_id: int):
    return _png(
        request, layer_id, "preview", lambda layer, source: render(layer, source.preview(max_size=480))
    )
