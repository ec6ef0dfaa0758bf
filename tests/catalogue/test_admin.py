"""The admin's catalogue screens: editing a scenario or a resource's parameters raises its version and recomputes its potentials; impossible values are refused."""

import pytest

from tests.uploads import technical

pytestmark = pytest.mark.django_db


def test_scenario_edit_in_admin_recomputes_its_potentials(
    client, django_user_model, django_capture_on_commit_callbacks
):
    admin_user = django_user_model.objects.create_superuser("root", password="root-password-123")
    client.force_login(admin_user)
    from biomass.catalogue.models import Scenario

    central = Scenario.objects.get(slug="central")
    before = technical("MEX", "crop-residues-mixed").technical_t
    form = client.get(f"/admin/biomass/scenario/{central.pk}/change/")
    assert form.status_code == 200
    data = {
        field: getattr(central, field)
        for field in (
            "name_es",
            "name_en",
            "slug",
            "description_es",
            "description_en",
            "parameter_case",
            "collection_cost_usd_t",
            "transport_cost_usd_t_km",
            "tortuosity",
            "efficiency_electric",
            "efficiency_thermal",
            "capacity_factor",
            "price_usd_t",
            "sort_order",
        )
    }
    import json

    data.update(
        availability_overrides=json.dumps({"crop-residues-mixed": 0.2}),
        constraints=json.dumps(central.constraints),
        sources=json.dumps(central.sources),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/biomass/scenario/{central.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    central.refresh_from_db()
    after = technical("MEX", "crop-residues-mixed")
    assert central.version == 2 and after.scenario_version == 2
    assert after.technical_t == pytest.approx(before / 2)  # availability 0.4 -> 0.2
