"""Staff administration of the catalogue: resources with their cited parameters, and
scenarios. Saving goes through ``catalogue.services``, which raises the version and
recomputes the potentials. Commodities are shown, not edited: they come from
``reference/commodities.json`` (``manage.py load_reference_data``)."""

from django.contrib import admin

from .models import Commodity, CommodityYield, Resource, ResourceParameter, Scenario, Tariff, Technology
from .services import resource_save, scenario_save, tariff_save, technology_save


class ResourceParameterInline(admin.TabularInline):
    model = ResourceParameter
    extra = 0
    fields = ["name", "unit", "low", "central", "high", "source", "is_assumption", "note"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_es", "name_en", "category", "route", "version"]
    list_filter = ["category", "route"]
    search_fields = ["slug", "name_es", "name_en"]
    readonly_fields = ["version"]
    inlines = [ResourceParameterInline]

    def save_model(self, request, obj, form, change):
        """Nothing yet: the resource is saved with its parameters, by the service, below."""

    def save_related(self, request, form, formsets, change):
        parameters, deleted = [], []
        for formset in formsets:
            parameters += formset.save(commit=False)
            deleted += formset.deleted_objects
        resource_save(
            resource=form.instance,
            parameters=parameters,
            deleted=deleted,
            changed=form.has_changed() or any(formset.has_changed() for formset in formsets),
            user=request.user,
        )


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_es", "name_en", "parameter_case", "version", "updated_at"]
    readonly_fields = ["version", "updated_at"]

    def save_model(self, request, obj, form, change):
        scenario_save(scenario=obj, changed=form.changed_data, user=request.user)


class CommodityYieldInline(admin.TabularInline):
    model = CommodityYield
    extra = 0
    can_delete = False
    fields = ["resource", "factor", "unit", "source", "is_assumption", "note"]
    readonly_fields = fields


@admin.register(Commodity)
class CommodityAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_es", "name_en", "unit", "basis_en"]
    inlines = [CommodityYieldInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Technology)
class TechnologyAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_es", "name_en", "min_mw", "max_mw", "reference_mw", "version"]
    readonly_fields = ["version"]

    def save_model(self, request, obj, form, change):
        technology_save(technology=obj, changed=bool(form.changed_data), user=request.user)


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    list_display = ["country", "electricity_usd_mwh", "heat_usd_mwh", "year", "is_assumption", "version"]
    readonly_fields = ["version"]

    def save_model(self, request, obj, form, change):
        tariff_save(tariff=obj, changed=bool(form.changed_data), user=request.user)
