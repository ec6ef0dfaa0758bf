"""The admin in the page's language: the site's header, the app's and models' names and the
upload form's labels, with no English left in the Spanish admin (issue 15)."""

import pytest

from tests.uploads import as_file, geotiff

pytestmark = pytest.mark.django_db

ENGLISH = (
    "Django administration",
    "Administración de Django",
    "Biomass potential",
    "Layer versions",
    "BIOMASS",
)


def test_the_spanish_admin_index_names_the_platform_app_and_models_in_spanish(admin_client):
    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Administración de la plataforma de biomasa" in page
    assert "Potencial de biomasa" in page and "Versiones de capa" in page
    assert not [word for word in ENGLISH if word in page]


def test_the_english_admin_index_names_the_platform(admin_client):
    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Biomass platform administration" in page and "Django administration" not in page
    assert "Biomass potential" in page and "Layer versions" in page


@pytest.mark.parametrize(
    "language, labels, header",
    [
        ("es", (">Nombre:<", ">Función:<", ">Unidades:<"), "Administración de la plataforma de biomasa"),
        ("en", (">Name:<", ">Role:<", ">Units:<"), "Biomass platform administration"),
    ],
)
def test_the_upload_form_labels_are_capitalised(admin_client, language, labels, header):
    page = admin_client.get("/admin/biomass/layer/upload/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert header in page
    assert all(label in page for label in labels), [label for label in labels if label not in page]


def test_an_english_admin_error_starts_with_a_capital(admin_client):
    data = {"file": as_file(geotiff(2.0)), "name": "x", "role": "resource", "quantity": "density", "band": 1}
    page = admin_client.post("/admin/biomass/layer/upload/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A resource layer needs its resource" in page
