from django.core.management.base import BaseCommand

from biomass.models import Resource, ResourceParameter, Scenario
from biomass.reference import load_resources, load_scenarios


class Command(BaseCommand):
    help = "Create or update (by slug) the resource catalogue and the default scenarios. Idempotent."

    def handle(self, *args, **options):
        resources = load_resources(Resource, ResourceParameter)
        scenarios = load_scenarios(Scenario)
        self.stdout.write(self.style.SUCCESS(f"{resources} resources, {scenarios} scenarios up to date"))
