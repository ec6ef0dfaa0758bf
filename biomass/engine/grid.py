"""Raster grids: their identity, their cells' areas, and how to walk them in windows."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from affine import Affine
from pyproj import CRS
from rasterio.windows import Window

from .errors import InvalidRaster

M2_PER_HA = 1e4


@dataclass(frozen=True)
class Grid:
    """A north-up raster grid: CRS, affine transform (a, b, c, d, e, f) and size."""

    crs_wkt: str
    transform: tuple[float, float, float, float, float, float]
    width: int
    height: int

    def __post_init__(self):
        a, b, _, d, e, _ = self.transform
        if b != 0 or d != 0:
            raise InvalidRaster("rotated or sheared grids are not supported")
        if a <= 0 or e >= 0:
            raise InvalidRaster("the grid must be north-up with positive cell sizes")
        if self.width <= 0 or self.height <= 0:
            raise InvalidRaster("the grid is empty")

    @classmethod
    def from_dataset(cls, dataset) -> Grid:
        if dataset.crs is None:
            raise InvalidRaster("the raster has no coordinate reference system")
        return cls(
            crs_wkt=dataset.crs.to_wkt(),
            transform=tuple(dataset.transform)[:6],
            width=dataset.width,
            height=dataset.height,
        )

    @cached_property
    def crs(self) -> CRS:
        return CRS.from_wkt(self.crs_wkt)

    @property
    def affine(self) -> Affine:
        return Affine(*self.transform)

    @property
    def cell_width(self) -> float:
        return self.transform[0]

    @property
    def cell_height(self) -> float:
        return -self.transform[4]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        a, _, c, _, e, f = self.transform
        return (c, f + e * self.height, c + a * self.width, f)

    @property
    def cells(self) -> int:
        return self.width * self.height

    @property
    def is_geographic(self) -> bool:
        return self.crs.is_geographic

    @cached_property
    def key(self) -> str:
        """Stable identity: same CRS, transform (to 1e-9 of a cell) and size."""
        a, _, c, _, e, f = self.transform
        crs = self.crs.to_epsg() or self.crs.to_wkt()
        text = f"{crs}|{a:.12g}|{e:.12g}|{c / a:.9f}|{f / e:.9f}|{self.width}|{self.height}"
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def window_bounds(self, window: Window) -> tuple[float, float, float, float]:
        a, _, c, _, e, f = self.transform
        xmin = c + a * window.col_off
        ymax = f + e * window.row_off
        return (xmin, ymax + e * window.height, xmin + a * window.width, ymax)

    def windows(self, size: int) -> Iterator[Window]:
        """Windows of size x size cells covering the grid, row by row."""
        for row in range(0, self.height, size):
            for col in range(0, self.width, size):
                yield Window(col, row, min(size, self.width - col), min(size, self.height - row))

    def row_areas_ha(self) -> np.ndarray:
        """Area of one cell of each row, in hectares.

        Geographic grids: the exact area of the cell on the CRS's ellipsoid (a band between
        two parallels, cut by two meridians). Projected grids: the planar area |a·e|.
        """
        if not self.is_geographic:
            area_m2 = abs(self.transform[0] * self.transform[4]) * _linear_unit_m(self.crs) ** 2
            return np.full(self.height, area_m2 / M2_PER_HA)
        f, e = self.transform[5], self.transform[4]
        edges = f + e * np.arange(self.height + 1, dtype=np.float64)
        if edges.max() > 90.000001 or edges.min() < -90.000001:
            raise InvalidRaster("the grid extends beyond ±90° of latitude")
        edges = np.clip(edges, -90.0, 90.0)
        ellipsoid = self.crs.ellipsoid
        semi_major = ellipsoid.semi_major_metre
        inv_flat = ellipsoid.inverse_flattening
        unit = _angular_unit_rad(self.crs)
        band = ellipsoid_band_area_m2(edges[1:] * unit, edges[:-1] * unit, semi_major, inv_flat)
        return band * (self.transform[0] * unit) / (2 * math.pi) / M2_PER_HA


def ellipsoid_band_area_m2(lat1, lat2, semi_major: float, inverse_flattening: float):
    """Area (m²) of the zone of an ellipsoid between latitudes lat1 < lat2 (radians), all
    the way round. Uses q(φ), the authalic-latitude function: zone from the equator to φ
    has area π a² q(φ)."""
    lat1 = np.asarray(lat1, dtype=np.float64)
    lat2 = np.asarray(lat2, dtype=np.float64)
    if inverse_flattening == 0 or math.isinf(inverse_flattening):  # a sphere
        return 2 * math.pi * semi_major**2 * (np.sin(lat2) - np.sin(lat1))
    flattening = 1.0 / inverse_flattening
    e2 = flattening * (2 - flattening)
    ecc = math.sqrt(e2)

    def q(lat):
        s = np.sin(lat)
        return (1 - e2) * (s / (1 - e2 * s * s) - np.log((1 - ecc * s) / (1 + ecc * s)) / (2 * ecc))

    return math.pi * semi_major**2 * (q(lat2) - q(lat1))


def _angular_unit_rad(crs: CRS) -> float:
    for axis in crs.axis_info:
        if axis.unit_conversion_factor:
            return axis.unit_conversion_factor
    return math.pi / 180


def _linear_unit_m(crs: CRS) -> float:
    for axis in crs.axis_info:
        if axis.unit_conversion_factor:
            return axis.unit_conversion_factor
    return 1.0
