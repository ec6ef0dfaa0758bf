import json

from django.core.management.base import BaseCommand

from biomass.layers.selectors import versions_status


class Command(BaseCommand):
    help = "Print every layer version with its processing status, stage and percent (JSON with --json)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--layer", help="layer slug")

    def handle(self, *args, **o):
        rows = versions_status(layer_slug=o["layer"])
        if o["json"]:
            self.stdout.write(json.dumps(rows))
            return
        for r in rows:
            flags = " (served)" if r["current"] else (" (stale)" if r["stale"] else "")
            self.stdout.write(
                f"{r['layer']} v{r['number']}: {r['status']} {r['progress']}% {r['stage']}{flags}"
                + (f" — {r['error']}" if r["error"] else "")
            )
