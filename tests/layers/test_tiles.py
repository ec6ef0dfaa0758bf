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


def _layer_with(tmp_file, quantity, values) -> Layer:
    """A served layer (in the database) whose GeoTIFF holds ``values``, 0.01° cells over
    Costa Rica from (-84.5, 10.7), -9999 = no data."""
    import rasterio
    from rasterio.transform import from_origin

    from biomass.layers.models import LayerVersion

    with rasterio.open(
        tmp_file,
        "w",
        driver="GTiff",
        width=values.shape[1],
        height=values.shape[0],
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=from_origin(-84.5, 10.7, 0.01, 0.01),
        nodata=-9999,
    ) as ds:
        ds.write(values.astype("float32"), 1)
    layer = Layer.objects.create(
        slug=f"zeros-{quantity}", name="zeros", quantity=quantity, units="t DM/ha/yr"
    )
    version = LayerVersion.objects.create(
        layer=layer,
        number=1,
        status=LayerVersion.Status.READY,
        file=tmp_file.name,
        checksum="0" * 64,
        statistics={"p2": 1.0, "p98": 3.0},
    )
    layer.current_version = version
    layer.save()
    return layer


def test_zero_and_no_data_are_transparent_on_a_biomass_layer_values_are_opaque(settings):
    from rio_tiler.io import Reader

    # Three bands of 20 columns: zeros, no data, 2 t DM/ha/yr.
    values = np.zeros((60, 60))
    values[:, 20:40] = -9999
    values[:, 40:] = 2.0
    layer = _layer_with(settings.MEDIA_ROOT / "zeros.tif", Layer.Quantity.DENSITY, values)
    # Tile 9/136/240 covers lon -84.375..-83.67, lat 9.80..10.49: all three bands and outside.
    alpha = pixels(tile_png(layer, 9, 136, 240))[..., 3]
    with Reader(str(layer.current_version.path)) as source:
        raw = source.tile(136, 240, 9, tilesize=256).array
    data, missing = raw.data[0], np.ma.getmaskarray(raw)[0]
    none = missing | (data == 0)
    assert (data == 0).any() and (missing & (data == -9999)).any() and (data == 2).any()
    assert (alpha[none] == 0).all()
    assert (alpha[~none] == 255).all() and (~none).sum() > 1000


def test_a_zero_of_a_measurement_is_a_value_and_is_painted(settings):
    values = np.zeros((60, 60))  # 0° of slope: flat land
    layer = _layer_with(settings.MEDIA_ROOT / "flat.tif", Layer.Quantity.CONTINUOUS, values)
    alpha = pixels(tile_png(layer, 9, 136, 240))[..., 3]
    assert (alpha == 255).sum() > 1000 and (alpha == 0).any()  # the raster, and outside it
