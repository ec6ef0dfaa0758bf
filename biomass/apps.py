from django.apps import AppConfig


class BiomassConfig(AppConfig):
    name = "biomass"
    verbose_name = "Biomass potential"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
