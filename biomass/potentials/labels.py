"""The label shown with a stored potential: where its numbers come from, for its own region.
A layer made from production statistics may mix datasets (FAOSTAT for most countries, a
national survey for one); each region's label names only the dataset and the reference years
of its own statistics, read from the layer version's provenance (no query)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from biomass.languages import translated


def _zone(code: str, parent: str | None, levels: dict) -> tuple[str | None, bool]:
    """The code whose statistic the region follows, and whether the region's number is a
    share of it spread over cropland (an admin-1 unit of a country with national statistics)."""
    if code in levels.get("admin1", {}) or code in levels.get("country", {}):
        return code, False
    if parent and parent in levels.get("country", {}):
        return parent, True
    return None, False


def region_label(provenance: dict | None, code: str, parent: str | None, fallback: str) -> str:
    """ "FAOSTAT food balances, mean 2016–2020" for the region ``code`` (``parent``: its
    country), or ``fallback`` (the layer's label) for a layer not made from statistics."""
    commodities = (provenance or {}).get("commodities") or {}
    names = (provenance or {}).get("statistics", {}).get("names", {})
    datasets, years, spread = [], [], False
    for info in commodities.values():
        levels = info.get("levels", {})
        zone, share = _zone(code, parent, levels)
        if zone is None:
            continue  # no statistic of this commodity here
        _value, first, last = levels.get("admin1", {}).get(zone) or levels["country"][zone]
        years.append((first, last))
        for slug in info.get("sources", {}).get(zone, []):
            if names.get(slug) and translated(names[slug]) not in datasets:
                datasets.append(translated(names[slug]))
        spread = spread or share
    if not years or not datasets:
        return translated(fallback)
    first, last = min(y[0] for y in years), max(y[1] for y in years)
    when = str(first) if first == last else _("mean %(first)s–%(last)s") % {"first": first, "last": last}
    label = f"{'; '.join(datasets)}, {when}"
    return label + ("; " + _("national figure spread over cropland") if spread else "")


def potential_label(potential) -> str:
    """The label of a stored potential (its layer version and region loaded)."""
    region = potential.region
    parent = region.parent.code if region.parent_id else None
    version = potential.layer_version
    return region_label(version.provenance, region.code, parent, version.layer.label)
