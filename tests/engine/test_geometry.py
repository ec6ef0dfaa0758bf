"""Geometry helpers (geometry.py): GeoJSON in, repair, RFC 7946 winding, geodesic area,
simplification."""

import json
import math

import pytest
import shapely

from biomass.engine.errors import InvalidGeometry
from biomass.engine.geometry import (
    as_valid_multipolygon,
    check_lon_lat_span,
    geodesic_area_m2,
    lon_lat_area_m2,
    polygon_parts,
    shape_from_geojson,
    simplified,
)
from biomass.engine.grid import ellipsoid_band_area_m2

SQUARE = {"type": "Polygon", "coordinates": [[[-85, 10], [-84, 10], [-84, 11], [-85, 11], [-85, 10]]]}


@pytest.mark.parametrize(
    "value",
    [
        SQUARE,
        json.dumps(SQUARE),
        {"type": "Feature", "properties": {}, "geometry": SQUARE},
        {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": SQUARE}]},
    ],
)
def test_geojson_geometries_features_and_collections_of_one(value):
    assert shape_from_geojson(value).equals(shapely.box(-85, 10, -84, 11))


@pytest.mark.parametrize(
    "value, reason",
    [
        ("{not json", "not valid JSON"),
        ([1, 2], "GeoJSON object"),
        ({"type": "FeatureCollection", "features": []}, "exactly one"),
        ({"type": "Feature", "geometry": None}, "no geometry"),
        ({"type": "Point", "coordinates": [0, 0]}, "'Point'"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1], [1, 1], [0, 0]]]}, "not valid GeoJSON"),
        ({"type": "Polygon", "coordinates": 5}, "not valid GeoJSON"),
        ({"type": "Polygon", "coordinates": [[[-85, 10], [-84, 10], [-84, 11]]]}, "must be closed"),
        (
            {"type": "Polygon", "coordinates": [[[-85, 10], [-84, 10], [-84, 11], [-85, 11]]]},
            "must be closed",
        ),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "at least 4"),
        (
            {
                "type": "MultiPolygon",
                "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6]]]],
            },
            "closed",
        ),
    ],
)
def test_bad_geojson_is_refused_with_the_reason(value, reason):
    with pytest.raises(InvalidGeometry, match=reason) as refused:
        shape_from_geojson(value)
    assert refused.value.field == "geometry"


def test_a_bow_tie_is_repaired_into_two_triangles_with_right_hand_winding():
    bow_tie = shapely.Polygon([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])
    repaired = as_valid_multipolygon(bow_tie)
    assert repaired.is_valid and len(repaired.geoms) == 2
    assert repaired.area == pytest.approx(2.0)
    assert all(part.exterior.is_ccw for part in repaired.geoms)


def test_nothing_polygonal_is_refused():
    with pytest.raises(InvalidGeometry):
        as_valid_multipolygon(shapely.LineString([(0, 0), (1, 1)]))
    assert polygon_parts(shapely.GeometryCollection([shapely.Point(0, 0), shapely.box(0, 0, 1, 1)])) == [
        shapely.box(0, 0, 1, 1)
    ]


def test_geodesic_area_of_a_lon_lat_box_equals_the_ellipsoid_band_share():
    south, north, west, east = 10.0, 11.0, -85.0, -84.0
    band = ellipsoid_band_area_m2(math.radians(south), math.radians(north), 6378137.0, 298.257223563)
    # Edges densified every 0.001°: geodesics that close to parallels (undensified: 2e-5 off).
    box = shapely.segmentize(shapely.box(west, south, east, north), 0.001)
    assert geodesic_area_m2(box) == pytest.approx(band / 360, rel=1e-9)
    hole = shapely.Polygon(
        shapely.box(0, 0, 2, 2).exterior.coords, [shapely.box(0.5, 0.5, 1.5, 1.5).exterior.coords]
    )
    assert geodesic_area_m2(hole) == pytest.approx(
        geodesic_area_m2(shapely.box(0, 0, 2, 2)) - geodesic_area_m2(shapely.box(0.5, 0.5, 1.5, 1.5)),
        rel=1e-9,
    )


def test_simplified_copies_are_lighter_and_never_empty():
    circle = as_valid_multipolygon(shapely.Point(0, 0).buffer(1, quad_segs=256))
    light = simplified(circle, 0.005)
    assert shapely.get_num_coordinates(light) < shapely.get_num_coordinates(circle) / 4
    assert light.area == pytest.approx(circle.area, rel=0.01)
    tiny = as_valid_multipolygon(shapely.box(0, 0, 0.001, 0.001))
    kept = simplified(tiny, 1.0)  # a tolerance 1000 times its size: still a valid polygon
    assert kept.is_valid and kept.area > 0 and kept.within(tiny.buffer(1e-12))


# ------------------------------------------------------------------ the antimeridian (issue 14)
def test_a_ring_crossing_the_antimeridian_is_refused_naming_the_geometry():
    """[170, 10] → [-170, 10] is a 340°-wide band in lon/lat (the GeoJSON reading), whatever
    a geodesic would make of it: refused, with the reason."""
    ring = shapely.Polygon([(170, 10), (-170, 10), (-170, 20), (170, 20)])
    with pytest.raises(InvalidGeometry) as refused:
        check_lon_lat_span(ring)
    assert refused.value.field == "geometry" and "180°" in refused.value.message


def test_a_polygon_at_most_180_degrees_wide_is_accepted():
    check_lon_lat_span(shapely.box(-120, -10, 60, 10))  # exactly 180°: no error
    with pytest.raises(InvalidGeometry):
        check_lon_lat_span(shapely.box(-120, -10, 60.001, 10))


def test_the_area_follows_edges_straight_in_lon_lat():
    """A box 100° wide between 50°N and 60°N: its lon/lat area is 100/360 of the ellipsoid's
    zone (an independent closed form); read as geodesics, the edges at 60°N would bow towards
    the pole and the area would come out quite different."""
    box = shapely.box(-100, 50, 0, 60)
    zone = ellipsoid_band_area_m2(math.radians(50), math.radians(60), 6378137.0, 298.257223563)
    expected = float(zone) * 100 / 360
    assert lon_lat_area_m2(box) == pytest.approx(expected, rel=1e-4)
    assert abs(geodesic_area_m2(box) - expected) > 0.05 * expected  # why the edges are cut
