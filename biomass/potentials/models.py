"""Stored potentials: one row per region × resource × scenario, with the versions of
everything it was computed from."""

from __future__ import annotations

from django.db import models

from biomass.catalogue.models import Resource, Scenario
from biomass.layers.models import LayerVersion
from biomass.regions.models import Region


class Potential(models.Model):
    """Stored result: one region × resource × scenario, and the versions of the layer, the
    scenario and the resource parameters it was computed with."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="potentials")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="potentials")
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="potentials")
    layer_version = models.ForeignKey(
        LayerVersion,
        on_delete=models.PROTECT,
        related_name="potentials",
        help_text="the layer version it was computed from",
    )
    scenario_version = models.PositiveIntegerField(help_text="the scenario's version it was computed with")
    resource_version = models.PositiveIntegerField(
        default=1, help_text="the version of the resource's parameters it was computed with"
    )
    theoretical_t = models.FloatField(help_text="t DM/yr")
    technical_t = models.FloatField(help_text="t DM/yr")
    economic_t = models.FloatField(null=True, blank=True, help_text="t DM/yr")
    theoretical_pj = models.FloatField(help_text="PJ/yr")
    technical_pj = models.FloatField(help_text="PJ/yr")
    economic_pj = models.FloatField(null=True, blank=True, help_text="PJ/yr")
    coverage = models.FloatField(help_text="share of the region covered by valid cells")
    percentiles = models.JSONField(
        default=dict,
        blank=True,
        help_text="P10, P50 and P90 of each quantity from the Monte Carlo, e.g. technical_t_p10 (potentials.uncertainty)",
    )
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region__level", "region__code", "resource__slug", "scenario__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["region", "resource", "scenario"], name="unique_potential"),
        ]

    def __str__(self) -> str:
        return f"{self.region.code} {self.resource.slug} {self.scenario.slug}"


class PotentialTotal(models.Model):
    """The P10, P50 and P90 of a region's total over the resources counted in totals, in one
    scenario (the Monte Carlo sums draws, not percentiles)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="potential_totals")
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="potential_totals")
    percentiles = models.JSONField(default=dict)
    sensitivity = models.JSONField(
        default=dict,
        blank=True,
        help_text="countries: the technical total (PJ/yr) with each parameter at its low and high value",
    )
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "scenario"], name="unique_potential_total"),
        ]

    def __str__(self) -> str:
        return f"{self.region.code} total {self.scenario.slug}"
