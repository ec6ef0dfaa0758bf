from django.core.management.base import BaseCommand

from biomass.layers.services.recovery import stalled_recover
from biomass.statistics.recovery import statistics_stalled_recover


class Command(BaseCommand):
    help = (
        "Take back the layer and statistics versions whose worker died (no sign of life for "
        "LAYER_STALE_SECONDS): remove their partial files, mark their task failed and queue them "
        "again after a doubling delay, or mark them failed after LAYER_MAX_ATTEMPTS attempts. "
        "Run it every minute (the demo's worker supervisor does)."
    )

    def handle(self, *args, **o):
        for outcome in statistics_stalled_recover():
            v = outcome.version
            self._say(f"statistics {v.dataset.slug} v{v.number}", outcome)
        for outcome in stalled_recover():
            v = outcome.version
            self._say(f"{v.layer.slug} v{v.number}", outcome)

    def _say(self, name: str, outcome) -> None:
        if outcome.retried:
            self.stdout.write(f"{name}: queued again in {outcome.delay:g} s")
        else:
            self.stdout.write(f"{name}: failed after {outcome.version.attempts} attempts")
