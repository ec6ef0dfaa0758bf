import math

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from biomass.languages import translated
from biomass.web.charts import trend_legend, trend_svg

register = template.Library()


@register.filter
def num(value, digits=3):
    """A number for reading: grouped thousands, about ``digits`` significant figures, in the
    active language's format."""
    if value is None or value == "":
        return _("no data")
    value = float(value)
    if value == 0:
        return "0"
    magnitude = abs(value)
    decimals = 0
    while magnitude * 10**decimals < 10 ** (int(digits) - 1) and decimals < 6:
        decimals += 1
    text = formats.number_format(
        round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )
    # As the map writes it (Intl, format.js): no trailing zeros after the decimal point.
    point = formats.get_format("DECIMAL_SEPARATOR")
    return text.rstrip("0").rstrip(point) if decimals else text


@register.filter
def figures(value, digits=3):
    """A number with ``digits`` significant figures, trailing zeros kept ("1.00" beside
    "3.16", not "1"), a real minus sign; for the numbers of one table side by side."""
    if value is None or value == "":
        return _("no data")
    value = float(value)
    if value == 0:
        return "0"
    decimals = max(0, int(digits) - 1 - math.floor(math.log10(abs(value))))
    text = formats.number_format(
        round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )
    return text.replace("-", "\u2212")


@register.filter
def difference(value):
    """A signed difference for reading: "+219" or "−219" (a minus sign, not a hyphen)."""
    if value is None or value == "":
        return _("no data")
    return ("+" if float(value) > 0 else "") + figures(value)


@register.filter
def span(low, high):
    """A range "low – high", or "no data" when either end is missing (never "no data – 3")."""
    if low is None or high is None or low == "" or high == "":
        return _("no data")
    return f"{num(low)} – {num(high)}"


@register.filter
def raw(value):
    """A number in full precision for a data-value attribute; empty for no data."""
    return "" if value is None else repr(float(value))


@register.filter
def pct(value):
    """A share (0–1) in percent with one decimal; a share above 0 never reads "0.0 %" nor
    one below 1 "100.0 %"."""
    if value is None:
        return _("no data")
    share = 100 * float(value)
    if 0 < share < 0.05:
        return "< " + formats.number_format(0.1, decimal_pos=1, use_l10n=True) + " %"
    if 99.95 <= share < 100:
        return "> " + formats.number_format(99.9, decimal_pos=1, use_l10n=True) + " %"
    # number_format cuts the decimals, it does not round them
    return formats.number_format(round(share, 1), decimal_pos=1, use_l10n=True) + " %"


@register.filter
def localized(obj, field):
    """obj.<field>_es or obj.<field>_en for the active language."""
    lang = "en" if (get_language() or "es").startswith("en") else "es"
    return getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_es", "")


@register.filter
def tr(text):
    """A stored or reference text (a unit, a source note) in the active language."""
    return translated(text)


@register.filter
def legend_name(entry):
    lang = "en" if (get_language() or "es").startswith("en") else "es"
    return entry.get(lang) or entry.get("es") or ""


@register.simple_tag
def trend_chart(trend):
    """The trend of a country's potential: an SVG chart and its key."""
    return format_html(
        '<div class="trend-scroll" data-label="{}">{}</div>{}',
        _("Chart of the potential year by year"),
        trend_svg(trend),
        trend_legend(trend),
    )


# What each key of a scenario's sources names (a field of the scenario), for a reader.
SOURCE_LABELS = {
    "parameter_case": gettext_noop("Parameter values"),
    "constraints": gettext_noop("Constraints"),
    "collection_cost_usd_t": gettext_noop("Collection cost"),
    "transport_cost_usd_t_km": gettext_noop("Transport cost"),
    "tortuosity": gettext_noop("Tortuosity"),
    "efficiency_electric": gettext_noop("Electric efficiency (combustion)"),
    "efficiency_thermal": gettext_noop("Thermal efficiency (combustion)"),
    "capacity_factor": gettext_noop("Capacity factor (combustion)"),
    "price_usd_t": gettext_noop("Price"),
    "digestion_efficiency_electric": gettext_noop("Electric efficiency (anaerobic digestion)"),
    "digestion_efficiency_thermal": gettext_noop("Thermal efficiency (anaerobic digestion)"),
    "digestion_capacity_factor": gettext_noop("Capacity factor (anaerobic digestion)"),
    "discount_rate": gettext_noop("Discount rate"),
    "what-if": gettext_noop("What-if"),
}


TECHNOLOGY_LABELS = {
    "capex_usd_per_kw": gettext_noop("Capital cost at the reference size"),
    "scale_exponent": gettext_noop("Economy-of-scale exponent"),
    "fixed_om_share": gettext_noop("Fixed O&M"),
    "variable_om_usd_mwh": gettext_noop("Variable O&M"),
    "efficiency_electric": gettext_noop("Electric efficiency"),
    "efficiency_thermal": gettext_noop("Thermal efficiency"),
    "capacity_factor": gettext_noop("Capacity factor"),
    "lifetime_years": gettext_noop("Lifetime"),
    "heat_exergy_factor": gettext_noop("Heat exergy factor"),
}


@register.filter
def technology_label(key):
    """The label of a technology parameter in the active language (the key itself if unknown)."""
    return _(TECHNOLOGY_LABELS[key]) if key in TECHNOLOGY_LABELS else key


@register.filter
def source_label(key):
    """The label of a scenario source's key in the active language (the key itself if unknown)."""
    return _(SOURCE_LABELS[key]) if key in SOURCE_LABELS else key
