"""The catalogue: resources with their cited parameters, and scenarios (named, versioned
sets of assumptions). Every change of either goes through ``catalogue.services``, which
raises its version and recomputes the potentials that depend on it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biomass.languages import bilingual

from .reference.technologies import TechnologyError, validate_technology

CASES = ("low", "central", "high")
CASE_CHOICES = [(case, case) for case in CASES]
# Parameters that are shares of something (dry matter of fresh mass, organic share of dry
# matter, removable share of the residue): within 0-1. The others cannot be negative.
FRACTIONS = ("dry_matter", "availability", "volatile_solids", "achievable_methane", "capacity_factor")
# A scenario's economic parameters and their units (the API, the reference data and the pages
# read them from here).
ECONOMIC_UNITS = {
    "collection_cost_usd_t": "USD/t DM",
    "transport_cost_usd_t_km": "USD/(t·km), t as collected (wet)",
    "tortuosity": "road km per straight-line km",
    "efficiency_electric": "fraction",
    "efficiency_thermal": "fraction",
    "capacity_factor": "fraction",
    "digestion_efficiency_electric": "fraction",
    "digestion_efficiency_thermal": "fraction",
    "digestion_capacity_factor": "fraction",
    "price_usd_t": "USD/t DM",
    "discount_rate": "fraction per year (real terms)",
}


def validate_share(value: float) -> None:
    """A share of something that must be there: above 0 and at most 1 (efficiencies,
    capacity factors). 0 would make a plant size infinite."""
    if not 0 < value <= 1:
        raise ValidationError(_("must be above 0 and at most 1"), code="share")


class BilingualName(models.Model):
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self.name_es, self.name_en)


class Resource(BilingualName):
    class Category(models.TextChoices):
        AGRICULTURAL = "agricultural", _("Agricultural field residues")
        AGROINDUSTRIAL = "agroindustrial", _("Agro-industrial residues")
        FOREST = "forest", _("Forest residues")
        MANURE = "manure", _("Animal manure")

    class Route(models.TextChoices):
        COMBUSTION = "combustion", _("Combustion (solid fuel)")
        BIOGAS = "biogas", _("Anaerobic digestion (biogas)")

    slug = models.SlugField(unique=True, max_length=60)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    route = models.CharField(_("conversion route"), max_length=30, choices=Route.choices)
    product_es = models.CharField(_("product (Spanish)"), max_length=100, blank=True)
    product_en = models.CharField(_("product (English)"), max_length=100, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text=_("raised whenever a parameter changes; stored potentials record it")
    )
    counted_in_totals = models.BooleanField(
        _("counted in totals"),
        default=True,
        help_text=_(
            "False for a resource that overlaps others (mixed field residues estimated from land "
            "cover overlap the crop-specific residues): shown on its own, never added to totals"
        ),
    )

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
        ACHIEVABLE_METHANE = "achievable_methane", _("achievable share of the methane yield")
        CAPACITY_FACTOR = "capacity_factor", _("capacity factor of a plant on this resource")

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
    distribution = models.CharField(
        _("distribution"),
        max_length=12,
        choices=[
            ("triangular", _("triangular (low, case value, high)")),
            ("uniform", _("uniform (low to high)")),
        ],
        default="triangular",
        help_text=_("how the Monte Carlo draws the parameter between its low and high values"),
    )

    class Meta:
        ordering = ["resource", "name"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "name"], name="unique_resource_parameter"),
            models.CheckConstraint(
                condition=Q(low__lte=models.F("central"), central__lte=models.F("high")),
                name="parameter_range_ordered",
                violation_error_message=_("the values must be ordered: low ≤ central ≤ high"),
            ),
            models.CheckConstraint(
                condition=Q(low__gte=0),
                name="parameter_not_negative",
                violation_error_message=_("a parameter cannot be negative"),
            ),
            models.CheckConstraint(
                condition=~Q(name__in=FRACTIONS) | Q(high__lte=1),
                name="parameter_fraction_at_most_one",
                violation_error_message=_("a fraction cannot be above 1"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource.slug}.{self.name}"

    def value(self, case: str) -> float:
        if case not in CASES:
            raise ValueError(f"unknown case {case!r}")
        return getattr(self, case)


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
    collection_cost_usd_t = models.FloatField(default=0.0, validators=[MinValueValidator(0.0)])
    transport_cost_usd_t_km = models.FloatField(default=0.0, validators=[MinValueValidator(0.0)])
    tortuosity = models.FloatField(
        default=1.0,
        validators=[MinValueValidator(1.0)],
        help_text=_("road distance per straight-line distance (at least 1)"),
    )
    # The conversion routes' plants: combustion in a steam cycle, digestion with a gas engine.
    efficiency_electric = models.FloatField(
        _("electric efficiency, combustion"), default=0.25, validators=[validate_share]
    )
    efficiency_thermal = models.FloatField(
        _("thermal efficiency, combustion"), default=0.80, validators=[validate_share]
    )
    capacity_factor = models.FloatField(
        _("capacity factor, combustion"), default=0.80, validators=[validate_share]
    )
    digestion_efficiency_electric = models.FloatField(
        _("electric efficiency, biogas engine"), default=0.37, validators=[validate_share]
    )
    digestion_efficiency_thermal = models.FloatField(
        _("thermal efficiency, biogas engine"), default=0.45, validators=[validate_share]
    )
    digestion_capacity_factor = models.FloatField(
        _("capacity factor, biogas plant"), default=0.85, validators=[validate_share]
    )
    price_usd_t = models.FloatField(default=0.0, validators=[MinValueValidator(0.0)])
    discount_rate = models.FloatField(
        _("discount rate"),
        default=0.08,
        validators=[MinValueValidator(0.0), MaxValueValidator(0.999999)],
        help_text=_("real-terms rate a year at which capital is recovered (0 ≤ r < 1)"),
    )
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
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    efficiency_electric__gt=0,
                    efficiency_electric__lte=1,
                    efficiency_thermal__gt=0,
                    efficiency_thermal__lte=1,
                    capacity_factor__gt=0,
                    capacity_factor__lte=1,
                    digestion_efficiency_electric__gt=0,
                    digestion_efficiency_electric__lte=1,
                    digestion_efficiency_thermal__gt=0,
                    digestion_efficiency_thermal__lte=1,
                    digestion_capacity_factor__gt=0,
                    digestion_capacity_factor__lte=1,
                ),
                name="scenario_shares_in_0_1",
                violation_error_message=_(
                    "efficiencies and the capacity factor must be above 0 and at most 1"
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    collection_cost_usd_t__gte=0,
                    transport_cost_usd_t_km__gte=0,
                    price_usd_t__gte=0,
                    tortuosity__gte=1,
                    discount_rate__gte=0,
                    discount_rate__lt=1,
                ),
                name="scenario_costs_not_negative",
                violation_error_message=_(
                    "costs and the price cannot be negative; the tortuosity is at least 1; "
                    "the discount rate is within 0 ≤ r < 1"
                ),
            ),
        ]

    def clean(self) -> None:
        overrides = self.availability_overrides or {}
        if not isinstance(overrides, dict):
            raise ValidationError({"availability_overrides": _("expected {resource slug: factor}")})
        for slug, factor in overrides.items():
            if not isinstance(factor, int | float) or not 0 <= factor <= 1:
                raise ValidationError(
                    {
                        "availability_overrides": _("the factor for %(slug)s must be within 0-1")
                        % {"slug": slug}
                    }
                )


class Commodity(BilingualName):
    """A product that national statistics count (maize, sugar cane, paddy rice, cattle, …), with
    the resources it yields and how its production is spread over the grid (the land-cover
    classes where it grows, with their weights)."""

    class Unit(models.TextChoices):
        TONNES = "t", _("t of product")
        HEADS = "head", _("head (animals)")

    slug = models.SlugField(unique=True, max_length=60)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    basis_es = models.CharField(_("what is counted (Spanish)"), max_length=200, blank=True)
    basis_en = models.CharField(_("what is counted (English)"), max_length=200, blank=True)
    allocation = models.JSONField(
        _("allocation"),
        default=dict,
        blank=True,
        help_text=_('{"weights": {land-cover class: weight}, "source": "…"}: where the production is'),
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("commodity")
        verbose_name_plural = _("commodities")


class CommodityYield(models.Model):
    """One resource a commodity yields: ``factor`` units of the resource's product (the basis of
    its residue-to-product ratio) per unit of the commodity, with its source."""

    commodity = models.ForeignKey(Commodity, on_delete=models.CASCADE, related_name="yields")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="commodity_yields")
    factor = models.FloatField(validators=[MinValueValidator(0.0)])
    unit = models.CharField(max_length=60, help_text=_("e.g. t coffee cherries / t green coffee"))
    source = models.TextField(blank=True)
    is_assumption = models.BooleanField(default=False)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["commodity", "resource"]
        constraints = [
            models.UniqueConstraint(fields=["commodity", "resource"], name="unique_commodity_yield"),
            models.CheckConstraint(condition=Q(factor__gte=0), name="commodity_factor_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.commodity.slug} → {self.resource.slug}"


TECHNOLOGY_CHECKED = ("routes", "produces_heat", "min_mw", "max_mw", "reference_mw", "parameters")


class Technology(BilingualName):
    """A conversion technology (a steam cycle, a biogas engine, …): the conversion routes it
    takes, the sizes it is built in and its cost and performance parameters, each with its
    low/central/high values, unit and source (``reference.technologies.PARAMETERS``)."""

    slug = models.SlugField(unique=True, max_length=60)
    routes = models.JSONField(_("conversion routes"), default=list, help_text=_('e.g. ["combustion"]'))
    produces_heat = models.BooleanField(_("produces useful heat"), default=False)
    min_mw = models.FloatField(_("smallest size, MW electric"), validators=[MinValueValidator(0.0)])
    max_mw = models.FloatField(_("largest size, MW electric"), validators=[MinValueValidator(0.0)])
    reference_mw = models.FloatField(_("reference size, MW electric"), validators=[MinValueValidator(0.0)])
    parameters = models.JSONField(
        default=dict, help_text=_('{name: {"low", "central", "high", "unit", "source", "is_assumption"}}')
    )
    description_es = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")

    def clean(self) -> None:
        try:
            validate_technology(self.slug, {f: getattr(self, f) for f in TECHNOLOGY_CHECKED})
        except TechnologyError as error:
            raise ValidationError({error.field: str(error)}) from None


class Tariff(models.Model):
    """The reference selling price of electricity (and heat, when there is one) in a country."""

    country = models.CharField(_("country code"), max_length=3, unique=True, help_text=_("e.g. MEX"))
    electricity_usd_mwh = models.FloatField(_("electricity, USD/MWh"), validators=[MinValueValidator(0.0)])
    heat_usd_mwh = models.FloatField(
        _("heat, USD/MWh"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0)],
        help_text=_("empty: no reference heat price"),
    )
    year = models.PositiveSmallIntegerField(_("year of the price"))
    source = models.TextField(blank=True)
    is_assumption = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["country"]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")

    def __str__(self) -> str:
        return f"{self.country}: {self.electricity_usd_mwh} USD/MWh"
