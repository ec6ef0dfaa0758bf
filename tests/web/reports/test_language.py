"""The language of a report chosen by its URL (``?language=``, or ``?lang=``), over the
browser's Accept-Language; an unknown language is a 400 naming the parameter."""

import pytest

from tests.web.reports.test_country import pdf_text
from tests.web.reports.test_site import QUERY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["language", "lang"])
@pytest.mark.parametrize(
    "language, browser, phrase, other",
    [
        ("en", "es", "Biomass potential report", "Escenario:"),
        ("es", "en", "Informe del potencial", "Scenario:"),
    ],
)
def test_the_url_chooses_the_country_reports_language(client, name, language, browser, phrase, other):
    response = client.get(f"/countries/CRI/report.pdf?{name}={language}", HTTP_ACCEPT_LANGUAGE=browser)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert phrase in text and other not in text


def test_the_url_chooses_the_site_reports_language(client, unthrottled):
    response = client.get("/sites/report.pdf", {**QUERY, "language": "en"}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert "Site report" in pdf_text(response.content)


@pytest.mark.parametrize("url", ["/countries/CRI/report.pdf", "/sites/report.pdf"])
@pytest.mark.parametrize("name", ["language", "lang"])
def test_an_unknown_language_is_a_400_naming_the_parameter(client, url, name):
    response = client.get(url, {**QUERY, name: "fr"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert f"{name}: fr is not a language of the reports (es, en)." in response.content.decode()
