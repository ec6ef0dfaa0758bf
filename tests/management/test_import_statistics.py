"""import_statistics: the README's example file is imported and served; the same file again
changes nothing; a bad file stops naming the line and the column, with nothing stored."""

from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.utils import translation

from biomass.potentials.labels import potential_label
from biomass.potentials.models import Potential
from biomass.statistics.models import StatisticsDataset
from tests.statistics.conftest import files, served

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "statistics.csv"
ARGS = ["--source", "FAOSTAT food balances via agrifoodpy-data 0.1.0", "--licence", "CC BY-NC-SA 3.0 IGO"]


def test_the_readme_example_is_imported_and_served(call):
    before = Potential.objects.get(
        region__code="CRI", resource__slug="maize-stover", scenario__slug="central"
    )
    out, _ = call("import_statistics", str(EXAMPLE), *ARGS, "--name", "Costa Rica example")
    assert out.strip() == "costa-rica-example v1: 12 rows, 2018–2020, served"
    dataset = StatisticsDataset.objects.get(slug="costa-rica-example")
    assert dataset.current_version.rows == 12 and dataset.licence == "CC BY-NC-SA 3.0 IGO"
    after = Potential.objects.get(region__code="CRI", resource__slug="maize-stover", scenario__slug="central")
    # the example is FAOSTAT's own 2018-2020 figures: the years it reports now come from it,
    # the others from the food balances, and the numbers are the same
    assert after.theoretical_t == pytest.approx(before.theoretical_t, rel=1e-9)
    layer = after.layer_version.layer
    with translation.override("en"):
        assert potential_label(after) == "Costa Rica example; FAOSTAT food balances, mean 2016–2020"
    assert layer.source.startswith("FAOSTAT food balances via agrifoodpy-data 0.1.0 | FAO. FAOSTAT")
    assert after.layer_version.provenance["statistics"]["datasets"] == ["costa-rica-example", "faostat-fbs"]
    mexico = Potential.objects.get(
        region__code="MEX", resource__slug="maize-stover", scenario__slug="central"
    )
    with translation.override("en"):
        assert potential_label(mexico) == "FAOSTAT food balances, mean 2016–2020"
    again, _ = call("import_statistics", str(EXAMPLE), *ARGS, "--name", "Costa Rica example")
    assert again.strip() == "costa-rica-example v1: the same file is already imported; nothing changed"


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "CRI,maize,2019,12000,t\nCRI,maize,2019,13000,t\n",
            "line 3, column region_code: CRI, maize, 2019 repeats line 2",
        ),
        ("CRI,maiz,2019,12000,t\n", "line 2, column commodity: unknown commodity 'maiz'"),
        ("CRI,cattle,2019,1600000,t\n", "line 2, column unit: the unit of cattle is 'head', not 't'"),
    ],
)
def test_a_bad_file_stops_naming_the_line_and_column_and_stores_nothing(call, tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text("region_code,commodity,year,quantity,unit\n" + text, encoding="utf-8")
    before, before_files = served(), files()
    with pytest.raises(CommandError, match=f"bad.csv: {message}.*nothing was changed"):
        call("import_statistics", str(path), *ARGS, "--name", "Test")
    assert served() == before and files() <= before_files


def test_a_missing_file_or_source_is_refused(call, tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call("import_statistics", str(tmp_path / "nowhere.csv"), *ARGS)
    with pytest.raises(CommandError, match="not a file"):
        call("import_statistics", str(tmp_path), *ARGS, "--name", "Test")
    with pytest.raises(CommandError, match="name the dataset"):
        call("import_statistics", str(EXAMPLE), *ARGS)
    with pytest.raises(CommandError, match="--source"):
        call("import_statistics", str(EXAMPLE), "--licence", "CC0")


def test_a_withdrawn_dataset_stops_serving_and_can_come_back(call):
    fao = Potential.objects.get(region__code="CRI", resource__slug="maize-stover", scenario__slug="central")
    call("import_statistics", str(EXAMPLE), *ARGS, "--name", "Costa Rica example")
    out, _ = call("withdraw_statistics", "costa-rica-example")
    assert out.strip() == "costa-rica-example: withdrawn; production layers without statistics: none"
    back = Potential.objects.get(region__code="CRI", resource__slug="maize-stover", scenario__slug="central")
    assert back.theoretical_t == pytest.approx(fao.theoretical_t, rel=1e-9)  # the food balances again
    assert StatisticsDataset.objects.get(slug="costa-rica-example").current_version is None
    with pytest.raises(CommandError, match="not served"):
        call("withdraw_statistics", "costa-rica-example")
    again, _ = call("import_statistics", str(EXAMPLE), *ARGS, "--name", "Costa Rica example")
    assert again.strip() == "costa-rica-example v2: 12 rows, 2018–2020, served"  # the same file, served again
    with pytest.raises(CommandError, match="unknown statistics dataset 'nowhere'"):
        call("withdraw_statistics", "nowhere")
