"""Writes: importing and processing layers, computing potentials.

Every public function takes keyword arguments only and raises a ``biomass.errors``
exception with a clear message on bad input, after which the database and MEDIA_ROOT are
as they were.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import rasterio
import shapely
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from pyproj import Transformer

from biomass.engine import rasters
from biomass.engine.potentials import evaluate
from biomass.errors import BiomassError, Conflict, InvalidInput, InvalidRaster, NotFound
from regions.models import Region

from . import compute
from .models import AuditEntry, Layer, LayerVersion, Potential, Resource, Scenario

logger = logging.getLogger(__name__)

RESOURCE_QUANTITIES = {
    Layer.Quantity.DENSITY,
    Layer.Quantity.AMOUNT,
    Layer.Quantity.PRODUCTION,
    Layer.Quantity.HEADS,
}
ROLE_QUANTITIES = {
    Layer.Role.RESOURCE: RESOURCE_QUANTITIES,
    Layer.Role.CONSTRAINT: {Layer.Quantity.CATEGORICAL, Layer.Quantity.CONTINUOUS},
    Layer.Role.COST: {Layer.Quantity.CONTINUOUS},
}
# Canonical units of each quantity, and the spellings accepted for them.
UNITS = {
    Layer.Quantity.DENSITY: ("t DM/ha/yr", {"tdm/ha/yr", "t/ha/yr", "tdmha-1yr-1", "mg/ha/yr", "tdm/ha/a"}),
    Layer.Quantity.AMOUNT: ("t DM/yr", {"tdm/yr", "t/yr", "tdm/cell/yr", "t/cell/yr", "mg/yr"}),
    Layer.Quantity.PRODUCTION: ("t/yr", {"t/yr", "t/cell/yr", "tproduct/yr", "mg/yr"}),
    Layer.Quantity.HEADS: ("head", {"head", "heads", "animals", "head/cell"}),
    Layer.Quantity.CATEGORICAL: ("class", {"class", "classes", "category", ""}),
}
# Density above this is implausible for residues (t DM/ha/yr): accepted with a warning.
PLAUSIBLE_DENSITY = 60.0


@dataclass(frozen=True)
class LayerMeta:
    name: str
    role: str = Layer.Role.RESOURCE
    quantity: str = Layer.Quantity.DENSITY
    resource_slug: str | None = None
    slug: str | None = None
    units: str | None = None
    year: int | None = None
    source: str = ""
    licence: str = ""
    description: str = ""
    label: str = ""
    bin_width: float | None = None
    legend: dict | None = None


def _normalise(units: str) -> str:
    return units.lower().replace(" ", "").replace("·", "").replace("per", "/").replace("dm", "dm")


def check_units(quantity: str, units: str | None) -> str:
    """The canonical units for a quantity; raises if the given units do not match."""
    if quantity not in UNITS:  # continuous values: free units (degrees, km, USD/t...)
        if not units:
            raise InvalidInput("a continuous layer needs its units (e.g. degree, km)", field="units")
        return units
    canonical, accepted = UNITS[quantity]
    if units is None or _normalise(units) in accepted | {_normalise(canonical)}:
        return canonical
    raise InvalidInput(
        f"units {units!r} do not match a {quantity} layer, which must be in {canonical}; convert the raster first",
        field="units",
    )


def _resolve_layer_meta(meta: LayerMeta) -> tuple[Resource | None, str, str]:
    if meta.role not in ROLE_QUANTITIES:
        raise InvalidInput(f"unknown role {meta.role!r}", field="role")
    if meta.quantity not in ROLE_QUANTITIES[meta.role]:
        allowed = ", ".join(sorted(ROLE_QUANTITIES[meta.role]))
        raise InvalidInput(f"a {meta.role} layer must be one of: {allowed}", field="quantity")
    resource = None
    if meta.role == Layer.Role.RESOURCE:
        if not meta.resource_slug:
            raise InvalidInput("a resource layer needs --resource", field="resource")
        resource = Resource.objects.filter(slug=meta.resource_slug).first()
        if resource is None:
            known = ", ".join(Resource.objects.values_list("slug", flat=True))
            raise NotFound(f"unknown resource {meta.resource_slug!r}; known: {known}", field="resource")
        params = set(resource.parameters.values_list("name", flat=True))
        if meta.quantity == Layer.Quantity.PRODUCTION and not {"rpr", "dry_matter"} <= params:
            raise InvalidInput(
                f"resource {resource.slug!r} has no residue-to-product ratio: "
                "a production layer cannot be converted",
                field="quantity",
            )
        if meta.quantity == Layer.Quantity.HEADS and "manure_per_head" not in params:
            raise InvalidInput(
                f"resource {resource.slug!r} has no manure per head: a head-count layer cannot be converted",
                field="quantity",
            )
    units = check_units(meta.quantity, meta.units)
    slug = meta.slug or slugify(meta.name)[:80]
    if not slug:
        raise InvalidInput("the layer needs a name", field="name")
    return resource, units, slug


def _limits() -> dict:
    return {"max_bytes": settings.LAYER_MAX_BYTES, "max_pixels": settings.LAYER_MAX_PIXELS}


def _validate_raster(path: Path, meta: LayerMeta, *, band: int, crs_epsg, nodata) -> tuple:
    """Everything that can be checked before storing: returns (info, stats, warnings)."""
    info = rasters.inspect_raster(path, band=band, crs_epsg=crs_epsg, **_limits())
    categorical = meta.quantity == Layer.Quantity.CATEGORICAL
    stats = rasters.raster_statistics(path, band=band, nodata=nodata, categorical=categorical)
    warnings = []
    if stats.valid_count == 0:
        raise InvalidRaster("the raster has no valid cell: every value is nodata")
    if meta.role == Layer.Role.RESOURCE and stats.minimum < 0:
        raise InvalidRaster(f"a resource layer cannot hold negative values (minimum {stats.minimum:g})")
    if meta.quantity == Layer.Quantity.DENSITY and stats.maximum > PLAUSIBLE_DENSITY:
        warnings.append(
            f"maximum density {stats.maximum:g} t DM/ha/yr is implausibly high for residues; check the units"
        )
    _check_overlap(info)
    return info, stats, warnings


def _wgs84_bounds(crs_wkt: str, bounds) -> tuple[float, float, float, float]:
    transformer = Transformer.from_crs(crs_wkt, "EPSG:4326", always_xy=True)
    return transformer.transform_bounds(*bounds, densify_pts=21)


def _check_overlap(info: rasters.RasterInfo) -> None:
    if not Region.objects.exists():
        return
    minx, miny, maxx, maxy = _wgs84_bounds(info.crs_wkt, info.bounds)
    box = shapely.box(minx, miny, maxx, maxy)
    for geom in Region.objects.filter(level=Region.Level.COUNTRY).values_list("geom_coarse", flat=True):
        if geom is not None and box.intersects(shapely.from_wkb(bytes(geom.wkb))):
            return
    raise InvalidRaster(
        f"the raster (lon {minx:.2f}..{maxx:.2f}, lat {miny:.2f}..{maxy:.2f}) does not overlap any region"
    )


def layer_version_create(
    *,
    path: str | Path,
    meta: LayerMeta,
    band: int = 1,
    crs_epsg: int | str | None = None,
    nodata: float | None = None,
    original_name: str = "",
    user=None,
    move: bool = False,
) -> LayerVersion:
    """Validate a raster and register it as a new pending version of its layer (creating
    the layer if needed). The file is copied (or moved) under MEDIA_ROOT/uploads/. Nothing
    is stored when validation fails."""
    path = Path(path)
    resource, units, slug = _resolve_layer_meta(meta)
    info, stats, warnings = _validate_raster(path, meta, band=band, crs_epsg=crs_epsg, nodata=nodata)
    source_checksum = rasters.sha256_file(path)
    uploads = Path(settings.MEDIA_ROOT) / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    stored = uploads / f"{uuid.uuid4().hex}.tif"
    try:
        with transaction.atomic():
            layer = _layer_for(meta, resource, units, slug)
            number = (layer.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            version = LayerVersion.objects.create(
                layer=layer,
                number=number,
                status=LayerVersion.Status.PENDING,
                stage="validated",
                upload=str(stored.relative_to(settings.MEDIA_ROOT)),
                original_name=original_name or path.name,
                source_checksum=source_checksum,
                size_bytes=info.size_bytes,
                band=band,
                crs_wkt=info.crs_wkt,
                crs_assigned=str(crs_epsg) if crs_epsg is not None else "",
                epsg=info.epsg,
                width=info.width,
                height=info.height,
                transform=list(info.transform),
                bounds=list(info.bounds),
                bounds_wgs84=list(_wgs84_bounds(info.crs_wkt, info.bounds)),
                resolution=list(info.resolution),
                nodata=nodata if nodata is not None else info.nodata,
                dtype=info.dtype,
                statistics=stats.as_dict(),
                warnings=warnings,
                created_by=user,
            )
            (shutil.move if move else shutil.copyfile)(path, stored)
    except BaseException:
        stored.unlink(missing_ok=True)
        raise
    return version


def _layer_for(meta: LayerMeta, resource: Resource | None, units: str, slug: str) -> Layer:
    """The layer a new version belongs to: a resource's one resource layer, or by slug."""
    fields = {
        "name": meta.name,
        "role": meta.role,
        "resource": resource,
        "quantity": meta.quantity,
        "units": units,
        "year": meta.year,
        "source": meta.source,
        "licence": meta.licence,
        "description": meta.description,
        "label": meta.label,
        "bin_width": meta.bin_width,
    }
    if meta.legend is not None:
        fields["legend"] = meta.legend
    if resource is not None:
        layer = Layer.objects.select_for_update().filter(role=Layer.Role.RESOURCE, resource=resource).first()
    else:
        layer = Layer.objects.select_for_update().filter(slug=slug).first()
        if layer is not None and layer.role != meta.role:
            raise Conflict(f"layer {slug!r} exists with role {layer.role!r}", field="slug")
    if layer is None:
        if Layer.objects.filter(slug=slug).exists():
            raise Conflict(f"a layer with slug {slug!r} already exists for another resource", field="name")
        return Layer.objects.create(slug=slug, **fields)
    for name, value in fields.items():
        setattr(layer, name, value)
    layer.save()
    return layer


ProgressCallback = Callable[[str, int], None]


def audit(
    action: str, *, user=None, layer: Layer | None = None, version: LayerVersion | None = None, **details
) -> AuditEntry:
    layer = layer or (version.layer if version else None)
    return AuditEntry.objects.create(
        action=action,
        user=user if getattr(user, "is_authenticated", False) else None,
        layer=layer,
        layer_slug=layer.slug if layer else "",
        version_number=version.number if version else None,
        checksum=(version.source_checksum if version else ""),
        details=details,
    )


def enqueue_processing(version: LayerVersion) -> None:
    """Queue the processing of a version once the current transaction has committed."""
    from .tasks import process_layer_version

    transaction.on_commit(lambda: process_layer_version.enqueue(version.pk))


def layer_upload(
    *,
    path: str | Path,
    meta: LayerMeta,
    band: int = 1,
    crs_epsg: int | str | None = None,
    nodata: float | None = None,
    original_name: str = "",
    user=None,
) -> LayerVersion:
    """Validate an uploaded raster, store it as a pending version and queue its processing.
    The site keeps serving the layer's current version until the new one is processed."""
    with transaction.atomic():
        version = layer_version_create(
            path=path,
            meta=meta,
            band=band,
            crs_epsg=crs_epsg,
            nodata=nodata,
            original_name=original_name,
            user=user,
            move=True,
        )
        audit(
            AuditEntry.Action.UPLOAD,
            user=user,
            version=version,
            original_name=version.original_name,
            size_bytes=version.size_bytes,
            warnings=version.warnings,
        )
        enqueue_processing(version)
    return version


def _stale_before():
    return timezone.now() - timedelta(seconds=settings.LAYER_STALE_SECONDS)


def is_stale(version: LayerVersion) -> bool:
    return version.status == LayerVersion.Status.PROCESSING and (
        version.heartbeat_at is None or version.heartbeat_at < _stale_before()
    )


def _claim(version_id: int) -> bool:
    """Take a version for processing: a pending one, or one whose worker died (stale).
    Two workers never process the same version at once."""
    now = timezone.now()
    fields = {
        "status": LayerVersion.Status.PROCESSING,
        "heartbeat_at": now,
        "error": "",
        "attempts": F("attempts") + 1,
    }
    if LayerVersion.objects.filter(pk=version_id, status=LayerVersion.Status.PENDING).update(**fields):
        return True
    stale = Q(heartbeat_at__lt=_stale_before()) | Q(heartbeat_at__isnull=True)
    return bool(
        LayerVersion.objects.filter(Q(pk=version_id, status=LayerVersion.Status.PROCESSING) & stale).update(
            **fields
        )
    )


def _failpoint(name: str) -> None:
    """Fault injection for the crash tests: BIOMASS_FAILPOINT=<name> pauses here for
    BIOMASS_FAILPOINT_SECONDS (the test kills the worker meanwhile). Unset in production."""
    if os.environ.get("BIOMASS_FAILPOINT") == name:
        time.sleep(float(os.environ.get("BIOMASS_FAILPOINT_SECONDS", "3600")))


def layer_version_process(*, version_id: int, progress: ProgressCallback | None = None) -> LayerVersion:
    """Convert a pending version to a COG, compute its potentials for every region and
    scenario, and switch the site to it at once (one transaction). On failure the version is
    marked failed with the reason, and the previous version keeps being served."""
    version = LayerVersion.objects.select_related("layer", "layer__resource").get(pk=version_id)
    if version.status == LayerVersion.Status.READY:
        return version
    if not _claim(version_id):
        logger.info("%s is being processed by another worker", version)
        return version

    def report(stage: str, percent: int) -> None:
        LayerVersion.objects.filter(pk=version.pk).update(
            stage=stage, progress=percent, heartbeat_at=timezone.now()
        )
        if progress:
            progress(stage, percent)

    produced: Path | None = None
    try:
        report("converting to Cloud-Optimized GeoTIFF", 10)
        produced = _convert(version)
        version.file = str(produced.relative_to(settings.MEDIA_ROOT))
        version.checksum = rasters.sha256_file(produced)
        report("computing statistics", 30)
        categorical = version.layer.quantity == Layer.Quantity.CATEGORICAL
        stats = rasters.raster_statistics(produced, categorical=categorical)
        version.statistics = stats.as_dict()
        with rasterio.open(produced) as ds:
            version.nodata = ds.nodata
        report("computing potentials", 50)
        _failpoint("before-activate")
        _activate(version, progress=report)
    except BaseException as exc:
        message = exc.message if isinstance(exc, BiomassError) else f"{type(exc).__name__}: {exc}"
        LayerVersion.objects.filter(pk=version.pk).update(
            status=LayerVersion.Status.FAILED, error=message, stage="failed", file=""
        )
        if produced is not None:
            produced.unlink(missing_ok=True)
        audit(AuditEntry.Action.FAILED, version=version, error=message)
        logger.warning("processing %s failed: %s", version, message)
        raise
    upload = Path(settings.MEDIA_ROOT) / version.upload if version.upload else None
    if upload is not None and upload.exists():
        upload.unlink()
        LayerVersion.objects.filter(pk=version.pk).update(upload="")
    version.refresh_from_db()
    audit(
        AuditEntry.Action.PROCESSED,
        version=version,
        checksum=version.checksum,
        current=version.layer.current_version_id == version.pk,
    )
    return version


def _convert(version: LayerVersion) -> Path:
    source = Path(settings.MEDIA_ROOT) / version.upload
    if not source.exists():
        raise InvalidRaster(f"the uploaded file of {version} is missing; upload it again")
    folder = Path(settings.MEDIA_ROOT) / "layers" / version.layer.slug
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"v{version.number}-{version.source_checksum[:12]}.tif"
    nodata = version.nodata
    if nodata is None:
        nodata = rasters.default_nodata(version.dtype, (version.statistics or {}).get("max"))
    rasters.convert_to_cog(
        source,
        target,
        band=version.band,
        crs_epsg=version.crs_assigned or None,
        nodata=nodata,
        categorical=version.layer.quantity == Layer.Quantity.CATEGORICAL,
    )
    return target


def _activate(
    version: LayerVersion, *, progress: ProgressCallback | None = None, force: bool = False
) -> None:
    """Compute what the version changes, then in one transaction mark it ready and, if it
    is newer than the layer's current version (or ``force``), switch the site to it."""
    layer = version.layer
    scenarios = list(Scenario.objects.all())
    rows_by_resource: dict[Resource, list[Potential]] = {}
    if layer.role == Layer.Role.RESOURCE:
        rows_by_resource[layer.resource] = _potential_rows(version, compute.constraint_cube(), scenarios)
    elif layer.role in (Layer.Role.CONSTRAINT, Layer.Role.COST):  # the cube changed: every resource
        cube = compute.constraint_cube(overrides={layer.pk: version})
        resource_layers = list(_current_resource_layers())
        for i, resource_layer in enumerate(resource_layers, start=1):
            rows_by_resource[resource_layer.resource] = _potential_rows(
                resource_layer.current_version, cube, scenarios
            )
            if progress:
                progress(
                    f"computing potentials ({i}/{len(resource_layers)} layers)",
                    50 + 45 * i // len(resource_layers),
                )
    with transaction.atomic():
        locked = Layer.objects.select_for_update().get(pk=layer.pk)
        current = LayerVersion.objects.filter(pk=locked.current_version_id).first()
        switch = force or current is None or version.number > current.number
        if switch:
            for resource, rows in rows_by_resource.items():
                _replace_potentials(resource, rows)
        _mark_ready(version, switch=switch)


def _mark_ready(version: LayerVersion, *, switch: bool = True) -> None:
    version.status = LayerVersion.Status.READY
    version.stage = "ready"
    version.progress = 100
    version.processed_at = timezone.now()
    version.heartbeat_at = version.processed_at
    # Only what processing produced: other fields (attempts) are owned by the database.
    version.save(
        update_fields=[
            "status",
            "stage",
            "progress",
            "processed_at",
            "heartbeat_at",
            "file",
            "checksum",
            "statistics",
            "nodata",
        ]
    )
    if switch:
        Layer.objects.filter(pk=version.layer_id).update(current_version=version, updated_at=timezone.now())


def layer_version_activate(*, version_id: int, user=None) -> LayerVersion:
    """Serve a ready version again (roll back, or forward): its potentials are recomputed
    from cached sums and the switch happens in one transaction."""
    version = _version(version_id)
    if version.status != LayerVersion.Status.READY or not version.file:
        raise Conflict(
            f"{version} is {version.status}; only a ready version can be activated", field="version"
        )
    _activate(version, force=True)
    audit(AuditEntry.Action.ACTIVATE, user=user, version=version)
    version.refresh_from_db()
    return version


def layer_version_retry(*, version_id: int, user=None) -> LayerVersion:
    """Queue a failed version, or one whose worker died, for processing again."""
    version = _version(version_id)
    if not (version.status == LayerVersion.Status.FAILED or is_stale(version)):
        raise Conflict(
            f"{version} is {version.status}; only a failed or stalled version can be retried", field="version"
        )
    if not version.upload or not (Path(settings.MEDIA_ROOT) / version.upload).exists():
        raise Conflict(f"the uploaded file of {version} is gone; upload it again", field="version")
    with transaction.atomic():
        LayerVersion.objects.filter(pk=version.pk).update(
            status=LayerVersion.Status.PENDING, stage="queued", progress=0, error=""
        )
        audit(AuditEntry.Action.RETRY, user=user, version=version)
        enqueue_processing(version)
    version.refresh_from_db()
    return version


def layer_version_delete(*, version_id: int, user=None) -> None:
    """Delete a version that is not being served or processed, with its files."""
    version = _version(version_id)
    if version.layer.current_version_id == version.pk:
        raise Conflict(f"{version} is being served; activate another version first", field="version")
    if version.status == LayerVersion.Status.PROCESSING and not is_stale(version):
        raise Conflict(f"{version} is being processed", field="version")
    with transaction.atomic():
        audit(AuditEntry.Action.DELETE, user=user, version=version, file=version.file, upload=version.upload)
        files = [version.upload, version.file]
        version.delete()
        transaction.on_commit(
            lambda: [(Path(settings.MEDIA_ROOT) / f).unlink(missing_ok=True) for f in files if f]
        )


def _version(version_id: int) -> LayerVersion:
    version = LayerVersion.objects.select_related("layer", "layer__resource").filter(pk=version_id).first()
    if version is None:
        raise NotFound(f"unknown layer version {version_id}", field="version")
    return version


def _current_resource_layers() -> Iterable[Layer]:
    return (
        Layer.objects.filter(role=Layer.Role.RESOURCE, current_version__isnull=False)
        .select_related("resource", "current_version", "current_version__layer")
        .order_by("slug")
    )


def _potential_rows(version: LayerVersion, cube, scenarios) -> list[Potential]:
    sums = compute.layer_sums(version, cube)
    regions = dict(Region.objects.values_list("code", "pk"))
    resource = version.layer.resource
    rows = []
    for scenario in scenarios:
        factors = compute.resource_factors(resource, scenario, version.layer.quantity)
        mask = compute.scenario_mask(scenario, sums.cube)
        economic = compute.economic_mask(scenario, sums.cube, mask)
        for level in sums.levels.values():
            for result in evaluate(level, factors, mask, economic):
                rows.append(
                    Potential(
                        region_id=regions[result.code],
                        resource=resource,
                        scenario=scenario,
                        layer_version=version,
                        scenario_version=scenario.version,
                        theoretical_t=result.theoretical_t,
                        technical_t=result.technical_t,
                        theoretical_pj=result.theoretical_pj,
                        technical_pj=result.technical_pj,
                        economic_t=result.economic_t,
                        economic_pj=result.economic_pj,
                        coverage=result.coverage,
                    )
                )
    return rows


def _replace_potentials(resource: Resource, rows: list[Potential], scenarios=None) -> None:
    existing = Potential.objects.filter(resource=resource)
    if scenarios is not None:
        existing = existing.filter(scenario__in=scenarios)
    existing.delete()
    Potential.objects.bulk_create(rows, batch_size=500)


def layer_import(
    *,
    path: str | Path,
    meta: LayerMeta,
    band: int = 1,
    crs_epsg: int | str | None = None,
    nodata: float | None = None,
    user=None,
) -> LayerVersion:
    """Validate, store, convert and compute at once (the command-line path)."""
    version = layer_version_create(
        path=path, meta=meta, band=band, crs_epsg=crs_epsg, nodata=nodata, user=user
    )
    audit(
        AuditEntry.Action.UPLOAD,
        user=user,
        version=version,
        original_name=version.original_name,
        size_bytes=version.size_bytes,
        via="command line",
    )
    try:
        return layer_version_process(version_id=version.pk)
    except Exception:
        # A file that passed validation but failed later leaves no trace.
        _discard_version(version.pk)
        raise


def _discard_version(version_id: int) -> None:
    version = LayerVersion.objects.filter(pk=version_id).select_related("layer").first()
    if version is None:
        return
    for relative in (version.upload, version.file):
        if relative:
            (Path(settings.MEDIA_ROOT) / relative).unlink(missing_ok=True)
    layer = version.layer
    version.delete()
    if not layer.versions.exists():
        layer.delete()


def potentials_compute(
    *, layer_ids: Iterable[int] | None = None, scenario_slugs: Iterable[str] | None = None
) -> int:
    """Recompute stored potentials for resource layers (all, or the given ids) and scenarios
    (all, or the given slugs). Returns the number of rows written. Cached weights and sums
    make a scenario-only recomputation cheap."""
    layers = list(_current_resource_layers())
    if layer_ids is not None:
        wanted = set(layer_ids)
        unknown = wanted - {layer.pk for layer in Layer.objects.filter(pk__in=wanted)}
        if unknown:
            raise NotFound(f"unknown layer id(s): {', '.join(map(str, sorted(unknown)))}", field="layer")
        layers = [layer for layer in layers if layer.pk in wanted]
        if not layers:
            raise InvalidInput("none of these layers is a resource layer with a ready version", field="layer")
    scenarios = list(Scenario.objects.all())
    if scenario_slugs is not None:
        slugs = set(scenario_slugs)
        scenarios = [s for s in scenarios if s.slug in slugs]
        missing = slugs - {s.slug for s in scenarios}
        if missing:
            raise NotFound(f"unknown scenario(s): {', '.join(sorted(missing))}", field="scenario")
    cube = compute.constraint_cube()
    written = 0
    for layer in layers:
        rows = _potential_rows(layer.current_version, cube, scenarios)
        with transaction.atomic():
            _replace_potentials(layer.resource, rows, scenarios)
        written += len(rows)
    return written


def scenario_save(*, scenario: Scenario, changed: list[str] | None = None, user=None) -> Scenario:
    """Save a scenario edited by staff: its version goes up when anything changed, and its
    potentials are recomputed in the background (from cached sums: fast)."""
    with transaction.atomic():
        if scenario.pk is not None and (changed is None or changed):
            scenario.version = (
                Scenario.objects.filter(pk=scenario.pk).values_list("version", flat=True).first() or 0
            ) + 1
        scenario.save()
        from .tasks import recompute_scenario

        transaction.on_commit(lambda: recompute_scenario.enqueue(scenario.pk))
    return scenario


def layer_versions_recover(*, user=None) -> list[LayerVersion]:
    """Queue again every failed version and every version whose worker died (stale)."""
    queued = []
    candidates = LayerVersion.objects.filter(
        status__in=[LayerVersion.Status.FAILED, LayerVersion.Status.PROCESSING]
    )
    for version in candidates.select_related("layer"):
        if version.status == LayerVersion.Status.FAILED or is_stale(version):
            try:
                queued.append(layer_version_retry(version_id=version.pk, user=user))
            except Conflict as exc:
                logger.warning("cannot retry %s: %s", version, exc.message)
    return queued


def sites_import(*, path: str | Path) -> int:
    """Create or update candidate sites (towns) from a GeoJSON file of points, by GeoNames id.
    Every feature is checked first; a bad file changes nothing."""
    import json

    from django.contrib.gis.geos import Point

    from .models import Site

    try:
        features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError) as exc:
        raise InvalidInput(f"cannot read the sites file {path}: {exc}") from exc
    rows = []
    for i, feature in enumerate(features, start=1):
        props, geometry = feature.get("properties") or {}, feature.get("geometry") or {}
        if geometry.get("type") != "Point" or not all(
            k in props for k in ("geonameid", "name", "population")
        ):
            raise InvalidInput(f"feature {i}: a Point with geonameid, name and population is needed")
        lon, lat = geometry["coordinates"][:2]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise InvalidInput(f"feature {i}: coordinates out of range")
        rows.append(
            (
                int(props["geonameid"]),
                {
                    "name": props["name"],
                    "country": props.get("country", ""),
                    "population": int(props["population"]),
                    "point": Point(lon, lat, srid=4326),
                    "source": props.get("source", ""),
                    "licence": props.get("licence", ""),
                },
            )
        )
    with transaction.atomic():
        for geonameid, values in rows:
            Site.objects.update_or_create(geonameid=geonameid, defaults=values)
    return len(rows)
