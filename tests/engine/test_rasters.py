"""Raster validation: only real GeoTIFFs with a CRS, a numeric band and sane limits."""

import subprocess
import zipfile

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from rio_cogeo.cogeo import cog_validate

from biomass.engine.errors import InvalidRaster
from biomass.engine.rasters import (
    convert_to_cog,
    default_nodata,
    inspect_raster,
    raster_statistics,
)

LIMITS = {"max_bytes": 10 * 2**20, "max_pixels": 1_000_000}


def write_tif(path, data, *, crs="EPSG:4326", nodata=None, dtype=None, driver="GTiff"):
    data = np.asarray(data, dtype=dtype or np.float32)
    with rasterio.open(
        path,
        "w",
        driver=driver,
        width=data.shape[1],
        height=data.shape[0],
        count=1,
        dtype=data.dtype,
        crs=crs,
        transform=from_origin(-90, 16, 0.1, 0.1),
        nodata=nodata,
    ) as ds:
        ds.write(data, 1)
    return path


@pytest.fixture
def good(tmp_path):
    return write_tif(tmp_path / "good.tif", np.arange(12).reshape(3, 4), nodata=-1)


def test_a_good_geotiff_passes(good):
    info = inspect_raster(good, **LIMITS)
    assert (info.width, info.height, info.epsg, info.dtype, info.nodata) == (4, 3, 4326, "float32", -1.0)
    assert info.bounds == pytest.approx((-90, 15.7, -89.6, 16))


def test_a_vrt_renamed_tif_is_rejected(tmp_path, good):
    vrt = tmp_path / "evil.tif"
    vrt.write_text(
        '<VRTDataset rasterXSize="4" rasterYSize="3"><VRTRasterBand dataType="Float32" band="1">'
        "<SimpleSource><SourceFilename>/etc/passwd</SourceFilename></SimpleSource>"
        "</VRTRasterBand></VRTDataset>"
    )
    with pytest.raises(InvalidRaster, match="GDAL VRT, not a GeoTIFF"):
        inspect_raster(vrt, **LIMITS)


@pytest.mark.parametrize(
    "head, what",
    [
        (b"\x89HDF\r\n\x1a\n", "HDF5/netCDF-4"),
        (b"CDF\x01\x00\x00\x00\x00", "netCDF"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\x0e\x03\x13\x01", "HDF4"),
        (b"just some text", "not a GeoTIFF"),
    ],
)
def test_other_formats_posing_as_geotiff_are_rejected(tmp_path, head, what):
    path = tmp_path / "fake.tif"
    path.write_bytes(head + b"\x00" * 64)
    with pytest.raises(InvalidRaster, match=what):
        inspect_raster(path, **LIMITS)


def test_a_zip_is_rejected(tmp_path, good):
    path = tmp_path / "layer.tif"
    with zipfile.ZipFile(path, "w") as zf:
        zf.write(good, "good.tif")
    with pytest.raises(InvalidRaster, match="ZIP archive"):
        inspect_raster(path, **LIMITS)


@pytest.mark.parametrize(
    "driver, options, what",
    [
        ("netCDF", [], "netCDF"),
        ("netCDF", ["-co", "FORMAT=NC4"], "HDF5/netCDF-4"),
        ("VRT", [], "VRT"),
        ("PNG", ["-ot", "Byte"], "PNG"),
    ],
)
def test_real_files_of_other_formats_named_tif_are_rejected(tmp_path, good, driver, options, what):
    """Written by Debian's GDAL (gdal-bin), then renamed .tif."""
    out = tmp_path / {"netCDF": "real.nc", "VRT": "real.vrt", "PNG": "real.png"}[driver]
    result = subprocess.run(
        ["gdal_translate", "-q", "-of", driver, *options, str(good), str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    renamed = out.rename(tmp_path / "renamed.tif")
    with pytest.raises(InvalidRaster, match=what):
        inspect_raster(renamed, **LIMITS)


def test_a_corrupt_geotiff_is_rejected(tmp_path, good):
    path = tmp_path / "truncated.tif"
    path.write_bytes(good.read_bytes()[:200])
    with pytest.raises(InvalidRaster, match="TIFF structure is corrupt|cannot be read as a GeoTIFF"):
        inspect_raster(path, **LIMITS)


def test_a_raster_without_crs_needs_an_explicit_epsg(tmp_path):
    path = write_tif(tmp_path / "nocrs.tif", np.ones((3, 3)), crs=None)
    with pytest.raises(InvalidRaster, match="no coordinate reference system"):
        inspect_raster(path, **LIMITS)
    assert inspect_raster(path, crs_epsg=4326, **LIMITS).epsg == 4326
    with pytest.raises(InvalidRaster, match="unknown EPSG code"):
        inspect_raster(path, crs_epsg="4326; DROP TABLE", **LIMITS)
    with pytest.raises(InvalidRaster, match="unknown EPSG code"):
        inspect_raster(path, crs_epsg=999999, **LIMITS)


def test_limits_and_band_checks(tmp_path, good):
    with pytest.raises(InvalidRaster, match="pixels; the limit is 5"):
        inspect_raster(good, max_bytes=LIMITS["max_bytes"], max_pixels=5)
    with pytest.raises(InvalidRaster, match="MiB; the limit"):
        inspect_raster(good, max_bytes=10, max_pixels=LIMITS["max_pixels"])
    with pytest.raises(InvalidRaster, match="band 2 does not exist"):
        inspect_raster(good, band=2, **LIMITS)
    complex_path = write_tif(tmp_path / "complex.tif", np.ones((2, 2)), dtype=np.complex64)
    with pytest.raises(InvalidRaster, match="not a real number type"):
        inspect_raster(complex_path, **LIMITS)
    empty = tmp_path / "empty.tif"
    empty.write_bytes(b"")
    with pytest.raises(InvalidRaster, match="empty"):
        inspect_raster(empty, **LIMITS)
    with pytest.raises(InvalidRaster, match="the file was not found"):
        inspect_raster(tmp_path / "nowhere.tif", **LIMITS)


def test_statistics_are_exact_and_classes_are_listed(tmp_path):
    data = np.array([[1, 2, 255], [12, 12, 14]], dtype=np.uint8)
    path = write_tif(tmp_path / "classes.tif", data, nodata=255, dtype=np.uint8)
    stats = raster_statistics(path, categorical=True)
    assert stats.valid_count == 5 and stats.minimum == 1 and stats.maximum == 14
    assert stats.mean == pytest.approx((1 + 2 + 12 + 12 + 14) / 5)
    assert stats.classes == (1, 2, 12, 14)


def test_default_nodata():
    assert np.isnan(default_nodata("float32", 5.0))
    assert default_nodata("uint8", 16) == 255
    with pytest.raises(InvalidRaster, match="give --nodata"):
        default_nodata("uint8", 255)


def test_conversion_to_cog_with_an_assigned_crs_and_nodata(tmp_path):
    data = np.random.default_rng(0).uniform(0, 4, (1200, 1100)).astype(np.float32)
    source = write_tif(tmp_path / "plain.tif", data, crs=None)
    target = tmp_path / "cog.tif"
    convert_to_cog(source, target, crs_epsg=4326, nodata=-9999)
    valid, errors, _ = cog_validate(str(target), quiet=True)
    assert valid, errors
    with rasterio.open(target) as ds:
        assert ds.crs.to_epsg() == 4326 and ds.nodata == -9999 and ds.overviews(1)
        assert ds.block_shapes[0] == (512, 512)
        assert np.array_equal(ds.read(1), data)
    with rasterio.open(source) as ds:  # the user's file is untouched
        assert ds.crs is None
