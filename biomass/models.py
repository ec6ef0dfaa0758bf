"""Resources (with cited parameters), raster layers (with versions), scenarios and the
stored potentials."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from regions.models import Region

CASES = ("low", "central", "high")
CASE_CHOICES = [(case, case) for case in CASES]


class BilingualName(models.Model):
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "es")[:2] == "en" and self.name_en else self.name_es

    def __str__(self) -> str:
        return self.name


class Resource(BilingualName):
    class Category(models.TextChoices):
        AGRICULTURAL = "agricultural", _("Agricultural field residues")
        AGROINDUSTRIAL = "agroindustrial", _("Agro-industrial residues")
        FOREST = "forest", _("Forest residues")
        MANURE = "manure", _("Animal manure")

    class Route(models.TextChoices):
        COMBUSTION = "combustion", _("Combustion (solid fuel)")
        BIOGAS = "biogas", _("Anaerobic digestion (biogas)")
        EITHER = "biogas-or-combustion", _("Biogas or combustion")

    slug = models.SlugField(unique=True, max_length=60)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    route = models.CharField(_("conversion route"), max_length=30, choices=Route.choices)
    product_es = models.CharField(_("product (Spanish)"), max_length=100, blank=True)
    product_en = models.CharField(_("product (English)"), max_length=100, blank=True)

    class Meta:
        ordering = ["category", "slug"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def parameter_values(self, case: str) -> dict[str, float]:
        """{parameter name: value} for the low, central or high case."""
        return {p.name: p.value(case) for p in self.parameters.all()}


class ResourceParameter(models.Model):
    """One parameter of a resource with its low/central/high values and its source.
    A value without a source is an assumption and is shown as one."""

    class Name(models.TextChoices):
        RPR = "rpr", _("residue-to-product ratio")
        DRY_MATTER = "dry_matter", _("dry-matter fraction")
        LHV = "lhv", _("lower heating value")
        AVAILABILITY = "availability", _("availability factor")
        MANURE_PER_HEAD = "manure_per_head", _("manure per head")
        VOLATILE_SOLIDS = "volatile_solids", _("organic (volatile) dry matter")
        METHANE_YIELD = "methane_yield", _("methane yield")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="parameters")
    name = models.CharField(max_length=30, choices=Name.choices)
    unit = models.CharField(max_length=40)
    low = models.FloatField()
    central = models.FloatField()
    high = models.FloatField()
    source = models.TextField(blank=True)
    is_assumption = models.BooleanField(
        default=False, help_text=_("True when the value (or its range) is not taken from a cited source")
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["resource", "name"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "name"], name="unique_resource_parameter"),
            models.CheckConstraint(
                condition=Q(low__lte=models.F("central"), central__lte=models.F("high")),
                name="parameter_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource.slug}.{self.name}"

    def value(self, case: str) -> float:
        if case not in CASES:
            raise ValueError(f"unknown case {case!r}")
        return getattr(self, case)


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
        help_text=_('shown with every number, e.g. "demo estimate from land cover"'),
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
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="last sign of life while processing")
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["layer", "-number"]
        constraints = [models.UniqueConstraint(fields=["layer", "number"], name="unique_layer_version")]

    def __str__(self) -> str:
        return f"{self.layer.slug} v{self.number}"

    @property
    def path(self):
        return settings.MEDIA_ROOT / self.file if self.file else None


class Scenario(BilingualName):
    """A named, versioned set of assumptions. ``constraints`` maps a constraint layer's slug
    to a rule: {"max": 15} on a continuous layer, {"exclude": [0, 13]} on a categorical one."""

    slug = models.SlugField(unique=True, max_length=60)
    description_es = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    parameter_case = models.CharField(
        max_length=10,
        choices=CASE_CHOICES,
        default="central",
        help_text=_("which value of each resource parameter range to use"),
    )
    availability_overrides = models.JSONField(
        default=dict, blank=True, help_text=_("{resource slug: factor}")
    )
    constraints = models.JSONField(default=dict, blank=True)
    # Economic parameters (used by the catchment and economic potential).
    collection_cost_usd_t = models.FloatField(default=0.0)
    transport_cost_usd_t_km = models.FloatField(default=0.0)
    tortuosity = models.FloatField(default=1.0)
    efficiency_electric = models.FloatField(default=0.25)
    efficiency_thermal = models.FloatField(default=0.80)
    capacity_factor = models.FloatField(default=0.80)
    price_usd_t = models.FloatField(default=0.0)
    sources = models.JSONField(
        default=dict, blank=True, help_text=_("{parameter: source or 'assumption: ...'}")
    )
    version = models.PositiveIntegerField(default=1)
    sort_order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")


class Potential(models.Model):
    """Stored result: one region x resource x scenario, with what it came from."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="potentials")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="potentials")
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="potentials")
    layer_version = models.ForeignKey(LayerVersion, on_delete=models.PROTECT, related_name="potentials")
    scenario_version = models.PositiveIntegerField()
    theoretical_t = models.FloatField(help_text="t DM/yr")
    technical_t = models.FloatField(help_text="t DM/yr")
    economic_t = models.FloatField(null=True, blank=True, help_text="t DM/yr")
    theoretical_pj = models.FloatField(help_text="PJ/yr")
    technical_pj = models.FloatField(help_text="PJ/yr")
    economic_pj = models.FloatField(null=True, blank=True, help_text="PJ/yr")
    coverage = models.FloatField(help_text="share of the region covered by valid cells")
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region__level", "region__code", "resource__slug", "scenario__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["region", "resource", "scenario"], name="unique_potential"),
        ]

    def __str__(self) -> str:
        return f"{self.region.code} {self.resource.slug} {self.scenario.slug}"


class AuditEntry(models.Model):
    """Who changed which layer, when, with which file."""

    class Action(models.TextChoices):
        UPLOAD = "upload", _("upload")
        PROCESSED = "processed", _("processed")
        FAILED = "failed", _("failed")
        RETRY = "retry", _("retry")
        ACTIVATE = "activate", _("activate (roll back or forward)")
        DELETE = "delete", _("delete version")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=20, choices=Action.choices)
    layer = models.ForeignKey(Layer, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit")
    layer_slug = models.CharField(max_length=80)
    version_number = models.PositiveIntegerField(null=True, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.layer_slug} v{self.version_number}"


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
