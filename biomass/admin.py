"""Staff administration: layers (upload, versions, roll back), resources with their cited
parameters, scenarios, and the audit log."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import services
from .errors import BiomassError
from .models import AuditEntry, Layer, LayerVersion, Resource, ResourceParameter, Scenario

MANAGE = "biomass.manage_layer"


class LayerUploadForm(forms.Form):
    file = forms.FileField(
        label=_("GeoTIFF file"), help_text=_("GeoTIFF only; a VRT, netCDF, HDF, PNG or ZIP is refused")
    )
    name = forms.CharField(label=_("name"), max_length=200)
    role = forms.ChoiceField(label=_("role"), choices=Layer.Role.choices, initial=Layer.Role.RESOURCE)
    quantity = forms.ChoiceField(label=_("quantity"), choices=Layer.Quantity.choices)
    resource = forms.ModelChoiceField(
        label=_("resource"), queryset=Resource.objects.all(), required=False, to_field_name="slug"
    )
    slug = forms.SlugField(
        label=_("slug"), required=False, help_text=_("constraint and cost layers: e.g. slope")
    )
    units = forms.CharField(label=_("units"), required=False, max_length=40)
    year = forms.IntegerField(label=_("year"), required=False, min_value=1900, max_value=2100)
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


class LayerVersionInline(admin.TabularInline):
    model = LayerVersion
    extra = 0
    can_delete = False
    show_change_link = False
    fields = [
        "number",
        "status",
        "stage",
        "progress",
        "error",
        "original_name",
        "created_by",
        "created_at",
        "processed_at",
        "actions",
    ]
    readonly_fields = fields
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm(MANAGE)

    @admin.display(description=_("actions"))
    def actions(self, version):
        buttons = []
        if version.layer.current_version_id == version.pk:
            return format_html("<strong>{}</strong>", _("served"))
        if version.status == LayerVersion.Status.READY:
            buttons.append(("activate", _("Serve this version")))
        if version.status == LayerVersion.Status.FAILED or services.is_stale(version):
            buttons.append(("retry", _("Retry")))
        if version.status != LayerVersion.Status.PROCESSING or services.is_stale(version):
            buttons.append(("delete", _("Delete")))
        # The buttons post the surrounding change form (with its CSRF token) to the action's URL.
        return format_html_join(
            " ",
            '<button type="submit" class="button" formaction="{}" formmethod="post">{}</button>',
            (
                (reverse(f"admin:biomass_layerversion_{name}", args=[version.pk]), label)
                for name, label in buttons
            ),
        )


@admin.register(Layer)
class LayerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "role", "resource", "quantity", "current", "latest_status"]
    list_filter = ["role", "quantity"]
    search_fields = ["name", "slug", "source"]
    readonly_fields = ["current_version", "created_at", "updated_at"]
    inlines = [LayerVersionInline]
    change_form_template = "admin/biomass/layer/change_form.html"
    change_list_template = "admin/biomass/layer/change_list.html"

    @admin.display(description=_("served version"))
    def current(self, layer):
        return f"v{layer.current_version.number}" if layer.current_version else "–"

    @admin.display(description=_("latest version"))
    def latest_status(self, layer):
        latest = layer.versions.order_by("-number").first()
        return f"v{latest.number}: {latest.get_status_display()} {latest.progress} %" if latest else "–"

    def has_add_permission(self, request):
        return False  # layers are created by uploading a file

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm(MANAGE)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or request.user.has_perm(MANAGE)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="biomass_layer_upload"),
            path(
                "versions/<int:pk>/activate/",
                wrap(self.version_action("activate")),
                name="biomass_layerversion_activate",
            ),
            path(
                "versions/<int:pk>/retry/",
                wrap(self.version_action("retry")),
                name="biomass_layerversion_retry",
            ),
            path(
                "versions/<int:pk>/delete/",
                wrap(self.version_action("delete")),
                name="biomass_layerversion_delete",
            ),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        layer = self.get_object(request, object_id)
        busy = (
            layer is not None
            and layer.versions.filter(
                status__in=[LayerVersion.Status.PENDING, LayerVersion.Status.PROCESSING]
            ).exists()
        )
        extra = {**(extra_context or {}), "processing": busy, "can_manage": request.user.has_perm(MANAGE)}
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def upload_view(self, request):
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        layer = Layer.objects.filter(pk=request.GET.get("layer")).first()
        initial = {}
        if layer is not None:
            initial = {
                "name": layer.name,
                "role": layer.role,
                "quantity": layer.quantity,
                "resource": layer.resource,
                "slug": layer.slug,
                "units": layer.units,
                "year": layer.year,
                "source": layer.source,
                "licence": layer.licence,
                "label": layer.label,
                "bin_width": layer.bin_width,
            }
        form = LayerUploadForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            meta = services.LayerMeta(
                name=data["name"],
                role=data["role"],
                quantity=data["quantity"],
                resource_slug=data["resource"].slug if data["resource"] else None,
                slug=data["slug"] or None,
                units=data["units"] or None,
                year=data["year"],
                source=data["source"],
                licence=data["licence"],
                label=data["label"],
                bin_width=data["bin_width"],
            )
            from .api.views import uploaded_path

            try:
                with uploaded_path(data["file"]) as upload_path:
                    version = services.layer_upload(
                        path=upload_path,
                        meta=meta,
                        band=data["band"],
                        crs_epsg=data["crs"],
                        nodata=data["nodata"],
                        original_name=data["file"].name,
                        user=request.user,
                    )
            except BiomassError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.message)
            else:
                for warning in version.warnings:
                    messages.warning(request, warning)
                messages.success(
                    request,
                    _(
                        "Version %(n)s of “%(layer)s” is queued for processing. The site keeps "
                        "serving the previous version until it is ready."
                    )
                    % {"n": version.number, "layer": version.layer.name},
                )
                return HttpResponseRedirect(reverse("admin:biomass_layer_change", args=[version.layer_id]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "layer": layer,
            "opts": self.model._meta,
            "title": _("Upload a raster layer"),
        }
        return TemplateResponse(request, "admin/biomass/layer/upload.html", context)

    def version_action(self, action):
        def view(request, pk):
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            if not request.user.has_perm(MANAGE):
                raise PermissionDenied
            version = get_object_or_404(LayerVersion, pk=pk)
            service = {
                "activate": services.layer_version_activate,
                "retry": services.layer_version_retry,
                "delete": services.layer_version_delete,
            }[action]
            try:
                service(version_id=version.pk, user=request.user)
            except BiomassError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    {
                        "activate": _("Version %(n)s is served now."),
                        "retry": _("Version %(n)s is queued again."),
                        "delete": _("Version %(n)s was deleted."),
                    }[action]
                    % {"n": version.number},
                )
            return HttpResponseRedirect(reverse("admin:biomass_layer_change", args=[version.layer_id]))

        return view


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are written by the services only: staff may look, not edit."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LayerVersion)
class LayerVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "stage", "progress", "created_by", "created_at", "processed_at"]
    list_filter = ["status", "layer"]


class ResourceParameterInline(admin.TabularInline):
    model = ResourceParameter
    extra = 0
    fields = ["name", "unit", "low", "central", "high", "source", "is_assumption", "note"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_es", "name_en", "category", "route"]
    list_filter = ["category", "route"]
    search_fields = ["slug", "name_es", "name_en"]
    inlines = [ResourceParameterInline]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_es", "name_en", "parameter_case", "version", "updated_at"]
    readonly_fields = ["version", "updated_at"]

    def save_model(self, request, obj, form, change):
        services.scenario_save(scenario=obj, changed=form.changed_data, user=request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "action", "layer_slug", "version_number", "checksum"]
    list_filter = ["action", "layer_slug"]
    search_fields = ["layer_slug", "checksum", "user__username"]
