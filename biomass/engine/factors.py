"""From a resource's parameter values to the scalars the formulas need, by its conversion
route. The values may be numbers or arrays of Monte Carlo draws (one element per draw): every
formula here is element-wise, so one code path gives the point value and the distribution.

  to dry matter  production: RPR × d (t DM per t product);
                 heads: manure per head (kg/day) × 365 d/yr ÷ 1000 kg/t × d (t DM per head-year);
                 density and amount layers are dry matter already (1).
  energy         per t DM, by the resource's conversion route:
    combustion   net calorific value as received, per t of dry matter:
                   e = q_net,d − L · (1 − d) / d                                  [GJ/t DM]
                 ISO 18125:2017's as-received formula q_net,ar = q_net,d · (1 − M) − 0.02443 · M[%]
                 (MJ/kg), divided by the dry share d; L = 2.443 GJ per t of water evaporated.
                 A fuel whose net energy as received is not positive is refused: never shown
                 as fuel energy.
    digestion    methane energy of the organic dry matter:
                   e = VS · B0 · α · 1000 kg/t · e_CH4                            [GJ/t DM]
                 VS volatile solids (share of DM), B0 maximum methane yield (m³ CH4/kg VS on the
                 IPCC's reference of 0.67 kg CH4/m³), α the share of B0 a farm digester
                 achieves, e_CH4 the methane energy per m³ on that same reference.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .errors import InvalidInput

DAYS_PER_YEAR = 365.0
LATENT_HEAT_GJ_PER_T = 2.443  # ISO 18125:2017: 0.02443 MJ/kg per percent of moisture
COMBUSTION, DIGESTION = "combustion", "biogas"
NEEDS = {
    "production": ("rpr", "dry_matter"),
    "heads": ("manure_per_head", "dry_matter"),
    COMBUSTION: ("lhv", "dry_matter"),
    DIGESTION: ("volatile_solids", "methane_yield", "achievable_methane"),
}


def _need(values: Mapping, key: str) -> None:
    missing = [n for n in NEEDS.get(key, ()) if n not in values]
    if not missing:
        return
    params = {"key": key, "names": ", ".join(missing)}
    if key in (COMBUSTION, DIGESTION):
        raise InvalidInput("the %(key)s route needs %(names)s", params=params)
    raise InvalidInput("a %(key)s layer needs %(names)s", params=params)


def to_dry_matter(quantity: str, values: Mapping):
    """t DM per unit of the layer's quantity."""
    _need(values, quantity)
    if quantity == "production":
        return np.asarray(values["rpr"]) * values["dry_matter"]
    if quantity == "heads":
        return np.asarray(values["manure_per_head"]) * DAYS_PER_YEAR / 1000.0 * values["dry_matter"]
    return np.asarray(1.0)


def energy(route: str, values: Mapping, methane_gj_per_m3: float):
    """Energy per t DM (GJ/t DM) by the route; refuses a combustion fuel whose net energy as
    received is not positive (see energy.combustion_energy)."""
    if route not in (COMBUSTION, DIGESTION):
        raise InvalidInput("unknown conversion route %(route)r", params={"route": route})
    _need(values, route)
    if route == DIGESTION:
        vs, b0, alpha = (np.asarray(values[k]) for k in NEEDS[DIGESTION])
        return vs * b0 * alpha * 1000.0 * methane_gj_per_m3
    lhv, d = np.asarray(values["lhv"]), np.asarray(values["dry_matter"])
    if np.any(d <= 0) or np.any(d > 1):
        raise InvalidInput("the dry-matter fraction must be above 0 and at most 1")
    net = lhv - LATENT_HEAT_GJ_PER_T * (1.0 - d) / d
    if np.any(net <= 0):
        worst = float(np.min(net))
        raise InvalidInput(
            "the net calorific value as received falls to %(net)s GJ/t DM at this moisture: "
            "not a fuel; declare anaerobic digestion",
            params={"net": f"{worst:.1f}"},
        )
    return net
