"""Reads of production statistics: the served versions in the order they take precedence,
their yearly series, and the datasets with their versions."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, QuerySet

from biomass.catalogue.models import CommodityYield
from biomass.errors import NotFound
from biomass.layers.models import Layer

from .models import ProductionRecord, StatisticsDataset, StatisticsVersion

Series = dict[tuple[str, str], dict[int, float]]  # {(commodity, region code): {year: quantity}}


def served_versions(
    *, replacing: StatisticsVersion | None = None, excluding: int | None = None
) -> list[StatisticsVersion]:
    """The current version of every dataset, the one processed last last (it wins where
    datasets overlap); with ``replacing``, that version in place of its dataset's, at the end;
    without the dataset ``excluding`` (an id)."""
    current = StatisticsVersion.objects.filter(dataset__current_version=F("pk")).select_related("dataset")
    if excluding is not None:
        current = current.exclude(dataset_id=excluding)
    if replacing is None:
        return list(current.order_by("processed_at", "pk"))
    others = current.exclude(dataset_id=replacing.dataset_id).order_by("processed_at", "pk")
    return [*others, replacing]


def yearly_series(versions: list[StatisticsVersion]) -> tuple[Series, dict]:
    """The yearly quantities of ``versions``, year by year: a later version wins the years it
    reports for a (commodity, region), the earlier ones keep the others (a national survey of
    recent years adds to FAOSTAT's history). And {(commodity, region): {year: the dataset}}."""
    series: Series = defaultdict(dict)
    origin: dict[tuple[str, str], dict[int, StatisticsDataset]] = defaultdict(dict)
    for version in versions:
        rows = ProductionRecord.objects.filter(version=version).values_list(
            "commodity__slug", "region__code", "year", "quantity"
        )
        for commodity, region, year, quantity in rows:
            series[(commodity, region)][year] = quantity
            origin[(commodity, region)][year] = version.dataset
    return dict(series), dict(origin)


def statistics_layers() -> QuerySet[Layer]:
    """The resource layers whose served version was made from production statistics."""
    return Layer.objects.filter(
        role=Layer.Role.RESOURCE, current_version__provenance__has_key="statistics"
    ).select_related("resource")


def fed_resources(versions: list[StatisticsVersion]) -> set[int]:
    """The ids of the resources that a commodity counted by ``versions`` yields."""
    commodities = ProductionRecord.objects.filter(version__in=versions).values("commodity_id").distinct()
    return set(
        CommodityYield.objects.filter(commodity_id__in=commodities).values_list("resource_id", flat=True)
    )


def datasets_list() -> QuerySet[StatisticsDataset]:
    return StatisticsDataset.objects.select_related("current_version").order_by("slug")


def dataset_get(*, slug: str) -> StatisticsDataset:
    dataset = datasets_list().filter(slug=slug).first()
    if dataset is None:
        raise NotFound("unknown statistics dataset %(slug)r", field="dataset", params={"slug": slug})
    return dataset


def version_get(*, slug: str, number: int) -> StatisticsVersion:
    version = (
        StatisticsVersion.objects.select_related("dataset", "created_by")
        .filter(dataset__slug=slug, number=number)
        .first()
    )
    if version is None:
        raise NotFound(
            "unknown version %(number)s of statistics dataset %(slug)r",
            field="version",
            params={"number": str(number), "slug": slug},
        )
    return version


def versions_of(*, slug: str) -> QuerySet[StatisticsVersion]:
    dataset_get(slug=slug)
    return StatisticsVersion.objects.filter(dataset__slug=slug).select_related("dataset", "created_by")


def records_of(
    *, slug: str, region: str | None = None, commodity: str | None = None
) -> QuerySet[ProductionRecord]:
    """The records of the served version of a dataset (none while it has none)."""
    dataset = dataset_get(slug=slug)
    rows = ProductionRecord.objects.filter(version_id=dataset.current_version_id).select_related(
        "region", "commodity"
    )
    if region:
        rows = rows.filter(region__code=region)
    if commodity:
        rows = rows.filter(commodity__slug=commodity)
    return rows.order_by("region__code", "commodity__slug", "year")
