"""Writes for statistics (services.py): a bad file stores nothing; the same file again changes
nothing; a new version replaces the old one in one transaction, the old one served until
then; admin-1 statistics are respected exactly; uploads are processed in the background and
audited; only a failed version can be retried; the file is read, checked and copied before the
write transaction."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from biomass.catalogue.models import Resource
from biomass.errors import Conflict, InvalidInput
from biomass.layers.models import AuditEntry, Layer
from biomass.potentials.models import Potential
from biomass.regions.models import Region
from biomass.statistics import processing
from biomass.statistics import services as statistics_services
from biomass.statistics.models import StatisticsVersion
from biomass.statistics.services import (
    StatisticsRequest,
    statistics_dataset_withdraw,
    statistics_import,
    statistics_upload,
    statistics_version_retry,
)
from tests.statistics.conftest import files, served

pytestmark = pytest.mark.django_db
REQUEST = StatisticsRequest(
    source="Test ministry, production survey 2019, table 3", licence="CC BY 4.0", name="Survey"
)
BELIZE_UNITS = {
    "BZ-BZ": 90_000,
    "BZ-CY": 60_000,
    "BZ-CZL": 700_000,
    "BZ-OW": 800_000,
    "BZ-SC": 40_000,
    "BZ-TOL": 10_000,
}


def recent(code, commodity, tonnes):
    """Five years after FAOSTAT's last (2021-2025): the reference is these years alone."""
    return [(code, commodity, year, tonnes, "t") for year in range(2021, 2026)]


def theoretical(code, resource="sugarcane-bagasse"):
    return Potential.objects.get(
        region__code=code, resource__slug=resource, scenario__slug="central"
    ).theoretical_t


def bagasse_per_tonne_of_cane():
    params = Resource.objects.get(slug="sugarcane-bagasse").parameter_values("central")
    return params["rpr"] * params["dry_matter"]


def test_admin1_statistics_are_respected_exactly(stats_csv):
    rows = [(code, "sugar-cane-milled", 2019, t, "t") for code, t in BELIZE_UNITS.items()]
    guatemala = theoretical("GTM")
    version, changed = statistics_import(path=stats_csv(rows), request=REQUEST)
    assert changed and version.status == "ready" and version.rows == 6
    for code, tonnes in BELIZE_UNITS.items():
        assert theoretical(code) == pytest.approx(tonnes * bagasse_per_tonne_of_cane(), rel=1e-9), code
    assert theoretical("BLZ") == pytest.approx(
        sum(BELIZE_UNITS.values()) * bagasse_per_tonne_of_cane(), rel=1e-9
    )
    assert theoretical("GTM") == pytest.approx(guatemala, rel=1e-9)  # its FAOSTAT total is kept
    layer = Layer.objects.get(slug="sugarcane-bagasse")
    provenance = layer.current_version.provenance
    assert provenance["statistics"]["dataset"] == "survey"
    assert provenance["commodities"]["sugar-cane-milled"]["levels"]["admin1"]["BZ-OW"] == [
        800_000,
        2019,
        2019,
    ]


def test_a_bad_file_stores_nothing(stats_csv):
    before, before_files = served(), files()
    path = stats_csv([("BLZ", "sugar-cane", 2019, 1, "t"), ("BLZ", "sugar-cane", 2020, -1, "t")])
    with pytest.raises(InvalidInput, match="line 3, column quantity"):
        statistics_import(path=path, request=REQUEST)
    assert served() == before and files() <= before_files


def test_the_same_file_again_changes_nothing(stats_csv):
    path = stats_csv([("CRI", "maize", 2019, 12_000, "t")])
    statistics_import(path=path, request=REQUEST)
    before, before_files = served(), files()
    version, changed = statistics_import(path=path, request=REQUEST)
    assert not changed and version.number == 1
    assert served() == before and files() == before_files


def test_a_new_version_replaces_the_old_one_and_the_old_one_is_served_until_then(stats_csv, monkeypatch):
    first, _ = statistics_import(path=stats_csv(recent("CRI", "maize", 12_000), "a.csv"), request=REQUEST)
    stover = Resource.objects.get(slug="maize-stover").parameter_values("central")
    per_tonne = stover["rpr"] * stover["dry_matter"]
    assert theoretical("CRI", "maize-stover") == pytest.approx(12_000 * per_tonne, rel=1e-9)
    seen = []
    real_switch = processing._switch

    def switch(version):  # the last step, inside the transaction that switches the layers
        seen.append(version.dataset.current_version_id)
        real_switch(version)

    monkeypatch.setattr(processing, "_switch", switch)
    second, changed = statistics_import(
        path=stats_csv(recent("CRI", "maize", 30_000), "b.csv"), request=REQUEST
    )
    assert changed and second.number == 2 and seen == [first.pk]  # served until the switch
    assert theoretical("CRI", "maize-stover") == pytest.approx(30_000 * per_tonne, rel=1e-9)
    assert second.dataset.current_version_id == second.pk


def test_a_failure_at_the_switch_keeps_the_previous_state(stats_csv, monkeypatch):
    before, before_files = served(), files()

    def broken(version):
        raise RuntimeError("disk full")

    monkeypatch.setattr(processing, "_switch", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        statistics_import(path=stats_csv([("CRI", "maize", 2019, 30_000, "t")]), request=REQUEST)
    after = served()
    assert after[:6] == before[:6] and files() <= before_files  # only the audit log grew
    assert AuditEntry.objects.filter(kind="statistics", action="failed", subject="survey").exists()


def test_an_upload_is_processed_in_the_background_and_audited(
    stats_csv, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        version, created = statistics_upload(
            path=stats_csv([("PAN", "rice-paddy", 2020, 300_000, "t")]), request=REQUEST, user=staff_user
        )
    assert created and version.status == "pending" and len(queued) == 1
    assert (
        Layer.objects.get(slug="rice-straw").current_version.provenance["statistics"]["dataset"]
        == "faostat-fbs"
    )
    queued[0]()  # the worker's turn
    version.refresh_from_db()
    assert version.status == "ready" and version.dataset.current_version_id == version.pk
    assert (
        Layer.objects.get(slug="rice-straw").current_version.provenance["statistics"]["dataset"] == "survey"
    )
    actions = list(
        AuditEntry.objects.filter(kind="statistics", subject="survey").values_list("action", "user__username")
    )
    assert sorted(actions) == [("processed", None), ("upload", "curator")]


def test_only_a_failed_version_can_be_retried(stats_csv, monkeypatch, django_capture_on_commit_callbacks):
    def broken(version):
        raise RuntimeError("disk full")

    monkeypatch.setattr(processing, "_switch", broken)
    with django_capture_on_commit_callbacks(execute=True):
        version, _ = statistics_upload(path=stats_csv([("PAN", "maize", 2020, 1, "t")]), request=REQUEST)
    version.refresh_from_db()
    assert version.status == "failed" and "disk full" in version.error
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        statistics_version_retry(version_id=version.pk)
    version.refresh_from_db()
    assert version.status == "ready" and version.attempts == 2
    with pytest.raises(Conflict, match="only a failed version"):
        statistics_version_retry(version_id=version.pk)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"source": " ", "licence": "x", "name": "n"}, "source"),
        ({"source": "x", "licence": "", "name": "n"}, "licence"),
        ({"source": "x", "licence": "y"}, "name"),
        ({"source": "x", "licence": "y", "name": "¿?"}, "dataset"),
    ],
)
def test_a_request_names_what_it_lacks(fields, field):
    with pytest.raises(InvalidInput) as caught:
        StatisticsRequest(**fields)
    assert caught.value.field == field


def test_statistics_for_a_country_without_regions_of_its_own_are_refused(stats_csv):
    assert not Region.objects.filter(code="USA").exists()
    with pytest.raises(InvalidInput, match="line 2, column region_code: unknown region 'USA'"):
        statistics_import(path=stats_csv([("USA", "maize", 2019, 1, "t")]), request=REQUEST)
    assert not StatisticsVersion.objects.filter(dataset__slug="survey").exists()


def test_the_same_file_again_leaves_the_dataset_as_it_was(stats_csv):
    path = stats_csv([("CRI", "maize", 2019, 12_000, "t")])
    statistics_import(path=path, request=REQUEST)
    other = StatisticsRequest(source="someone else", licence="none", dataset="survey")
    version, changed = statistics_import(path=path, request=other)
    dataset = version.dataset
    dataset.refresh_from_db()
    assert not changed and (dataset.name, dataset.source, dataset.licence) == (
        "Survey",
        REQUEST.source,
        "CC BY 4.0",
    )


def test_a_new_version_without_a_name_keeps_the_dataset_name(stats_csv):
    statistics_import(path=stats_csv([("CRI", "maize", 2019, 12_000, "t")], "a.csv"), request=REQUEST)
    newer = StatisticsRequest(source="Test ministry, 2020 survey", licence="CC BY 4.0", dataset="survey")
    version, _ = statistics_import(
        path=stats_csv([("CRI", "maize", 2020, 13_000, "t")], "b.csv"), request=newer
    )
    assert version.number == 2 and version.dataset.name == "Survey"
    assert version.dataset.source == "Test ministry, 2020 survey"


def test_a_commodity_that_no_dataset_counts_any_more_has_no_data(stats_csv):
    cattle = [("CRI", "cattle", 2019, 1_600_000, "head")]
    statistics_import(path=stats_csv(cattle, "a.csv"), request=REQUEST)
    cri = Potential.objects.filter(
        region__code="CRI", resource__slug="cattle-manure", scenario__slug="central"
    )
    assert cri.get().theoretical_t > 0  # heads x manure per head
    statistics_import(path=stats_csv([("CRI", "maize", 2019, 12_000, "t")], "b.csv"), request=REQUEST)
    assert not Potential.objects.filter(resource__slug="cattle-manure").exists()  # no data, not 0
    assert Layer.objects.get(slug="cattle-manure").current_version is None
    assert (
        Layer.objects.get(slug="maize-stover").current_version.provenance["statistics"]["dataset"] == "survey"
    )


def test_withdrawing_the_only_dataset_of_a_commodity_withdraws_its_layer(stats_csv):
    statistics_import(path=stats_csv([("CRI", "cattle", 2019, 1_600_000, "head")]), request=REQUEST)
    served = dict(Layer.objects.values_list("slug", "current_version_id"))
    assert statistics_dataset_withdraw(slug="survey") == ["cattle-manure"]
    # the layers the survey did not feed are not made again: nothing in them changed
    after = dict(Layer.objects.values_list("slug", "current_version_id"))
    assert {slug: v for slug, v in after.items() if slug != "cattle-manure"} == {
        slug: v for slug, v in served.items() if slug != "cattle-manure"
    }
    assert not Potential.objects.filter(resource__slug="cattle-manure").exists()
    assert AuditEntry.objects.filter(kind="statistics", action="withdraw", subject="survey").exists()
    with pytest.raises(Conflict, match="not served"):
        statistics_dataset_withdraw(slug="survey")


def test_an_upload_is_read_checksummed_and_copied_before_the_write_transaction(
    stats_csv, transaction_depths, django_capture_on_commit_callbacks
):
    outer = len(connection.atomic_blocks)  # the test's own transaction
    spy, depths = transaction_depths
    for module, name in (
        (statistics_services, "read_statistics"),
        (statistics_services, "sha256_file"),
        (shutil, "copyfile"),
    ):
        spy(module, name)
    with django_capture_on_commit_callbacks(execute=False):
        version, created = statistics_upload(
            path=stats_csv([("PAN", "rice-paddy", 2020, 300_000, "t")]), request=REQUEST
        )
    assert created and depths == dict.fromkeys(("read_statistics", "sha256_file", "copyfile"), outer)
    assert (Path(settings.MEDIA_ROOT) / version.file).read_text().count("\n") == 2  # the file in place
