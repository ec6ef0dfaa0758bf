"""A new layer version: validate the file and the request, store the file under
MEDIA_ROOT/uploads/ and register a pending version, then queue its processing (uploads) or
process it at once (the command line). Nothing is stored when anything is refused."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import shapely
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from pyproj import Transformer

from biomass.caching import publishes
from biomass.catalogue.models import Resource
from biomass.engine import rasters
from biomass.engine.errors import Text
from biomass.errors import Conflict, InvalidInput, InvalidRaster
from biomass.potentials import compute
from biomass.regions.selectors import country_outlines
from biomass.uploads import uploaded_path

from .. import store, tasks
from ..models import AuditEntry, Layer, LayerVersion
from ..requests import LayerRequest
from .audit import audit_log
from .processing import layer_version_process

# Density above this is implausible for residues (t DM/ha/yr): accepted with a warning.
PLAUSIBLE_DENSITY = 60.0


def layer_upload(*, path: str | Path, request: LayerRequest, user=None) -> LayerVersion:
    """Validate an uploaded raster, store it (moved) as a pending version and queue its
    processing. The site keeps serving the layer's current version until the new one is
    processed. The file is validated, checksummed and stored before the transaction: the
    database's write lock is held only to record it."""
    staged = _stage(path=path, request=request, move=True)
    with _unstaged_on_error(staged), transaction.atomic():
        version = _record(staged, request=request, user=user)
        _audit_upload(version, user, warnings=version.warnings)
        tasks.process_on_commit(version.pk)
    return version


def layer_upload_file(*, upload, request: LayerRequest, user=None) -> LayerVersion:
    """``layer_upload`` for a file uploaded through the web (the API and the admin's form):
    the file on disk (a small one is written to a temporary file first)."""
    with uploaded_path(upload, "upload.tif") as path:
        return layer_upload(path=path, request=request, user=user)


def layer_import(*, path: str | Path, request: LayerRequest, user=None) -> LayerVersion:
    """Validate, store (copied), convert and compute at once (the command-line path)."""
    version = layer_version_create(path=path, request=request, user=user)
    _audit_upload(version, user, via="command line")
    try:
        return layer_version_process(version_id=version.pk)
    except Exception:
        # A file that passed validation but failed later leaves no trace.
        layer_version_discard(version_id=version.pk)
        raise


def _audit_upload(version: LayerVersion, user, **details) -> None:
    audit_log(
        AuditEntry.Action.UPLOAD,
        user=user,
        version=version,
        original_name=version.original_name,
        size_bytes=version.size_bytes,
        **details,
    )


@publishes
def layer_version_create(
    *, path: str | Path, request: LayerRequest, user=None, move: bool = False, allow_duplicate: bool = False
) -> LayerVersion:
    """Validate a raster and register it as a new pending version of its layer (creating
    the layer if needed). The file is copied (or moved) under MEDIA_ROOT/uploads/ before the
    transaction that records it. A file identical to a version of the layer that did not
    fail is refused (Conflict naming that version) unless ``allow_duplicate``."""
    staged = _stage(path=path, request=request, move=move)
    with _unstaged_on_error(staged), transaction.atomic():
        return _record(staged, request=request, user=user, allow_duplicate=allow_duplicate)


@dataclass(frozen=True)
class _Staged:
    """A validated file, stored under MEDIA_ROOT/uploads/, not yet recorded."""

    source: Path
    stored: Path
    moved: bool
    resource: Resource | None
    slug: str
    info: rasters.RasterInfo
    stats: rasters.RasterStats
    warnings: list
    checksum: str


def _stage(*, path: str | Path, request: LayerRequest, move: bool) -> _Staged:
    """Everything slow, outside any transaction: validate, checksum, copy (or move) in."""
    path = Path(path)
    resource = _resource_for(request)
    slug = request.slug or slugify(request.name)[:80]
    if not slug:
        raise InvalidInput("the layer needs a name", field="name")
    info, stats, warnings = _validate_raster(path, request)
    checksum = rasters.sha256_file(path)
    uploads = store.local_path("uploads")
    uploads.mkdir(parents=True, exist_ok=True)
    stored = uploads / f"{uuid.uuid4().hex}.tif"
    try:
        (shutil.move if move else shutil.copyfile)(path, stored)
    except BaseException:
        stored.unlink(missing_ok=True)
        raise
    return _Staged(path, stored, move, resource, slug, info, stats, warnings, checksum)


@contextmanager
def _unstaged_on_error(staged: _Staged) -> Iterator[None]:
    """A refused record leaves no stored file; a moved file goes back where it was."""
    try:
        yield
    except BaseException:
        if staged.moved and not staged.source.exists():
            shutil.move(staged.stored, staged.source)
        staged.stored.unlink(missing_ok=True)
        raise


def _record(staged: _Staged, *, request: LayerRequest, user, allow_duplicate: bool = False) -> LayerVersion:
    """The new version's row (inside the caller's transaction, the layer locked)."""
    layer = _layer_for(request, staged.resource, staged.slug)
    if not allow_duplicate:
        _refuse_duplicate(layer, staged.checksum)
    return LayerVersion.objects.create(
        layer=layer,
        number=(layer.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1,
        status=LayerVersion.Status.PENDING,
        stage="validated",
        upload=store.name_of(staged.stored),
        original_name=request.original_name or staged.source.name,
        source_checksum=staged.checksum,
        created_by=user,
        warnings=staged.warnings,
        statistics=staged.stats.as_dict(),
        **_grid_fields(staged.info, request),
    )


def _refuse_duplicate(layer: Layer, checksum: str) -> None:
    same = (
        layer.versions.filter(source_checksum=checksum)
        .exclude(status=LayerVersion.Status.FAILED)
        .order_by("-number")
        .first()
    )
    if same is not None:
        raise Conflict(
            "this file is already version %(number)s of layer %(layer)r (%(status)s); nothing was stored",
            field="file",
            params={"number": same.number, "layer": layer.slug, "status": same.status},
        )


def _grid_fields(info: rasters.RasterInfo, request: LayerRequest) -> dict:
    return {
        "size_bytes": info.size_bytes,
        "band": request.band,
        "crs_wkt": info.crs_wkt,
        "crs_assigned": str(request.crs) if request.crs is not None else "",
        "epsg": info.epsg,
        "width": info.width,
        "height": info.height,
        "transform": list(info.transform),
        "bounds": list(info.bounds),
        "bounds_wgs84": list(_wgs84_bounds(info.crs_wkt, info.bounds)),
        "resolution": list(info.resolution),
        "nodata": request.nodata if request.nodata is not None else info.nodata,
        "dtype": info.dtype,
    }


def _resource_for(request: LayerRequest) -> Resource | None:
    """The resource a resource layer belongs to, able to convert the layer's quantity."""
    if request.role != Layer.Role.RESOURCE:
        return None
    resource = Resource.objects.filter(slug=request.resource).first()
    if resource is None:
        known = ", ".join(Resource.objects.values_list("slug", flat=True))
        raise InvalidInput(
            "unknown resource %(slug)r; known: %(known)s",
            field="resource",
            params={"slug": request.resource, "known": known},
        )
    params = set(resource.parameters.values_list("name", flat=True))
    if request.quantity == Layer.Quantity.PRODUCTION and not {"rpr", "dry_matter"} <= params:
        raise InvalidInput(
            "resource %(slug)r has no residue-to-product ratio: a production layer cannot be converted",
            field="quantity",
            params={"slug": resource.slug},
        )
    if request.quantity == Layer.Quantity.HEADS and "manure_per_head" not in params:
        raise InvalidInput(
            "resource %(slug)r has no manure per head: a head-count layer cannot be converted",
            field="quantity",
            params={"slug": resource.slug},
        )
    return resource


def _validate_raster(path: Path, request: LayerRequest) -> tuple:
    """Everything that can be checked before storing: returns (info, stats, warnings). A
    problem with the file that names no other field is the ``file``'s."""
    try:
        return _checked_raster(path, request)
    except InvalidRaster as exc:
        exc.field = exc.field or "file"
        raise


def _checked_raster(path: Path, request: LayerRequest) -> tuple:
    info = rasters.inspect_raster(
        path,
        band=request.band,
        crs_epsg=request.crs,
        max_bytes=settings.LAYER_MAX_BYTES,
        max_pixels=settings.LAYER_MAX_PIXELS,
    )
    rasters.check_nodata(info.dtype, request.nodata)
    categorical = request.quantity == Layer.Quantity.CATEGORICAL
    stats = rasters.raster_statistics(path, band=request.band, nodata=request.nodata, categorical=categorical)
    warnings = []
    if stats.valid_count == 0:
        raise InvalidRaster("the raster has no valid cell: every value is nodata")
    if request.role == Layer.Role.RESOURCE and stats.minimum < 0:
        raise InvalidRaster(
            "a resource layer cannot hold negative values (minimum %(minimum)s)",
            params={"minimum": float(f"{stats.minimum:g}")},
        )
    if request.quantity == Layer.Quantity.DENSITY and stats.maximum > PLAUSIBLE_DENSITY:
        warning = Text(  # stored in English, shown in the language (languages.translated)
            "maximum density %(value)s t DM/ha/yr is implausibly high for residues; check the units",
            value=round(stats.maximum, 2),
        )
        warnings.append(str(warning))
    _check_overlap(info)
    return info, stats, warnings


def _wgs84_bounds(crs_wkt: str, bounds) -> tuple[float, float, float, float]:
    transformer = Transformer.from_crs(crs_wkt, "EPSG:4326", always_xy=True)
    return transformer.transform_bounds(*bounds, densify_pts=21)


def _check_overlap(info: rasters.RasterInfo) -> None:
    outlines = country_outlines()
    if not outlines:
        return
    minx, miny, maxx, maxy = _wgs84_bounds(info.crs_wkt, info.bounds)
    box = shapely.box(minx, miny, maxx, maxy)
    if not any(box.intersects(outline) for outline in outlines):
        raise InvalidRaster(
            "the raster (lon %(minx)s..%(maxx)s, lat %(miny)s..%(maxy)s) does not overlap any region",
            params={
                k: round(v, 2) for k, v in {"minx": minx, "maxx": maxx, "miny": miny, "maxy": maxy}.items()
            },
        )


def _layer_for(request: LayerRequest, resource: Resource | None, slug: str) -> Layer:
    """The layer a new version belongs to: a resource's one resource layer, or by slug."""
    fields = {
        "name": request.name,
        "role": request.role,
        "resource": resource,
        "quantity": request.quantity,
        "units": request.layer_units,
        "year": request.year,
        "source": request.source,
        "licence": request.licence,
        "description": request.description,
        "label": request.label,
        "bin_width": request.bin_width,
    }
    if request.legend is not None:
        fields["legend"] = request.legend
    layer = _locked_layer(request, resource, slug)
    if layer is None:
        try:
            with transaction.atomic():
                return Layer.objects.create(slug=slug, **fields)
        except IntegrityError:
            # Either another upload created this layer meanwhile (its transaction has now
            # committed: this upload becomes its next version), or the slug is taken.
            layer = _locked_layer(request, resource, slug)
            if layer is None and Layer.objects.filter(slug=slug).exists():
                raise Conflict(
                    "a layer with slug %(slug)r already exists for another resource",
                    field="name",
                    params={"slug": slug},
                ) from None
            if layer is None:
                raise
    for name, value in fields.items():
        setattr(layer, name, value)
    layer.save()
    return layer


def _locked_layer(request: LayerRequest, resource: Resource | None, slug: str) -> Layer | None:
    """The existing layer of a resource, or with this slug, locked until the transaction ends
    (so that two uploads number their versions one after the other)."""
    if resource is not None:
        return Layer.objects.select_for_update().filter(role=Layer.Role.RESOURCE, resource=resource).first()
    layer = Layer.objects.select_for_update().filter(slug=slug).first()
    if layer is not None and layer.role != request.role:
        raise Conflict(
            "layer %(slug)r exists with role %(role)r",
            field="slug",
            params={"slug": slug, "role": layer.role},
        )
    return layer


@publishes
def layer_version_discard(*, version_id: int) -> None:
    """Remove a version that never served, with its files, and its layer if it has no other."""
    version = LayerVersion.objects.filter(pk=version_id).select_related("layer").first()
    if version is None:
        return
    store.delete(version.upload, version.file)
    compute.cached_sums_forget(version.pk)
    layer = version.layer
    version.delete()
    if not layer.versions.exists():
        layer.delete()
