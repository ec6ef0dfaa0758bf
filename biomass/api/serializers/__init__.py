"""Serializers of the API, one module per resource; query parameters are in ``api/params.py``."""
