from django.apps import AppConfig


class BiomassConfig(AppConfig):
    """The app that owns the catalogue, layers, potentials and candidate sites (one app
    label, ``biomass``; each room keeps its models in its own ``models.py``)."""

    name = "biomass"
    verbose_name = "Biomass potential"
