"""Writes for regions: importing boundaries from any vector file GDAL reads."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pyproj
import shapely
from django.contrib.gis.gdal import CoordTransform, DataSource, GDALException, SpatialReference
from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction

from biomass.engine.geometry import M2_PER_KM2, as_valid_multipolygon, geodesic_area_m2, simplified
from biomass.errors import InvalidGeometry, InvalidVector

from .models import Region

logger = logging.getLogger(__name__)

NAME_FIELD_CANDIDATES = ("name_es", "name", "NAME_ES", "NAME")
NAME_EN_FIELD_CANDIDATES = ("name_en", "NAME_EN")


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


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)

    def summary(self) -> str:
        return (
            f"{self.total} regions read: {len(self.created)} created, "
            f"{len(self.updated)} updated, {len(self.unchanged)} unchanged"
        )


def regions_import(
    *,
    path: str | Path,
    level: str,
    code_field: str = "code",
    name_field: str | None = None,
    name_en_field: str | None = None,
    parent_field: str | None = None,
    layer: str | int = 0,
    encoding: str = "utf-8",
    srid: int | None = None,
    source: str | None = None,
    licence: str | None = None,
) -> ImportReport:
    """Import (create or update by code) the regions of one vector layer.

    All features are read and validated before anything is written, and the writes run
    in one transaction: a bad file changes nothing. Re-running with the same file changes
    nothing (idempotent). Regions absent from the file are left alone.
    """
    if level not in Region.Level.values:
        raise InvalidVector(f"unknown level {level!r}; choose one of {', '.join(Region.Level.values)}")
    records = read_region_file(
        path=path,
        code_field=code_field,
        name_field=name_field,
        name_en_field=name_en_field,
        parent_field=parent_field,
        layer=layer,
        encoding=encoding,
        srid=srid,
        source=source,
        licence=licence,
    )
    with transaction.atomic():
        return _store(records, level=level)


def read_region_file(
    *,
    path: str | Path,
    code_field: str = "code",
    name_field: str | None = None,
    name_en_field: str | None = None,
    parent_field: str | None = None,
    layer: str | int = 0,
    encoding: str = "utf-8",
    srid: int | None = None,
    source: str | None = None,
    licence: str | None = None,
) -> list[RegionRecord]:
    """Read and validate every feature of a vector layer. Raises InvalidVector."""
    ogr_layer = _open_layer(Path(path), layer, encoding)
    if len(ogr_layer) == 0:
        raise InvalidVector("the layer is empty: it has no features")
    fields = list(ogr_layer.fields)

    def require(name: str, what: str) -> str:
        if name not in fields:
            raise InvalidVector(
                f"{what} field {name!r} not found; the layer has: {', '.join(fields) or 'no fields'}"
            )
        return name

    require(code_field, "code")
    if name_field is None:
        name_field = next((f for f in NAME_FIELD_CANDIDATES if f in fields), None)
        if name_field is None:
            raise InvalidVector(
                "no name field found (looked for "
                f"{', '.join(NAME_FIELD_CANDIDATES)}); pass --name-field; the layer has: {', '.join(fields)}"
            )
    require(name_field, "name")
    if name_en_field is None:
        name_en_field = next((f for f in NAME_EN_FIELD_CANDIDATES if f in fields), name_field)
    require(name_en_field, "English name")
    if parent_field is None and "parent" in fields:
        parent_field = "parent"
    if parent_field is not None:
        require(parent_field, "parent")

    transform = _transform_to_wgs84(ogr_layer, srid)

    def text(feature, name: str | None) -> str:
        if not name or name not in fields:
            return ""
        value = feature.get(name)
        return "" if value is None else str(value).strip()

    records: list[RegionRecord] = []
    first_seen: dict[str, int] = {}
    for index, feature in enumerate(ogr_layer, start=1):
        code = text(feature, code_field)
        where = f"feature {index}" + (f" (code {code!r})" if code else "")
        if not code:
            raise InvalidVector(f"{where}: the code field {code_field!r} is empty")
        if code in first_seen:
            raise InvalidVector(f"duplicate code {code!r}: features {first_seen[code]} and {index}")
        first_seen[code] = index
        name_es = text(feature, name_field)
        if not name_es:
            raise InvalidVector(f"{where}: the name field {name_field!r} is empty")
        geom = _feature_geometry(feature, transform, where)
        records.append(
            RegionRecord(
                code=code,
                name_es=name_es,
                name_en=text(feature, name_en_field) or name_es,
                parent_code=text(feature, parent_field),
                kind=text(feature, "kind"),
                hasc=text(feature, "hasc"),
                source=source if source is not None else text(feature, "source"),
                licence=licence if licence is not None else text(feature, "licence"),
                geom=geom,
            )
        )
    return records


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


def _store(records: list[RegionRecord], *, level: str) -> ImportReport:
    codes = [r.code for r in records]
    existing = {r.code: r for r in Region.objects.filter(code__in=codes).select_related("parent")}
    for record in records:
        current = existing.get(record.code)
        if current is not None and current.level != level:
            raise InvalidVector(
                f"code {record.code!r} already exists at level {current.level!r}; "
                f"refusing to move it to level {level!r}"
            )
    parent_codes = {r.parent_code for r in records if r.parent_code}
    known_parents = set(Region.objects.filter(code__in=parent_codes).values_list("code", flat=True))
    known_parents |= set(codes)
    for record in records:
        if record.parent_code and record.parent_code not in known_parents:
            raise InvalidVector(
                f"code {record.code!r}: unknown parent code {record.parent_code!r} "
                "(not in the database and not in this file); import the parent level first"
            )
        if record.parent_code == record.code:
            raise InvalidVector(f"code {record.code!r} names itself as its parent")

    report = ImportReport()
    # Regions without a parent first, so that parents in the same file exist when needed.
    for record in sorted(records, key=lambda r: bool(r.parent_code)):
        parent = Region.objects.get(code=record.parent_code) if record.parent_code else None
        values = {
            "level": level,
            "name_es": record.name_es,
            "name_en": record.name_en,
            "kind": record.kind,
            "hasc": record.hasc,
            "parent": parent,
            "source": record.source,
            "licence": record.licence,
        }
        current = existing.get(record.code)
        if current is None:
            region = Region(code=record.code, **values, **_geometry_fields(record.geom))
            region.save()
            report.created.append(record.code)
            continue
        changed = [name for name, value in values.items() if getattr(current, name) != value]
        geometry_changed = not shapely.equals_exact(
            shapely.from_wkb(bytes(current.geom.wkb)), record.geom, tolerance=0.0
        )
        if not changed and not geometry_changed:
            report.unchanged.append(record.code)
            continue
        for name in changed:
            setattr(current, name, values[name])
        if geometry_changed:
            for name, value in _geometry_fields(record.geom).items():
                setattr(current, name, value)
        current.save()
        report.updated.append(record.code)
    logger.debug("import_regions (%s): %s", level, report.summary())
    return report


def _geometry_fields(geom: shapely.MultiPolygon) -> dict:
    def to_geos(g: shapely.MultiPolygon) -> GEOSGeometry:
        return GEOSGeometry(memoryview(shapely.to_wkb(g)), srid=4326)

    return {
        "geom": to_geos(geom),
        "geom_medium": to_geos(simplified(geom, Region.MEDIUM_TOLERANCE)),
        "geom_coarse": to_geos(simplified(geom, Region.COARSE_TOLERANCE)),
        "area_km2": geodesic_area_m2(geom) / M2_PER_KM2,
    }
