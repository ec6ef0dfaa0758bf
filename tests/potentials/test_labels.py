"""The label of a stored potential (labels.py): the dataset and years of its own region's
statistics, not of the whole layer; a unit of a country with national figures says its
number is a share spread over cropland."""

import pytest
from django.utils import translation

from biomass.potentials.labels import potential_label, region_label
from biomass.potentials.models import Potential
from biomass.statistics.services import StatisticsRequest, statistics_import

pytestmark = pytest.mark.django_db


def label(code, resource="maize-stover"):
    p = Potential.objects.select_related("region__parent", "layer_version__layer").get(
        region__code=code, resource__slug=resource, scenario__slug="central"
    )
    return potential_label(p)


@translation.override("en")
def test_each_region_names_its_own_dataset_and_years(tmp_path):
    path = tmp_path / "cri.csv"
    path.write_text(
        "region_code,commodity,year,quantity,unit\nCRI,maize,2019,11000,t\nCRI,maize,2020,12000,t\n"
    )
    statistics_import(
        path=path, request=StatisticsRequest(source="MAG", licence="CC0", name="Costa Rica survey")
    )
    # 2019 and 2020 from the survey, 2016-2018 from the food balances
    assert label("CRI") == "Costa Rica survey; FAOSTAT food balances, mean 2016–2020"
    assert label("MEX") == "FAOSTAT food balances, mean 2016–2020"  # not relabelled by Costa Rica's file
    assert (
        label("CR-A")
        == "Costa Rica survey; FAOSTAT food balances, mean 2016–2020; national figure spread over cropland"
    )
    assert (
        label("MEX", "forest-residues")
        == "estimate from forest land cover, yield from Mexican harvest statistics"
    )


def test_the_label_is_in_the_page_language(tmp_path):
    with translation.override("es"):
        assert label("MEX") == "Balances alimentarios de FAOSTAT, media 2016–2020"
        assert label("MX-JAL").endswith("; cifra nacional repartida sobre las tierras de cultivo")


def test_a_layer_without_statistics_keeps_its_own_label():
    assert region_label(None, "MEX", None, "demo") == "demo"
    assert region_label({"statistics": {}}, "MEX", None, "demo") == "demo"
