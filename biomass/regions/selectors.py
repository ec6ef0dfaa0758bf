"""Reads for regions."""

from __future__ import annotations

import shapely
from django.contrib.gis.geos import GEOSGeometry

from biomass.errors import InvalidInput, NotFound
from biomass.languages import bilingual

from .models import Region

GEOMETRIES = ("geom", "geom_medium", "geom_coarse")


def regions_list(*, level: str | None = None, parent: str | None = None, code: str | None = None):
    """Regions by level and code, filtered; unknown codes are InvalidInput naming the filter."""
    regions = Region.objects.select_related("parent").order_by("level", "code")
    for field, value in (("parent", parent), ("code", code)):
        if value and not Region.objects.filter(code=value).exists():
            raise InvalidInput("unknown region code %(code)r", field=field, params={"code": value})
    if level:
        regions = regions.filter(level=level)
    if parent:
        regions = regions.filter(parent__code=parent)
    if code:
        regions = regions.filter(code=code)
    return regions


def countries_list():
    return Region.objects.filter(level=Region.Level.COUNTRY).defer(*GEOMETRIES).order_by("code")


def region_get(*, code: str, parameter: bool = False) -> Region:
    """The region with this code. Unknown: NotFound when the code names the object asked
    for (a path), InvalidInput when it is a parameter of something else."""
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        error = InvalidInput if parameter else NotFound
        raise error(f"unknown region code {code!r}", field="region")
    return region


def countries_touching(*, geometry) -> list[str]:
    """The codes of the countries a lon/lat geometry (shapely) touches, by code."""
    shape = GEOSGeometry(memoryview(shapely.to_wkb(geometry)), srid=4326)
    return list(countries_list().filter(geom__intersects=shape).values_list("code", flat=True))


def level_geometries(*, level: str) -> list[tuple[str, bytes]]:
    """(code, WKB) of every region of a level, by code: what the engine needs."""
    rows = Region.objects.filter(level=level).order_by("code").values_list("code", "geom")
    return [(code, bytes(geom.wkb)) for code, geom in rows]


def country_outlines() -> list:
    """The countries' simplified outlines (shapely), to check that a layer overlaps them."""
    rows = Region.objects.filter(level=Region.Level.COUNTRY).values_list("geom_coarse", flat=True)
    return [shapely.from_wkb(bytes(geom.wkb)) for geom in rows if geom is not None]


def region_outlines(*, codes=None, touching=None, detail: str = "geom_coarse") -> list[tuple]:
    """(code, name in the active language, lon/lat shapely geometry) of the regions with these
    codes, or of the first-level units a lon/lat geometry touches, by code. The simplified copy
    ``detail`` where there is one, else the full geometry."""
    regions = Region.objects.order_by("code")
    if codes is not None:
        regions = regions.filter(code__in=codes)
    if touching is not None:
        shape = GEOSGeometry(memoryview(shapely.to_wkb(touching)), srid=4326)
        regions = regions.filter(level=Region.Level.ADMIN1, geom__intersects=shape)
    rows = regions.values_list("code", "name_es", "name_en", detail)
    full = dict(regions.filter(**{f"{detail}__isnull": True}).values_list("code", "geom"))
    return [
        (code, bilingual(name_es, name_en), shapely.from_wkb(bytes((geom or full[code]).wkb)))
        for code, name_es, name_en, geom in rows
    ]
