from django.core.management.base import BaseCommand

from biomass.catalogue.services import reference_data_load


class Command(BaseCommand):
    help = (
        "Create or update (by slug) the resource catalogue, the default scenarios, the commodities, "
        "the technologies and (by country) the tariffs "
        "from biomass/catalogue/reference/*.json; what changed gets a new version and its potentials "
        "are recomputed (a changed commodity: the served statistics are spread again). Idempotent."
    )

    def handle(self, *args, **options):
        changed = reference_data_load()
        self.stdout.write(
            self.style.SUCCESS(
                "; ".join(f"changed {kind}: {', '.join(slugs) or 'none'}" for kind, slugs in changed.items())
            )
        )
