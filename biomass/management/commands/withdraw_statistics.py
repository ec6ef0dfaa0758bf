from django.core.management.base import BaseCommand, CommandError

from biomass.errors import BiomassError
from biomass.statistics.services import statistics_dataset_withdraw


class Command(BaseCommand):
    help = (
        "Stop serving a production statistics dataset (its versions are kept): the potentials fall "
        "back on the other datasets at once, or become no data where none counts the commodity. "
        "Import a file for the dataset again to serve it again."
    )

    def add_arguments(self, parser):
        parser.add_argument("dataset", help="the dataset's slug (see /api/statistics/)")

    def handle(self, *args, **options):
        try:
            withdrawn = statistics_dataset_withdraw(slug=options["dataset"])
        except BiomassError as exc:
            raise CommandError(f"{exc.message} (nothing was changed)") from exc
        layers = ", ".join(withdrawn) or "none"
        self.stdout.write(
            self.style.SUCCESS(
                f"{options['dataset']}: withdrawn; production layers without statistics: {layers}"
            )
        )
