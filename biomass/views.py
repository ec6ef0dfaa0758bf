import logging

from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from biomass.errors import NotFound
from regions.models import Region

from .models import Layer, Resource, Scenario
from .selectors import countries_comparison, country_summary

logger = logging.getLogger(__name__)


@require_GET
def map_page(request):
    return render(
        request,
        "biomass/map.html",
        {
            "levels": Region.Level.choices,
            "countries": Region.objects.filter(level=Region.Level.COUNTRY).order_by("code"),
        },
    )


@require_GET
def country_page(request, code: str):
    try:
        summary = country_summary(code=code.upper())
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "biomass/country.html", summary)


@require_GET
def compare_page(request):
    return render(request, "biomass/compare.html", countries_comparison())


@require_GET
def layers_page(request):
    layers = Layer.objects.select_related("resource", "current_version").order_by("role", "slug")
    return render(
        request,
        "biomass/layers.html",
        {
            "layers": layers,
            "resources": Resource.objects.prefetch_related("parameters").order_by("category", "slug"),
            "scenarios": Scenario.objects.order_by("sort_order"),
        },
    )


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        regions = Region.objects.count()
    except DatabaseError as exc:
        logger.error("health check: database unavailable: %s", exc)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor, "regions": regions})


def _wants_json(request) -> bool:
    return request.path.startswith(("/api/", "/tiles/"))


def not_found(request, exception=None):
    """404: JSON under /api/ and /tiles/, the HTML page elsewhere."""
    if _wants_json(request):
        return JsonResponse({"error": "not_found", "message": f"no such URL: {request.path}"}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _wants_json(request):
        return JsonResponse(
            {"error": "server_error", "message": "internal error; it has been logged"}, status=500
        )
    return render(request, "500.html", status=500)
