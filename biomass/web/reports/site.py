"""The site report (``/sites/report.pdf?lon=&lat=&radius_km=&scenario=&plant_mw=``): a
catchment analysis — inputs, totals by resource, the supply-cost curve and the plant it
supports — in the active language; with ``technology=&mw=[&tariff_usd_mwh=&heat_price_usd_mwh=]``, the plant
economics of that technology and size at the site too (plant.py)."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from biomass.analysis.selectors import nearest_site
from biomass.engine.analysis import geodesic_disc
from biomass.errors import InvalidInput
from biomass.regions.selectors import region_outlines
from biomass.web.templatetags.biomass_tags import num

from . import charts, maps, pdf
from .plant import plant_section


class SiteReportForm(forms.Form):
    """The query of a site report: the catchment API's parameters."""

    lon = forms.FloatField()
    lat = forms.FloatField()
    radius_km = forms.FloatField()
    scenario = forms.SlugField(required=False)
    plant_mw = forms.FloatField(required=False)
    technology = forms.SlugField(required=False)
    mw = forms.FloatField(required=False)
    tariff_usd_mwh = forms.FloatField(required=False, min_value=0)
    heat_price_usd_mwh = forms.FloatField(required=False, min_value=0)


def site_report_params(query) -> dict:
    """The validated parameters, or InvalidInput naming the first field at fault."""
    form = SiteReportForm(query)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise InvalidInput(
            "%(field)s: %(problem)s", field=field, params={"field": field, "problem": str(errors[0])}
        )
    params = form.cleaned_data
    if params["technology"] and params["mw"] is None:
        raise InvalidInput(
            "%(field)s: %(problem)s",
            field="mw",
            params={"field": "mw", "problem": _("required with technology")},
        )
    return params | {"scenario": params["scenario"] or "central"}


def catchment_map(result: dict):
    """The catchment disc, the site and the first-level units it overlaps, named."""
    site = (result["site"]["lon"], result["site"]["lat"])
    disc = geodesic_disc(*site, result["radius_km"])
    outlines = region_outlines(touching=disc, detail="geom_medium")
    areas = [maps.Area(code, name, geometry) for code, name, geometry in outlines]
    title = f"{_('Catchment map')}: {_('Radius')} {num(result['radius_km'])} km"
    return maps.catchment(disc, site, areas, title=title, radius_km=result["radius_km"], width=pdf.WIDTH)


def coordinates(lat: float, lon: float) -> str:
    """Latitude first, with its hemisphere: "13.69° N, 89.19° W"."""
    north = _("N") if lat >= 0 else _("S")
    east = _("E") if lon >= 0 else _("W")
    return f"{abs(lat):.2f}° {north}, {abs(lon):.2f}° {east}"


def _mw(value) -> str:
    return f"{num(value)} MW" if value is not None else num(None)


def totals_table(result: dict):
    """The potential by resource, in t DM/yr and PJ/yr, and the total."""
    pj, mass = f"PJ/{_('yr')}", _("t DM/yr")
    header = [
        _("Resource"),
        (_("Theoretical"), mass),
        (_("Technical"), mass),
        (_("Economic"), mass),
        (_("Technical"), pj),
        (_("Economic"), pj),
    ]
    keys = ("theoretical_t", "technical_t", "economic_t", "technical_pj", "economic_pj")
    rows = [[t["resource_name"], *[num(t[k]) for k in keys]] for t in result["totals"]]
    rows.append([_("Total"), *[num(result["total"][k]) for k in keys]])
    return pdf.table(header, rows, [0.25, 0.15, 0.15, 0.15, 0.15, 0.15])


def site_report(
    *, result: dict, plant_mw: float | None, generated: datetime, economics: tuple[dict, dict] | None = None
) -> bytes:
    """The PDF of a catchment analysis (``catchment_analysis(...)``); with ``economics``, the
    plant's evaluation and size curve (``plant_for_report``)."""
    site, scenario, plant = result["site"], result["scenario"], result["plant"]
    title = f"{_('Site report')}: {coordinates(site['lat'], site['lon'])}"
    town = nearest_site(site["lon"], site["lat"])
    inputs = [
        f"{_('Scenario')}: {scenario['name']}, {_('version')} {scenario['version']}.",
        f"{_('Radius')}: {result['radius_km']:g} km. {_('Price')}: {num(scenario['price_usd_t'])} USD/t {_('DM')}.",
        f"{_('Generated on')} {date_format(generated, 'DATETIME_FORMAT')} UTC.",
    ]
    if town is not None:
        inputs.insert(0, f"{_('Nearest town')}: {town[0]} ({num(town[1])} km).")
    if result.get("note"):
        inputs.append(result["note"])  # e.g. no country of the atlas here
    points = [p for p in result["supply_curve"] if p["cost_usd_per_gj"] is not None]
    body = [
        pdf.heading(title, 1),
        *[pdf.text(line) for line in inputs],
        pdf.SPACE,
        catchment_map(result),
        pdf.SPACE,
        *pdf.section(
            _("Potential by resource"),
            totals_table(result),
            split_below=pdf.TABLE_START,
        ),
        *pdf.section(
            _("Supply-cost curve"),
            charts.supply_chart(points, result["totals"], pdf.WIDTH, charts.price_per_gj(result))
            if points
            else pdf.text(num(None)),
        ),
        *pdf.section(
            _("Plant"),
            pdf.text(
                f"{_('Electric')}: {_mw(plant['mw_electric'])}; {_('thermal')}: {_mw(plant['mw_thermal'])}."
            ),
        ),
    ]
    needed = result.get("radius_for_plant")
    if plant_mw is not None and needed is not None:
        radius = f"{num(needed['radius_km'])} km" if needed.get("radius_km") is not None else _("no data")
        body.append(pdf.text(f"{_('Radius needed for')} {plant_mw:g} MW: {radius}."))
    if economics is not None:
        body += plant_section(*economics)
    return pdf.document(body, title=title, author=_("Biomass energy atlas"))
