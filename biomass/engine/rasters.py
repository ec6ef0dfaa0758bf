"""Raster validation, statistics and conversion to Cloud-Optimized GeoTIFF.

Only GeoTIFF is accepted, and it is opened with GDAL's GTiff driver alone: a VRT (which can
read arbitrary files), netCDF, HDF, PNG, ZIP or anything else renamed ``.tif`` is rejected
before GDAL parses it. A CRS given by the user is accepted only as an EPSG integer that
pyproj knows.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import rasterio
from pyproj import CRS
from pyproj.exceptions import CRSError
from rasterio.crs import CRS as RioCRS
from rasterio.errors import RasterioError

from .errors import InvalidRaster

GEOTIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
KNOWN_MAGIC = {
    b"<VRTDataset": "a GDAL VRT",
    b"<?xml": "an XML file (a VRT?)",
    b"\x89HDF": "an HDF5/netCDF-4 file",
    b"CDF\x01": "a netCDF file",
    b"CDF\x02": "a netCDF file",
    b"\x0e\x03\x13\x01": "an HDF4 file",
    b"\x89PNG": "a PNG image",
    b"PK\x03\x04": "a ZIP archive",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
}
MAX_CLASSES = 65536
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
# GDAL must not look at other files next to the one we open (sidecars could redirect it).
GDAL_SAFE_ENV = {"GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR", "GTIFF_REPORT_COMPD_CS": "NO"}


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


@dataclass(frozen=True)
class RasterStats:
    valid_count: int
    minimum: float | None
    maximum: float | None
    mean: float | None
    p2: float | None
    p98: float | None
    classes: tuple[int, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {
            "valid_count": self.valid_count,
            "min": self.minimum,
            "max": self.maximum,
            "mean": self.mean,
            "p2": self.p2,
            "p98": self.p98,
            "classes": list(self.classes),
        }


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def check_geotiff_signature(path: str | Path) -> None:
    """Reject anything that is not a (Big)TIFF by its first bytes, whatever its name."""
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head[:4] in GEOTIFF_MAGIC:
        return
    stripped = head.lstrip()
    for magic, what in KNOWN_MAGIC.items():
        if stripped.startswith(magic):
            raise InvalidRaster(f"the file is {what}, not a GeoTIFF; only GeoTIFF files are accepted")
    raise InvalidRaster("the file is not a GeoTIFF (unknown signature); only GeoTIFF files are accepted")


def epsg_crs(epsg: int | str) -> RioCRS:
    """A CRS from a user-given EPSG code, validated by pyproj before GDAL sees it."""
    try:
        code = int(str(epsg).upper().removeprefix("EPSG:"))
        CRS.from_epsg(code)
    except (ValueError, CRSError) as exc:
        raise InvalidRaster(f"unknown EPSG code {epsg!r}") from exc
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
    check_geotiff_signature(path)
    assigned = epsg_crs(crs_epsg) if crs_epsg is not None else None
    try:
        with rasterio.Env(**GDAL_SAFE_ENV), rasterio.open(path, driver="GTiff") as ds:
            _check_layout(ds, band=band, max_pixels=max_pixels)
            crs = assigned or ds.crs
            pyproj_crs = _usable_crs(crs)
            a, _, _, _, e, _ = tuple(ds.transform)[:6]
            bounds = tuple(ds.bounds)
            if pyproj_crs.is_geographic and (bounds[1] < -90.001 or bounds[3] > 90.001):
                raise InvalidRaster("the raster's latitudes go beyond ±90°: its CRS is probably wrong")
            nodata = ds.nodatavals[band - 1]
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
                nodata=None if nodata is None else float(nodata),
                size_bytes=size,
                crs_assigned=assigned is not None,
            )
    except RasterioError as exc:
        raise InvalidRaster(f"the file cannot be read as a GeoTIFF: {exc}") from exc


def _checked_size(path: Path, max_bytes: int) -> int:
    if not path.is_file():
        raise InvalidRaster(f"file not found: {path}")
    size = path.stat().st_size
    if size == 0:
        raise InvalidRaster("the file is empty")
    if size > max_bytes:
        raise InvalidRaster(f"the file is {size / 2**20:.1f} MiB; the limit is {max_bytes / 2**20:.0f} MiB")
    return size


def _check_layout(ds, *, band: int, max_pixels: int) -> None:
    """Driver, size, band, data type and geotransform of an open dataset."""
    if ds.driver != "GTiff":
        raise InvalidRaster(f"the file was read by the {ds.driver} driver, not GeoTIFF")
    if ds.width * ds.height > max_pixels:
        raise InvalidRaster(f"the raster has {ds.width * ds.height:,} pixels; the limit is {max_pixels:,}")
    if not 1 <= band <= ds.count:
        raise InvalidRaster(f"the raster has {ds.count} band(s); band {band} does not exist")
    dtype = ds.dtypes[band - 1]
    if dtype not in NUMERIC_DTYPES:
        raise InvalidRaster(f"band {band} has type {dtype}, not a real number type")
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
        raise InvalidRaster(f"the raster's coordinate reference system is not usable: {exc}") from exc


def raster_statistics(
    path: str | Path, *, band: int = 1, nodata: float | None = None, categorical: bool = False
) -> RasterStats:
    """Exact min/max/mean and valid count, read block by block; approximate 2nd and 98th
    percentiles from a decimated read; the exact set of classes of an integer raster."""
    total = 0
    vmin, vmax, vsum = math.inf, -math.inf, 0.0
    counts = None
    with rasterio.Env(**GDAL_SAFE_ENV), rasterio.open(path) as ds:
        if nodata is None:
            nodata = ds.nodatavals[band - 1]
        integer = np.issubdtype(np.dtype(ds.dtypes[band - 1]), np.integer)
        for _, window in ds.block_windows(band):
            data = ds.read(band, window=window)
            valid = _valid(data, nodata)
            values = data[valid]
            if values.size == 0:
                continue
            total += values.size
            vmin = min(vmin, float(values.min()))
            vmax = max(vmax, float(values.max()))
            vsum += float(values.sum(dtype=np.float64))
            if categorical:
                if not integer or values.min() < 0 or values.max() >= MAX_CLASSES:
                    raise InvalidRaster(
                        f"a categorical layer needs integer classes from 0 to {MAX_CLASSES - 1}"
                    )
                counts = (0 if counts is None else counts) + np.bincount(
                    values.astype(np.int64), minlength=MAX_CLASSES
                )
        scale = max(1, int(math.ceil(math.sqrt(ds.width * ds.height / 1_000_000))))
        sample = ds.read(band, out_shape=(max(1, ds.height // scale), max(1, ds.width // scale)))
        sample = sample[_valid(sample, nodata)]
    if total == 0:
        return RasterStats(valid_count=0, minimum=None, maximum=None, mean=None, p2=None, p98=None)
    p2, p98 = np.percentile(sample, [2, 98]).tolist() if sample.size else [vmin, vmax]
    classes = tuple(int(c) for c in np.nonzero(counts)[0]) if counts is not None else ()
    return RasterStats(
        valid_count=total,
        minimum=vmin,
        maximum=vmax,
        mean=vsum / total,
        p2=float(p2),
        p98=float(p98),
        classes=classes,
    )


def _valid(data: np.ndarray, nodata) -> np.ndarray:
    valid = np.isfinite(data) if np.issubdtype(data.dtype, np.floating) else np.ones(data.shape, dtype=bool)
    if nodata is not None and not (isinstance(nodata, float) and math.isnan(nodata)):
        valid &= data != nodata
    return valid


def default_nodata(dtype: str, maximum: float | None):
    """A nodata value for a raster that declares none: NaN for floats; for integers the
    type's largest value, if the data never reaches it."""
    if np.issubdtype(np.dtype(dtype), np.floating):
        return float("nan")
    top = np.iinfo(np.dtype(dtype)).max
    if maximum is not None and maximum >= top:
        raise InvalidRaster(
            f"the raster declares no nodata value and uses every value up to {top}; give --nodata explicitly"
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
    try:
        _convert_to_cog(
            source, destination, band=band, crs_epsg=crs_epsg, nodata=nodata, categorical=categorical
        )
    except RasterioError as exc:
        raise InvalidRaster(f"conversion to Cloud-Optimized GeoTIFF failed: {exc}") from exc


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
                rasterio.open(work, "r+", IGNORE_COG_LAYOUT_BREAK="YES") as ds,
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
            raise InvalidRaster(f"conversion to Cloud-Optimized GeoTIFF failed: {'; '.join(errors)}")
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
                f"the clip would have about {int(window.width * window.height):,} pixels; the limit is "
                f"{max_pixels:,}: download the whole layer instead"
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
