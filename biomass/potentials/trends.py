"""A country's potential year by year, for the trend chart of its page: the technical
potential (PJ/yr, the page's scenario) of its statistics-based resources that count in
totals, each and summed. A resource without a statistic in some years is left out of the
total in those years (the page names them); a resource that is 0 in every year reported (a
crop the country does not grow) is left out."""

from __future__ import annotations

from collections import defaultdict

from .series import potentials_series

TOP = 5  # resources drawn on their own; the others are in the total


def country_trend(
    *, code: str, scenario: str, counted: set[str], names: dict[str, str] | None = None
) -> dict | None:
    """{"years", "total", "lines": [{slug, name, values}] (the largest), "others" (how many
    more the total holds), "without" (names of counted resources with no yearly statistics),
    "gaps": [(name, years without data)], "rows", "reference": (first, last), "labels"};
    None when no resource of the country rests on yearly statistics."""
    body = potentials_series(region=code, scenario=scenario)
    without = [(names or {}).get(slug, slug) for slug in body["without_series"] if slug in counted]
    values: dict[str, dict[int, float | None]] = defaultdict(dict)
    names, labels, reference = {}, set(), set()
    for row in body["results"]:
        if row["resource"] not in counted:
            continue
        values[row["resource"]][row["year"]] = row["technical_pj"]
        names[row["resource"]] = row["resource_name"]
        labels.add(row["label"])
        if row["reference"]:
            reference.add(row["year"])
    # A crop the country does not grow (0 in every year reported) adds nothing, and would cut
    # the total wherever its statistics start late.
    values = {slug: v for slug, v in values.items() if any(x for x in v.values())}
    if not values:
        return None
    years = sorted(set().union(*(set(v) for v in values.values())))
    total = [_sum(v.get(year) for v in values.values()) for year in years]
    latest = {slug: v.get(years[-1]) or 0.0 for slug, v in values.items()}
    top = sorted(values, key=lambda slug: -latest[slug])[:TOP]
    lines = [{"slug": s, "name": names[s], "values": [values[s].get(y) for y in years]} for s in top]
    return {
        "without": without,
        "gaps": [
            (names[s], gap)
            for s in sorted(values)
            if (gap := _ranges([y for y in years if values[s].get(y) is None]))
        ],
        "others": len(values) - len(lines),
        "years": years,
        "total": total,
        "lines": lines,
        "rows": [
            {
                "year": year,
                "total": total[i],
                "values": [line["values"][i] for line in lines],
                "reference": year in reference,
            }
            for i, year in enumerate(years)
        ],
        "reference": (min(reference), max(reference)) if reference else None,
        "labels": sorted(labels),
    }


def _ranges(years: list[int]) -> str:
    """[1961, 1962, 1963, 1990] -> "1961–1963, 1990" ("" for none)."""
    spans: list[list[int]] = []
    for year in years:
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def _sum(values) -> float | None:
    """The sum of the resources with data that year (the caption names the years each one
    lacks); no data only when none has data."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None
