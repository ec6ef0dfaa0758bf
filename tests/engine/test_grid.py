"""Cell areas: exact on the ellipsoid for geographic grids, planar for projected ones."""

import math

import numpy as np
import pytest
import shapely

from biomass.engine.errors import InvalidRaster
from biomass.engine.geometry import geodesic_area_m2
from biomass.engine.grid import Grid, ellipsoid_band_area_m2

WGS84_WKT = 'GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],CS[ellipsoidal,2],AXIS["lat",north,ANGLEUNIT["degree",0.0174532925199433]],AXIS["lon",east,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4326]]'


def test_a_global_grid_sums_to_the_area_of_the_wgs84_ellipsoid():
    grid = Grid(WGS84_WKT, (1.0, 0.0, -180.0, 0.0, -1.0, 90.0), 360, 180)
    total_km2 = grid.row_areas_ha().sum() * grid.width / 100
    # Surface of the WGS84 ellipsoid: 510,065,621.7 km² (e.g. NGA/NIMA TR8350.2 derived value).
    assert total_km2 == pytest.approx(510_065_621.7, rel=1e-9)


def test_band_area_agrees_with_geodesic_polygons():
    # A 1° x 1° cell between 20°N and 21°N, computed two ways.
    band = ellipsoid_band_area_m2(math.radians(20), math.radians(21), 6378137.0, 298.257223563) / 360
    polygon = geodesic_area_m2(shapely.box(-100, 20, -99, 21))
    # The polygon's top and bottom edges are geodesics, not parallels: they differ by <0.01 %.
    assert band == pytest.approx(polygon, rel=1e-4)
    # On paper, on the sphere of the authalic radius R = 6371.007 km:
    # R² · (π/180) · (sin 21° − sin 20°) = 11,581 km²; the ellipsoid differs by well under 1 %.
    sphere = 6371.0072**2 * math.radians(1) * (math.sin(math.radians(21)) - math.sin(math.radians(20)))
    assert sphere == pytest.approx(11_581, abs=1)
    assert band / 1e6 == pytest.approx(sphere, rel=0.005)


def test_projected_cells_have_their_planar_area():
    grid = Grid(
        'PROJCRS["WGS 84 / UTM zone 14N",BASEGEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]]],CONVERSION["UTM zone 14N",METHOD["Transverse Mercator",ID["EPSG",9807]],PARAMETER["Latitude of natural origin",0],PARAMETER["Longitude of natural origin",-99],PARAMETER["Scale factor at natural origin",0.9996],PARAMETER["False easting",500000],PARAMETER["False northing",0]],CS[Cartesian,2],AXIS["easting",east,LENGTHUNIT["metre",1]],AXIS["northing",north,LENGTHUNIT["metre",1]],ID["EPSG",32614]]',
        (250.0, 0.0, 500000.0, 0.0, -250.0, 2200000.0),
        4,
        3,
    )
    assert np.allclose(grid.row_areas_ha(), 6.25)


def test_rotated_and_empty_grids_are_refused():
    with pytest.raises(InvalidRaster, match="rotated"):
        Grid(WGS84_WKT, (1.0, 0.1, 0.0, 0.0, -1.0, 0.0), 2, 2)
    with pytest.raises(InvalidRaster, match="empty"):
        Grid(WGS84_WKT, (1.0, 0.0, 0.0, 0.0, -1.0, 0.0), 0, 2)


def test_grid_identity():
    a = Grid(WGS84_WKT, (0.05, 0.0, -118.5, 0.0, -0.05, 33.0), 1010, 560)
    b = Grid(WGS84_WKT, (0.05, 0.0, -118.5, 0.0, -0.05, 33.0), 1010, 560)
    c = Grid(WGS84_WKT, (0.05, 0.0, -118.45, 0.0, -0.05, 33.0), 1010, 560)
    assert a.key == b.key != c.key
    windows = list(a.windows(512))
    assert len(windows) == 4 and sum(w.width * w.height for w in windows) == a.cells
