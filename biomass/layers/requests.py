"""The one request object for a new layer version, whoever asks: the API, the admin's upload
form, the ``import_layer`` command and the demo loader all build a ``LayerRequest`` with
``LayerRequest.from_data`` and hand it to the upload services.

The request checks itself when it is made (role, quantity, units, year, band, bin width),
raising ``InvalidInput`` that names the field; what needs the database (the resource, the
layer's slug) or the file is checked by the services."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from django.utils.translation import gettext_noop

from biomass.errors import InvalidInput

from .models import Layer

RESOURCE_QUANTITIES = (
    Layer.Quantity.DENSITY,
    Layer.Quantity.AMOUNT,
    Layer.Quantity.PRODUCTION,
    Layer.Quantity.HEADS,
)
ROLE_QUANTITIES = {
    Layer.Role.RESOURCE: RESOURCE_QUANTITIES,
    Layer.Role.CONSTRAINT: (Layer.Quantity.CATEGORICAL, Layer.Quantity.CONTINUOUS),
    Layer.Role.COST: (Layer.Quantity.CONTINUOUS,),
}
# Canonical units of each quantity, and the spellings accepted for them.
# The Spanish spellings (as the Spanish pages write the units: "t MS/ha/año") are aliases.
UNITS = {
    Layer.Quantity.DENSITY: (
        "t DM/ha/yr",
        {"tdm/ha/yr", "t/ha/yr", "tdmha-1yr-1", "mg/ha/yr", "tdm/ha/a", "tms/ha/año", "t/ha/año", "tms/ha/a"},
    ),
    Layer.Quantity.AMOUNT: (
        "t DM/yr",
        {
            "tdm/yr",
            "t/yr",
            "tdm/cell/yr",
            "t/cell/yr",
            "mg/yr",
            "tms/año",
            "t/año",
            "tms/celda/año",
            "t/celda/año",
        },
    ),
    Layer.Quantity.PRODUCTION: (
        "t/yr",
        {"t/yr", "t/cell/yr", "tproduct/yr", "mg/yr", "t/año", "t/celda/año"},
    ),
    Layer.Quantity.HEADS: (
        "head",
        {"head", "heads", "animals", "head/cell", "cabeza", "cabezas", "cabezas/celda"},
    ),
    Layer.Quantity.CATEGORICAL: (
        "class",
        {"class", "classes", "category", "", "clase", "clases", "categoría"},
    ),
}
# The roles and quantities as a message names them, translated with it ("density" -> "densidad").
QUANTITY_NAMES = tuple(
    gettext_noop(name) for name in ("density", "amount", "production", "heads", "categorical", "continuous")
)
ROLE_NAMES = tuple(gettext_noop(name) for name in ("resource", "constraint", "cost"))
YEARS = (1900, 2100)
# Optional fields for which an empty value (form, CLI, manifest) means "not given".
OPTIONAL = ("resource", "slug", "units", "year", "bin_width", "legend", "crs", "nodata")


def _normalise(units: str) -> str:
    return units.lower().replace(" ", "").replace("·", "").replace("per", "/")


def canonical_units(quantity: str, units: str | None) -> str:
    """The canonical units for a quantity; raises if the given units do not match."""
    if quantity not in UNITS:  # continuous values: free units (degrees, km, USD/t...)
        if not units:
            raise InvalidInput("a continuous layer needs its units (e.g. degree, km)", field="units")
        return units
    canonical, accepted = UNITS[quantity]
    if units is None or _normalise(units) in accepted | {_normalise(canonical)}:
        return canonical
    raise InvalidInput(
        "units %(units)r do not match a %(quantity)s layer, which must be in %(canonical)s; convert the raster first",
        field="units",
        params={"units": units, "quantity": quantity, "canonical": canonical},
    )


@dataclass(frozen=True)
class LayerRequest:
    """What a new layer version is: the layer's metadata and how to read the file."""

    name: str
    role: str = Layer.Role.RESOURCE
    quantity: str = Layer.Quantity.DENSITY
    resource: str | None = None  # slug of the resource (resource layers)
    slug: str | None = None  # of the layer (constraint and cost layers); default: from the name
    units: str | None = None
    year: int | None = None
    source: str = ""
    licence: str = ""
    description: str = ""
    label: str = ""
    bin_width: float | None = None
    legend: dict | None = None
    band: int = 1
    crs: int | str | None = None  # EPSG code for a file that declares no CRS
    nodata: float | None = None
    original_name: str = ""

    def __post_init__(self):
        if not (self.name or "").strip():
            raise InvalidInput("the layer needs a name", field="name")
        if self.role not in ROLE_QUANTITIES:
            raise InvalidInput("unknown role %(given)r", field="role", params={"given": self.role})
        if self.quantity not in ROLE_QUANTITIES[self.role]:
            allowed = ", ".join(sorted(ROLE_QUANTITIES[self.role]))
            raise InvalidInput(
                "a %(role)s layer must be one of: %(allowed)s",
                field="quantity",
                params={"role": self.role, "allowed": allowed},
            )
        if self.role == Layer.Role.RESOURCE and not self.resource:
            raise InvalidInput("a resource layer needs its resource", field="resource")
        if self.year is not None and not YEARS[0] <= self.year <= YEARS[1]:
            raise InvalidInput(
                "the year must be within %(first)s-%(last)s",
                field="year",
                params={"first": str(YEARS[0]), "last": str(YEARS[1])},
            )
        if self.band < 1:
            raise InvalidInput("bands are numbered from 1", field="band")
        if self.bin_width is not None and not self.bin_width > 0:
            raise InvalidInput("the bin width must be above 0", field="bin_width")
        canonical_units(self.quantity, self.units)

    @classmethod
    def from_data(cls, data: Mapping) -> LayerRequest:
        """From validated form or serializer data, command-line options or a manifest entry:
        unknown keys are ignored and an empty optional value means "not given"."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        for key in OPTIONAL:
            if values.get(key) in ("", None):
                values.pop(key, None)
        for key, value in list(values.items()):
            if value is None:
                values.pop(key)  # a string field left out: its default
        return cls(**values)

    @property
    def layer_units(self) -> str:
        return canonical_units(self.quantity, self.units)
