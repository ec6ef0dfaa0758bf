from django.core.management.base import BaseCommand

from biomass.catalogue.services import reference_data_load


class Command(BaseCommand):
    help = (
        "Create or update (by slug) the resource catalogue, the default scenarios and the commodities "
        "from biomass/catalogue/reference/*.json; what changed gets a new version and its potentials "
        "are recomputed (a changed commodity: the served statistics are spread again). Idempotent."
    )

    def handle(self, *args, **options):
        changed = reference_data_load()
        resources = ", ".join(changed["resources"]) or "none"
        scenarios = ", ".join(changed["scenarios"]) or "none"
        commodities = ", ".join(changed["commodities"]) or "none"
        self.stdout.write(
            self.style.SUCCESS(
                f"changed resources: {resources}; changed scenarios: {scenarios}; changed commodities: {commodities}"
            )
        )
