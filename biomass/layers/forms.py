"""The admin's upload form. Its cleaned data becomes a ``LayerRequest`` like every other way
in (the API, the command line, the demo loader)."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from biomass.catalogue.selectors import resources_list

from .models import Layer
from .requests import YEARS


def _resource_choices():
    return [("", "---------")] + [(r.slug, r.name) for r in resources_list()]


class LayerUploadForm(forms.Form):
    file = forms.FileField(
        label=_("GeoTIFF file"), help_text=_("GeoTIFF only; a VRT, netCDF, HDF, PNG or ZIP is refused")
    )
    name = forms.CharField(label=_("name"), max_length=200)
    role = forms.ChoiceField(label=_("role"), choices=Layer.Role.choices, initial=Layer.Role.RESOURCE)
    quantity = forms.ChoiceField(label=_("quantity"), choices=Layer.Quantity.choices)
    resource = forms.ChoiceField(label=_("resource"), choices=_resource_choices, required=False)
    slug = forms.SlugField(
        label=_("slug"), required=False, help_text=_("constraint and cost layers: e.g. slope")
    )
    units = forms.CharField(label=_("units"), required=False, max_length=40)
    year = forms.IntegerField(label=_("year"), required=False, min_value=YEARS[0], max_value=YEARS[1])
    source = forms.CharField(label=_("source"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    licence = forms.CharField(label=_("licence"), required=False, max_length=200)
    label = forms.CharField(label=_("label"), required=False, max_length=200)
    bin_width = forms.FloatField(label=_("bin width"), required=False, min_value=1e-9)
    crs = forms.IntegerField(
        label=_("EPSG code"),
        required=False,
        min_value=1,
        max_value=999999,
        help_text=_("only for a file without a coordinate system"),
    )
    nodata = forms.FloatField(label=_("nodata value"), required=False)
    band = forms.IntegerField(label=_("band"), initial=1, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # "Name", like the admin's other forms (not "name")
            field.label = capfirst(field.label)

    @classmethod
    def initial_for(cls, layer: Layer | None) -> dict:
        """The form filled in for a new version of ``layer``."""
        if layer is None:
            return {}
        names = (
            "name",
            "role",
            "quantity",
            "slug",
            "units",
            "year",
            "source",
            "licence",
            "label",
            "bin_width",
        )
        return {name: getattr(layer, name) for name in names} | {
            "resource": layer.resource.slug if layer.resource else ""
        }
