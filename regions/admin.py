from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from .models import Region


class CountryFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        countries = Region.objects.filter(level=Region.Level.COUNTRY).order_by("code")
        return [(c.code, f"{c.code} · {c.name}") for c in countries]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Q(code=self.value()) | Q(parent__code=self.value()))
        return queryset


@admin.register(Region)
class RegionAdmin(LeafletGeoAdmin):
    list_display = ["code", "name_es", "name_en", "level", "parent", "kind", "area_km2"]
    list_filter = ["level", CountryFilter]
    search_fields = ["code", "name_es", "name_en", "hasc"]
    list_select_related = ["parent"]
    ordering = ["level", "code"]
    readonly_fields = ["area_km2", "created_at", "updated_at"]
    exclude = ["geom_medium", "geom_coarse"]
    autocomplete_fields = ["parent"]
    settings_overrides = {"DEFAULT_ZOOM": 5}
