"""Pages: the map explorer, a country's summary, the comparison of countries, the layer
catalogue, the methodology; and the health check."""

import logging

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from biomass.analysis.selectors import catchment_analysis
from biomass.caching import TIMEOUT, generation
from biomass.catalogue.selectors import resources_list, scenarios_list, tariffs_list, technologies_list
from biomass.layers.selectors import layers_list
from biomass.potentials.columns import columns_for_display
from biomass.potentials.summaries import countries_comparison, country_summary
from biomass.regions.models import Region
from biomass.regions.selectors import countries_list

from .health import healthz_response
from .reports.country import country_report
from .reports.language import report_language
from .reports.plant import plant_for_report
from .reports.site import site_report, site_report_params

logger = logging.getLogger(__name__)


@require_GET
def map_page(request):
    return render(
        request,
        "biomass/map.html",
        {
            "levels": Region.Level.choices,
            "countries": countries_list(),
            "columns": columns_for_display(),
        },
    )


@require_GET
def country_page(request, code: str):
    """A country's summary for ``?scenario=`` (default, also when empty: the central scenario;
    an unknown one is a 400 naming the parameter, as for the report)."""
    summary = country_summary(code=code.upper(), scenario=request.GET.get("scenario") or None)
    return render(
        request, "biomass/country.html", {**summary, "published": generation(), "cache_seconds": TIMEOUT}
    )


@require_GET
def country_report_pdf(request, code: str):
    """The country page as a PDF, for ``?scenario=`` (default, also when empty: the central
    scenario), in ``?language=`` (default: the request's)."""
    with report_language(request.GET):
        summary = country_summary(code=code.upper(), scenario=request.GET.get("scenario") or None)
        body = country_report(summary=summary, generated=timezone.now())
    response = HttpResponse(body, content_type="application/pdf")
    scenario = summary["central"].slug if summary["central"] else "none"
    response["Content-Disposition"] = f'inline; filename="{summary["country"].code}-{scenario}.pdf"'
    return response


@require_GET
def site_report_pdf(request):
    """A catchment analysis as a PDF (the catchment API's parameters, and ``language``); with
    ``technology`` and ``mw``, the plant economics at the site."""
    with report_language(request.GET):
        p = site_report_params(request.GET)
        result = catchment_analysis(
            lon=p["lon"],
            lat=p["lat"],
            radius_km=p["radius_km"],
            scenario_slug=p["scenario"],
            plant_mw=p["plant_mw"],
        )
        economics = plant_for_report(p)
        body = site_report(
            result=result, plant_mw=p["plant_mw"], generated=timezone.now(), economics=economics
        )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="site-{p["lon"]:.3f}-{p["lat"]:.3f}.pdf"'
    return response


@require_GET
def compare_page(request):
    return render(request, "biomass/compare.html", countries_comparison())


@require_GET
def layers_page(request):
    return render(
        request,
        "biomass/layers.html",
        {"layers": layers_list(), "resources": resources_list(), "scenarios": scenarios_list()},
    )


@require_GET
def favicon(request):
    """/favicon.ico, which browsers and tools ask for on any page: the site's icon (SVG)."""
    return redirect(static("biomass/favicon.svg"), permanent=True)


@require_GET
def methodology_page(request):
    """How each number is computed; the parameters come from the catalogue."""
    return render(
        request,
        "biomass/methodology.html",
        {
            "resources": resources_list(),
            "scenarios": scenarios_list(),
            "technologies": technologies_list(),
            "tariffs": tariffs_list(),
        },
    )


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for load balancers and monitors: 503 unless the database
    answers and accepts a write."""
    return healthz_response()  # normally answered earlier, by HealthzMiddleware
