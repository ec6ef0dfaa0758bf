"""The statistics endpoints: datasets and their records for everyone (the records are the
shipped file); uploads for staff with the layer permission, checked line by line (400 naming
the line and the column, nothing stored), processed in the background (202), the same file
answered 200; versions and retries for staff."""

import csv
import io

import pytest

from biomass.statistics.models import StatisticsDataset, StatisticsVersion
from tests.api.languages import errors_in_each_language
from tests.demo import STATISTICS
from tests.statistics.conftest import files, served
from tests.uploads import as_file

pytestmark = pytest.mark.django_db
GOOD = "region_code,commodity,year,quantity,unit\nHND,sorghum,2020,90000,t\n"


def form(text=GOOD, **extra):
    return {
        "file": as_file(text.encode("utf-8"), "stats.csv"),
        "name": "Survey",
        "source": "Survey 2020, table 2",
        "licence": "CC0",
    } | extra


def record_key(row):
    return row["commodity"], int(row["year"]), float(row["quantity"]), row["unit"]


def test_datasets_and_records_are_public_and_the_records_are_the_shipped_file(client):
    (dataset,) = client.get("/api/statistics/").json()
    assert dataset["slug"] == "faostat-fbs" and "CC BY-NC-SA 3.0 IGO" in dataset["licence"]
    with STATISTICS.open(encoding="utf-8") as fh:
        shipped = [row for row in csv.DictReader(fh) if row["region_code"] == "BLZ"]
    assert dataset["current_version"]["rows"] == sum(1 for _ in STATISTICS.open()) - 1
    response = client.get(dataset["records_url"], {"region": "BLZ", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    served_rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(map(record_key, served_rows)) == sorted(map(record_key, shipped))
    maize = client.get(dataset["records_url"], {"region": "MEX", "commodity": "maize"}).json()
    assert maize["count"] == 60 and {r["unit"] for r in maize["results"]} == {"t"}
    assert client.get(dataset["records_url"], {"commodity": "unobtainium"}).json()["field"] == "commodity"
    assert client.get("/api/statistics/nowhere/").status_code == 404


def test_an_upload_is_checked_then_processed_in_the_background(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/statistics/", form(name="Honduras survey"))
    assert response.status_code == 202, response.content
    body = response.json()
    assert (
        body["dataset"] == "honduras-survey"
        and body["rows"] == 1
        and response["Location"] == body["status_url"]
    )
    status = api.get(body["status_url"]).json()
    assert status["status"] == "ready" and status["current"] and status["created_by"] == "manager"
    again = api.post("/api/statistics/", form(name="Honduras survey"))
    assert again.status_code == 200 and again.json()["number"] == 1  # the same file: nothing new
    versions = api.get("/api/statistics/honduras-survey/versions/").json()
    assert [v["number"] for v in versions] == [1]
    retry = api.post("/api/statistics/honduras-survey/versions/1/retry")
    assert retry.status_code == 409 and retry.json()["field"] == "version"


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD + "HND,sorghum,2019,-3,t\n", "line 3, column quantity: -3 is negative"),
        (GOOD + "HND,sorghum,2020,1,t\n", "line 3, column region_code: HND, sorghum, 2020 repeats line 2"),
        ("region_code,commodity,year,quantity,unit\n", "the file has no rows below its header"),
        ("region_code;commodity;year;quantity;unit\nHND;sorghum;2020;1;t\n", "line 1: the header must be"),
    ],
)
def test_a_bad_upload_is_a_400_naming_the_line_and_stores_nothing(api, text, message):
    before, before_files = served(), files()
    response = api.post("/api/statistics/", form(text))
    assert response.status_code == 400 and response.json()["field"] == "file"
    assert message in response.json()["message"]
    assert served() == before and files() <= before_files


def test_bad_form_fields_are_named(api):
    for missing in ("source", "licence", "file"):
        data = form()
        data.pop(missing)
        response = api.post("/api/statistics/", data)
        assert response.status_code == 400 and response.json()["field"] == missing


def test_a_file_over_the_limit_is_refused(api, settings):
    settings.STATISTICS_MAX_BYTES = 10
    response = api.post("/api/statistics/", form())
    assert response.status_code == 413 and response.json()["field"] == "file"
    assert not StatisticsVersion.objects.exclude(dataset__slug="faostat-fbs").exists()


def test_only_staff_with_the_layer_permission_may_upload(client, django_user_model):
    assert client.post("/api/statistics/", form()).status_code in (401, 403)
    staff = django_user_model.objects.create_user("staff", password="staff-password-123", is_staff=True)
    client.force_login(staff)
    assert client.post("/api/statistics/", form()).status_code == 403
    assert client.get("/api/statistics/faostat-fbs/versions/").status_code == 403
    assert client.get("/api/statistics/").status_code == 200
    assert StatisticsDataset.objects.count() == 1


def test_records_are_paginated_and_the_csv_is_named_by_its_filters(client):
    url = "/api/statistics/faostat-fbs/records"
    everything = client.get(url, {"region": "MEX"}).json()
    page = client.get(url, {"region": "MEX", "limit": 10, "offset": 5}).json()
    assert page["count"] == everything["count"] > 100 and page["results"] == everything["results"][5:15]
    assert client.get(url, {"limit": 0}).json()["field"] == "limit"
    csv_response = client.get(url, {"region": "MEX", "commodity": "maize", "format": "csv"})
    assert 'filename="faostat-fbs-MEX-maize.csv"' in csv_response["Content-Disposition"]


def test_a_statistics_error_names_the_line_in_the_language_asked_for(api):
    def send(language):
        return api.post(
            "/api/statistics/", form(GOOD + "HND,sorghum,2019,many,t\n"), HTTP_ACCEPT_LANGUAGE=language
        )

    assert errors_in_each_language(send, field="file") == {
        "es-MX": "Línea 3, columna quantity: 'many' no es un número",
        "en-US": "line 3, column quantity: 'many' is not a number",
    }
