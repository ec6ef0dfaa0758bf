import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from biomass.errors import BiomassError
from biomass.exports import dumps, to_csv, to_geojson, to_json
from biomass.selectors import potentials_rows
from regions.models import Region


class Command(BaseCommand):
    help = (
        "Print the stored potentials to stdout. CSV columns: region_code, region_name, level, resource, "
        "scenario, theoretical_t, technical_t, theoretical_pj, technical_pj, coverage (t = t DM/yr, "
        "pj = PJ/yr), then the others."
    )

    def add_arguments(self, parser):
        parser.add_argument("--level", choices=Region.Level.values)
        parser.add_argument("--scenario")
        parser.add_argument("--resource")
        parser.add_argument("--region")
        parser.add_argument("--format", default="csv", choices=["csv", "json", "geojson"])
        parser.add_argument("--language", default="es", choices=["es", "en"], help="of region names")
        parser.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM for spreadsheets")

    def handle(self, *args, **o):
        with translation.override(o["language"]):
            try:
                rows = potentials_rows(
                    level=o["level"], scenario=o["scenario"], resource=o["resource"], region=o["region"]
                )
            except BiomassError as exc:
                raise CommandError(exc.message) from exc
        if o["format"] == "csv":
            self.stdout.write(to_csv(rows, bom=o["bom"]), ending="")
        elif o["format"] == "json":
            self.stdout.write(dumps(to_json(rows)))
        else:
            codes = {row["region_code"] for row in rows}
            geometries = {
                code: json.loads(geom.geojson)
                for code, geom in Region.objects.filter(code__in=codes).values_list("code", "geom_medium")
            }
            self.stdout.write(dumps(to_geojson(rows, geometries)))
