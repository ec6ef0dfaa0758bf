"""Reads for layers and their versions."""

from __future__ import annotations

from datetime import datetime, timedelta

import shapely
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from biomass.engine.rasters import clip_to_geometry
from biomass.errors import NotFound

from .models import Layer, LayerVersion


def stale_before() -> datetime:
    """A version still processing without a sign of life since then has lost its worker."""
    return timezone.now() - timedelta(seconds=settings.LAYER_STALE_SECONDS)


def version_is_stale(version: LayerVersion) -> bool:
    return version.status == LayerVersion.Status.PROCESSING and (
        version.heartbeat_at is None or version.heartbeat_at < stale_before()
    )


def layers_list() -> QuerySet[Layer]:
    return Layer.objects.select_related("resource", "current_version").order_by("role", "slug")


def layer_get(*, layer_id: int) -> Layer:
    layer = layers_list().filter(pk=layer_id).first()
    if layer is None:
        raise NotFound("unknown layer %(id)s", field="layer", params={"id": str(layer_id)})
    return layer


def layer_served(*, layer_id: int) -> Layer:
    """A layer with a processed version to serve (tiles, previews, downloads, clips)."""
    layer = layer_get(layer_id=layer_id)
    version = layer.current_version
    if version is None or not version.file or not version.path.exists():
        raise NotFound("layer %(id)s has no processed version", field="layer", params={"id": str(layer_id)})
    return layer


def version_by_id(version_id: int) -> LayerVersion:
    version = LayerVersion.objects.select_related("layer", "layer__resource").filter(pk=version_id).first()
    if version is None:
        raise NotFound("unknown layer version %(id)s", field="version", params={"id": str(version_id)})
    return version


def version_get(*, layer_id: int, number: int) -> LayerVersion:
    version = (
        LayerVersion.objects.select_related("layer", "created_by")
        .filter(layer_id=layer_id, number=number)
        .first()
    )
    if version is None:
        layer_get(layer_id=layer_id)
        raise NotFound(
            "layer %(id)s has no version %(number)s",
            field="version",
            params={"id": str(layer_id), "number": str(number)},
        )
    return version


def versions_of(*, layer_id: int) -> QuerySet[LayerVersion]:
    layer = layer_get(layer_id=layer_id)
    return layer.versions.select_related("layer", "created_by").order_by("-number")


def versions_status(*, layer_slug: str | None = None) -> list[dict]:
    """Every version with its processing status (the ``layer_status`` command)."""
    versions = LayerVersion.objects.select_related("layer").order_by("layer__slug", "number")
    if layer_slug:
        versions = versions.filter(layer__slug=layer_slug)
    return [
        {
            "layer": v.layer.slug,
            "number": v.number,
            "status": v.status,
            "stage": v.stage,
            "progress": v.progress,
            "current": v.layer.current_version_id == v.pk,
            "stale": version_is_stale(v),
            "attempts": v.attempts,
            "error": v.error,
        }
        for v in versions
    ]


def current_resource_layers() -> QuerySet[Layer]:
    """Resource layers with a served version, by slug."""
    return (
        Layer.objects.filter(role=Layer.Role.RESOURCE, current_version__isnull=False)
        .select_related("resource", "current_version", "current_version__layer")
        .order_by("slug")
    )


def current_cost_and_constraint_layers() -> QuerySet[Layer]:
    return (
        Layer.objects.filter(role__in=[Layer.Role.CONSTRAINT, Layer.Role.COST])
        .select_related("current_version")
        .order_by("role", "slug")
    )


def layer_clip(*, layer: Layer, region) -> bytes:
    """The layer's served version clipped to a region, as a GeoTIFF (bytes)."""
    geometry = shapely.from_wkb(bytes(region.geom.wkb))
    return clip_to_geometry(layer.current_version.path, geometry, max_pixels=settings.CLIP_MAX_PIXELS)


# ------------------------------------------------------------------ the published catalogue
# What the STAC catalogue and the version downloads show: a layer that is served (it has a
# current version; a withdrawn layer has none) and its processed versions whose file is kept.
def published_layers() -> QuerySet[Layer]:
    return layers_list().filter(current_version__isnull=False)


def published_layer(*, slug: str) -> Layer:
    layer = published_layers().filter(slug=slug).first()
    if layer is None:
        raise NotFound("unknown layer %(id)s", field="layer", params={"id": slug})
    return layer


def published_versions(*, layer: Layer) -> list[LayerVersion]:
    """The layer's ready versions with their file on disk, oldest first."""
    versions = layer.versions.filter(status=LayerVersion.Status.READY).exclude(file="").order_by("number")
    return [v for v in versions.select_related("layer") if v.path.exists()]


def published_version(*, layer: Layer, number: int) -> LayerVersion:
    version = next((v for v in published_versions(layer=layer) if v.number == number), None)
    if version is None:
        raise NotFound(
            "layer %(id)s has no version %(number)s",
            field="version",
            params={"id": layer.slug, "number": str(number)},
        )
    return version


def version_served(*, layer_id: int, number: int) -> LayerVersion:
    """A processed version of a served layer, to download (any ready version, not only the
    current one: a published version stays citable)."""
    layer = published_layers().filter(pk=layer_id).first()
    if layer is None:
        raise NotFound("layer %(id)s has no processed version", field="layer", params={"id": str(layer_id)})
    return published_version(layer=layer, number=number)
