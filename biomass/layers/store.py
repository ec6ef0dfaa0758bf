"""The layer store: uploads and Cloud-Optimized GeoTIFFs, named by paths relative to Django's
default storage (``STORAGES["default"]``: a file system storage over MEDIA_ROOT, one directory
shared by every web and worker machine). GDAL reads and writes files by path, so the engine
gets ``local_path(name)``; finding, opening and deleting a file go through the storage API, so
that another storage changes this module rather than its callers (docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage


def local_path(name: str) -> Path:
    """The local file (or folder) a name stands for, for GDAL; a storage without local files
    raises NotImplementedError."""
    return Path(default_storage.path(name))


def name_of(path: Path) -> str:
    """The storage name of a file written under ``local_path(...)``."""
    return Path(path).relative_to(local_path("")).as_posix()


def exists(name: str) -> bool:
    return bool(name) and default_storage.exists(name)


def open_file(name: str) -> File:
    return default_storage.open(name, "rb")


def delete(*names: str) -> None:
    """Remove the named files; empty names and files already gone are skipped."""
    for name in names:
        if name:
            default_storage.delete(name)
