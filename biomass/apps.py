from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from biomass.caching import published_changed


def _migrated(**kwargs) -> None:
    """A migration may change reference data: reads cached before it are stale."""
    published_changed()


class BiomassConfig(AppConfig):
    """The app that owns the catalogue, layers, potentials and candidate sites (one app
    label, ``biomass``; each room keeps its models in its own ``models.py``)."""

    name = "biomass"
    verbose_name = _("Biomass potential")

    def ready(self):
        post_migrate.connect(_migrated, sender=self, dispatch_uid="biomass-published-changed")
