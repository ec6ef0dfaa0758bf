from django.core.management.base import BaseCommand

from biomass.catalogue.services import reference_data_load


class Command(BaseCommand):
    help = (
        "Create or update (by slug) the resource catalogue and the default scenarios from "
        "biomass/catalogue/reference/*.json; what changed gets a new version and its potentials "
        "are recomputed. Idempotent."
    )

    def handle(self, *args, **options):
        changed = reference_data_load()
        resources = ", ".join(changed["resources"]) or "none"
        scenarios = ", ".join(changed["scenarios"]) or "none"
        self.stdout.write(
            self.style.SUCCESS(f"changed resources: {resources}; changed scenarios: {scenarios}")
        )
