"""Writes for the analysis room: the candidate plant sites (towns)."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.gis.geos import Point
from django.db import transaction

from biomass.caching import publishes
from biomass.errors import InvalidInput

from .models import Site


@publishes
def sites_import(*, path: str | Path) -> int:
    """Create or update candidate sites (towns) from a GeoJSON file of points, by GeoNames id.
    Every feature is checked first; a bad file changes nothing."""
    try:
        features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(
            "cannot read the sites file %(path)s: %(reason)s", params={"path": str(path), "reason": str(exc)}
        ) from exc
    rows = [_site(i, feature) for i, feature in enumerate(features, start=1)]
    with transaction.atomic():
        for geonameid, values in rows:
            Site.objects.update_or_create(geonameid=geonameid, defaults=values)
    return len(rows)


def _site(i: int, feature: dict) -> tuple[int, dict]:
    props, geometry = feature.get("properties") or {}, feature.get("geometry") or {}
    if geometry.get("type") != "Point" or not all(k in props for k in ("geonameid", "name", "population")):
        raise InvalidInput(
            "feature %(index)s: a Point with geonameid, name and population is needed",
            params={"index": str(i)},
        )
    lon, lat = geometry["coordinates"][:2]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidInput("feature %(index)s: coordinates out of range", params={"index": str(i)})
    return int(props["geonameid"]), {
        "name": props["name"],
        "country": props.get("country", ""),
        "population": int(props["population"]),
        "point": Point(lon, lat, srid=4326),
        "source": props.get("source", ""),
        "licence": props.get("licence", ""),
    }
