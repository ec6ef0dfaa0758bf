"""The one place where errors become HTTP responses, for the whole site: the API (DRF's
exception handler), the tiles and the pages (a middleware), and the 404/500 handlers.

Every error under /api/, /tiles/ and /stac/ is JSON with an ``error`` code, a ``message`` and, when a
parameter is at fault, the ``field``; pages get an HTML page with the same status.
A bad parameter value (including an unknown code or slug given as a filter) is 400; an
unknown object named by the path is 404.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from rest_framework import exceptions as drf_exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from biomass.errors import BiomassError, Conflict, NotFound, TooLarge
from biomass.languages import error_message

logger = logging.getLogger(__name__)

# Domain error -> HTTP status; the first class that matches wins (most specific first).
STATUSES: tuple[tuple[type[BiomassError], int], ...] = (
    (NotFound, 404),
    (Conflict, 409),
    (TooLarge, 413),
    (BiomassError, 400),
)
JSON_PATHS = ("/api/", "/tiles/", "/stac/", "/ogc/")


def status_for(exc: BiomassError) -> int:
    return next(status for cls, status in STATUSES if isinstance(exc, cls))


def error_body(exc: BiomassError) -> dict:
    body = {"error": exc.code, "message": error_message(exc)}
    if exc.field:
        body["field"] = exc.field
    return body


def wants_json(request) -> bool:
    return request.path.startswith(JSON_PATHS)


# ------------------------------------------------------------------------------------- API
def exception_handler(exc, context):
    """DRF's exception handler (settings: REST_FRAMEWORK["EXCEPTION_HANDLER"])."""
    response = _api_response(exc)
    if response is not None:
        # Errors are JSON whatever format was asked for (CSV, GeoJSON, GeoTIFF).
        request = context.get("request")
        if request is not None:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = "application/json"
    return response


def _first_message(detail) -> tuple[str | None, str]:
    """(field, message) of the first problem in a DRF error detail."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            _, message = _first_message(value)
            return (None if key == "non_field_errors" else str(key)), message
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return None, str(detail)


def _api_response(exc):
    if isinstance(exc, RequestDataTooBig):
        exc = body_too_large()
    if isinstance(exc, BiomassError):
        return Response(error_body(exc), status=status_for(exc))
    if isinstance(exc, Http404):
        return Response({"error": "not_found", "message": str(exc) or gettext("Not found.")}, status=404)
    if isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    if not isinstance(exc, drf_exceptions.APIException):
        return None
    field, message = _first_message(exc.detail)
    if isinstance(exc, drf_exceptions.ParseError):
        field = "body"  # the request body is not what its content type says
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


# ------------------------------------------------------------------------ tiles and pages
class DomainErrorMiddleware:
    """Domain errors raised by views that are not DRF's (tiles, pages): JSON under /api/ and
    /tiles/, the error page elsewhere, with the status of the table above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if not isinstance(exc, BiomassError):
            return None
        status = status_for(exc)
        if wants_json(request):
            return JsonResponse(error_body(exc), status=status)
        template = "404.html" if status == 404 else "400.html"
        return render(request, template, {"message": error_message(exc)}, status=status)


def body_too_large() -> TooLarge:
    """Django's RequestDataTooBig (a body over DATA_UPLOAD_MAX_MEMORY_SIZE) as a domain error."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return TooLarge(
        "the request body is over the limit of %(limit)s bytes", field="body", params={"limit": limit}
    )


def bad_request(request, exception=None):
    """400 (settings' handler400): what Django refuses before or outside a view (a body over
    the size limit, a suspicious operation). JSON under /api/ and /tiles/ — a body too large
    is the 413 of the table there, as when a DRF view reads it — the HTML page elsewhere."""
    if isinstance(exception, RequestDataTooBig):
        error = body_too_large()
        if wants_json(request):
            return JsonResponse(error_body(error), status=status_for(error))
        return render(request, "400.html", {"message": error_message(error)}, status=status_for(error))
    if wants_json(request):
        return JsonResponse(
            {"error": "bad_request", "message": gettext("The request cannot be read.")}, status=400
        )
    return render(request, "400.html", status=400)


def not_found(request, exception=None):
    """404 (settings' handler404): JSON under /api/ and /tiles/, the HTML page elsewhere."""
    if wants_json(request):
        return JsonResponse(
            {"error": "not_found", "message": gettext("No such URL: %(path)s") % {"path": request.path}},
            status=404,
        )
    return render(request, "404.html", status=404)


def server_error(request):
    if wants_json(request):
        return JsonResponse(
            {"error": "server_error", "message": gettext("Internal error; it has been logged.")}, status=500
        )
    return render(request, "500.html", status=500)
