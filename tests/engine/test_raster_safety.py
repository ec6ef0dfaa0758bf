"""A raster may make GDAL read nothing but its own bytes (raster_safety.py): external overviews
named in the GDAL metadata (a local file, or a URL on loopback) are refused before GDAL opens
the file, by the validation, the statistics and the conversion alike; the TIFF reader copes
with BigTIFF, big-endian and corrupt files; blocks too large to decode in bounded memory are
refused; GDAL's messages lose their file names."""

import numpy as np
import pytest
import rasterio

from biomass.engine.errors import InvalidRaster
from biomass.engine.raster_safety import check_block_size, check_tiff_tags, gdal_message
from biomass.engine.rasters import convert_to_cog, inspect_raster, raster_statistics
from tests.rasters import SENTINEL, loopback_server, naive_small_read, with_metadata, write_geotiff

LIMITS = {"max_bytes": 10 * 2**20, "max_pixels": 1_000_000}
PORT = 8111


def every_reader(path, tmp_path):
    """Each engine function that reads an uploaded file, with what it raised."""
    raised = []
    for read in (
        lambda: inspect_raster(path, **LIMITS),
        lambda: raster_statistics(path),
        lambda: convert_to_cog(path, tmp_path / "cog.tif", nodata=-9999),
    ):
        with pytest.raises(InvalidRaster) as refused:
            read()
        raised.append(refused.value.message)
    return raised


@pytest.mark.parametrize(
    "options", [{}, {"BIGTIFF": "YES"}, {"ENDIANNESS": "BIG"}, {"tiled": True, "compress": "deflate"}]
)
def test_overviews_in_another_local_file_are_never_read(tmp_path, options):
    sentinel = write_geotiff(tmp_path / "sentinel.tif", SENTINEL, shape=(16, 16))
    evil = with_metadata(write_geotiff(tmp_path / "evil.tif", 1.5, **options), OVERVIEW_FILE=str(sentinel))
    # The crafted file works: plain GDAL reads the sentinel's values in place of its own.
    assert (naive_small_read(evil) == SENTINEL).all()
    for message in every_reader(evil, tmp_path):
        assert "names another file" in message and "OVERVIEW_FILE" in message
    assert not (tmp_path / "cog.tif").exists()


def test_overviews_behind_a_url_are_never_fetched(tmp_path):
    url = f"/vsicurl/http://127.0.0.1:{PORT}/overviews.tif"
    evil = with_metadata(write_geotiff(tmp_path / "evil.tif", 1.5), OVERVIEW_FILE=url)
    with loopback_server(PORT) as server:
        naive_small_read(evil)  # plain GDAL asks the server (SSRF) ...
        assert server.requests, "the crafted file does not make GDAL fetch the URL"
        server.requests.clear()
        for message in every_reader(evil, tmp_path):  # ... the engine never does
            assert "names another file" in message
        assert server.requests == []


@pytest.mark.parametrize(
    "ns, items, what",
    [
        ("GEOLOCATION", {"X_DATASET": "/etc/passwd", "Y_DATASET": "/etc/passwd"}, "GEOLOCATION"),
        (None, {"SOURCE": "/vsicurl/http://127.0.0.1/x"}, "/vsi path"),
        ("IMAGERY", {"OVERVIEW_FILE": "/etc/passwd"}, "OVERVIEW_FILE"),
    ],
)
def test_other_references_are_refused(tmp_path, ns, items, what):
    path = with_metadata(write_geotiff(tmp_path / "ref.tif"), ns=ns, **items)
    with pytest.raises(InvalidRaster, match=what):
        check_tiff_tags(path)


def test_ordinary_metadata_is_accepted(tmp_path):
    path = write_geotiff(tmp_path / "ok.tif", nodata=-9999, tiled=True, compress="deflate")
    with_metadata(path, ns=None, SOURCE="https://zenodo.org/record/1", OVERVIEW_RESAMPLING="AVERAGE")
    with rasterio.open(path, "r+") as ds:
        ds.build_overviews([2, 4])  # internal overviews are the file's own bytes
    assert check_tiff_tags(path) == -9999
    assert raster_statistics(path).maximum == 1.5


def test_a_metadata_entity_or_a_directory_loop_is_refused(tmp_path):
    path = write_geotiff(tmp_path / "loop.tif")
    data = bytearray(path.read_bytes())
    first = int.from_bytes(data[4:8], "little")
    count = int.from_bytes(data[first : first + 2], "little")
    end = first + 2 + 12 * count
    data[end : end + 4] = first.to_bytes(4, "little")  # the next directory is itself
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidRaster, match="corrupt"):
        check_tiff_tags(path)
    hidden = with_metadata(write_geotiff(tmp_path / "hidden.tif"), ns=None, OVERVIEW12345FILE="/etc/passwd")
    hidden.write_bytes(hidden.read_bytes().replace(b"OVERVIEW12345FILE", b"OVERVIEW&#95;FILE"))
    with pytest.raises(InvalidRaster, match="OVERVIEW_FILE"):  # a character reference hides nothing
        check_tiff_tags(hidden)


def test_a_block_too_large_for_bounded_memory_is_refused(tmp_path):
    path = write_geotiff(
        tmp_path / "strip.tif", 1.0, shape=(3000, 3000), dtype="float64", compress="deflate", BLOCKYSIZE=3000
    )
    with rasterio.open(path) as ds:
        assert ds.block_shapes == [(3000, 3000)]
        with pytest.raises(InvalidRaster, match=r"blocks of 3000 × 3000 \(69 MiB"):
            check_block_size(ds)
    tiled = write_geotiff(tmp_path / "tiled.tif", 1.0, shape=(3000, 3000), dtype="float64", tiled=True)
    with rasterio.open(tiled) as ds:
        check_block_size(ds)


def test_gdal_messages_lose_their_file_names():
    message = gdal_message(
        RuntimeError("/tmp/tmpab12.upload.tif: TIFFReadEncodedStrip() failed; '/vsimem/x/y.tif' 1/2")
    )
    assert message == "the file: TIFFReadEncodedStrip() failed; 'the file' 1/2"


def test_a_truncated_geotiff_is_an_invalid_raster_without_the_path(tmp_path):
    whole = write_geotiff(tmp_path / "whole.tif", np.float32(2.5), shape=(200, 200))
    half = tmp_path / "half.tif"
    half.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    inspect_raster(half, **LIMITS)  # the header is whole: the cells are missing
    with pytest.raises(InvalidRaster, match="cannot be read as a GeoTIFF") as refused:
        raster_statistics(half)
    assert str(tmp_path) not in refused.value.message and "half.tif" not in refused.value.message
