"""Rendering layers (tiles.py): categorical layers in their legend's colours, continuous ones
stretched over their 2nd-98th percentiles, transparent outside, tile coordinates checked."""

import warnings

import numpy as np
import pytest
from rasterio.errors import NotGeoreferencedWarning
from rasterio.io import MemoryFile
from rio_tiler.colormap import cmap

from biomass.errors import InvalidInput
from biomass.layers.legends import IGBP, hex_to_rgba
from biomass.layers.models import Layer
from biomass.layers.tiles import PALETTE, check_tile, empty_png, preview_png, tile_png, value_range

pytestmark = pytest.mark.django_db


def pixels(png: bytes) -> np.ndarray:
    """The PNG's RGBA pixels, (rows, columns, 4), read back with GDAL."""
    assert png[:4] == b"\x89PNG"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)  # a picture, not a map
        with MemoryFile(png) as memfile, memfile.open() as image:
            bands = image.read()
    if len(bands) == 2:  # grey and alpha
        bands = np.stack([bands[0], bands[0], bands[0], bands[1]])
    return np.moveaxis(bands, 0, -1)


def test_land_cover_is_drawn_in_the_igbp_legend_colours():
    layer = Layer.objects.get(slug="land-cover")
    colours = {tuple(c) for c in pixels(tile_png(layer, 5, 7, 14)).reshape(-1, 4) if c[3] == 255}
    legend = {hex_to_rgba(color) for _, _, color in IGBP.values()}
    assert colours and colours <= legend
    assert hex_to_rgba("#1c0dff") == (28, 13, 255, 255)


def test_a_continuous_layer_is_stretched_over_its_percentiles():
    layer = Layer.objects.get(slug="forest-residues")
    stats = layer.current_version.statistics
    assert value_range(layer) == (stats["p2"], stats["p98"])
    image = pixels(preview_png(layer))
    assert image.shape[2] == 4 and max(image.shape[:2]) == 480
    colours = {tuple(c[:3]) for c in image.reshape(-1, 4)}
    viridis = cmap.get(PALETTE)
    # Values at or below the 2nd percentile take the palette's first colour, those at or
    # above the 98th its last: both ends are on the picture.
    assert tuple(viridis[0][:3]) in colours and tuple(viridis[255][:3]) in colours


def test_outside_the_layer_the_tile_is_transparent_and_bad_coordinates_are_refused():
    layer = Layer.objects.get(slug="land-cover")
    assert tile_png(layer, 5, 0, 0) == empty_png()
    assert not pixels(empty_png())[..., 3].any()
    for z, x, y in ((3, 9, 1), (23, 0, 0), (-1, 0, 0), (2, 0, 4)):
        with pytest.raises(InvalidInput) as refused:
            check_tile(z, x, y)
        assert refused.value.field == "z"
