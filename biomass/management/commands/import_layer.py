import json
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from biomass.errors import BiomassError
from biomass.layers.models import Layer
from biomass.layers.requests import LayerRequest
from biomass.layers.services.upload import layer_import, layer_upload


class Command(BaseCommand):
    help = (
        "Import a GeoTIFF raster as a new version of a layer: validate it (GeoTIFF only, CRS, "
        "numeric band, nodata, size and pixel limits, no negative resource values), convert it to a "
        "Cloud-Optimized GeoTIFF under MEDIA_ROOT, compute its potentials for every region and "
        "scenario, and switch to it. A bad file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--resource", help="resource slug (resource layers)")
        parser.add_argument("--quantity", required=True, choices=Layer.Quantity.values)
        parser.add_argument("--name", required=True)
        parser.add_argument("--role", default=Layer.Role.RESOURCE, choices=Layer.Role.values)
        parser.add_argument("--slug", help="layer slug (default: from the name)")
        parser.add_argument("--units", help="checked against the quantity (e.g. 't DM/ha/yr' for density)")
        parser.add_argument("--year", type=int)
        parser.add_argument("--source", default="")
        parser.add_argument("--licence", default="")
        parser.add_argument("--description", default="")
        parser.add_argument(
            "--label",
            default="",
            help='shown with every number, e.g. "FAOSTAT food balances, mean 2016–2020"',
        )
        parser.add_argument("--bin-width", type=float, help="continuous constraints: threshold step")
        parser.add_argument("--crs", help="EPSG code for a file without a coordinate system")
        parser.add_argument("--nodata", type=float, help="nodata value, when the file declares none")
        parser.add_argument("--band", type=int, default=1)
        parser.add_argument(
            "--background",
            action="store_true",
            help="validate and store now, then leave the processing to the task worker (as a web upload does)",
        )
        parser.add_argument(
            "--legend",
            help='categorical layers: JSON file {"class": {"es": name, "en": name, "color": "#rrggbb"}}',
        )

    def handle(self, *args, **o):
        try:
            request = LayerRequest.from_data({**o, "legend": self._legend(o["legend"])})
            if o["background"]:
                self._queue(o["path"], request)
                return
            version = layer_import(path=o["path"], request=request)
        except BiomassError as exc:
            raise CommandError(f"{o['path']}: {exc.message} (nothing was changed)") from exc
        for warning in version.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{version.layer.slug} v{version.number} (id {version.layer_id}): {version.width}x{version.height} "
                f"cells, potentials {version.potentials.count()} rows"
            )
        )

    def _legend(self, path: str | None) -> dict | None:
        if not path:
            return None
        try:
            return json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the legend {path}: {exc} (nothing was changed)") from exc

    def _queue(self, path: str, request: LayerRequest) -> None:
        """Validate and store now, process in the task worker (the upload is moved into
        MEDIA_ROOT, so a copy is handed over)."""
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / Path(path).name
            if Path(path).is_file():
                shutil.copyfile(path, copy)
            request = replace(request, original_name=Path(path).name)
            version = layer_upload(path=copy if copy.exists() else path, request=request)
        self.stdout.write(
            self.style.SUCCESS(
                f"{version.layer.slug} v{version.number} (layer id {version.layer_id}, version id {version.pk}) "
                "queued for processing"
            )
        )
