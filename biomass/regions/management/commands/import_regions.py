from django.core.management.base import BaseCommand, CommandError

from biomass.errors import BiomassError
from biomass.regions.models import Region
from biomass.regions.reading import RegionFile
from biomass.regions.services import regions_import


class Command(BaseCommand):
    help = (
        "Import region boundaries from any vector file GDAL reads (GeoJSON, GeoPackage, "
        "Shapefile, zipped Shapefile...). Geometries are reprojected to EPSG:4326 and repaired. "
        "Idempotent: regions are created or updated by code, and a re-run changes nothing. "
        "Transactional: a bad file changes nothing. When regions change, the stored potentials "
        "are recomputed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="vector file")
        parser.add_argument("--level", required=True, choices=Region.Level.values)
        parser.add_argument("--code-field", default="code", help="field with the stable code (default: code)")
        parser.add_argument(
            "--name-field", help="field with the Spanish (or only) name (default: name_es, then name)"
        )
        parser.add_argument("--name-en-field", help="field with the English name (default: name_en)")
        parser.add_argument(
            "--parent-field", help="field with the parent region's code (default: parent, when present)"
        )
        parser.add_argument("--layer", default="0", help="layer name or index (default: the first)")
        parser.add_argument("--encoding", default="utf-8", help="text encoding of the attributes")
        parser.add_argument("--srid", type=int, help="EPSG code, for files without a coordinate system")
        parser.add_argument("--source", help="source to record (default: the 'source' field)")
        parser.add_argument("--licence", help="licence to record (default: the 'licence' field)")

    def handle(self, *args, **options):
        layer = options["layer"]
        spec = RegionFile(
            path=options["path"],
            code_field=options["code_field"],
            name_field=options["name_field"],
            name_en_field=options["name_en_field"],
            parent_field=options["parent_field"],
            layer=int(layer) if layer.isdigit() else layer,
            encoding=options["encoding"],
            srid=options["srid"],
            source=options["source"],
            licence=options["licence"],
        )
        try:
            report = regions_import(spec=spec, level=options["level"])
        except BiomassError as exc:
            raise CommandError(f"{options['path']}: {exc.message} (nothing was changed)") from exc
        self.stdout.write(self.style.SUCCESS(f"{options['level']}: {report.summary()}"))
