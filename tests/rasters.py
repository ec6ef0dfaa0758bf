"""Helpers for the tests of hostile rasters: GeoTIFFs whose GDAL metadata names another file
(external overviews), a sentinel GeoTIFF with values no test layer has, and an HTTP server on
loopback that records every request it receives."""

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

SENTINEL = 777.0  # the sentinel's cells: no uploaded test layer holds this value


def write_geotiff(path, value=1.5, *, shape=(64, 64), dtype="float32", nodata=None, **options) -> Path:
    """A GeoTIFF over central Costa Rica (0.01° cells) filled with ``value``."""
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=shape[1],
        height=shape[0],
        count=1,
        dtype=dtype,
        crs="EPSG:4326",
        transform=from_origin(-84.5, 10.7, 0.01, 0.01),
        nodata=nodata,
        **options,
    ) as ds:
        ds.write(np.full(shape, value, dtype=dtype), 1)
    return Path(path)


def with_metadata(path, *, ns: str | None = "OVERVIEWS", **items) -> Path:
    """Add items to a GeoTIFF's GDAL metadata (its GDAL_METADATA TIFF tag) in domain ``ns``."""
    with rasterio.open(path, "r+") as ds:
        ds.update_tags(ns=ns, **items) if ns else ds.update_tags(**items)
    return Path(path)


def naive_small_read(path) -> np.ndarray:
    """What plain rasterio (GDAL) reads at a reduced resolution: it follows OVERVIEW_FILE."""
    with rasterio.Env(GDAL_DISABLE_READDIR_ON_OPEN="EMPTY_DIR"), rasterio.open(path) as ds:
        return ds.read(1, out_shape=(16, 16))


class _Recorder(BaseHTTPRequestHandler):
    def _record(self):
        self.server.requests.append((self.command, self.path))
        self.send_response(404)
        self.end_headers()

    do_GET = do_HEAD = _record

    def log_message(self, *args):
        pass


@contextmanager
def loopback_server(port: int):
    """An HTTP server on 127.0.0.1:``port`` whose ``requests`` lists what it received."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _Recorder)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
