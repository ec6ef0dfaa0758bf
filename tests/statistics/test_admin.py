"""The admin's statistics screens: upload a CSV as a new version (a bad line comes back on the
form), follow it, retry a failed one; only with the permission. Commodities are shown, not
edited."""

import pytest

from biomass.statistics import processing
from biomass.statistics.models import StatisticsDataset, StatisticsVersion
from tests.statistics.conftest import served
from tests.uploads import as_file

pytestmark = pytest.mark.django_db
GOOD = b"region_code,commodity,year,quantity,unit\nGTM,beans-dry,2020,250000,t\n"


def form(content=GOOD, **extra):
    return {
        "file": as_file(content, "beans.csv"),
        "name": "Beans",
        "source": "Survey",
        "licence": "CC0",
    } | extra


def broken_switch(version):
    raise RuntimeError("disk full")


def test_admin_upload_and_retry(client, manager, monkeypatch, django_capture_on_commit_callbacks):
    client.force_login(manager)
    page = client.get("/admin/biomass/statisticsdataset/upload/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "region_code, commodity, year, quantity, unit" in page.content.decode()
    before = served()
    bad = client.post(
        "/admin/biomass/statisticsdataset/upload/",
        form(GOOD + b"GTM,beans-dry,2021,many,t\n"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (
        bad.status_code == 200
        and "Line 3, column quantity: &#x27;many&#x27; is not a number" in bad.content.decode()
    )
    assert served() == before
    monkeypatch.setattr(
        processing, "_switch", lambda version: (_ for _ in ()).throw(RuntimeError("disk full"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/admin/biomass/statisticsdataset/upload/", form(), HTTP_ACCEPT_LANGUAGE="en")
    dataset = StatisticsDataset.objects.get(slug="beans")
    assert done.status_code == 302 and done["Location"].endswith(
        f"/admin/biomass/statisticsdataset/{dataset.pk}/change/"
    )
    version = dataset.versions.get()
    assert version.status == "failed" and dataset.current_version is None
    change = client.get(done["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "disk full" in change and "Retry" in change and "Upload a new version" in change
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(f"/admin/biomass/statisticsdataset/versions/{version.pk}/retry/")
    assert retried.status_code == 302
    assert StatisticsVersion.objects.get(pk=version.pk).status == "ready"
    assert "served" in client.get(done["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_admin_upload_needs_the_permission(client, django_user_model):
    staff = django_user_model.objects.create_user("staff3", password="staff-password-123", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/biomass/statisticsdataset/upload/").status_code == 403
    assert client.post("/admin/biomass/statisticsdataset/versions/1/retry/").status_code == 403


def test_commodities_are_shown_not_edited(admin_client):
    page = admin_client.get("/admin/biomass/commodity/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "coffee-green" in page.content.decode()
    assert admin_client.get("/admin/biomass/commodity/add/").status_code == 403


def test_a_dataset_is_withdrawn_in_the_admin_not_deleted(client, manager, django_capture_on_commit_callbacks):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/biomass/statisticsdataset/upload/", form())
    dataset = StatisticsDataset.objects.get(slug="beans")
    page = client.get(f"/admin/biomass/statisticsdataset/{dataset.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Withdraw" in html and "deletelink" not in html and "Beans" in html
    done = client.post(f"/admin/biomass/statisticsdataset/{dataset.pk}/withdraw/", HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 302
    dataset.refresh_from_db()
    assert dataset.current_version is None and dataset.versions.count() == 1
    again = client.get(done["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "is no longer served" in again
