"""Reads for the catalogue (selectors.py): an unknown slug in a path is not found, as a
parameter it is invalid input."""

import pytest

from biomass.catalogue.models import Scenario
from biomass.catalogue.selectors import central_scenario, resource_get, scenario_get, scenarios_list
from biomass.errors import InvalidInput, NotFound

pytestmark = pytest.mark.django_db


def test_scenarios_in_their_order_and_the_central_one():
    scenarios = list(scenarios_list())
    assert [s.slug for s in scenarios] == ["low", "central", "high"]
    assert central_scenario(scenarios).slug == "central"
    assert central_scenario([s for s in scenarios if s.slug != "central"]).slug == "low"
    assert central_scenario([]) is None


def test_unknown_slugs():
    assert scenario_get(slug="high") == Scenario.objects.get(slug="high")
    with pytest.raises(NotFound) as missing:
        scenario_get(slug="utopia")
    with pytest.raises(InvalidInput) as invalid:
        scenario_get(slug="utopia", parameter=True)
    assert missing.value.field == invalid.value.field == "scenario"
    assert resource_get(slug="coffee-pulp").parameters.count() >= 4
    with pytest.raises(NotFound, match="unobtainium"):
        resource_get(slug="unobtainium")
