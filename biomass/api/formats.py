"""GeoPackage and GeoParquet downloads: a table of rows, one geometry each, written with
geopandas in memory (GDAL through pyogrio for GeoPackage, pyarrow for GeoParquet), in
EPSG:4326 with longitude first.

Columns keep their types (text, float64, nullable Int64); no data stays null (NaN in a float
column), never 0. Units are recorded where each format keeps them: in the GeoPackage, the
layer's description (gpkg_contents) and one ``<column>_unit`` item per column in the layer's
metadata (GDAL metadata, which ogrinfo lists); in the Parquet file, a ``units`` JSON object in
the key-value metadata beside GeoParquet's ``geo``, and a ``unit`` in each column's field
metadata."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
import shapely

from biomass.potentials.columns import COLUMNS, potential_row
from biomass.potentials.totals import FIELDS as TOTAL_NAMES
from biomass.potentials.totals import UNITS as TOTAL_UNITS

CRS = "EPSG:4326"
GEOPARQUET_VERSION = "1.0.0"
DTYPES = {str: "string", float: "float64", int: "Int64", bool: "boolean"}
GEOPACKAGE = "application/geopackage+sqlite3"
PARQUET = "application/vnd.apache.parquet"


@dataclass(frozen=True)
class Field:
    name: str
    kind: type  # str, float, int or bool
    unit: str = ""


POTENTIAL_FIELDS: tuple[Field, ...] = tuple(Field(c.name, c.kind, c.unit) for c in COLUMNS)
REGION_FIELDS: tuple[Field, ...] = (
    Field("code", str),
    Field("name", str),
    Field("name_es", str),
    Field("name_en", str),
    Field("level", str),
    Field("parent", str),
    Field("kind", str),
    Field("area_km2", float, "km²"),
    Field("source", str),
    Field("licence", str),
)
TOTAL_FIELDS: tuple[Field, ...] = tuple(
    Field(name, float, TOTAL_UNITS[name]) if name in TOTAL_UNITS else Field(name, str) for name in TOTAL_NAMES
)


@dataclass(frozen=True)
class GeoTable:
    """Rows (dicts with at least the fields' names), their geometries (GEOS, in EPSG:4326;
    None for a table without geometry) and what the file is called."""

    name: str
    fields: tuple[Field, ...]
    rows: list[dict]
    geometries: list | None

    @property
    def units(self) -> dict[str, str]:
        return {f.name: f.unit for f in self.fields if f.unit}

    @property
    def description(self) -> str:
        crs = "" if self.geometries is None else ", EPSG:4326"
        units = "; ".join(f"{name}: {unit}" for name, unit in self.units.items())
        return f"{self.name}{crs}. Units: {units}." if units else f"{self.name}{crs}."

    def frame(self) -> pd.DataFrame:
        """A GeoDataFrame, or a plain DataFrame for a table without geometry."""
        data = {
            f.name: pd.Series([row.get(f.name) for row in self.rows], dtype=DTYPES[f.kind])
            for f in self.fields
        }
        if self.geometries is None:
            return pd.DataFrame(data)
        shapes = [None if g is None else shapely.from_wkb(bytes(g.wkb)) for g in self.geometries]
        return geopandas.GeoDataFrame(data, geometry=geopandas.GeoSeries(shapes, crs=CRS), crs=CRS)


def potentials_table(potentials: Iterable, *, geometry: str) -> GeoTable:
    """Stored potentials as their CSV rows (``columns.potential_row``) with their region's
    ``geometry`` field (the full geometry where a simplified copy is missing)."""
    potentials = list(potentials)
    shapes = [getattr(p.region, geometry) or p.region.geom for p in potentials]
    return GeoTable("potentials", POTENTIAL_FIELDS, [potential_row(p) for p in potentials], shapes)


def regions_table(features: list[dict], regions: Iterable, *, geometry: str) -> GeoTable:
    """Regions: the properties of their GeoJSON features (the API's serializer, so the same
    names in the same language) with the stored ``geometry`` field (full where missing)."""
    shapes = [getattr(r, geometry) or r.geom for r in regions]
    return GeoTable("regions", REGION_FIELDS, [f["properties"] for f in features], shapes)


def totals_table(rows: list[dict]) -> GeoTable:
    """The regions' totals (``potentials.totals``): a table without geometry."""
    return GeoTable("totals", TOTAL_FIELDS, rows, None)


def to_geopackage(table: GeoTable) -> bytes:
    """The table as a GeoPackage with one layer named after it (written by GDAL in memory)."""
    out = io.BytesIO()
    pyogrio.write_dataframe(
        table.frame(),
        out,
        layer=table.name,
        driver="GPKG",
        dataset_options={"VERSION": "1.2"},  # GeoPackage 1.2: read without a warning by older GDALs
        geometry_type="MultiPolygon",
        promote_to_multi=True,
        layer_options={"DESCRIPTION": table.description},
        layer_metadata={f"{name}_unit": unit for name, unit in table.units.items()} or None,
    )
    return out.getvalue()


def to_geoparquet(table: GeoTable) -> bytes:
    """The table as GeoParquet (geopandas writes the ``geo`` metadata; a table without
    geometry is plain Parquet), with the units added to the file's key-value metadata and to
    each column's field metadata."""
    first = io.BytesIO()
    frame = table.frame()
    if isinstance(frame, geopandas.GeoDataFrame):
        frame.to_parquet(first, index=False, schema_version=GEOPARQUET_VERSION)
    else:
        frame.to_parquet(first, index=False)
    written = pq.read_table(io.BytesIO(first.getvalue()))
    units = table.units
    schema = pa.schema(
        [f.with_metadata({"unit": units[f.name]}) if f.name in units else f for f in written.schema],
        metadata={
            **written.schema.metadata,
            b"units": json.dumps(units, ensure_ascii=False).encode("utf-8"),
            b"description": table.description.encode("utf-8"),
        },
    )
    out = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(written.columns, schema=schema), out)
    return out.getvalue()
