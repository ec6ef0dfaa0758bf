"""Helpers for the statistics tests: a CSV written from rows, and the served state of the
site (what a failed or repeated import must leave as it was)."""

import pytest

from biomass.layers.models import AuditEntry, Layer, LayerVersion
from biomass.potentials.models import Potential
from biomass.statistics.models import ProductionRecord, StatisticsDataset, StatisticsVersion
from biomass.statistics.reading import COLUMNS
from tests.conftest import media_snapshot


@pytest.fixture
def stats_csv(tmp_path):
    def write(rows, name="stats.csv"):
        path = tmp_path / name
        lines = [",".join(COLUMNS)] + [",".join(str(v) for v in row) for row in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def served() -> tuple:
    """Everything a statistics import may change in the database (media: ``files``)."""
    return (
        sorted(StatisticsDataset.objects.values_list("slug", "current_version_id")),
        sorted(StatisticsVersion.objects.values_list("pk", "status")),
        ProductionRecord.objects.count(),
        sorted(Layer.objects.values_list("slug", "current_version_id")),
        LayerVersion.objects.count(),
        sorted(Potential.objects.values_list("region_id", "resource_id", "scenario_id", "theoretical_t")),
        AuditEntry.objects.count(),
    )


def files() -> set:
    """The media files, and a check that every served layer's file is there. (Files left by
    earlier tests, whose rows were rolled back, may be cleaned up on the way.)"""
    snapshot = media_snapshot()
    names = {name for name, _ in snapshot}
    for version in LayerVersion.objects.filter(layer__current_version__isnull=False).select_related("layer"):
        if version.layer.current_version_id == version.pk:
            assert version.file in names, version
    return set(snapshot)
