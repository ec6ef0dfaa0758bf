"""What a raster file may make GDAL do: read its own bytes and nothing else.

A GeoTIFF can name other files for GDAL to open: its ``GDAL_METADATA`` tag (42112) may hold
``OVERVIEW_FILE`` (any path, or a ``/vsicurl/`` URL, opened at the first reduced-resolution
read), geolocation arrays or RPC items. So the file's tags are read here, in Python, before
GDAL opens it (``check_tiff_tags``), and the opened dataset is checked again before any read
(``open_checked``), under GDAL options that allow no network access and no sidecar files.
Reads are in bounded windows: a file whose blocks (a strip can be the whole image) are too
large to decode in bounded memory is refused (``check_block_size``)."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import rasterio
from rasterio.enums import Interleaving

from .errors import InvalidRaster, Text

GEOTIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
# What a file is, by its first bytes: a piece of the refusal, translated with it (Text).
KNOWN_MAGIC = {
    b"<VRTDataset": Text("a GDAL VRT"),
    b"<?xml": Text("an XML file (a VRT?)"),
    b"\x89HDF": Text("an HDF5/netCDF-4 file"),
    b"CDF\x01": Text("a netCDF file"),
    b"CDF\x02": Text("a netCDF file"),
    b"\x0e\x03\x13\x01": Text("an HDF4 file"),
    b"\x89PNG": Text("a PNG image"),
    b"PK\x03\x04": Text("a ZIP archive"),
    b"\xff\xd8\xff": Text("a JPEG image"),
    b"GIF8": Text("a GIF image"),
    b"%PDF": Text("a PDF document"),
}
# GDAL looks at no file next to the one it opens (sidecars could redirect it), writes none
# (.aux.xml), keeps a bounded block cache and opens no URL (/vsicurl/ only opens names
# with this impossible extension; no retries, short timeouts).
GDAL_SAFE_ENV = {
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "GTIFF_REPORT_COMPD_CS": "NO",
    "GDAL_PAM_ENABLED": "NO",
    "GDAL_CACHEMAX": 64 * 2**20,  # bytes: rasterio passes an integer to GDALSetCacheMax64
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".biomass-no-network",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
}
GDAL_METADATA_TAG = 42112
GDAL_NODATA_TAG = 42113
# Metadata domains through which GDAL opens other files or data sets.
FORBIDDEN_DOMAINS = {"OVERVIEWS", "GEOLOCATION", "RPC", "SUBDATASETS", "DERIVED_SUBDATASETS"}
MAX_IFDS = 256
MAX_TAG_BYTES = 1 << 20
# Largest block (strip or tile) decoded at once, uncompressed, in bytes.
MAX_BLOCK_BYTES = 64 * 2**20
PATH_IN_MESSAGE = re.compile(r"(?<![\w.])(?:/vsi[a-z0-9_]+)?(?:/[^\s/:'\",;()]+)+/?")
TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8}


def check_geotiff_signature(path: str | Path) -> None:
    """Reject anything that is not a (Big)TIFF by its first bytes, whatever its name."""
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head[:4] in GEOTIFF_MAGIC:
        return
    stripped = head.lstrip()
    for magic, what in KNOWN_MAGIC.items():
        if stripped.startswith(magic):
            raise InvalidRaster(
                "the file is %(what)s, not a GeoTIFF; only GeoTIFF files are accepted", params={"what": what}
            )
    raise InvalidRaster("the file is not a GeoTIFF (unknown signature); only GeoTIFF files are accepted")


def check_tiff_tags(path: str | Path) -> float | None:
    """Read every image directory of a (Big)TIFF and refuse a file whose GDAL metadata names
    another file or data set (external overviews, geolocation arrays, RPC, any /vsi path).
    Returns the nodata value the file declares (its GDAL_NODATA tag, as written: GDAL hides
    a value out of the band type's range)."""
    check_geotiff_signature(path)
    nodata = None
    with open(path, "rb") as fh:
        for tag, text in _ascii_tags(fh):
            if tag == GDAL_METADATA_TAG:
                _check_gdal_metadata(text)
            elif nodata is None:
                nodata = _nodata_value(text)
    return nodata


def _nodata_value(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        raise InvalidRaster(
            "the file declares an unreadable nodata value %(value)r",
            field="nodata",
            params={"value": text[:40]},
        ) from None


def _ascii_tags(fh) -> Iterator[tuple[int, str]]:
    """(tag, text) of the GDAL_METADATA and GDAL_NODATA tags of each image directory (IFD)
    of an open TIFF file."""
    head = fh.read(16)
    order = "<" if head[:2] == b"II" else ">"
    big = struct.unpack(order + "H", head[2:4])[0] == 43
    count_fmt, entry_size, offset_fmt = ("Q", 20, "Q") if big else ("H", 12, "I")
    offset = struct.unpack(order + offset_fmt, head[8:16] if big else head[4:8])[0]
    size = fh.seek(0, 2)
    seen = set()
    while offset:
        if offset in seen or len(seen) >= MAX_IFDS or offset + 8 > size:
            raise InvalidRaster("the file's TIFF structure is corrupt (bad image directory offset)")
        seen.add(offset)
        fh.seek(offset)
        raw = fh.read(struct.calcsize(count_fmt))
        (count,) = struct.unpack(order + count_fmt, raw)
        entries = fh.read(count * entry_size)
        if len(entries) < count * entry_size:
            raise InvalidRaster("the file's TIFF structure is corrupt (truncated image directory)")
        for i in range(count):
            found = _ascii_entry(fh, entries[i * entry_size : (i + 1) * entry_size], order, big)
            if found is not None:
                yield found
        fh.seek(offset + struct.calcsize(count_fmt) + count * entry_size)  # the entries moved it
        after = fh.read(8 if big else 4)
        offset = struct.unpack(order + offset_fmt, after)[0] if len(after) == (8 if big else 4) else 0


def _ascii_entry(fh, entry: bytes, order: str, big: bool) -> tuple[int, str] | None:
    tag, kind = struct.unpack(order + "HH", entry[:4])
    if tag not in (GDAL_METADATA_TAG, GDAL_NODATA_TAG):
        return None
    count, inline = (
        (struct.unpack(order + "Q", entry[4:12])[0], entry[12:20])
        if big
        else (struct.unpack(order + "I", entry[4:8])[0], entry[8:12])
    )
    length = count * TYPE_SIZES.get(kind, 1)
    if length > MAX_TAG_BYTES:
        raise InvalidRaster("the file's GDAL metadata is too large")
    if length <= len(inline):
        data = inline[:length]
    else:
        fh.seek(struct.unpack(order + ("Q" if big else "I"), inline)[0])
        data = fh.read(length)
        if len(data) < length:
            raise InvalidRaster("the file's TIFF structure is corrupt (truncated GDAL metadata)")
    return tag, data.split(b"\x00", 1)[0].decode("utf-8", errors="replace")


def _check_gdal_metadata(text: str) -> None:
    if "<!" in text:  # no DTD, no entity: nothing that could hide a name from this check
        raise InvalidRaster(
            "the file's GDAL metadata holds a DTD or an entity, which could name another file; "
            "such files are refused"
        )
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InvalidRaster("the file's GDAL metadata is not valid XML") from exc
    for item in root.iter("Item"):
        name = item.get("name", "")
        domain = item.get("domain", "")
        value = "".join(item.itertext())
        if domain.upper() in FORBIDDEN_DOMAINS or "OVERVIEW_FILE" in name.upper():
            raise InvalidRaster(
                "the file's GDAL metadata names another file or data set (%(what)s); such files are refused",
                params={
                    "what": f"{name}, {domain}" if domain else Text("%(name)s, default domain", name=name)
                },
            )
        if "/vsi" in f"{name} {value}".lower():
            raise InvalidRaster(
                "the file's GDAL metadata holds a /vsi path (in %(name)s), which names another file or "
                "data set; such files are refused",
                params={"name": name},
            )


@contextmanager
def open_checked(path: str | Path, **options) -> Iterator[rasterio.io.DatasetReader]:
    """Open a checked GeoTIFF (GTiff driver only) under the safe GDAL options; refuse it,
    before any pixel is read, if GDAL sees external overviews or geolocation arrays."""
    with rasterio.Env(**GDAL_SAFE_ENV), rasterio.open(path, driver="GTiff", **options) as ds:
        for domain in ("OVERVIEWS", "GEOLOCATION"):
            if ds.tags(ns=domain):
                raise InvalidRaster(
                    "the file names another file or data set (metadata domain %(domain)s)",
                    params={"domain": domain},
                )
        yield ds


def check_block_size(ds, band: int = 1) -> None:
    """Refuse a file whose blocks (strips or tiles) are too large to decode in bounded
    memory: a single strip of a whole image is decoded at once by GDAL."""
    rows, cols = ds.block_shapes[band - 1]
    itemsize = sum(np.dtype(d).itemsize for d in ds.dtypes)
    if ds.interleaving != Interleaving.pixel:
        itemsize = np.dtype(ds.dtypes[band - 1]).itemsize
    size = rows * cols * itemsize
    if size > MAX_BLOCK_BYTES:
        raise InvalidRaster(
            "the file stores its cells in blocks of %(cols)s × %(rows)s (%(size)s MiB uncompressed "
            "each); the limit is %(limit)s MiB: write it tiled (e.g. gdal_translate -co TILED=YES)",
            params={
                "cols": str(cols),
                "rows": str(rows),
                "size": round(size / 2**20),
                "limit": MAX_BLOCK_BYTES // 2**20,
            },
        )


def gdal_message(exc: BaseException) -> str:
    """GDAL's error text without file names (a temporary path tells the user nothing and
    tells an attacker where files are)."""
    return PATH_IN_MESSAGE.sub("the file", str(exc))
