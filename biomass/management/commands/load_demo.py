from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the demo data shipped in fixtures/: the region boundaries (idempotent: a re-run "
        "changes nothing)."
    )

    def handle(self, *args, **options):
        fixtures = settings.BASE_DIR / "fixtures"
        call_command("import_regions", str(fixtures / "regions" / "countries.geojson"), level="country",
                     stdout=self.stdout)
        call_command("import_regions", str(fixtures / "regions" / "admin1.geojson"), level="admin1",
                     stdout=self.stdout)
