"""Processing a statistics version (processing.py): the production layers carry their source,
years and provenance; a version is processed once; a version claimed elsewhere is left alone."""

import pytest

from biomass.layers.models import Layer, LayerVersion
from biomass.statistics.models import StatisticsVersion
from biomass.statistics.processing import statistics_version_process, years_label
from biomass.statistics.services import StatisticsRequest, statistics_version_create

pytestmark = pytest.mark.django_db
REQUEST = StatisticsRequest(source="Test survey", licence="CC0", name="Survey")


def test_the_years_are_named_once_or_as_a_range():
    assert years_label({(2016, 2020)}) == "mean 2016–2020"
    assert years_label({(2016, 2020), (2014, 2018)}) == "mean of the last five years reported, 2014–2020"


def test_the_demo_production_layers_say_where_they_come_from():
    version = Layer.objects.get(slug="coffee-pulp").current_version
    assert (
        version.layer.quantity == "production"
        and version.layer.label == "FAOSTAT food balances, mean 2016–2020"
    )
    assert "agrifoodpy-data 0.1.0" in version.layer.source and "CC BY-NC-SA 3.0 IGO" in version.layer.licence
    coffee = version.provenance["commodities"]["coffee-green"]
    assert coffee["factor"] == 6.25 and set(coffee["levels"]["country"]) >= {"MEX", "GTM", "HND"}
    assert version.provenance["land_cover"] == {"layer": "land-cover", "version": 1}


def test_a_version_is_processed_once_and_one_claimed_elsewhere_is_left_alone(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("region_code,commodity,year,quantity,unit\nHND,sorghum,2020,1000,t\n")
    version, _ = statistics_version_create(path=path, request=REQUEST)
    StatisticsVersion.objects.filter(pk=version.pk).update(status="processing")
    layers = LayerVersion.objects.count()
    assert statistics_version_process(version_id=version.pk).status == "processing"
    assert LayerVersion.objects.count() == layers  # nothing made
    StatisticsVersion.objects.filter(pk=version.pk).update(status="pending")
    assert statistics_version_process(version_id=version.pk).status == "ready"
    assert LayerVersion.objects.count() == layers + 1  # sorghum straw
    assert statistics_version_process(version_id=version.pk).status == "ready"  # again: nothing to do
    assert LayerVersion.objects.count() == layers + 1
