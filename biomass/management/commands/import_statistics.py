from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from biomass.errors import BiomassError
from biomass.statistics.services import StatisticsRequest, statistics_import


class Command(BaseCommand):
    help = (
        "Import production statistics from a CSV file (UTF-8) with the columns region_code, commodity, "
        "year, quantity, unit (t of product, or head): every line is checked first (a bad line stops the "
        "import with its line and column, and nothing is stored); then the production layers of the "
        "resources the commodities yield are made and their potentials computed, and the site switches "
        "to them at once. Re-importing the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--source", required=True, help="the full source (author, year, table, URL)")
        parser.add_argument("--licence", required=True)
        parser.add_argument(
            "--name",
            default="",
            help='short name shown with the numbers, e.g. "FAOSTAT food balances" (needed for a new dataset)',
        )
        parser.add_argument(
            "--dataset",
            default="",
            help="dataset slug (default: from the name): a new file for it is its next version",
        )
        parser.add_argument("--description", default="")

    def handle(self, *args, **o):
        path = Path(o["path"])
        if not path.exists():
            raise CommandError(f"{path}: file not found (nothing was changed)")
        if not path.is_file():
            raise CommandError(f"{path}: not a file (nothing was changed)")
        try:
            request = StatisticsRequest(
                source=o["source"],
                licence=o["licence"],
                name=o["name"],
                dataset=o["dataset"],
                description=o["description"],
                original_name=path.name,
            )
            version, changed = statistics_import(path=path, request=request)
        except BiomassError as exc:
            raise CommandError(f"{path}: {exc.message} (nothing was changed)") from exc
        if not changed:
            self.stdout.write(f"{version}: the same file is already imported; nothing changed")
            return
        years = (
            str(version.first_year)
            if version.first_year == version.last_year
            else (f"{version.first_year}–{version.last_year}")
        )
        rows = "1 row" if version.rows == 1 else f"{version.rows} rows"
        self.stdout.write(self.style.SUCCESS(f"{version}: {rows}, {years}, served"))
