"""The catalogue: resources with their cited parameters, scenarios, and the reference data files
they are loaded from."""
