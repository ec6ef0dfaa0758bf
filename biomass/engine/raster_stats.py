"""Statistics of one band, read in bounded windows whatever the file's layout: exact valid
count, min, max and mean; 2nd and 98th percentiles from a regular sample; the exact classes of
an integer raster. Also what a nodata value and non-finite cells may be.

NaN and infinite cells are not taken silently for nodata: an infinite cell is refused (unless
it is the declared nodata), and so is a NaN cell unless the declared nodata is NaN."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rasterio._err import CPLE_BaseError
from rasterio.errors import RasterioError
from rasterio.windows import Window

from .errors import InvalidRaster
from .raster_safety import check_block_size, check_tiff_tags, gdal_message, open_checked

MAX_CLASSES = 65536
WINDOW_CELLS = 1 << 20  # cells read at once (8 MiB of float64)
SAMPLE_CELLS = 1_000_000  # cells sampled for the percentiles


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


def raster_statistics(
    path: str | Path, *, band: int = 1, nodata: float | None = None, categorical: bool = False
) -> RasterStats:
    """The statistics of one band (``nodata``: the file's own when not given). Any GDAL
    error is an InvalidRaster, its message without file names."""
    check_tiff_tags(path)
    try:
        with open_checked(path) as ds:
            check_block_size(ds, band)
            if nodata is None:
                nodata = ds.nodatavals[band - 1]
            integer = np.issubdtype(np.dtype(ds.dtypes[band - 1]), np.integer)
            scale = max(1, math.ceil(math.sqrt(ds.width * ds.height / SAMPLE_CELLS)))
            totals = _Totals(nodata=nodata, categorical=categorical, integer=integer, scale=scale)
            for window in bounded_windows(ds.width, ds.height, ds.block_shapes[band - 1]):
                totals.add(ds.read(band, window=window), window)
    except (RasterioError, CPLE_BaseError) as exc:
        raise InvalidRaster(
            "the file cannot be read as a GeoTIFF: %(reason)s", params={"reason": gdal_message(exc)}
        ) from exc
    return totals.result()


def bounded_windows(width: int, height: int, block: tuple[int, int]):
    """Windows of about WINDOW_CELLS cells covering the raster, whole block rows when a block
    row fits in a few windows' worth."""
    cols = min(width, WINDOW_CELLS)
    rows = max(1, WINDOW_CELLS // cols)
    block_rows = block[0]
    if block_rows * cols <= 8 * WINDOW_CELLS:
        rows = max(block_rows, rows // block_rows * block_rows)
    for row in range(0, height, rows):
        for col in range(0, width, cols):
            yield Window(col, row, min(cols, width - col), min(rows, height - row))


class _Totals:
    """What the windows add up to."""

    def __init__(self, *, nodata, categorical: bool, integer: bool, scale: int):
        self.nodata, self.categorical, self.integer, self.scale = nodata, categorical, integer, scale
        self.nodata_is_nan = isinstance(nodata, float) and math.isnan(nodata)
        self.total, self.nan, self.inf = 0, 0, 0
        self.vmin, self.vmax, self.vsum = math.inf, -math.inf, 0.0
        self.counts = None
        self.samples = []

    def add(self, data: np.ndarray, window: Window) -> None:
        if np.issubdtype(data.dtype, np.floating):
            if not self.nodata_is_nan:
                self.nan += int(np.count_nonzero(np.isnan(data)))
            self.inf += int(np.count_nonzero(np.isinf(data) & (data != self.nodata)))
        valid = _valid(data, self.nodata)
        sample = data[
            (-window.row_off) % self.scale :: self.scale, (-window.col_off) % self.scale :: self.scale
        ]
        self.samples.append(sample[_valid(sample, self.nodata)])
        values = data[valid]
        if values.size == 0:
            return
        self.total += values.size
        self.vmin = min(self.vmin, float(values.min()))
        self.vmax = max(self.vmax, float(values.max()))
        self.vsum += float(values.sum(dtype=np.float64))
        if self.categorical:
            if not self.integer or values.min() < 0 or values.max() >= MAX_CLASSES:
                raise InvalidRaster(
                    "a categorical layer needs integer classes from 0 to %(top)s",
                    params={"top": MAX_CLASSES - 1},
                )
            self.counts = (0 if self.counts is None else self.counts) + np.bincount(
                values.astype(np.int64), minlength=MAX_CLASSES
            )

    def result(self) -> RasterStats:
        self._check_non_finite()
        if self.total == 0:
            return RasterStats(valid_count=0, minimum=None, maximum=None, mean=None, p2=None, p98=None)
        sample = np.concatenate(self.samples) if self.samples else np.empty(0)
        p2, p98 = np.percentile(sample, [2, 98]).tolist() if sample.size else [self.vmin, self.vmax]
        classes = tuple(int(c) for c in np.nonzero(self.counts)[0]) if self.counts is not None else ()
        return RasterStats(
            valid_count=self.total,
            minimum=self.vmin,
            maximum=self.vmax,
            mean=self.vsum / self.total,
            p2=float(p2),
            p98=float(p98),
            classes=classes,
        )

    def _check_non_finite(self) -> None:
        if self.inf:
            raise InvalidRaster(
                "the raster has %(count)s infinite cell(s): write them as the nodata value",
                field="nodata",
                params={"count": self.inf},
            )
        if self.nan:
            if self.nodata is None:
                raise InvalidRaster(
                    "the raster has %(count)s NaN cell(s) but declares no nodata value: declare nodata "
                    "as NaN, or write them as the nodata value",
                    field="nodata",
                    params={"count": self.nan},
                )
            raise InvalidRaster(
                "the raster has %(count)s NaN cell(s) but its nodata value is %(nodata)s: declare "
                "nodata as NaN, or write them as the nodata value",
                field="nodata",
                params={"count": self.nan, "nodata": f"{self.nodata:g}"},
            )


def _valid(data: np.ndarray, nodata) -> np.ndarray:
    valid = np.isfinite(data) if np.issubdtype(data.dtype, np.floating) else np.ones(data.shape, dtype=bool)
    if nodata is not None and not (isinstance(nodata, float) and math.isnan(nodata)):
        valid &= data != nodata
    return valid


def check_nodata(dtype: str, nodata: float | None) -> None:
    """Refuse a nodata value that the band's type cannot hold (-9999 on uint8, 1.5 or NaN on
    integers, 1e40 on float32): it would only fail later, when the layer is processed."""
    if nodata is None:
        return
    kind = np.dtype(dtype)
    if np.issubdtype(kind, np.integer):
        info = np.iinfo(kind)
        fits = not math.isnan(nodata) and nodata == int(nodata) and info.min <= nodata <= info.max
        if not fits:
            raise InvalidRaster(
                "nodata %(nodata)s does not fit the band's type %(dtype)s (integers from %(low)s to %(high)s)",
                field="nodata",
                params={"nodata": f"{nodata:g}", "dtype": dtype, "low": int(info.min), "high": int(info.max)},
            )
    elif math.isfinite(nodata) and abs(nodata) > float(np.finfo(kind).max):
        raise InvalidRaster(
            "nodata %(nodata)s does not fit the band's type %(dtype)s (numbers up to ±%(high)s)",
            field="nodata",
            params={"nodata": f"{nodata:g}", "dtype": dtype, "high": f"{np.finfo(kind).max:g}"},
        )
