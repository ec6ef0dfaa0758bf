import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from biomass.analysis.services import sites_import
from biomass.engine.rasters import sha256_file
from biomass.errors import BiomassError
from biomass.layers.legends import igbp_legend
from biomass.layers.models import Layer, LayerVersion
from biomass.layers.requests import LayerRequest
from biomass.layers.services.upload import layer_import
from biomass.statistics.services import StatisticsRequest, statistics_import


class Command(BaseCommand):
    help = (
        "Load the demo data shipped in fixtures/: region boundaries, candidate sites (towns), the raster "
        "layers, then the production statistics (making the crop production layers and computing every "
        "potential). Idempotent: what is already loaded is left alone."
    )

    def handle(self, *args, **options):
        fixtures = settings.BASE_DIR / "fixtures"
        for level, name in (("country", "countries.geojson"), ("admin1", "admin1.geojson")):
            call_command("import_regions", str(fixtures / "regions" / name), level=level, stdout=self.stdout)
        towns = sites_import(path=fixtures / "sites" / "towns.geojson")
        self.stdout.write(f"candidate sites: {towns} towns of 15,000 people or more")
        manifest = json.loads((fixtures / "layers" / "manifest.json").read_text(encoding="utf-8"))
        for item in manifest["layers"]:
            path = fixtures / "layers" / item["file"]
            if self._loaded(item, sha256_file(path)):
                self.stdout.write(f"{item['file']}: already loaded")
                continue
            legend = igbp_legend() if item.get("legend") == "igbp" else None
            try:
                version = layer_import(path=path, request=LayerRequest.from_data({**item, "legend": legend}))
            except BiomassError as exc:
                raise CommandError(f"{item['file']}: {exc.message}") from exc
            self.stdout.write(
                self.style.SUCCESS(f"{item['file']}: {version.layer.slug} v{version.number} loaded")
            )
        self._statistics(fixtures / "statistics")

    def _statistics(self, folder) -> None:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        for item in manifest["statistics"]:
            keys = ("source", "licence", "name", "dataset", "description")
            request = StatisticsRequest(**{k: item[k] for k in keys}, original_name=item["file"])
            try:
                version, changed = statistics_import(path=folder / item["file"], request=request)
            except BiomassError as exc:
                raise CommandError(f"{item['file']}: {exc.message}") from exc
            state = "loaded" if changed else "already loaded"
            self.stdout.write(self.style.SUCCESS(f"{item['file']}: {version} {state}"))

    @staticmethod
    def _loaded(item: dict, checksum: str) -> bool:
        """A version of the layer holds this file (current or not: a layer staff have replaced
        since is left as it is; uploading the same file again would be refused)."""
        if item.get("resource"):
            layer = Layer.objects.filter(role=Layer.Role.RESOURCE, resource__slug=item["resource"]).first()
        else:
            layer = Layer.objects.filter(slug=item["slug"]).first()
        if layer is None:
            return False
        same = layer.versions.filter(source_checksum=checksum).exclude(status=LayerVersion.Status.FAILED)
        return same.exists()
