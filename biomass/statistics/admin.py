"""Staff administration of production statistics: upload a CSV as a new version of a
dataset, follow its processing, retry a failed one; the versions and their records."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from biomass.errors import BiomassError
from biomass.languages import error_message
from biomass.layers.admin import MANAGE, ReadOnlyAdmin

from .forms import StatisticsUploadForm
from .models import StatisticsDataset, StatisticsVersion
from .services import (
    StatisticsRequest,
    statistics_dataset_withdraw,
    statistics_upload_file,
    statistics_version_retry,
)


def _years(version: StatisticsVersion) -> str:
    """The years a version covers, not grouped like quantities (2019, not 2,019)."""
    if not version.first_year:
        return "–"
    if version.first_year == version.last_year:
        return str(version.first_year)
    return f"{version.first_year}–{version.last_year}"


class StatisticsVersionInline(admin.TabularInline):
    model = StatisticsVersion
    extra = 0
    can_delete = False
    fields = [
        "number",
        "status",
        "stage",
        "error",
        "rows",
        "years",
        "original_name",
        "created_by",
        "created_at",
        "actions",
    ]
    readonly_fields = fields
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm(MANAGE)

    @admin.display(description=_("years"))
    def years(self, version):
        return _years(version)

    @admin.display(description=_("actions"))
    def actions(self, version):
        if version.dataset.current_version_id == version.pk:
            return format_html("<strong>{}</strong>", _("served"))
        if version.status != StatisticsVersion.Status.FAILED:
            return ""
        url = reverse("admin:biomass_statisticsversion_retry", args=[version.pk])
        return format_html(
            '<button type="submit" class="button" formaction="{}" formmethod="post">{}</button>',
            url,
            _("Retry"),
        )


@admin.register(StatisticsDataset)
class StatisticsDatasetAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "licence", "served", "latest_status"]
    search_fields = ["name", "slug", "source"]
    readonly_fields = ["slug", "current_version", "created_at", "updated_at"]
    inlines = [StatisticsVersionInline]
    change_list_template = "admin/biomass/statisticsdataset/change_list.html"
    change_form_template = "admin/biomass/statisticsdataset/change_form.html"

    @admin.display(description=_("served version"))
    def served(self, dataset):
        version = dataset.current_version
        return f"v{version.number} ({_years(version)})" if version else "–"

    @admin.display(description=_("latest version"))
    def latest_status(self, dataset):
        latest = dataset.versions.order_by("-number").first()
        return f"v{latest.number}: {latest.get_status_display()}" if latest else "–"

    def has_add_permission(self, request):
        return False  # datasets are made by uploading a file

    def has_delete_permission(self, request, obj=None):
        return False  # a dataset is withdrawn (below), its versions kept for the record

    def change_view(self, request, object_id, form_url="", extra_context=None):
        dataset = self.get_object(request, object_id)
        busy = (
            dataset is not None
            and dataset.versions.filter(
                status__in=[StatisticsVersion.Status.PENDING, StatisticsVersion.Status.PROCESSING]
            ).exists()
        )
        extra = {**(extra_context or {}), "processing": busy, "can_manage": request.user.has_perm(MANAGE)}
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm(MANAGE)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or request.user.has_perm(MANAGE)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="biomass_statistics_upload"),
            path("versions/<id:pk>/retry/", wrap(self.retry_view), name="biomass_statisticsversion_retry"),
            path("<id:pk>/withdraw/", wrap(self.withdraw_view), name="biomass_statisticsdataset_withdraw"),
        ] + super().get_urls()

    def upload_view(self, request):
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        dataset = StatisticsDataset.objects.filter(pk=request.GET.get("dataset")).first()
        initial = StatisticsUploadForm.initial_for(dataset)
        form = StatisticsUploadForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            version = self._upload(request, form)
            if version is not None:
                return HttpResponseRedirect(
                    reverse("admin:biomass_statisticsdataset_change", args=[version.dataset_id])
                )
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "dataset": dataset,
            "opts": self.model._meta,
            "title": _("Upload production statistics"),
        }
        return TemplateResponse(request, "admin/biomass/statisticsdataset/upload.html", context)

    def _upload(self, request, form) -> StatisticsVersion | None:
        """Hand the form's file to the upload service; its errors go back on the form."""
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            statistics_request = StatisticsRequest(**data, original_name=upload.name)
            version, created = statistics_upload_file(
                upload=upload, request=statistics_request, user=request.user
            )
        except BiomassError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, capfirst(error_message(exc)))
            return None
        if not created:
            messages.info(
                request, _("This file is already version %(n)s; nothing changed.") % {"n": version.number}
            )
        else:
            messages.success(
                request,
                _(
                    "Version %(n)s of “%(dataset)s” (%(rows)s rows) is queued for processing. The site keeps "
                    "serving the previous version until its production layers are ready."
                )
                % {"n": version.number, "dataset": version.dataset.name, "rows": version.rows},
            )
        return version

    def withdraw_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        dataset = get_object_or_404(StatisticsDataset, pk=pk)
        try:
            withdrawn = statistics_dataset_withdraw(slug=dataset.slug, user=request.user)
        except BiomassError as exc:
            messages.error(request, capfirst(error_message(exc)))
        else:
            messages.success(
                request,
                _("“%(dataset)s” is no longer served; layers without statistics now: %(layers)s")
                % {"dataset": dataset.name, "layers": ", ".join(withdrawn) or "–"},
            )
        return HttpResponseRedirect(reverse("admin:biomass_statisticsdataset_change", args=[dataset.pk]))

    def retry_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm(MANAGE):
            raise PermissionDenied
        version = get_object_or_404(StatisticsVersion, pk=pk)
        try:
            statistics_version_retry(version_id=version.pk, user=request.user)
        except BiomassError as exc:
            messages.error(request, capfirst(error_message(exc)))
        else:
            messages.success(request, _("Version %(n)s is queued again.") % {"n": version.number})
        return HttpResponseRedirect(
            reverse("admin:biomass_statisticsdataset_change", args=[version.dataset_id])
        )


@admin.register(StatisticsVersion)
class StatisticsVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "stage", "rows", "years", "created_by", "processed_at"]
    list_filter = ["status", "dataset"]

    @admin.display(description=_("years"))
    def years(self, version):
        return _years(version)

    def get_readonly_fields(self, request, obj=None):
        return [
            f for f in super().get_readonly_fields(request, obj) if f not in ("first_year", "last_year")
        ] + ["years"]

    def get_fields(self, request, obj=None):
        return [f for f in super().get_fields(request, obj) if f not in ("first_year", "last_year")]
