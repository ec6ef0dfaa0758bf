"""Statistics in bounded windows (raster_stats.py): exact whatever the windows, memory bounded
whatever the file's layout (measured in a child process: GDAL's allocations are invisible to
tracemalloc), NaN and infinite cells refused unless declared nodata, and nodata values the
band's type cannot hold refused."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from biomass.engine import raster_stats
from biomass.engine.errors import InvalidRaster
from biomass.engine.raster_stats import bounded_windows, check_nodata, raster_statistics
from tests.conftest import ROOT
from tests.rasters import write_geotiff

BIG = 8000  # 8000 x 8000 float64: 488 MiB of cells, a few hundred KB deflated
MAX_RSS_MB = 450  # the unbounded reads took 1.7 GB for the single-strip file


def run_python(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    return result


def validate_in_child(path) -> dict:
    """Validate ``path`` as an upload is validated, in a child process; its peak RSS in MB
    (VmHWM: ru_maxrss would carry the parent's peak across exec)."""
    result = run_python(
        f"""
        import json
        from biomass.engine.errors import InvalidRaster
        from biomass.engine.rasters import inspect_raster, raster_statistics
        try:
            inspect_raster({str(path)!r}, max_bytes=2**30, max_pixels=10**9)
            outcome = raster_statistics({str(path)!r}).as_dict()
        except InvalidRaster as exc:
            outcome = str(exc)
        peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
        print(json.dumps({{"outcome": outcome, "rss_mb": int(peak.split()[1]) / 1024}}))
        """
    )
    return json.loads(result.stdout)


def write_big(path, **options):
    """Written in a child process too: the writer's memory is not the validation's."""
    run_python(
        f"""
        import numpy as np, rasterio
        from rasterio.transform import from_origin
        with rasterio.open({str(path)!r}, "w", driver="GTiff", width={BIG}, height={BIG}, count=1,
                dtype="float64", crs="EPSG:4326", transform=from_origin(-84.5, 10.7, 1e-4, 1e-4),
                compress="deflate", **{options!r}) as ds:
            for row in range(0, {BIG}, 500):
                ds.write(np.full((500, {BIG}), 2.0), 1, window=((row, row + 500), (0, {BIG})))
        """
    )
    return path


def test_a_single_strip_of_the_whole_image_is_refused_in_bounded_memory(tmp_path):
    path = write_big(tmp_path / "strip.tif", BLOCKYSIZE=BIG)
    assert path.stat().st_size < 2 * 2**20
    result = validate_in_child(path)
    assert "blocks of 8000 × 8000 (488 MiB uncompressed each)" in result["outcome"]
    assert result["rss_mb"] < MAX_RSS_MB, result


def test_a_large_tiled_raster_is_read_in_bounded_memory(tmp_path):
    result = validate_in_child(write_big(tmp_path / "tiled.tif", tiled=True))
    assert result["outcome"]["valid_count"] == BIG * BIG and result["outcome"]["mean"] == 2.0
    assert result["rss_mb"] < MAX_RSS_MB, result


def test_windows_cover_the_raster_once_and_statistics_do_not_depend_on_them(tmp_path, monkeypatch):
    windows = list(bounded_windows(1000, 700, (256, 256)))
    covered = np.zeros((700, 1000), dtype=int)
    for w in windows:
        covered[w.row_off : w.row_off + w.height, w.col_off : w.col_off + w.width] += 1
    assert (covered == 1).all()
    data = np.random.default_rng(1).uniform(0, 10, (300, 500)).astype("float32")
    data[5, 7] = -1
    path = write_geotiff(tmp_path / "r.tif", 0, shape=data.shape, nodata=-1)
    import rasterio

    with rasterio.open(path, "r+") as ds:
        ds.write(data, 1)
    whole = raster_statistics(path)
    monkeypatch.setattr(raster_stats, "WINDOW_CELLS", 777)  # hundreds of small windows
    small = raster_statistics(path)
    valid = data[data != -1]
    assert whole.valid_count == small.valid_count == valid.size
    assert whole.mean == pytest.approx(valid.mean(dtype=np.float64)) and small.mean == pytest.approx(
        whole.mean
    )
    assert (small.minimum, small.maximum) == (whole.minimum, whole.maximum) == (valid.min(), valid.max())
    assert small.p98 == pytest.approx(np.percentile(valid, 98), abs=0.05)


@pytest.mark.parametrize(
    "cell, nodata, refused",
    [
        (np.nan, None, "1 NaN cell(s) but declares no nodata value: declare nodata as NaN"),
        (np.nan, -9999.0, "1 NaN cell(s) but its nodata value is -9999"),
        (np.nan, np.nan, None),
        (np.inf, None, "1 infinite cell(s)"),
        (-np.inf, np.nan, "1 infinite cell(s)"),
    ],
)
def test_nan_and_infinite_cells(tmp_path, cell, nodata, refused):
    import rasterio

    path = write_geotiff(tmp_path / "r.tif", 2.0, shape=(4, 4), nodata=nodata)
    with rasterio.open(path, "r+") as ds:
        data = ds.read(1)
        data[1, 2] = cell
        ds.write(data, 1)
    if refused is None:
        assert raster_statistics(path).valid_count == 15
        return
    with pytest.raises(InvalidRaster) as error:
        raster_statistics(path)
    assert refused in error.value.message and error.value.field == "nodata"


@pytest.mark.parametrize(
    "dtype, nodata, fits",
    [
        ("uint8", -9999, False),
        ("uint8", 255, True),
        ("uint8", 1.5, False),
        ("int16", float("nan"), False),
        ("float32", -9999, True),
        ("float32", float("nan"), True),
        ("float32", 1e40, False),
        ("float64", 1e300, True),
    ],
)
def test_a_nodata_the_type_cannot_hold_is_refused_by_name(dtype, nodata, fits):
    if fits:
        check_nodata(dtype, nodata)
        return
    with pytest.raises(InvalidRaster, match=f"does not fit the band's type {dtype}") as error:
        check_nodata(dtype, nodata)
    assert error.value.field == "nodata"
