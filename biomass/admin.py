"""Staff administration, registered by the room that owns each model (Django looks here)."""

from biomass.catalogue import admin as catalogue_admin  # noqa: F401
from biomass.layers import admin as layers_admin  # noqa: F401
from biomass.statistics import admin as statistics_admin  # noqa: F401
