"""XYZ PNG tiles and previews of layers, read from their Cloud-Optimized GeoTIFFs with
rio-tiler. Categorical layers use their legend's colours; continuous ones a colour-blind-safe
palette (viridis) stretched over the 2nd-98th percentiles of the layer. No data is transparent,
and so is a zero of an amount of biomass (density, amount, production, heads: nothing there),
so that the sea and the land without the resource do not hide the regions beneath; a zero of
a measurement (0° of slope, 0 km) is a value and is painted."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from rio_tiler.colormap import cmap
from rio_tiler.errors import TileOutsideBounds
from rio_tiler.io import Reader
from rio_tiler.utils import render as render_array

from biomass.errors import InvalidInput

from .legends import hex_to_rgba
from .models import Layer

TILE_SIZE = 256
MAX_ZOOM = 22
PREVIEW_SIZE = 480
PALETTE = "viridis"
# Quantities whose zero means "none here": drawn transparent, like no data.
ZERO_IS_NONE = {
    Layer.Quantity.DENSITY,
    Layer.Quantity.AMOUNT,
    Layer.Quantity.PRODUCTION,
    Layer.Quantity.HEADS,
}


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
    if layer.quantity in ZERO_IS_NONE:
        image.array = np.ma.masked_where(image.array.data == 0, image.array)
    image.rescale(in_range=(value_range(layer),))
    return image.render(img_format="PNG", colormap=cmap.get(PALETTE))


def check_tile(z: int, x: int, y: int) -> None:
    if not 0 <= z <= MAX_ZOOM or not (0 <= x < 2**z and 0 <= y < 2**z):
        raise InvalidInput(
            "no tile %(tile)s: zoom must be 0-%(top)s and x, y within 0-2^zoom-1",
            field="z",
            params={"tile": f"{z}/{x}/{y}", "top": str(MAX_ZOOM)},
        )


def tile_png(layer: Layer, z: int, x: int, y: int) -> bytes:
    """The tile z/x/y of a layer's served version (transparent outside its extent)."""
    check_tile(z, x, y)
    with Reader(str(layer.current_version.path)) as source:
        try:
            return render(layer, source.tile(x, y, z, tilesize=TILE_SIZE))
        except TileOutsideBounds:
            return empty_png()


def preview_png(layer: Layer) -> bytes:
    """A small picture of a layer's served version."""
    with Reader(str(layer.current_version.path)) as source:
        return render(layer, source.preview(max_size=PREVIEW_SIZE))
