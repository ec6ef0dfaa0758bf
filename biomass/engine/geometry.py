"""Geometry helpers: repair, polygon extraction, geodesic area, simplification."""

from __future__ import annotations

import json

import shapely
import shapely.geometry
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from .errors import InvalidGeometry

WGS84 = Geod(ellps="WGS84")
M2_PER_KM2 = 1e6
M2_PER_HA = 1e4


def polygon_parts(geom: BaseGeometry) -> list[Polygon]:
    """The non-empty polygons inside any geometry (collections are searched)."""
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return [p for p in geom.geoms if not p.is_empty]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in polygon_parts(g)]
    return []


def as_valid_multipolygon(geom: BaseGeometry) -> MultiPolygon:
    """Repair ``geom`` (OGC validity, GEOS make_valid 'structure' method) and return its
    polygonal part as a MultiPolygon. Raises InvalidGeometry when nothing polygonal is left.
    """
    if geom is None or geom.is_empty:
        raise InvalidGeometry("the geometry is empty")
    if not polygon_parts(geom):
        raise InvalidGeometry("the geometry is a %(kind)s, not a polygon", params={"kind": geom.geom_type})
    if not geom.is_valid:
        geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    parts = polygon_parts(geom)
    if not parts:
        raise InvalidGeometry("the geometry has no area after repair")
    result = MultiPolygon(parts)
    if not result.is_valid:  # parts of a collection may overlap: dissolve them
        result = MultiPolygon(polygon_parts(shapely.union_all(parts)))
    return right_hand(result)


def right_hand(geom: MultiPolygon) -> MultiPolygon:
    """RFC 7946 winding: exterior rings counterclockwise, holes clockwise."""
    return MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])


def geodesic_area_m2(geom: BaseGeometry) -> float:
    """Area on the WGS84 ellipsoid of a lon/lat geometry, in m² (holes subtracted)."""
    total = 0.0
    for part in polygon_parts(geom):
        area, _ = WGS84.geometry_area_perimeter(orient(part, sign=1.0))
        total += area
    return abs(total)


def check_lon_lat_span(geom: BaseGeometry) -> None:
    """Refuse a polygon whose longitude extent is over 180° — which includes every polygon
    with two consecutive vertices more than 180° apart in longitude. GeoJSON edges are
    straight in lon/lat (RFC 7946 §3.1.1), so a ring such as [170, 10] → [-170, 10] is a band
    around nearly the whole globe, not a short hop across the antimeridian (a ring meant to
    cross it must be cut there, §3.1.9); the regions this platform covers never need one."""
    minx, _, maxx, _ = geom.bounds
    if maxx - minx > 180:
        raise InvalidGeometry(
            "the polygon spans %(span)s° of longitude, over 180°: its edges are straight "
            "in lon/lat (GeoJSON), so an edge from 170° to -170° goes the long way round; cut a "
            "polygon that crosses the antimeridian there",
            params={"span": float(f"{maxx - minx:.6g}")},
        )


def lon_lat_area_m2(geom: BaseGeometry, *, step_degrees: float = 0.1) -> float:
    """Area on the WGS84 ellipsoid of a lon/lat polygon whose edges are straight in lon/lat
    (the GeoJSON reading, the one the rasters are summed with), in m²: each edge is cut into
    steps of at most ``step_degrees`` so the geodesic between two steps follows it closely."""
    return geodesic_area_m2(shapely.segmentize(geom, step_degrees))


def simplified(geom: MultiPolygon, tolerance: float) -> MultiPolygon:
    """A lighter copy for drawing at low zoom. Keeps every part that survives
    simplification, and the original when simplification would erase it all."""
    simple = shapely.simplify(geom, tolerance, preserve_topology=True)
    parts = polygon_parts(simple)
    if not parts:
        return geom
    result = MultiPolygon(parts)
    return right_hand(result) if result.is_valid else as_valid_multipolygon(result)


def shape_from_geojson(value) -> BaseGeometry:
    """A polygonal shapely geometry from GeoJSON (a dict or its text): a Polygon or
    MultiPolygon geometry, a Feature of one, or a FeatureCollection of exactly one."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise InvalidGeometry("the geometry is not valid JSON") from None
    if not isinstance(value, dict):
        raise InvalidGeometry("the geometry must be a GeoJSON object")
    if value.get("type") == "FeatureCollection":
        features = value.get("features") or []
        if len(features) != 1:
            raise InvalidGeometry("a FeatureCollection must hold exactly one polygon feature")
        value = features[0]
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict):
        raise InvalidGeometry("the feature has no geometry")
    if value.get("type") not in ("Polygon", "MultiPolygon"):
        raise InvalidGeometry(
            "expected a Polygon or MultiPolygon (or a Feature or FeatureCollection of one), got %(kind)r",
            params={"kind": str(value.get("type"))[:40]},
        )
    try:
        _check_rings_closed(value)
        return shapely.geometry.shape(value)
    except InvalidGeometry:
        raise
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, shapely.errors.GEOSException) as exc:
        raise InvalidGeometry(
            "the geometry is not valid GeoJSON: %(reason)s", params={"reason": str(exc)}
        ) from None


def _check_rings_closed(value: dict) -> None:
    """RFC 7946 §3.1.6: a ring's last position repeats its first. Shapely would close an open
    ring silently (three corners of a square become a triangle): refuse it instead."""
    polygons = [value["coordinates"]] if value["type"] == "Polygon" else value["coordinates"]
    for rings in polygons:
        for ring in rings:
            if len(ring) < 4 or list(ring[0]) != list(ring[-1]):
                raise InvalidGeometry(
                    "every ring of a polygon must be closed, its last position repeating its "
                    "first, with at least 4 positions (RFC 7946)"
                )
