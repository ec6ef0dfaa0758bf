"""Thin DRF views, one module per resource: validate the parameters, call one selector or
service, serialize. Errors become statuses in ``biomass.api.errors`` only."""
