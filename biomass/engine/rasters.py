"""Raster validation, statistics and conversion to Cloud-Optimized GeoTIFF.

Only GeoTIFF is accepted, and it is opened with GDAL's GTiff driver alone: a VRT (which can
read arbitrary files), netCDF, HDF, PNG, ZIP or anything else renamed ``.tif`` is rejected
before GDAL parses it, and so is a GeoTIFF that names another file for GDAL to open
(``raster_safety``). A CRS given by the user is accepted only as an EPSG integer that
pyproj knows.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from pyproj import CRS
from pyproj.exceptions import CRSError
from rasterio._err import CPLE_BaseError
from rasterio.crs import CRS as RioCRS
from rasterio.errors import RasterioError

from .errors import InvalidRaster
from .raster_safety import GDAL_SAFE_ENV, check_block_size, check_tiff_tags, gdal_message, open_checked
from .raster_stats import RasterStats, check_nodata, raster_statistics

__all__ = [
    "RasterInfo",
    "RasterStats",
    "check_nodata",
    "convert_to_cog",
    "inspect_raster",
    "raster_statistics",
]

NUMERIC_DTYPES = {
    "uint8",
    "int8",
    "uint16",
    "int16",
    "uint32",
    "int32",
    "int64",
    "uint64",
    "float32",
    "float64",
}


@dataclass(frozen=True)
class RasterInfo:
    width: int
    height: int
    count: int
    band: int
    dtype: str
    crs_wkt: str
    epsg: int | None
    transform: tuple[float, ...]
    bounds: tuple[float, float, float, float]
    resolution: tuple[float, float]
    nodata: float | None
    size_bytes: int
    crs_assigned: bool = False

    @property
    def pixels(self) -> int:
        return self.width * self.height


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def epsg_crs(epsg: int | str) -> RioCRS:
    """A CRS from a user-given EPSG code, validated by pyproj before GDAL sees it."""
    try:
        code = int(str(epsg).upper().removeprefix("EPSG:"))
        CRS.from_epsg(code)
    except (ValueError, CRSError) as exc:
        raise InvalidRaster("unknown EPSG code %(code)r", params={"code": str(epsg)}) from exc
    return RioCRS.from_epsg(code)


def inspect_raster(
    path: str | Path,
    *,
    band: int = 1,
    crs_epsg: int | str | None = None,
    max_bytes: int,
    max_pixels: int,
) -> RasterInfo:
    """Check a file before anything is stored: GeoTIFF, size and pixel limits, a CRS (or an
    explicit EPSG code), a numeric band. Raises InvalidRaster with the reason."""
    path = Path(path)
    size = _checked_size(path, max_bytes)
    declared_nodata = check_tiff_tags(path)  # before GDAL opens it: it must name no other file
    assigned = epsg_crs(crs_epsg) if crs_epsg is not None else None
    try:
        with open_checked(path) as ds:
            _check_layout(ds, band=band, max_pixels=max_pixels)
            check_block_size(ds, band)
            crs = assigned or ds.crs
            pyproj_crs = _usable_crs(crs)
            a, _, _, _, e, _ = tuple(ds.transform)[:6]
            bounds = tuple(ds.bounds)
            if pyproj_crs.is_geographic and (bounds[1] < -90.001 or bounds[3] > 90.001):
                raise InvalidRaster("the raster's latitudes go beyond ±90°: its CRS is probably wrong")
            nodata = ds.nodatavals[band - 1]
            nodata = None if nodata is None else float(nodata)
            check_nodata(ds.dtypes[band - 1], declared_nodata)
            return RasterInfo(
                width=ds.width,
                height=ds.height,
                count=ds.count,
                band=band,
                dtype=ds.dtypes[band - 1],
                crs_wkt=crs.to_wkt(),
                epsg=pyproj_crs.to_epsg(),
                transform=tuple(ds.transform)[:6],
                bounds=bounds,
                resolution=(a, -e),
                nodata=nodata,
                size_bytes=size,
                crs_assigned=assigned is not None,
            )
    except (RasterioError, CPLE_BaseError) as exc:
        raise InvalidRaster(
            "the file cannot be read as a GeoTIFF: %(reason)s", params={"reason": gdal_message(exc)}
        ) from exc


def _checked_size(path: Path, max_bytes: int) -> int:
    if not path.is_file():
        raise InvalidRaster("the file was not found")
    size = path.stat().st_size
    if size == 0:
        raise InvalidRaster("the file is empty")
    if size > max_bytes:
        raise InvalidRaster(
            "the file is %(size)s MiB; the limit is %(limit)s MiB",
            params={"size": round(size / 2**20, 1), "limit": round(max_bytes / 2**20)},
        )
    return size


def _check_layout(ds, *, band: int, max_pixels: int) -> None:
    """Driver, size, band, data type and geotransform of an open dataset."""
    if ds.driver != "GTiff":
        raise InvalidRaster(
            "the file was read by the %(driver)s driver, not GeoTIFF", params={"driver": ds.driver}
        )
    if ds.width * ds.height > max_pixels:
        raise InvalidRaster(
            "the raster has %(pixels)s pixels; the limit is %(limit)s",
            params={"pixels": ds.width * ds.height, "limit": max_pixels},
        )
    if not 1 <= band <= ds.count:
        raise InvalidRaster(
            "the raster has %(count)s band(s); band %(band)s does not exist",
            params={"count": ds.count, "band": band},
        )
    dtype = ds.dtypes[band - 1]
    if dtype not in NUMERIC_DTYPES:
        raise InvalidRaster(
            "band %(band)s has type %(dtype)s, not a real number type", params={"band": band, "dtype": dtype}
        )
    a, b, _, d, e, _ = tuple(ds.transform)[:6]
    if b != 0 or d != 0:
        raise InvalidRaster("rotated or sheared rasters are not supported")
    if a <= 0 or e >= 0:
        raise InvalidRaster("the raster has no usable geotransform (north-up, positive cell size)")


def _usable_crs(crs) -> CRS:
    if crs is None:
        raise InvalidRaster(
            "the raster has no coordinate reference system; give its EPSG code explicitly (--crs)"
        )
    try:
        return CRS.from_wkt(crs.to_wkt())
    except CRSError as exc:
        raise InvalidRaster(
            "the raster's coordinate reference system is not usable: %(reason)s", params={"reason": str(exc)}
        ) from exc


def default_nodata(dtype: str, maximum: float | None):
    """A nodata value for a raster that declares none: NaN for floats; for integers the
    type's largest value, if the data never reaches it."""
    if np.issubdtype(np.dtype(dtype), np.floating):
        return float("nan")
    top = np.iinfo(np.dtype(dtype)).max
    if maximum is not None and maximum >= top:
        raise InvalidRaster(
            "the raster declares no nodata value and uses every value up to %(top)s; give --nodata explicitly",
            params={"top": int(top)},
        )
    return int(top)


def convert_to_cog(
    source: str | Path,
    destination: str | Path,
    *,
    band: int = 1,
    crs_epsg: int | str | None = None,
    nodata: float | None = None,
    categorical: bool = False,
) -> None:
    """Write one band of ``source`` as a Cloud-Optimized GeoTIFF (deflate, 512-pixel tiles,
    overviews) with an explicit nodata value and, if given, an assigned EPSG CRS."""
    check_tiff_tags(source)  # the stored upload is read under the same rules as at upload
    try:
        with open_checked(source) as ds:
            check_block_size(ds, band)
        _convert_to_cog(
            source, destination, band=band, crs_epsg=crs_epsg, nodata=nodata, categorical=categorical
        )
    except (RasterioError, CPLE_BaseError) as exc:
        raise InvalidRaster(
            "conversion to Cloud-Optimized GeoTIFF failed: %(reason)s", params={"reason": gdal_message(exc)}
        ) from exc


def _convert_to_cog(source, destination, *, band, crs_epsg, nodata, categorical) -> None:
    from rio_cogeo.cogeo import cog_translate, cog_validate
    from rio_cogeo.profiles import cog_profiles

    destination = Path(destination)
    with tempfile.TemporaryDirectory(dir=destination.parent) as tmp:
        work = Path(source)
        if crs_epsg is not None:  # assign the CRS on a copy, never on the user's file
            work = Path(tmp) / "source.tif"
            shutil.copyfile(source, work)
            with (
                rasterio.Env(**GDAL_SAFE_ENV),
                rasterio.open(work, "r+", driver="GTiff", IGNORE_COG_LAYOUT_BREAK="YES") as ds,
            ):
                ds.crs = epsg_crs(crs_epsg)
        profile = cog_profiles.get("deflate")
        profile.update(blockxsize=512, blockysize=512)
        output = Path(tmp) / "cog.tif"
        with rasterio.Env(**GDAL_SAFE_ENV):
            cog_translate(
                str(work),
                str(output),
                profile,
                indexes=[band],
                nodata=nodata,
                overview_resampling="nearest" if categorical else "average",
                in_memory=False,
                quiet=True,
                use_cog_driver=False,
            )
        valid, errors, _ = cog_validate(str(output), quiet=True)
        if not valid:
            raise InvalidRaster(
                "conversion to Cloud-Optimized GeoTIFF failed: %(reason)s",
                params={"reason": "; ".join(errors)},
            )
        os.replace(output, destination)


def clip_to_geometry(path: str | Path, geometry_wgs84, *, max_pixels: int) -> bytes:
    """The cells of a raster that intersect a lon/lat polygon, as a GeoTIFF (bytes); cells
    outside the polygon are set to nodata."""
    import shapely
    from pyproj import Transformer
    from rasterio.io import MemoryFile
    from rasterio.mask import mask as rio_mask
    from rasterio.windows import from_bounds

    with rasterio.open(path) as ds:
        transformer = Transformer.from_crs("EPSG:4326", ds.crs.to_wkt(), always_xy=True)
        dense = shapely.segmentize(geometry_wgs84, 0.01)
        geom = shapely.transform(dense, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))
        window = from_bounds(*geom.bounds, transform=ds.transform)
        if window.width * window.height > max_pixels:
            raise InvalidRaster(
                "the clip would have about %(pixels)s pixels; the limit is %(limit)s: download the whole "
                "layer instead",
                params={"pixels": int(window.width * window.height), "limit": max_pixels},
            )
        if not shapely.box(*ds.bounds).intersects(geom):
            raise InvalidRaster("the region does not overlap the layer")
        nodata = ds.nodata if ds.nodata is not None else default_nodata(ds.dtypes[0], None)
        data, transform = rio_mask(
            ds, [shapely.geometry.mapping(geom)], crop=True, all_touched=True, nodata=nodata, indexes=1
        )
        profile = dict(
            driver="GTiff",
            width=data.shape[1],
            height=data.shape[0],
            count=1,
            dtype=data.dtype,
            crs=ds.crs,
            transform=transform,
            nodata=nodata,
            compress="deflate",
            tiled=True,
            blockxsize=256,
            blockysize=256,
        )
    with MemoryFile() as memfile:
        with memfile.open(**profile) as out:
            out.write(data, 1)
        return memfile.read()
