import time

from django.core.management.base import BaseCommand, CommandError

from biomass.errors import BiomassError
from biomass.potentials.services import potentials_compute


class Command(BaseCommand):
    help = "Recompute the stored potentials of every resource layer (or one) for every scenario (or one)."

    def add_arguments(self, parser):
        parser.add_argument("--layer", type=int, action="append", help="layer id (repeatable)")
        parser.add_argument("--scenario", action="append", help="scenario slug (repeatable)")

    def handle(self, *args, **o):
        start = time.perf_counter()
        try:
            rows = potentials_compute(layer_ids=o["layer"], scenario_slugs=o["scenario"])
        except BiomassError as exc:
            raise CommandError(f"{exc.message} (nothing was changed)") from exc
        self.stdout.write(
            self.style.SUCCESS(f"{rows} potentials written in {time.perf_counter() - start:.2f} s")
        )
