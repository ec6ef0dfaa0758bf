"""The Monte Carlo: percentiles in order, a product of two uniform parameters against its
analytic distribution, year-to-year variation, and totals summed draw by draw."""

import math

import numpy as np
import pytest

from biomass.engine.errors import InvalidInput
from biomass.engine.uncertainty import ResourceBase, Spread, monte_carlo, sensitivity

DIGEST = {"volatile_solids": Spread(0.8, 0.8, 0.8), "methane_yield": Spread(0.2, 0.2, 0.2)}
DIGEST |= {"achievable_methane": Spread(0.5, 0.5, 0.5)}


def _base(slug="a", params=None, theoretical=(1000.0,), **kw):
    params = params or {"rpr": Spread(1, 1.5, 2), "dry_matter": Spread(0.8, 0.85, 0.9)}
    return ResourceBase(
        slug=slug,
        quantity="production",
        route="biogas",
        params=params | DIGEST,
        theoretical=np.asarray(theoretical),
        technical=np.asarray(theoretical) / 2,
        codes=tuple(f"R{i}" for i in range(len(theoretical))),
        **kw,
    )


def _run(bases, n=2000, economic=None, window=5):
    return monte_carlo(bases, economic, n=n, seed=7, window=window, methane_gj_per_m3=0.0335)


def test_percentiles_are_ordered_and_repeatable():
    rows, total = _run(
        [
            _base(
                params={
                    "rpr": Spread(1, 1.5, 2),
                    "dry_matter": Spread(0.8, 0.85, 0.9),
                    "availability": Spread(0.2, 0.4, 0.5),
                }
            )
        ]
    )
    p = rows["a"].percentiles()
    for q in ("theoretical_t", "technical_t", "theoretical_pj", "technical_pj"):
        assert p[f"{q}_p10"][0] < p[f"{q}_p50"][0] < p[f"{q}_p90"][0]
    again, _ = _run(
        [
            _base(
                params={
                    "rpr": Spread(1, 1.5, 2),
                    "dry_matter": Spread(0.8, 0.85, 0.9),
                    "availability": Spread(0.2, 0.4, 0.5),
                }
            )
        ]
    )
    assert again["a"].percentiles()["technical_t_p90"][0] == p["technical_t_p90"][0]


def _solve(f, lo, hi):
    """Bisection to 1e-14 (f increasing)."""
    while hi - lo > 1e-14:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


def _product_cdf(z):
    """P(XY ≤ z) for X, Y independent uniform on (0, 1): z − z ln z."""
    return z - z * math.log(z)


def test_product_of_two_uniform_parameters_matches_its_analytic_distribution():
    uniform = {"rpr": Spread(0, 0.5, 1, "uniform"), "dry_matter": Spread(0, 0.5, 1, "uniform")}
    n = 40_000
    rows, _ = _run([_base(params=uniform, theoretical=(1.0,))], n=n)
    p = rows["a"].percentiles()
    for q in (10, 50, 90):
        exact = _solve(lambda z, q=q: _product_cdf(z) - q / 100, 1e-12, 1.0)
        density = -math.log(exact)  # f(z) = −ln z
        sampling_error = math.sqrt(q / 100 * (1 - q / 100) / n) / density
        assert p[f"theoretical_t_p{q}"][0] == pytest.approx(exact, abs=4 * sampling_error)


def test_year_to_year_variation_of_the_statistics():
    fixed = {"rpr": Spread(1, 1, 1), "dry_matter": Spread(1, 1, 1)}
    years = np.array([[0.5, 1.5]])
    rows, _ = _run([_base(params=fixed, years=years)], window=2)
    p = rows["a"].percentiles()
    assert (p["theoretical_t_p10"][0], p["theoretical_t_p90"][0]) == (500.0, 1500.0)


def test_totals_sum_draws_not_percentiles():
    a, b = _base("a"), _base("b")
    rows, total = _run([a, b, _base("c", counted=False)])
    summed = rows["a"].values["theoretical_t"] + rows["b"].values["theoretical_t"]
    assert np.array_equal(total.values["theoretical_t"], summed)
    t = total.percentiles()
    # independent parameters: the P90 of the sum is below the sum of the P90s
    assert t["theoretical_t_p90"][0] < rows["a"].percentiles()["theoretical_t_p90"][0] * 2


def test_economic_reach_is_drawn_with_the_costs():
    # Cumulative technical sums over 1-km bins: 0, 10, 20, … t; price 30, collection 20,
    # transport 1 USD/(wet t·km), dry matter 1 → reach 10 km → 100 t × k_dm.
    fixed = {"rpr": Spread(1, 1, 1), "dry_matter": Spread(1, 1, 1)}
    bins = np.arange(0, 500, 10.0)[None, :]
    economic = {
        "price_usd_t": Spread(30, 30, 30),
        "collection_cost_usd_t": Spread(20, 20, 20),
        "transport_cost_usd_t_km": Spread(1, 1, 1),
        "tortuosity": Spread(1, 1, 1),
    }
    rows, _ = _run([_base(params=fixed, economic_bins=bins, bin_km=1.0)], economic=economic)
    assert rows["a"].percentiles()["economic_t_p50"][0] == 100.0


def test_bad_ranges_are_refused():
    with pytest.raises(InvalidInput):
        Spread(2, 1, 3)
    with pytest.raises(InvalidInput):
        _run([_base()], n=1)


def test_sensitivity_one_parameter_at_a_time_on_paper():
    # theoretical 1000 t product, technical 500; rpr 1-1.5-2, DM 0.85 fixed, availability
    # 0.2-0.4-0.5; digestion energy 0.8 × 0.2 × 0.5 × 1000 × 0.0335 = 2.68 GJ/t DM.
    params = {
        "rpr": Spread(1, 1.5, 2),
        "dry_matter": Spread(0.85, 0.85, 0.85),
        "availability": Spread(0.2, 0.4, 0.5),
    }
    result = sensitivity([_base(params=params), _base("b", params=params, counted=False)], 0.0335)
    e = 0.8 * 0.2 * 0.5 * 1000 * 0.0335 / 1e6
    assert result["point"][0] == pytest.approx(500 * 1.5 * 0.85 * 0.4 * e)
    bars = {(slug, name): (low[0], high[0]) for slug, name, low, high in result["bars"]}
    assert set(bars) == {("a", "rpr"), ("a", "availability")}  # fixed ones and uncounted b: no bar
    assert bars["a", "rpr"] == pytest.approx((500 * 1 * 0.85 * 0.4 * e, 500 * 2 * 0.85 * 0.4 * e))
    assert bars["a", "availability"] == pytest.approx(
        (500 * 1.5 * 0.85 * 0.2 * e, 500 * 1.5 * 0.85 * 0.5 * e)
    )
