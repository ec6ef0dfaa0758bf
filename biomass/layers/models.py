"""Raster layers (a role, a quantity, units and provenance), their versions (one file each,
processed in the background) and the audit log of every change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biomass.catalogue.models import Resource
from biomass.languages import bilingual, translated

from . import store


class Layer(models.Model):
    class Role(models.TextChoices):
        RESOURCE = "resource", _("Resource (biomass per cell)")
        CONSTRAINT = "constraint", _("Constraint (mask or value that excludes cells)")
        COST = "cost", _("Cost (e.g. distance to road)")

    class Quantity(models.TextChoices):
        DENSITY = "density", _("density: t DM/ha/yr")
        AMOUNT = "amount", _("amount: t DM per cell per year")
        PRODUCTION = "production", _("production: t of crop product per cell per year")
        HEADS = "heads", _("animals: head per cell")
        CATEGORICAL = "categorical", _("classes (e.g. land cover)")
        CONTINUOUS = "continuous", _("continuous value (e.g. slope)")

    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RESOURCE)
    resource = models.ForeignKey(
        Resource,
        verbose_name=_("resource"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="layers",
    )
    quantity = models.CharField(_("quantity"), max_length=20, choices=Quantity.choices)
    units = models.CharField(_("units"), max_length=40)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    label = models.CharField(
        _("label"),
        max_length=200,
        blank=True,
        help_text=_('shown with every number, e.g. "FAOSTAT food balances, mean 2016–2020"'),
    )
    legend = models.JSONField(
        _("legend"),
        default=dict,
        blank=True,
        help_text=_('categorical layers: {"class": {"es": name, "en": name, "color": "#rrggbb"}}'),
    )
    bin_width = models.FloatField(
        _("bin width"),
        null=True,
        blank=True,
        help_text=_("continuous constraints: thresholds are multiples of this"),
    )
    current_version = models.ForeignKey(
        "LayerVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["role", "slug"]
        verbose_name = _("layer")
        verbose_name_plural = _("layers")
        constraints = [
            # One resource layer per resource: new data for it is a new version of that layer.
            models.UniqueConstraint(
                fields=["resource"], condition=Q(role="resource"), name="one_layer_per_resource"
            ),
        ]
        permissions = [("manage_layer", "Can upload, process, roll back and delete layer versions")]

    def __str__(self) -> str:
        return self.name

    # What a reader sees, in the active language (the stored texts are the curator's, often
    # English): a resource layer's name starts with its resource's name.
    @property
    def shown_name(self) -> str:
        resource = self.resource if self.resource_id else None
        if resource and self.name.startswith(resource.name_en + ": "):
            rest = self.name[len(resource.name_en) + 2 :]
            return f"{bilingual(resource.name_es, resource.name_en)}: {translated(rest)}"
        return translated(self.name)

    @property
    def shown_label(self) -> str:
        return translated(self.label)

    @property
    def shown_units(self) -> str:
        return translated(self.units)

    @property
    def shown_source(self) -> str:
        return translated(self.source)

    @property
    def shown_licence(self) -> str:
        return translated(self.licence)


class LayerVersion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        PROCESSING = "processing", _("processing")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    stage = models.CharField(max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    upload = models.CharField(max_length=500, blank=True, help_text="original file, relative to MEDIA_ROOT")
    file = models.CharField(
        max_length=500, blank=True, help_text="Cloud-Optimized GeoTIFF, relative to MEDIA_ROOT"
    )
    original_name = models.CharField(max_length=255, blank=True)
    source_checksum = models.CharField(max_length=64, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    band = models.PositiveSmallIntegerField(default=1)
    crs_wkt = models.TextField(blank=True)
    crs_assigned = models.CharField(
        max_length=40, blank=True, help_text="EPSG code given for a file without a CRS"
    )
    epsg = models.PositiveIntegerField(null=True, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    transform = models.JSONField(default=list)
    bounds = models.JSONField(default=list, help_text="minx, miny, maxx, maxy in the layer's CRS")
    bounds_wgs84 = models.JSONField(default=list)
    resolution = models.JSONField(default=list)
    nodata = models.FloatField(null=True, blank=True)
    dtype = models.CharField(max_length=20, blank=True)
    statistics = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)
    provenance = models.JSONField(
        default=dict,
        blank=True,
        help_text="for a layer made from statistics: the statistics version and the rule",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="last sign of life while processing")
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["layer", "-number"]
        verbose_name = _("layer version")
        verbose_name_plural = _("layer versions")
        constraints = [models.UniqueConstraint(fields=["layer", "number"], name="unique_layer_version")]

    def __str__(self) -> str:
        return f"{self.layer.slug} v{self.number}"

    @property
    def path(self):
        return store.local_path(self.file) if self.file else None


class AuditEntry(models.Model):
    """Who changed which layer or statistics dataset, when, with which file."""

    class Kind(models.TextChoices):
        LAYER = "layer", _("layer")
        STATISTICS = "statistics", _("statistics")

    class Action(models.TextChoices):
        UPLOAD = "upload", _("upload")
        PROCESSED = "processed", _("processed")
        FAILED = "failed", _("failed")
        RETRY = "retry", _("retry")
        ACTIVATE = "activate", _("activate (roll back or forward)")
        DELETE = "delete", _("delete version")
        WITHDRAW = "withdraw", _("withdraw (stop serving)")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=20, choices=Action.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LAYER)
    layer = models.ForeignKey(Layer, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit")
    subject = models.CharField(_("subject"), max_length=80, help_text=_("slug of the layer or dataset"))
    version_number = models.PositiveIntegerField(null=True, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.subject} v{self.version_number}"
