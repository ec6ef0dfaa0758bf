"""Reading region boundaries from any vector file GDAL reads (GeoJSON, GeoPackage,
Shapefile, zipped Shapefile...): every feature is read, reprojected to EPSG:4326, repaired
and checked before anything is stored. Raises ``InvalidVector`` naming the feature."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyproj
import shapely
from django.contrib.gis.gdal import CoordTransform, DataSource, GDALException, SpatialReference

from biomass.engine.errors import Text
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
        where = Text("feature %(index)s (code %(code)r)", index=str(index), code=code) if code else None
        if not code:
            raise InvalidVector(
                "feature %(index)s: the code field %(field)r is empty",
                params={"index": str(index), "field": fields.code},
            )
        if code in first_seen:
            raise InvalidVector(
                "duplicate code %(code)r: features %(first)s and %(second)s",
                params={"code": code, "first": str(first_seen[code]), "second": str(index)},
            )
        first_seen[code] = index
        name_es = text(feature, fields.name)
        if not name_es:
            raise InvalidVector(
                "%(where)s: the name field %(field)r is empty", params={"where": where, "field": fields.name}
            )
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
                "%(what)s field %(field)r not found; the layer has: %(names)s",
                params={"what": what, "field": name, "names": ", ".join(names) or "—"},
            )
        return name

    code = require(spec.code_field, "code")
    name_field = spec.name_field or next((f for f in NAME_FIELD_CANDIDATES if f in names), None)
    if name_field is None:
        raise InvalidVector(
            "no name field found (looked for %(candidates)s); pass --name-field; the layer has: %(names)s",
            params={"candidates": ", ".join(NAME_FIELD_CANDIDATES), "names": ", ".join(names)},
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
        raise InvalidVector("file not found: %(path)s", params={"path": str(path)})
    if not path.is_file():
        raise InvalidVector("not a file: %(path)s", params={"path": str(path)})
    name = str(path)
    if path.suffix.lower() == ".zip":
        name = f"/vsizip/{path.resolve()}"
    try:
        source = DataSource(name, encoding=encoding)
    except GDALException as exc:
        raise InvalidVector(
            "cannot read %(path)s as a vector file: %(reason)s",
            params={"path": str(path), "reason": str(exc)},
        ) from exc
    if source.layer_count == 0:
        raise InvalidVector("%(path)s has no vector layer", params={"path": str(path)})
    try:
        return source[layer]
    except (IndexError, KeyError, GDALException) as exc:
        names = ", ".join(lyr.name for lyr in source)
        raise InvalidVector(
            "layer %(layer)r not found in %(path)s; it has: %(names)s",
            params={"layer": layer, "path": str(path), "names": names},
        ) from exc


def _transform_to_wgs84(ogr_layer, srid: int | None) -> CoordTransform | None:
    target = SpatialReference(4326)
    if srid is not None:
        # Validated as a plain EPSG integer by pyproj before GDAL sees it.
        try:
            pyproj.CRS.from_epsg(int(srid))
        except (ValueError, pyproj.exceptions.CRSError) as exc:
            raise InvalidVector("unknown EPSG code %(code)s", params={"code": str(srid)}) from exc
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
        raise InvalidVector(
            "cannot transform the layer's coordinates to EPSG:4326: %(reason)s", params={"reason": str(exc)}
        ) from exc


def _feature_geometry(feature, transform: CoordTransform | None, where: Text) -> shapely.MultiPolygon:
    try:
        ogr_geom = feature.geom
    except GDALException:
        ogr_geom = None
    if ogr_geom is None:
        raise InvalidVector("%(where)s: the feature has no geometry", params={"where": where})
    if transform is not None:
        try:
            ogr_geom.transform(transform)
        except GDALException as exc:
            raise InvalidVector(
                "%(where)s: cannot reproject the geometry: %(reason)s",
                params={"where": where, "reason": str(exc)},
            ) from exc
    try:
        geom = shapely.from_wkb(bytes(ogr_geom.wkb))
    except shapely.errors.GEOSException as exc:
        raise InvalidVector(
            "%(where)s: unreadable geometry: %(reason)s", params={"where": where, "reason": str(exc)}
        ) from exc
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
    try:
        multipolygon = as_valid_multipolygon(geom)
    except InvalidGeometry as exc:
        raise InvalidVector(
            "%(where)s: %(problem)s", params={"where": where, "problem": Text(exc.template, **exc.params)}
        ) from exc
    minx, miny, maxx, maxy = multipolygon.bounds
    if minx < -180.0001 or maxx > 180.0001 or miny < -90.0001 or maxy > 90.0001:
        raise InvalidVector(
            "%(where)s: coordinates outside longitude/latitude range after reprojection",
            params={"where": where},
        )
    return multipolygon
