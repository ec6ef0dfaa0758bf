"""Production statistics: a dataset (one source), its versions (one file each, processed in
the background, one served at a time) and the records of each version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from biomass.catalogue.models import Commodity
from biomass.regions.models import Region


class StatisticsDataset(models.Model):
    """One source of statistics (e.g. FAOSTAT food balances); a new file from the same source
    is a new version of it."""

    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField(
        _("name"), max_length=200, help_text=_('short, shown with every number, e.g. "FAOSTAT food balances"')
    )
    source = models.TextField(_("source"))
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    current_version = models.ForeignKey(
        "StatisticsVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("served version"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("statistics dataset")
        verbose_name_plural = _("statistics datasets")

    def __str__(self) -> str:
        return self.name or self.slug


class StatisticsVersion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        PROCESSING = "processing", _("processing")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    dataset = models.ForeignKey(
        StatisticsDataset, on_delete=models.CASCADE, related_name="versions", verbose_name=_("dataset")
    )
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    file = models.CharField(
        _("file"), max_length=500, blank=True, help_text="the CSV, relative to MEDIA_ROOT"
    )
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    checksum = models.CharField(_("checksum"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    heartbeat_at = models.DateTimeField(
        _("heartbeat"), null=True, blank=True, help_text=_("when a worker took it for processing")
    )

    class Meta:
        ordering = ["dataset", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="unique_statistics_version")
        ]
        verbose_name = _("statistics version")
        verbose_name_plural = _("statistics versions")

    def __str__(self) -> str:
        return f"{self.dataset.slug} v{self.number}"


class ProductionRecord(models.Model):
    """What a region produced (t of product) or kept (heads) of a commodity in a year."""

    version = models.ForeignKey(StatisticsVersion, on_delete=models.CASCADE, related_name="records")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="production_records")
    commodity = models.ForeignKey(Commodity, on_delete=models.PROTECT, related_name="records")
    year = models.PositiveSmallIntegerField()
    quantity = models.FloatField(help_text="t of product, or head")

    class Meta:
        ordering = ["version", "commodity", "region", "year"]
        constraints = [
            models.UniqueConstraint(fields=["version", "region", "commodity", "year"], name="unique_record"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="record_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.commodity_id} {self.year}: {self.quantity:g}"
