"""Staff administration of regions. Saving goes through ``regions.services.region_save``:
a new geometry is repaired, its area and simplified copies are derived again and the
potentials recomputed."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from biomass.errors import BiomassError
from biomass.languages import error_message

from .models import Region
from .selectors import countries_list
from .services import checked_geometry, region_save


class CountryFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return [(c.code, f"{c.code} · {c.name}") for c in countries_list()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Q(code=self.value()) | Q(parent__code=self.value()))
        return queryset


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = [
            "code",
            "level",
            "name_es",
            "name_en",
            "kind",
            "hasc",
            "parent",
            "geom",
            "source",
            "licence",
        ]

    def clean_geom(self):
        geom = self.cleaned_data["geom"]
        try:
            checked_geometry(geom)
        except BiomassError as exc:
            raise forms.ValidationError(error_message(exc)) from exc
        return geom


@admin.register(Region)
class RegionAdmin(LeafletGeoAdmin):
    form = RegionForm
    list_display = ["code", "name_es", "name_en", "level", "parent", "kind", "area_km2"]
    list_filter = ["level", CountryFilter]
    search_fields = ["code", "name_es", "name_en", "hasc"]
    list_select_related = ["parent"]
    ordering = ["level", "code"]
    readonly_fields = ["area_km2", "created_at", "updated_at"]
    exclude = ["geom_medium", "geom_coarse"]
    autocomplete_fields = ["parent"]
    settings_overrides = {"DEFAULT_ZOOM": 5}

    def save_model(self, request, obj, form, change):
        region_save(region=obj, changed=form.changed_data)
