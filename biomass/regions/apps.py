from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """Region boundaries. The app lives inside the ``biomass`` package (it uses the pure
    engine's geometry) and keeps its label ``regions``."""

    name = "biomass.regions"
    label = "regions"
    verbose_name = _("Regions")
