"""Staff administration of layers: upload a file as a new version, follow its processing,
serve another version (roll back or forward), retry or delete one; the audit log."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from biomass.errors import BiomassError
from biomass.languages import error_message, translated

from .forms import LayerUploadForm
from .models import AuditEntry, Layer, LayerVersion
from .requests import LayerRequest
from .selectors import version_is_stale
from .services.upload import layer_upload_file
from .services.versions import (
    layer_save,
    layer_version_activate,
    layer_version_delete,
    layer_version_retry,
    layers_delete,
)

MANAGE = "biomass.manage_layer"


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
        "attempts",
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
        if version.status == LayerVersion.Status.FAILED or version_is_stale(version):
            buttons.append(("retry", _("Retry")))
        if version.status != LayerVersion.Status.PROCESSING or version_is_stale(version):
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

    def save_model(self, request, obj, form, change):
        layer_save(layer=obj)

    def delete_model(self, request, obj):
        layers_delete(layers=[obj])

    def delete_queryset(self, request, queryset):
        layers_delete(layers=list(queryset))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm(MANAGE)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or request.user.has_perm(MANAGE)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="biomass_layer_upload"),
            path(
                "versions/<id:pk>/activate/",
                wrap(self.version_action("activate")),
                name="biomass_layerversion_activate",
            ),
            path(
                "versions/<id:pk>/retry/",
                wrap(self.version_action("retry")),
                name="biomass_layerversion_retry",
            ),
            path(
                "versions/<id:pk>/delete/",
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
        form = LayerUploadForm(
            request.POST or None, request.FILES or None, initial=LayerUploadForm.initial_for(layer)
        )
        if request.method == "POST" and form.is_valid():
            version = self._upload(request, form)
            if version is not None:
                return HttpResponseRedirect(reverse("admin:biomass_layer_change", args=[version.layer_id]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "layer": layer,
            "opts": self.model._meta,
            "title": _("Upload a raster layer"),
        }
        return TemplateResponse(request, "admin/biomass/layer/upload.html", context)

    def _upload(self, request, form) -> LayerVersion | None:
        """Hand the form's file to the upload service; its errors go back on the form."""
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            layer_request = LayerRequest.from_data({**data, "original_name": upload.name})
            version = layer_upload_file(upload=upload, request=layer_request, user=request.user)
        except BiomassError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, capfirst(error_message(exc)))
            return None
        for warning in version.warnings:
            messages.warning(request, translated(warning))
        messages.success(
            request,
            _(
                "Version %(n)s of “%(layer)s” is queued for processing. The site keeps "
                "serving the previous version until it is ready."
            )
            % {"n": version.number, "layer": version.layer.name},
        )
        return version

    def version_action(self, action):
        def view(request, pk):
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            if not request.user.has_perm(MANAGE):
                raise PermissionDenied
            version = get_object_or_404(LayerVersion, pk=pk)
            service = {
                "activate": layer_version_activate,
                "retry": layer_version_retry,
                "delete": layer_version_delete,
            }[action]
            try:
                service(version_id=version.pk, user=request.user)
            except BiomassError as exc:
                messages.error(request, capfirst(error_message(exc)))
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


@admin.register(LayerVersion)
class LayerVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "stage", "progress", "created_by", "created_at", "processed_at"]
    list_filter = ["status", "layer"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "action", "kind", "subject", "version_number", "checksum"]
    list_filter = ["action", "kind", "subject"]
    search_fields = ["subject", "checksum", "user__username"]
