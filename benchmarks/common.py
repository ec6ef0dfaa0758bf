"""What the benchmarks share: the generated rasters, the region sets, the demo constraint cube,
and running one measurement in its own process (so that its peak memory is its own)."""

from __future__ import annotations

import json
import math
import os
import resource
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
WEST, EAST, SOUTH, NORTH = -118.5, -68.0, 5.0, 33.0
BASE_RES = 0.005  # 10100 x 5600 = 56.6 M cells
TEN_X_RES = BASE_RES / math.sqrt(10)  # 31938 x 17709 = 565.6 M cells


def raster_path(res: float) -> Path:
    return DATA / f"amount-{res:.6f}.tif"


def build_raster(res: float) -> Path:
    """A smooth field with noise, in t DM per cell, tiled 512 x 512, deflate (like a COG)."""
    import rasterio
    from rasterio.transform import from_origin

    path = raster_path(res)
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    width, height = round((EAST - WEST) / res), round((NORTH - SOUTH) / res)
    profile = dict(
        driver="GTiff",
        width=width,
        height=height,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=from_origin(WEST, NORTH, res, res),
        tiled=True,
        blockxsize=512,
        blockysize=512,
        compress="deflate",
        predictor=3,
        nodata=-9999.0,
        BIGTIFF="YES",
    )
    rng = np.random.default_rng(42)
    tmp = path.with_suffix(".tmp.tif")
    with rasterio.open(tmp, "w", **profile) as ds:
        for _, win in ds.block_windows(1):
            rows = np.arange(win.row_off, win.row_off + win.height)[:, None]
            cols = np.arange(win.col_off, win.col_off + win.width)[None, :]
            smooth = 2 + np.sin(rows * res * 0.7) * np.cos(cols * res * 0.5)
            noise = rng.random((win.height, win.width), dtype=np.float32) * 0.5
            ds.write(np.round(smooth + noise, 2).astype(np.float32), 1, window=win)
    tmp.replace(path)
    return path


def admin1_zones():
    import shapely

    from biomass.engine.zones import Zone

    data = json.loads((ROOT / "fixtures" / "regions" / "admin1.geojson").read_text(encoding="utf-8"))
    return [
        Zone(f["properties"]["code"], shapely.geometry.shape(f["geometry"])) for f in data["features"]
    ], data


def country_zones(features: bool = False):
    """The 9 countries as zones, or with features=True as GeoJSON features."""
    import shapely

    from biomass.engine.zones import Zone

    data = json.loads((ROOT / "fixtures" / "regions" / "countries.geojson").read_text(encoding="utf-8"))
    if features:
        return data["features"]
    return [Zone(f["properties"]["code"], shapely.geometry.shape(f["geometry"])) for f in data["features"]]


def demo_cube():
    from biomass.engine.constraints import CATEGORICAL, CONTINUOUS, ConstraintAxis, ConstraintCube
    from biomass.engine.rasters import raster_statistics

    layers = ROOT / "fixtures" / "layers"
    classes = raster_statistics(layers / "land-cover.tif", categorical=True).classes
    slope_max = raster_statistics(layers / "slope.tif").maximum
    return ConstraintCube(
        (
            ConstraintAxis("land-cover", CATEGORICAL, path=str(layers / "land-cover.tif"), classes=classes),
            ConstraintAxis(
                "slope-coarse", CONTINUOUS, path=str(layers / "slope.tif"), bin_width=0.5, max_value=slope_max
            ),
        )
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(task: str, *args) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--child", task, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONHASHSEED="0"),
    )
    if out.returncode != 0:
        raise SystemExit(f"benchmark {task} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])
