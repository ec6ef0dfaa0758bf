"""Candidate plant sites for the site analysis."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class Site(models.Model):
    """A candidate plant site: a town (GeoNames) with its population."""

    geonameid = models.PositiveIntegerField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=3, db_index=True, help_text="ISO 3166-1 alpha-3")
    population = models.PositiveIntegerField(_("population"))
    point = models.PointField(_("location"), srid=4326)
    source = models.CharField(_("source"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)

    class Meta:
        ordering = ["-population", "name"]
        verbose_name = _("candidate site")
        verbose_name_plural = _("candidate sites")

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"
