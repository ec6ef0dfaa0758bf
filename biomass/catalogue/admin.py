"""Staff administration of the catalogue: resources with their cited parameters, and
scenarios. Saving goes through ``catalogue.services``, which raises the version and
recomputes the potentials."""

from django.contrib import admin

from .models import Resource, ResourceParameter, Scenario
from .services import resource_save, scenario_save


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
