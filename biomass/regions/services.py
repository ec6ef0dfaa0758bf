"""Writes for regions: importing boundaries, and editing one region. Both keep the derived
fields (geodesic area, simplified copies) in step with the geometry, and recompute the
stored potentials when a geometry changes."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import shapely
from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction

from biomass.caching import publishes
from biomass.engine.geometry import M2_PER_KM2, as_valid_multipolygon, geodesic_area_m2, simplified
from biomass.errors import InvalidGeometry, InvalidVector
from biomass.potentials.services import potentials_compute
from biomass.potentials.tasks import recompute_on_commit
from biomass.statistics.processing import statistics_reallocate
from biomass.statistics.tasks import reallocate_on_commit

from .models import Region
from .reading import RegionFile, RegionRecord, read_region_file

logger = logging.getLogger(__name__)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        return (
            f"{self.total} regions read: {len(self.created)} created, "
            f"{len(self.updated)} updated, {len(self.unchanged)} unchanged"
        )


@publishes
def regions_import(*, spec: RegionFile, level: str) -> ImportReport:
    """Import (create or update by code) the regions of one vector layer.

    All features are read and validated before anything is written, and the writes run
    in one transaction: a bad file changes nothing. Re-running with the same file changes
    nothing (idempotent). Regions absent from the file are left alone. When regions were
    created or changed, the served production statistics are spread over them again and
    the stored potentials are recomputed before this returns.
    """
    if level not in Region.Level.values:
        raise InvalidVector(
            "unknown level %(level)r; choose one of %(levels)s",
            params={"level": level, "levels": ", ".join(Region.Level.values)},
        )
    records = read_region_file(spec)
    with transaction.atomic():
        report = _store(records, level=level)
    if report.changed:
        statistics_reallocate()
        potentials_compute()
    return report


@publishes
def region_save(*, region: Region, changed: list[str]) -> Region:
    """Save a region edited by staff. A new geometry is repaired, its area and simplified
    copies are derived again, and the statistics are spread again and the potentials
    recomputed once the edit commits."""
    geometry_changed = region.pk is None or "geom" in changed
    with transaction.atomic():
        if geometry_changed:
            for name, value in geometry_fields(checked_geometry(region.geom)).items():
                setattr(region, name, value)
        region.save()
        if geometry_changed:
            reallocate_on_commit()
            recompute_on_commit()
    return region


def checked_geometry(geom: GEOSGeometry) -> shapely.MultiPolygon:
    """A stored or edited geometry as a valid lon/lat MultiPolygon (repaired), or
    InvalidGeometry with the reason."""
    if geom is None:
        raise InvalidGeometry("the region needs a geometry", field="geom")
    if geom.srid not in (None, 4326):
        geom = geom.transform(4326, clone=True)
    multipolygon = as_valid_multipolygon(shapely.from_wkb(bytes(geom.wkb)))
    minx, miny, maxx, maxy = multipolygon.bounds
    if minx < -180.0001 or maxx > 180.0001 or miny < -90.0001 or maxy > 90.0001:
        raise InvalidGeometry("coordinates outside the longitude/latitude range", field="geom")
    return multipolygon


def geometry_fields(geom: shapely.MultiPolygon) -> dict:
    """The stored geometry, its simplified copies and its geodesic area."""

    def to_geos(g: shapely.MultiPolygon) -> GEOSGeometry:
        return GEOSGeometry(memoryview(shapely.to_wkb(g)), srid=4326)

    return {
        "geom": to_geos(geom),
        "geom_medium": to_geos(simplified(geom, Region.MEDIUM_TOLERANCE)),
        "geom_coarse": to_geos(simplified(geom, Region.COARSE_TOLERANCE)),
        "area_km2": geodesic_area_m2(geom) / M2_PER_KM2,
    }


def _store(records: list[RegionRecord], *, level: str) -> ImportReport:
    codes = [r.code for r in records]
    existing = {r.code: r for r in Region.objects.filter(code__in=codes).select_related("parent")}
    _check_links(records, existing, level=level)
    report = ImportReport()
    # Regions without a parent first, so that parents in the same file exist when needed.
    for record in sorted(records, key=lambda r: bool(r.parent_code)):
        outcome = _store_one(record, existing.get(record.code), level=level)
        getattr(report, outcome).append(record.code)
    logger.debug("import_regions (%s): %s", level, report.summary())
    return report


def _check_links(records: list[RegionRecord], existing: dict[str, Region], *, level: str) -> None:
    """Codes stay at their level; every parent is known (stored, or in the same file)."""
    codes = [r.code for r in records]
    for record in records:
        current = existing.get(record.code)
        if current is not None and current.level != level:
            raise InvalidVector(
                "code %(code)r already exists at level %(current)r; refusing to move it to level %(level)r",
                params={"code": record.code, "current": current.level, "level": level},
            )
    parent_codes = {r.parent_code for r in records if r.parent_code}
    known_parents = set(Region.objects.filter(code__in=parent_codes).values_list("code", flat=True))
    known_parents |= set(codes)
    for record in records:
        if record.parent_code and record.parent_code not in known_parents:
            raise InvalidVector(
                "code %(code)r: unknown parent code %(parent)r (not in the database and not in this file); "
                "import the parent level first",
                params={"code": record.code, "parent": record.parent_code},
            )
        if record.parent_code == record.code:
            raise InvalidVector("code %(code)r names itself as its parent", params={"code": record.code})


def _store_one(record: RegionRecord, current: Region | None, *, level: str) -> str:
    """Create or update one region: "created", "updated" or "unchanged"."""
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
    if current is None:
        Region(code=record.code, **values, **geometry_fields(record.geom)).save()
        return "created"
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    geometry_changed = not shapely.equals_exact(
        shapely.from_wkb(bytes(current.geom.wkb)), record.geom, tolerance=0.0
    )
    if not changed and not geometry_changed:
        return "unchanged"
    for name in changed:
        setattr(current, name, values[name])
    if geometry_changed:
        for name, value in geometry_fields(record.geom).items():
            setattr(current, name, value)
    current.save()
    return "updated"
