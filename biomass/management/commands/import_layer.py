import json
import shutil
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from biomass.errors import BiomassError
from biomass.models import Layer
from biomass.services import LayerMeta, layer_import, layer_upload


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
        parser.add_argument("--label", default="", help='shown with every number, e.g. "demo estimate"')
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
        legend = None
        if o["legend"]:
            try:
                legend = json.loads(Path(o["legend"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(
                    f"cannot read the legend {o['legend']}: {exc} (nothing was changed)"
                ) from exc
        meta = LayerMeta(
            name=o["name"],
            role=o["role"],
            quantity=o["quantity"],
            resource_slug=o["resource"],
            slug=o["slug"],
            units=o["units"],
            year=o["year"],
            source=o["source"],
            licence=o["licence"],
            description=o["description"],
            label=o["label"],
            bin_width=o["bin_width"],
            legend=legend,
        )
        try:
            if o["background"]:
                with tempfile.TemporaryDirectory() as tmp:  # the upload is moved into MEDIA_ROOT: use a copy
                    copy = Path(tmp) / Path(o["path"]).name
                    if Path(o["path"]).is_file():
                        shutil.copyfile(o["path"], copy)
                    version = layer_upload(
                        path=copy if copy.exists() else o["path"],
                        meta=meta,
                        band=o["band"],
                        crs_epsg=o["crs"],
                        nodata=o["nodata"],
                        original_name=Path(o["path"]).name,
                    )
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{version.layer.slug} v{version.number} (layer id {version.layer_id}, version id {version.pk}) "
                        "queued for processing"
                    )
                )
                return
            version = layer_import(
                path=o["path"], meta=meta, band=o["band"], crs_epsg=o["crs"], nodata=o["nodata"]
            )
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
