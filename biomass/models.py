"""Every model of the ``biomass`` app, imported from the room that owns it (Django loads the
app's models from here)."""

from biomass.analysis.models import Site
from biomass.catalogue.models import (
    CASE_CHOICES,
    CASES,
    Commodity,
    CommodityYield,
    Resource,
    ResourceParameter,
    Scenario,
)
from biomass.layers.models import AuditEntry, Layer, LayerVersion
from biomass.potentials.models import Potential, PotentialTotal
from biomass.statistics.models import ProductionRecord, StatisticsDataset, StatisticsVersion

__all__ = [
    "CASES",
    "CASE_CHOICES",
    "Resource",
    "ResourceParameter",
    "Scenario",
    "Commodity",
    "CommodityYield",
    "Layer",
    "LayerVersion",
    "AuditEntry",
    "Potential",
    "PotentialTotal",
    "Site",
    "StatisticsDataset",
    "StatisticsVersion",
    "ProductionRecord",
]
