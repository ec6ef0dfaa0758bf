"""The resource catalogue: every parameter value with its source, or marked as an assumption.

Edit the values here, then regenerate biomass/reference/resources.json:

    .venv/bin/python biomass/reference/build_resources.py

A freshly migrated database loads resources.json (migration 0002); later edits are applied
with `manage.py load_reference_data` (idempotent, by slug).
"""

import json
from pathlib import Path

KK = "Koopmans, A. & Koppejan, J. (1997). Agricultural and forest residues - generation, utilization and availability. FAO Regional Wood Energy Development Programme in Asia, Annex 1 (residue-to-product ratios and moisture contents)"
IPCC112 = "IPCC (2006). 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 4, Ch. 11, Table 11.2 (dry-matter fraction of harvested product; above-ground residue = slope x yield_DM + intercept)"
IPCC10 = "IPCC (2006). 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 4, Ch. 10, Annex 10A.2, Tables 10A-4 to 10A-9 (maximum methane producing capacity B0, Latin America)"
PHYLLIS = "Phyllis2, database for (treated) biomass, algae, feedstocks for biogas production and biochar. TNO Biobased and Circular Technologies (formerly ECN); range of dry-basis LHV over the database entries for this material"
WOOD = "van Loo, S. & Koppejan, J. (eds.) (2008). The Handbook of Biomass Combustion and Co-firing. Earthscan, Ch. 2 (LHV of dry wood about 18.5-19 MJ/kg)"
ASABE = "ASABE (2005). ASAE D384.2: Manure Production and Characteristics, Table 1 (as-excreted manure per animal and day, dry-matter and volatile-solids shares)"
CH4 = "Energy of methane 35.8 MJ per Nm3: NIST Chemistry WebBook enthalpy of combustion (802.3 kJ/mol, lower value) over the ideal-gas molar volume 0.022414 m3/mol (0 C, 101.325 kPa)"
DIAZ = "Diaz Molina, N.A. et al. (2024). Evaluation of the bioenergy potential of agricultural and agroindustrial waste generated in southeastern Mexico. AIMS Energy 12(5): 984-1009 (waste per product: sugarcane bagasse 0.283, banana rachis 0.16 kg/kg)"
UNICA = "UNICA (2017), Sugarcane Industry Union, Brazil: 320 kg of bagasse per tonne of processed cane (as cited by briquette studies, e.g. Revista Arvore 2019)"


def p(unit, central, low=None, high=None, source="", assumption=False, note=""):
    return {
        "unit": unit,
        "central": central,
        "low": low if low is not None else central,
        "high": high if high is not None else central,
        "source": source,
        "assumption": assumption,
        "note": note,
    }


def ipcc_rpr(slope, dry, intercept, yields, residue_dm=0.85):
    """(central, low, high) RPR from the IPCC linear residue model at high/central/low yields."""
    high_yield, mid_yield, low_yield = yields

    def r(y):
        return round((slope * dry * y + intercept) / y / residue_dm, 2)

    return r(mid_yield), r(high_yield), r(low_yield)


def lhv(c, lo, hi, material, assumption=False, src=PHYLLIS):
    return p("GJ/t DM", c, lo, hi, src, assumption, f"dry-basis lower heating value of {material}")


AVAIL_NOTE = (
    "share of the residue that can be removed sustainably and is not already used; "
    "no regional survey is cited, so the range is an assumption to be replaced by national data"
)


def avail(c, lo, hi, note=AVAIL_NOTE, source=""):
    return p("fraction", c, lo, hi, source, True, note)


resources = [
    dict(
        slug="sugarcane-bagasse",
        name_es="Bagazo de caña de azúcar",
        name_en="Sugarcane bagasse",
        category="agroindustrial",
        route="combustion",
        product_es="caña molida",
        product_en="milled cane",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                0.283,
                0.25,
                0.32,
                f"low: {KK}; central: {DIAZ}; high: {UNICA}",
                note="t of bagasse (as produced, about 50 % moisture) per t of milled cane",
            ),
            dry_matter=p(
                "fraction",
                0.50,
                0.48,
                0.52,
                KK,
                note="bagasse leaves the mill at about 50 % moisture; the ±2 point range is an assumption",
            ),
            lhv=lhv(17.3, 16.5, 18.0, "sugarcane bagasse"),
            availability=avail(
                0.2, 0.1, 0.3, "most bagasse fuels the mills' own boilers; the surplus share is an assumption"
            ),
        ),
    ),
    dict(
        slug="sugarcane-trash",
        name_es="Puntas y hojas de caña de azúcar",
        name_en="Sugarcane tops and leaves",
        category="agricultural",
        route="combustion",
        product_es="caña cosechada",
        product_en="harvested cane",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                0.30,
                0.25,
                0.35,
                KK,
                note="central value from the source; the range is an assumption",
            ),
            dry_matter=p("fraction", 0.80, 0.70, 0.85, "", True, "field-dried trash; assumption"),
            lhv=lhv(16.0, 15.0, 17.0, "sugarcane trash", True),
            availability=avail(
                0.4,
                0.2,
                0.5,
                "part must stay on the field against erosion, and much is burnt before manual harvest; assumption",
            ),
        ),
    ),
    dict(
        slug="maize-stover",
        name_es="Rastrojo de maíz",
        name_en="Maize stover",
        category="agricultural",
        route="combustion",
        product_es="grano de maíz",
        product_en="maize grain",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                *ipcc_rpr(1.03, 0.87, 0.61, (5, 3, 1.5)),
                IPCC112,
                note="derived: (1.03 x 0.87 Y + 0.61) / Y t DM per t grain at yields Y of 5 / 3 / 1.5 t/ha (high to low yield; the yields are assumptions spanning the region), divided by the dry-matter fraction 0.85",
            ),
            dry_matter=p(
                "fraction",
                0.85,
                0.80,
                0.90,
                KK,
                note="maize stalks at 15 % moisture in the source; the range is an assumption",
            ),
            lhv=lhv(16.8, 16.0, 17.5, "maize stover"),
            availability=avail(
                0.4, 0.25, 0.5, "stover is grazed and must partly stay on the soil; assumption"
            ),
        ),
    ),
    dict(
        slug="maize-cobs",
        name_es="Olote de maíz",
        name_en="Maize cobs",
        category="agroindustrial",
        route="combustion",
        product_es="grano de maíz",
        product_en="maize grain",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                0.273,
                0.20,
                0.30,
                KK,
                note="central value from the source; the range is an assumption",
            ),
            dry_matter=p(
                "fraction",
                0.92,
                0.88,
                0.95,
                KK,
                note="7.5 % moisture in the source; the range is an assumption",
            ),
            lhv=lhv(17.0, 16.3, 17.7, "maize cobs"),
            availability=avail(0.6, 0.4, 0.8, "cobs gather where grain is shelled; assumption"),
        ),
    ),
    dict(
        slug="coffee-pulp",
        name_es="Pulpa de café",
        name_en="Coffee pulp",
        category="agroindustrial",
        route="biogas-or-combustion",
        product_es="café cereza",
        product_en="coffee cherries",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                0.40,
                0.35,
                0.45,
                "",
                True,
                "wet processing leaves about 40 % of the cherry's mass as pulp; assumption",
            ),
            dry_matter=p(
                "fraction", 0.20, 0.15, 0.25, "", True, "fresh pulp is about 80 % water; assumption"
            ),
            lhv=lhv(15.5, 14.5, 16.5, "coffee pulp", True),
            availability=avail(0.5, 0.3, 0.7),
        ),
    ),
    dict(
        slug="coffee-husk",
        name_es="Cascarilla de café",
        name_en="Coffee husk",
        category="agroindustrial",
        route="combustion",
        product_es="café oro (verde)",
        product_en="green coffee",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                2.1,
                1.0,
                2.1,
                KK,
                note="husk per t of green coffee for dry processing in the source; the low value (parchment husk of wet processing) is an assumption",
            ),
            dry_matter=p(
                "fraction",
                0.85,
                0.80,
                0.90,
                KK,
                note="15 % moisture in the source; the range is an assumption",
            ),
            lhv=lhv(17.0, 16.0, 18.0, "coffee husk"),
            availability=avail(0.6, 0.4, 0.8),
        ),
    ),
    dict(
        slug="rice-straw",
        name_es="Paja de arroz",
        name_en="Rice straw",
        category="agricultural",
        route="combustion",
        product_es="arroz palay",
        product_en="paddy rice",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                1.757,
                0.9,
                2.5,
                KK,
                note="central value from the source (which reports a wide spread); the range is an assumption inside it",
            ),
            dry_matter=p("fraction", 0.87, 0.85, 0.90, KK, note="12.7 % moisture in the source"),
            lhv=lhv(14.5, 13.5, 15.5, "rice straw (high ash)"),
            availability=avail(0.4, 0.25, 0.5),
        ),
    ),
    dict(
        slug="rice-husk",
        name_es="Cascarilla de arroz",
        name_en="Rice husk",
        category="agroindustrial",
        route="combustion",
        product_es="arroz palay",
        product_en="paddy rice",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                0.267,
                0.20,
                0.30,
                KK,
                note="central value from the source; the range is an assumption",
            ),
            dry_matter=p(
                "fraction",
                0.90,
                0.88,
                0.97,
                KK,
                note="the source reports 2.4 % moisture; 10-12 % is usual in storage (assumption)",
            ),
            lhv=lhv(14.5, 13.5, 15.5, "rice husk (high ash)"),
            availability=avail(0.6, 0.4, 0.8, "husk gathers at the mills; assumption"),
        ),
    ),
    dict(
        slug="banana-rachis",
        name_es="Raquis de banano",
        name_en="Banana rachis",
        category="agroindustrial",
        route="combustion",
        product_es="fruta de banano",
        product_en="banana fruit",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                0.16,
                0.10,
                0.20,
                DIAZ,
                note="central value from the source; the range is an assumption",
            ),
            dry_matter=p(
                "fraction", 0.08, 0.06, 0.10, "", True, "fresh rachis is about 90 % water; assumption"
            ),
            lhv=lhv(13.7, 12.0, 15.0, "banana rachis", src=DIAZ),
            availability=avail(0.5, 0.3, 0.7),
        ),
    ),
    dict(
        slug="banana-pseudostem",
        name_es="Pseudotallo de banano",
        name_en="Banana pseudostem",
        category="agricultural",
        route="biogas-or-combustion",
        product_es="fruta de banano",
        product_en="banana fruit",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                3.0,
                2.0,
                4.0,
                "",
                True,
                "several t of fresh pseudostem per t of fruit; assumption",
            ),
            dry_matter=p("fraction", 0.07, 0.05, 0.09, "", True, "assumption"),
            lhv=lhv(14.0, 12.0, 15.5, "banana pseudostem", True),
            availability=avail(0.3, 0.2, 0.5, "pseudostems are usually left as mulch; assumption"),
        ),
    ),
    dict(
        slug="oil-palm-efb",
        name_es="Racimos vacíos de palma aceitera",
        name_en="Oil palm empty fruit bunches",
        category="agroindustrial",
        route="combustion",
        product_es="racimos de fruta fresca",
        product_en="fresh fruit bunches",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                0.22,
                0.20,
                0.25,
                "",
                True,
                "EFB per t of fresh fruit bunches; assumption",
            ),
            dry_matter=p(
                "fraction",
                0.40,
                0.35,
                0.45,
                "",
                True,
                "EFB leave the mill at about 60 % moisture; assumption",
            ),
            lhv=lhv(17.0, 16.0, 18.0, "empty fruit bunches"),
            availability=avail(0.5, 0.3, 0.7),
        ),
    ),
    dict(
        slug="oil-palm-fibre",
        name_es="Fibra de mesocarpio de palma",
        name_en="Oil palm mesocarp fibre",
        category="agroindustrial",
        route="combustion",
        product_es="racimos de fruta fresca",
        product_en="fresh fruit bunches",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                0.13,
                0.12,
                0.15,
                "",
                True,
                "fibre per t of fresh fruit bunches; assumption",
            ),
            dry_matter=p("fraction", 0.60, 0.55, 0.65, "", True, "assumption"),
            lhv=lhv(17.5, 16.5, 18.5, "palm mesocarp fibre"),
            availability=avail(0.2, 0.1, 0.3, "fibre fuels the mills' boilers; assumption"),
        ),
    ),
    dict(
        slug="oil-palm-shells",
        name_es="Cuesco de palma",
        name_en="Oil palm kernel shells",
        category="agroindustrial",
        route="combustion",
        product_es="racimos de fruta fresca",
        product_en="fresh fruit bunches",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                0.06,
                0.05,
                0.07,
                DIAZ,
                note="0.0595 kg palm kernel shell per kg in the source; the range is an assumption",
            ),
            dry_matter=p("fraction", 0.88, 0.85, 0.92, "", True, "assumption"),
            lhv=lhv(19.0, 18.0, 20.0, "palm kernel shells"),
            availability=avail(0.5, 0.3, 0.7),
        ),
    ),
    dict(
        slug="bean-straw",
        name_es="Paja de frijol",
        name_en="Bean straw",
        category="agricultural",
        route="combustion",
        product_es="frijol seco",
        product_en="dry beans",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                *ipcc_rpr(0.36, 0.91, 0.68, (1.5, 0.8, 0.5)),
                IPCC112,
                note="derived: (0.36 x 0.91 Y + 0.68) / Y t DM per t grain at yields of 1.5 / 0.8 / 0.5 t/ha, hmm-free: yields are assumptions; divided by the dry-matter fraction 0.85 (assumption)",
            ),
            dry_matter=p("fraction", 0.85, 0.80, 0.90, "", True, "air-dry straw; assumption"),
            lhv=lhv(15.5, 14.5, 16.5, "bean straw", True),
            availability=avail(0.3, 0.2, 0.5),
        ),
    ),
    dict(
        slug="sorghum-straw",
        name_es="Rastrojo de sorgo",
        name_en="Sorghum stover",
        category="agricultural",
        route="combustion",
        product_es="grano de sorgo",
        product_en="sorghum grain",
        parameters=dict(
            rpr=p(
                "t residue/t product",
                *ipcc_rpr(0.88, 0.89, 1.33, (5, 3.5, 2)),
                IPCC112,
                note="derived: (0.88 x 0.89 Y + 1.33) / Y t DM per t grain at yields of 5 / 3.5 / 2 t/ha (assumptions), divided by the dry-matter fraction 0.85 (assumption)",
            ),
            dry_matter=p("fraction", 0.85, 0.80, 0.90, "", True, "air-dry stover; assumption"),
            lhv=lhv(16.5, 15.5, 17.5, "sorghum stover"),
            availability=avail(0.4, 0.25, 0.5),
        ),
    ),
    dict(
        slug="forest-residues",
        name_es="Residuos forestales",
        name_en="Forest residues",
        category="forest",
        route="combustion",
        product_es="",
        product_en="",
        parameters=dict(
            dry_matter=p(
                "fraction",
                1.0,
                source="by definition: forest residue layers are given in t of dry matter",
                note="no conversion",
            ),
            lhv=lhv(18.5, 18.0, 19.0, "dry wood", src=WOOD),
            availability=avail(
                0.5,
                0.3,
                0.7,
                "share of logging and thinning residues that can leave the forest without depleting soil nutrients; assumption",
            ),
        ),
    ),
    dict(
        slug="crop-residues-mixed",
        name_es="Residuos agrícolas de campo (mezcla)",
        name_en="Field crop residues (mixed)",
        category="agricultural",
        route="combustion",
        product_es="",
        product_en="",
        parameters=dict(
            dry_matter=p(
                "fraction",
                1.0,
                source="by definition: mixed crop residue layers are given in t of dry matter",
                note="no conversion",
            ),
            lhv=lhv(16.5, 15.0, 17.5, "cereal straws and stovers (mixed)", True),
            availability=avail(0.4, 0.25, 0.5),
        ),
    ),
    dict(
        slug="cattle-manure",
        name_es="Estiércol de bovino",
        name_en="Cattle manure",
        category="manure",
        route="biogas",
        product_es="cabezas",
        product_en="head",
        parameters=dict(
            manure_per_head=p(
                "kg/head/day",
                25.0,
                15.0,
                35.0,
                ASABE,
                True,
                "mixed herds of beef and dual-purpose cattle lighter than the source's US animals; assumption inside the source's range",
            ),
            dry_matter=p("fraction", 0.13, 0.12, 0.15, ASABE, note="as excreted"),
            volatile_solids=p("fraction of DM", 0.80, 0.75, 0.85, ASABE),
            methane_yield=p(
                "m3 CH4/kg VS",
                0.10,
                0.10,
                0.13,
                IPCC10,
                note="other cattle 0.10, dairy cows 0.13 (Latin America)",
            ),
            availability=avail(
                0.2,
                0.1,
                0.3,
                "only manure from confined animals can be collected; grazing herds dominate; assumption",
            ),
        ),
    ),
    dict(
        slug="pig-manure",
        name_es="Estiércol de cerdo",
        name_en="Pig manure",
        category="manure",
        route="biogas",
        product_es="cabezas",
        product_en="head",
        parameters=dict(
            manure_per_head=p(
                "kg/head/day",
                4.5,
                3.5,
                5.5,
                ASABE,
                True,
                "grow-finish pigs; assumption inside the source's range",
            ),
            dry_matter=p("fraction", 0.10, 0.08, 0.11, ASABE, note="as excreted"),
            volatile_solids=p("fraction of DM", 0.80, 0.75, 0.85, ASABE),
            methane_yield=p(
                "m3 CH4/kg VS",
                0.29,
                0.29,
                0.45,
                IPCC10,
                note="0.29 for developing countries, 0.45 for developed",
            ),
            availability=avail(
                0.5, 0.3, 0.8, "confined farms; backyard pigs cannot be collected; assumption"
            ),
        ),
    ),
    dict(
        slug="poultry-manure",
        name_es="Gallinaza y pollinaza",
        name_en="Poultry manure",
        category="manure",
        route="biogas",
        product_es="cabezas",
        product_en="head",
        parameters=dict(
            manure_per_head=p(
                "kg/head/day",
                0.09,
                0.08,
                0.10,
                ASABE,
                True,
                "layers and broilers; assumption inside the source's range",
            ),
            dry_matter=p("fraction", 0.25, 0.20, 0.30, ASABE),
            volatile_solids=p("fraction of DM", 0.75, 0.70, 0.80, ASABE),
            methane_yield=p(
                "m3 CH4/kg VS",
                0.24,
                0.24,
                0.39,
                IPCC10,
                note="0.24 for developing countries, 0.39 for developed",
            ),
            availability=avail(0.5, 0.3, 0.8),
        ),
    ),
]
# fix a stray editing note
resources[13]["parameters"]["rpr"]["note"] = (
    "derived: (0.36 x 0.91 Y + 0.68) / Y t DM per t grain at yields Y of 1.5 / 0.8 / 0.5 t/ha (assumptions), divided by the dry-matter fraction 0.85 (assumption)"
)
data = {
    "constants": {"methane_energy_gj_per_m3": {"value": 0.0358, "unit": "GJ/Nm3", "source": CH4}},
    "resources": resources,
}
json.dump(data, open(Path(__file__).with_name("resources.json"), "w"), ensure_ascii=False, indent=1)
print(len(resources))
