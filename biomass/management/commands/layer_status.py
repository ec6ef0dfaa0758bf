import json

from django.core.management.base import BaseCommand

from biomass.models import LayerVersion
from biomass.services import is_stale


class Command(BaseCommand):
    help = "Print every layer version with its processing status, stage and percent (JSON with --json)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--layer", help="layer slug")

    def handle(self, *args, **o):
        versions = LayerVersion.objects.select_related("layer").order_by("layer__slug", "number")
        if o["layer"]:
            versions = versions.filter(layer__slug=o["layer"])
        rows = [
            {
                "layer": v.layer.slug,
                "number": v.number,
                "status": v.status,
                "stage": v.stage,
                "progress": v.progress,
                "current": v.layer.current_version_id == v.pk,
                "stale": is_stale(v),
                "attempts": v.attempts,
                "error": v.error,
            }
            for v in versions
        ]
        if o["json"]:
            self.stdout.write(json.dumps(rows))
            return
        for r in rows:
            flags = " (served)" if r["current"] else (" (stale)" if r["stale"] else "")
            self.stdout.write(
                f"{r['layer']} v{r['number']}: {r['status']} {r['progress']}% {r['stage']}{flags}"
                + (f" — {r['error']}" if r["error"] else "")
            )
