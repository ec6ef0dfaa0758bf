"""The admin's catalogue screens: editing a scenario or a resource's parameters raises its
version and recomputes its potentials; impossible values are refused on the form, with
nothing saved."""

import json

import pytest

from biomass.catalogue.models import Resource, ResourceParameter, Scenario
from biomass.catalogue.reference import SCENARIO_FIELDS as SCALAR_FIELDS
from biomass.potentials.models import Potential
from tests.uploads import technical

pytestmark = pytest.mark.django_db

SCENARIO_FIELDS = ("slug", *SCALAR_FIELDS)


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="root-password-123"))
    return client


def scenario_form(scenario: Scenario, **changes) -> dict:
    data = {field: getattr(scenario, field) for field in SCENARIO_FIELDS}
    data.update(
        availability_overrides=json.dumps(scenario.availability_overrides),
        constraints=json.dumps(scenario.constraints),
        sources=json.dumps(scenario.sources),
    )
    return data | changes


def resource_form(resource: Resource, **changes) -> dict:
    """The resource's change form with its parameter inline, as the browser posts it."""
    params = list(resource.parameters.order_by("pk"))
    data = {field: getattr(resource, field) for field in ("slug", "name_es", "name_en", "category", "route")}
    data |= {"product_es": resource.product_es, "product_en": resource.product_en}
    prefix = "parameters"
    data |= {f"{prefix}-TOTAL_FORMS": len(params), f"{prefix}-INITIAL_FORMS": len(params)}
    data |= {f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}
    for i, p in enumerate(params):
        for field in ("id", "name", "unit", "low", "central", "high", "source", "note"):
            data[f"{prefix}-{i}-{field}"] = getattr(p, field if field != "id" else "pk")
        data[f"{prefix}-{i}-resource"] = resource.pk
        if p.is_assumption:
            data[f"{prefix}-{i}-is_assumption"] = "on"
    return data | changes


def test_scenario_edit_in_admin_recomputes_its_potentials(admin_client, django_capture_on_commit_callbacks):
    central = Scenario.objects.get(slug="central")
    before = technical("MEX", "maize-stover").technical_t
    assert admin_client.get(f"/admin/biomass/scenario/{central.pk}/change/").status_code == 200
    data = scenario_form(central, availability_overrides=json.dumps({"maize-stover": 0.2}))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/biomass/scenario/{central.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    central.refresh_from_db()
    after = technical("MEX", "maize-stover")
    assert central.version == 2 and after.scenario_version == 2
    assert after.technical_t == pytest.approx(before / 2)  # availability 0.4 -> 0.2


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("capacity_factor", 0, "above 0 and at most 1"),
        ("efficiency_electric", 1.5, "above 0 and at most 1"),
        ("transport_cost_usd_t_km", -0.1, "greater than or equal to 0"),
        ("tortuosity", 0.9, "greater than or equal to 1"),
        ("availability_overrides", json.dumps({"forest-residues": 2}), "within 0-1"),
    ],
)
def test_impossible_scenario_values_are_refused_on_the_form(admin_client, field, value, message):
    central = Scenario.objects.get(slug="central")
    before = (central.version, getattr(central, field))
    response = admin_client.post(
        f"/admin/biomass/scenario/{central.pk}/change/",
        scenario_form(central, **{field: value}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and message in response.content.decode()
    central.refresh_from_db()
    assert (central.version, getattr(central, field)) == before


def test_editing_a_parameter_raises_the_version_and_recomputes(
    admin_client, django_capture_on_commit_callbacks
):
    forest = Resource.objects.get(slug="forest-residues")
    lhv = forest.parameters.get(name="lhv")
    before = technical("CRI", "forest-residues")
    data = resource_form(forest)
    index = list(forest.parameters.order_by("pk")).index(lhv)
    for case in ("low", "central", "high"):
        data[f"parameters-{index}-{case}"] = getattr(lhv, case) * 1.1
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/biomass/resource/{forest.pk}/change/", data)
    assert response.status_code == 302, [
        (f.errors, f.non_field_errors()) for f in response.context["inline_admin_formsets"][0].formset.forms
    ] + [response.context["adminform"].form.errors]
    forest.refresh_from_db()
    after = technical("CRI", "forest-residues")
    assert forest.version == 2 and after.resource_version == 2
    # the net energy as received follows the LHV: (1.1 L − c) / (L − c), c = 2.443 (1 − d) / d
    d, c = forest.parameters.get(name="dry_matter").central, 2.443
    c *= (1 - d) / d
    assert after.technical_pj == pytest.approx(
        before.technical_pj * (1.1 * lhv.central - c) / (lhv.central - c)
    )
    assert after.technical_t == pytest.approx(before.technical_t)  # the mass does not
    assert Potential.objects.filter(resource=forest).exclude(resource_version=2).count() == 0


def test_an_impossible_parameter_is_refused_and_nothing_changes(admin_client):
    forest = Resource.objects.get(slug="forest-residues")
    availability = forest.parameters.get(name="availability")
    data = resource_form(forest)
    index = list(forest.parameters.order_by("pk")).index(availability)
    data[f"parameters-{index}-high"] = 1.4
    response = admin_client.post(
        f"/admin/biomass/resource/{forest.pk}/change/", data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and "a fraction cannot be above 1" in response.content.decode()
    forest.refresh_from_db()
    assert forest.version == 1 and ResourceParameter.objects.get(pk=availability.pk).high == availability.high
