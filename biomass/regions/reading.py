"""Reading region boundaries from any vector file GDAL reads (GeoJSON, GeoPackage,
Shapefile, zipped Shapefile...): every feature is read, reprojected to EPSG:4326, repaired
and checked before anything is stored. Raises ``InvalidVector`` naming the feature."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyproj
import shapely
from django.contrib.gis.gdal import CoordTransform, DataSource, GDALException, SpatialReference

from biomass.engine.geometry import as_valid_multipolygon
from biomass.errors import InvalidGeometry, InvalidVector

NAME_FIELD_CANDIDATES = ("name_es", "name", "NAME_ES", "NAME")
NAME_EN_FIELD_CANDIDATES = ("name_en", "NAME_EN")


@dataclass(frozen=True)
class RegionFile:
    """Where the regions are and how to read them: which fields hold the code, the names and
    the parent's code; the layer, encoding and EPSG code (for files without one); the source
    and licence to record (default: the file's own ``source`` and ``licence`` fields)."""

    path: str | Path
    code_field: str = "code"
    name_field: str | None = None
    name_en_field: str | None = None
    parent_field: str | None = None
    layer: str | int = 0
    encoding: str = "utf-8"
    srid: int | None = None
    source: str | None = None
    licence: str | None = None


@dataclass(frozen=True)
class RegionRecord:
    """One region read from a file, validated and ready to store."""

    code: str
    name_es: str
    name_en: str
    parent_code: str
    kind: str
    hasc: str
    source: str
    licence: str
    geom: shapely.MultiPolygon


@dataclass(frozen=True)
class _Fields:
    code: str
    name: str
    name_en: str
    parent: str | None


def read_region_file(spec: RegionFile) -> list[RegionRecord]:
    """Read and validate every feature of a vector layer."""
    ogr_layer = _open_layer(Path(spec.path), spec.layer, spec.encoding)
    if len(ogr_layer) == 0:
        raise InvalidVector("the layer is empty: it has no features")
    names = list(ogr_layer.fields)
    fields = _fields(spec, names)
    transform = _transform_to_wgs84(ogr_layer, spec.srid)

    def text(feature, name: str | None) -> str:
        if not name or name not in names:
            return ""
        value = feature.get(name)
        return "" if value is None else str(value).strip()

    records: list[RegionRecord] = []
    first_seen: dict[str, int] = {}
    for index, feature in enumerate(ogr_layer, start=1):
        code = text(feature, fields.code)
        where = f"feature {index}" + (f" (code {code!r})" if code else "")
        if not code:
            raise InvalidVector(f"{where}: the code field {fields.code!r} is empty")
        if code in first_seen:
            raise InvalidVector(f"duplicate code {code!r}: features {first_seen[code]} and {index}")
        first_seen[code] = index
        name_es = text(feature, fields.name)
        if not name_es:
            raise InvalidVector(f"{where}: the name field {fields.name!r} is empty")
        records.append(
            RegionRecord(
                code=code,
                name_es=name_es,
                name_en=text(feature, fields.name_en) or name_es,
                parent_code=text(feature, fields.parent),
                kind=text(feature, "kind"),
                hasc=text(feature, "hasc"),
                source=spec.source if spec.source is not None else text(feature, "source"),
                licence=spec.licence if spec.licence is not None else text(feature, "licence"),
                geom=_feature_geometry(feature, transform, where),
            )
        )
    return records


def _fields(spec: RegionFile, names: list[str]) -> _Fields:
    """The fields to read, defaults resolved, each checked to exist in the layer."""

    def require(name: str, what: str) -> str:
        if name not in names:
            raise InvalidVector(
                f"{what} field {name!r} not found; the layer has: {', '.join(names) or 'no fields'}"
            )
        return name

    code = require(spec.code_field, "code")
    name_field = spec.name_field or next((f for f in NAME_FIELD_CANDIDATES if f in names), None)
    if name_field is None:
        raise InvalidVector(
            "no name field found (looked for "
            f"{', '.join(NAME_FIELD_CANDIDATES)}); pass --name-field; the layer has: {', '.join(names)}"
        )
    name_en = spec.name_en_field or next((f for f in NAME_EN_FIELD_CANDIDATES if f in names), name_field)
    parent = spec.parent_field or ("parent" if "parent" in names else None)
    return _Fields(
        code=code,
        name=require(name_field, "name"),
        name_en=require(name_en, "English name"),
        parent=require(parent, "parent") if parent is not None else None,
    )


def _open_layer(path: Path, layer: str | int, encoding: str):
    if not path.exists():
        raise InvalidVector(f"file not found: {path}")
    if not path.is_file():
        raise InvalidVector(f"not a file: {path}")
    name = str(path)
    if path.suffix.lower() == ".zip":
        name = f"/vsizip/{path.resolve()}"
    try:
        source = DataSource(name, encoding=encoding)
    except GDALException as exc:
        raise InvalidVector(f"cannot read {path} as a vector file: {exc}") from exc
    if source.layer_count == 0:
        raise InvalidVector(f"{path} has no vector layer")
    try:
        return source[layer]
    except (IndexError, KeyError, GDALException) as exc:
        names = ", ".join(lyr.name for lyr in source)
        raise InvalidVector(f"layer {layer!r} not found in {path}; it has: {names}") from exc


def _transform_to_wgs84(ogr_layer, srid: int | None) -> CoordTransform | None:
    target = SpatialReference(4326)
    if srid is not None:
        # Validated as a plain EPSG integer by pyproj before GDAL sees it.
        try:
            pyproj.CRS.from_epsg(int(srid))
        except (ValueError, pyproj.exceptions.CRSError) as exc:
            raise InvalidVector(f"unknown EPSG code {srid!r}") from exc
        source_srs = SpatialReference(int(srid))
    else:
        source_srs = ogr_layer.srs
        if source_srs is None:
            raise InvalidVector("the layer has no coordinate reference system; pass --srid")
    try:
        if source_srs.srid == 4326:
            return None
        return CoordTransform(source_srs, target)
    except GDALException as exc:
        raise InvalidVector(f"cannot transform the layer's coordinates to EPSG:4326: {exc}") from exc


def _feature_geometry(feature, transform: CoordTransform | None, where: str) -> shapely.MultiPolygon:
    try:
        ogr_geom = feature.geom
    except GDALException:
        ogr_geom = None
    if ogr_geom is None:
        raise InvalidVector(f"{where}: the feature has no geometry")
    if transform is not None:
        try:
            ogr_geom.transform(transform)
        except GDALException as exc:
            raise InvalidVector(f"{where}: cannot reproject the geometry: {exc}") from exc
    try:
        geom = shapely.from_wkb(bytes(ogr_geom.wkb))
    except shapely.errors.GEOSException as exc:
        raise InvalidVector(f"{where}: unreadable geometry: {exc}") from exc
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
    try:
        multipolygon = as_valid_multipolygon(geom)
    except InvalidGeometry as exc:
        raise InvalidVector(f"{where}: {exc.message}") from exc
    minx, miny, maxx, maxy = multipolygon.bounds
    if minx < -180.0001 or maxx > 180.0001 or miny < -90.0001 or maxy > 90.0001:
        raise InvalidVector(f"{where}: coordinates outside longitude/latitude range after reprojection")
    return multipolygon
