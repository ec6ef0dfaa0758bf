"""Helpers for the tests that upload layers: a constant GeoTIFF over central Costa Rica (in
memory), the API's upload form, and the stored technical potential of a region."""

import io

import numpy as np
from rasterio.io import MemoryFile
from rasterio.transform import from_origin

from biomass.potentials.models import Potential

N = 120  # 0.01° cells over central Costa Rica (lon -84.5 .. -83.3, lat 9.5 .. 10.7)


def geotiff(value=2.0, *, crs="EPSG:4326", dtype="float32", nodata=-9999.0, shape=(N, N)) -> bytes:
    data = np.full(shape, value, dtype=dtype)
    with MemoryFile() as memfile:
        with memfile.open(
            driver="GTiff",
            width=shape[1],
            height=shape[0],
            count=1,
            dtype=dtype,
            crs=crs,
            transform=from_origin(-84.5, 10.7, 0.01, 0.01),
            nodata=nodata,
        ) as ds:
            ds.write(data, 1)
        return memfile.read()


def as_file(content: bytes, name="layer.tif"):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def upload(client, content, **fields):
    """POST the form; ``HTTP_…`` keywords are request headers (HTTP_ACCEPT_LANGUAGE="es-MX")."""
    headers = {k: fields.pop(k) for k in list(fields) if k.startswith("HTTP_")}
    data = {
        "file": as_file(content),
        "name": "Mixed crop residues 2020",
        "quantity": "density",
        "resource": "crop-residues-mixed",
        "year": 2020,
        "source": "test upload",
        "licence": "CC0",
        **fields,
    }
    return client.post("/api/layers/", data, **headers)


def technical(code="CR-C", resource="crop-residues-mixed", scenario="central"):
    return Potential.objects.get(region__code=code, resource__slug=resource, scenario__slug=scenario)
