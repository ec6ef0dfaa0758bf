from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from biomass.languages import bilingual


class Region(models.Model):
    """A polygon unit: a country (ISO 3166-1 alpha-3 code) or a first-level subdivision
    (ISO 3166-2 code). Geometries are stored in EPSG:4326; ``area_km2`` is geodesic (WGS84)."""

    class Level(models.TextChoices):
        COUNTRY = "country", _("Country")
        ADMIN1 = "admin1", _("State, department or province")

    # Tolerances (degrees) of the simplified copies served at low zoom.
    MEDIUM_TOLERANCE = 0.002  # about 200 m: zoom 6 to 9
    COARSE_TOLERANCE = 0.02  # about 2 km: zoom 5 and below

    code = models.CharField(_("code"), max_length=20, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(
        _("local type"), max_length=100, blank=True, help_text=_("e.g. Estado, Departamento")
    )
    hasc = models.CharField(_("HASC code"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    geom = models.MultiPolygonField(_("geometry"), srid=4326)
    geom_medium = models.MultiPolygonField(srid=4326, null=True, blank=True, spatial_index=False)
    geom_coarse = models.MultiPolygonField(srid=4326, null=True, blank=True, spatial_index=False)
    area_km2 = models.FloatField(_("geodesic area (km²)"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name(self) -> str:
        """The name in the active language (Spanish unless English is active)."""
        return bilingual(self.name_es, self.name_en)

    @property
    def country_code(self) -> str:
        return self.code if self.level == self.Level.COUNTRY else (self.parent.code if self.parent else "")

    @classmethod
    def geometry_field_for_zoom(cls, zoom: int | None) -> str:
        """The name of the geometry field drawn at a web-map zoom level (None: full detail)."""
        if zoom is not None and zoom <= 5:
            return "geom_coarse"
        if zoom is not None and zoom <= 9:
            return "geom_medium"
        return "geom"

    def geometry_for_zoom(self, zoom: int | None):
        """The geometry to draw at a web-map zoom level (the full one when a simplified copy
        is missing)."""
        return getattr(self, self.geometry_field_for_zoom(zoom)) or self.geom
