"""The country report (``/countries/<ISO3>/report.pdf``): what the country page shows for one
scenario — totals by resource with their P10–P90, a chart, the admin-1 table, sources,
parameters and the versions of the data — in the active language."""

from __future__ import annotations

import re
from datetime import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from biomass.languages import translated as tr
from biomass.regions.selectors import region_outlines
from biomass.web.templatetags.biomass_tags import num

from . import maps, pdf


def _pj() -> str:
    return f"PJ/{_('yr')}"


def _range(low, high) -> str:
    if low is None or high is None:
        return _("no data")
    return f"{num(low)} – {num(high)}"


def _resource_rows(summary: dict) -> list[list[str]]:
    """A row per resource and the total (its coverage "—": each resource has its own)."""

    def row(name: str, r: dict, coverage: str) -> list[str]:
        return [
            name,
            num(r["theoretical_t"]),
            num(r["technical_t"]),
            num(r["theoretical_pj"]),
            num(r["technical_pj"]),
            _range(r["technical_pj_p10"], r["technical_pj_p90"]),
            num(r["economic_pj"]),
            coverage,
        ]

    rows = [row(r["resource"].name, r, pdf.percent(r["coverage"])) for r in summary["resources"]]
    return [*rows, row(_("Total"), summary["totals"], "—")]


def _resources(summary: dict) -> list:
    pj, mass = _pj(), _("t DM/yr")
    header = [
        _("Resource"),
        (_("Theoretical"), mass),
        (_("Technical"), mass),
        (_("Theoretical"), pj),
        (_("Technical"), pj),
        (_("Technical, P10–P90"), pj),
        (_("Economic"), pj),
        _("Coverage"),
    ]
    rows = _resource_rows(summary)
    chart = pdf.bar_chart(
        [r["resource"].name for r in summary["resources"]],
        [r["technical_pj"] for r in summary["resources"]],
        f"{_('Technical')} ({pj})",
    )
    return [
        *pdf.section(
            _("Potential by resource"),
            pdf.table(header, rows, [0.2, 0.11, 0.11, 0.1, 0.1, 0.14, 0.12, 0.12]),
            split_below=pdf.TABLE_START,
        ),
        pdf.text(
            _(
                "P10–P90: the likely range, from the uncertainty of the parameters and of the years of "
                "the statistics (the same ranges in every scenario)."
            )
            + " "
            + _(
                "Coverage: the share of the area with valid cells of the resource's layer; each "
                "resource has its own, so the total has none (—)."
            )
        ),
        pdf.SPACE,
        *pdf.section(_("Technical potential by resource"), chart, level=3),
    ]


def _admin1(summary: dict) -> list:
    pj = _pj()
    technical = _("Technical")
    header = [
        _("Unit"),
        _("Code"),
        (technical, pj),
        (technical, _("t DM/yr")),
        (technical, f"GJ/ha/{_('yr')}"),
        _("Coverage"),
    ]
    rows = [
        [
            r["region"].name,
            r["region"].code,
            num(r["technical_pj"]),
            num(r["technical_t"]),
            num(r["gj_per_ha"]),
            pdf.percent(r["coverage"]),
        ]
        for r in summary["admin1"]
    ]
    drawing, _paths = country_map(summary)
    intro = pdf.text(f"{_('Technical potential of all resources')} ({summary['central'].name}).")
    return [
        *pdf.section(
            _("States, departments and provinces"), intro, *([drawing] if drawing is not None else [])
        ),
        pdf.SPACE,
        pdf.table(header, rows, [0.3, 0.12, 0.14, 0.16, 0.14, 0.14], numeric_from=2),
    ]


def country_map(summary: dict):
    """The admin-1 units coloured by the technical potential of the table below (no data
    where a unit has no row), with their paths by code; None without units."""
    values = {r["region"].code: r["technical_pj"] for r in summary["admin1"]}
    outlines = region_outlines(codes=list(values))
    if not outlines:
        return None, {}
    areas = [maps.Area(code, name, geometry, values[code]) for code, name, geometry in outlines]
    title = f"{_('Technical potential of all resources by state, department or province')} ({_pj()})"
    return maps.choropleth(areas, title=title, unit=_pj(), width=pdf.WIDTH)


def superscripts(unit: str) -> str:
    """Our units with their powers raised: m3 → m³, m2 → m²."""
    return re.sub(r"\b(m|km)([23])\b", lambda m: m.group(1) + "²³"[int(m.group(2)) - 2], unit or "")


def source_note(parameter) -> str:
    """A parameter's source and note (active language) as one text: their parts joined by
    "; " once each, "assumption" said once, in front, when the value is one."""
    word = _("assumption")
    parts: list[str] = []
    for text in (tr(parameter.source), tr(parameter.note)):
        for part in (text or "").split("; "):
            part = part.strip()
            for said in {word, "assumption"}:  # "assumption" alone, or leading a sentence
                if part.casefold() == said.casefold():
                    part = ""
                elif part.casefold().startswith(said.casefold() + ". "):
                    part = part[len(said) + 2 :]
            if part and part not in parts:
                parts.append(part)
    body = "; ".join(parts)
    if parameter.is_assumption:
        return f"{word}: {body}" if body else word
    return body


def _sources(summary: dict) -> list:
    out = []
    licence = _("licence")
    for d in summary["datasets"]:
        out.append(pdf.text(f"{tr(d.name)}: {tr(d.source)} ({licence}: {tr(d.licence) or '–'})."))
    for layer in [*summary["layers"], *summary["constraints"]]:
        out.append(
            pdf.text(f"{layer.shown_name}: {layer.shown_source} ({licence}: {layer.shown_licence or '–'}).")
        )
    header = [_("Resource"), _("Parameter"), _("Low"), _("Central"), _("High"), _("Unit"), _("Source")]
    rows = []
    for r in summary["resources"]:
        for p in r["resource"].parameters.all():
            rows.append(
                [
                    r["resource"].name,
                    p.get_name_display(),
                    num(p.low),
                    num(p.central),
                    num(p.high),
                    superscripts(tr(p.unit)),
                    superscripts(source_note(p)),
                ]
            )
    out = [*pdf.section(_("Sources"), *out[:1]), *out[1:]]
    out.extend(
        pdf.section(
            _("Parameters"),
            pdf.table(header, rows, [0.15, 0.15, 0.08, 0.08, 0.08, 0.1, 0.36], 2, numeric_to=5),
            level=3,
            split_below=pdf.TABLE_START,
        )
    )
    return out


def _versions(summary: dict) -> list:
    scenario = summary["central"]
    version = _("version")
    lines = [f"{_('Scenario')}: {scenario.name} ({scenario.slug}), {version} {scenario.version}."]
    for r in summary["resources"]:
        layer = r["layer_version"]
        lines.append(
            f"{r['resource'].name}: {_('layer')} {layer.layer.shown_name}, {version} {layer.number}; "
            f"{_('parameters')}, {version} {r['resource'].version}."
        )
    for d in summary["datasets"]:
        current = d.current_version
        if current is not None:
            lines.append(
                f"{_('Production statistics')} {tr(d.name)}: {version} {current.number} "
                f"({current.first_year}–{current.last_year})."
            )
    paragraphs = [pdf.text(line) for line in lines]
    return [*pdf.section(_("Data versions"), *paragraphs[:1]), *paragraphs[1:]]


def country_report(*, summary: dict, generated: datetime) -> bytes:
    """The PDF of a country summary (``country_summary(code=..., scenario=...)``)."""
    country, scenario = summary["country"], summary["central"]
    title = f"{_('Biomass potential report')}: {country.name} ({country.code})"
    if scenario is None or not summary["resources"]:
        body = [pdf.text(_("No potentials have been computed for this country yet."))]
    else:
        body = [*_resources(summary), pdf.SPACE, *_admin1(summary), pdf.SPACE, *_sources(summary)]
        body += [pdf.SPACE, *_versions(summary)]
    head = [
        pdf.heading(title, 1),
        pdf.text(f"{_('Scenario')}: {scenario.name if scenario else _('no data')}."),
        pdf.text(
            f"{_('Generated on')} {date_format(generated, 'DATETIME_FORMAT')} UTC. {_('Area')}: {num(country.area_km2, 4)} km²."
        ),
        pdf.SPACE,
    ]
    return pdf.document([*head, *body], title=title, author=_("Biomass energy atlas"))
