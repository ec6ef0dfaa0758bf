from django.core.management.base import BaseCommand

from biomass.layers.models import LayerVersion
from biomass.layers.services.processing import layer_version_process
from biomass.layers.services.versions import layer_versions_recover


class Command(BaseCommand):
    help = (
        "Recover layer processing: --retry queues again failed versions and versions whose worker "
        "died (no sign of life for LAYER_STALE_SECONDS); --pending processes pending versions here and now."
    )

    def add_arguments(self, parser):
        parser.add_argument("--retry", action="store_true")
        parser.add_argument("--pending", action="store_true")

    def handle(self, *args, **o):
        if o["retry"]:
            for version in layer_versions_recover():
                self.stdout.write(f"{version.layer.slug} v{version.number}: queued again")
        if o["pending"]:
            pending = LayerVersion.objects.filter(status=LayerVersion.Status.PENDING).values_list(
                "pk", flat=True
            )
            for pk in pending:
                version = layer_version_process(version_id=pk)
                self.stdout.write(f"{version.layer.slug} v{version.number}: {version.status}")
