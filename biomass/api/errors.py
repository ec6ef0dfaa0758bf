"""The one place where errors become HTTP responses: every API error is JSON with an
``error`` code, a ``message`` and, when a parameter is at fault, the ``field``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from biomass.errors import BiomassError


def _first_message(detail) -> tuple[str | None, str]:
    """(field, message) of the first problem in a DRF error detail."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            _, message = _first_message(value)
            return (None if key == "non_field_errors" else str(key)), message
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return None, str(detail)


def exception_handler(exc, context):
    response = _error_response(exc)
    if response is not None:
        # Errors are JSON whatever format was asked for (CSV, GeoJSON, GeoTIFF).
        request = context.get("request")
        if request is not None:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = "application/json"
    return response


def _error_response(exc):
    if isinstance(exc, BiomassError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, Http404):
        return Response({"error": "not_found", "message": str(exc) or "Not found."}, status=404)
    if isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    if isinstance(exc, drf_exceptions.APIException):
        field, message = _first_message(exc.detail)
        body = {"error": exc.default_code, "message": message}
        if field:
            body["field"] = field
            body["message"] = f"{field}: {message}"
        if isinstance(exc, drf_exceptions.ValidationError):
            body["error"] = "invalid"
            body["details"] = exc.detail
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        return Response(body, status=exc.status_code, headers=headers)
    return None
