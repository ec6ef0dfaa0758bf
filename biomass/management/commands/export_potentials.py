from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from biomass.api.serializers.potentials import PotentialFeatureSerializer
from biomass.errors import BiomassError
from biomass.potentials.columns import UNITS
from biomass.potentials.exports import dumps, to_csv, to_json
from biomass.potentials.selectors import potentials_queryset, potentials_rows
from biomass.regions.models import Region

GEOJSON_ZOOM = 8  # the medium geometries (about 200 m), light enough for a file


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
        filters = {k: o[k] for k in ("level", "scenario", "resource", "region")}
        with translation.override(o["language"]):
            try:
                self.stdout.write(self.render(o["format"], filters, bom=o["bom"]), ending="")
            except BiomassError as exc:
                raise CommandError(exc.message) from exc

    def render(self, fmt: str, filters: dict, *, bom: bool) -> str:
        if fmt == "csv":
            return to_csv(potentials_rows(**filters), bom=bom)
        if fmt == "json":
            return dumps(to_json(potentials_rows(**filters))) + "\n"
        rows = potentials_queryset(**filters, geometry=Region.geometry_field_for_zoom(GEOJSON_ZOOM))
        features = PotentialFeatureSerializer(rows, many=True, context={"zoom": GEOJSON_ZOOM}).data
        return dumps({**features, "units": UNITS}) + "\n"
