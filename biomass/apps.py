from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BiomassConfig(AppConfig):
    """The app that owns the catalogue, layers, potentials and candidate sites (one app
    label, ``biomass``; each room keeps its models in its own ``models.py``)."""

    name = "biomass"
    verbose_name = _("Biomass potential")
