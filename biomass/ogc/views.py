"""The OGC API's views: each hands the request to one pygeoapi API function, with the
configuration built for this request (biomass.ogc.config). Read-only: the one POST runs a
process (an analysis, nothing stored), rate limited as the API's analyses are.

Browsers are answered in JSON, and ?f=html is refused (406, naming ``f``): pygeoapi's HTML
pages load their scripts and styles from CDNs and inline, which the site's
Content-Security-Policy refuses, and its static files are not served; the atlas's own pages
are the HTML view of the same data."""

from __future__ import annotations

import pygeoapi.api as core_api
import pygeoapi.api.coverages as coverages_api
import pygeoapi.api.itemtypes as itemtypes_api
import pygeoapi.api.processes as processes_api
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from pygeoapi.api import API, APIRequest
from pygeoapi.openapi import get_oas
from rest_framework.throttling import ScopedRateThrottle

from biomass.languages import requested_language

from .config import coverage_check, mark_coverages, ogc_config, server_url


class ProcessThrottle:
    """The scope of the API's analyses and exports: the same rate limit counts processes and
    coverages."""

    throttle_scope = "expensive"


def throttled(request) -> HttpResponse | None:
    """429 when the client is over the rate limit of the API's analyses and exports."""
    throttle = ScopedRateThrottle()
    if throttle.allow_request(request, ProcessThrottle()):
        return None
    body = {"code": "TooManyRequests", "type": "TooManyRequests", "description": "rate limit exceeded"}
    response = JsonResponse(body, status=429)
    response["Retry-After"] = str(int(throttle.wait() or 1))
    return response


def execute(api_function, request, *args, any_format: bool = False) -> HttpResponse:
    """Run one pygeoapi API function for a Django request; JSON unless ?f= asks otherwise
    (``any_format``: the function checks the format itself, a coverage's native GTiff)."""
    if "f" not in request.GET and "text/html" in request.headers.get("Accept", ""):
        request.GET = request.GET.copy()
        request.GET["f"] = "json"
    with requested_language(request.GET):
        if request.GET.get("f") == "html":
            return html_refused()
        return _execute(api_function, request, *args, any_format=any_format)


def html_refused() -> HttpResponse:
    """406 in pygeoapi's error shape: HTML is not offered here."""
    message = gettext(
        "f: html is not offered by this OGC API; ask for f=json (f=jsonld for features, "
        "f=GTiff for a coverage), or use the atlas's pages."
    )
    return JsonResponse(
        {"code": "InvalidParameterValue", "type": "InvalidParameterValue", "description": message}, status=406
    )


def _execute(api_function, request, *args, any_format: bool) -> HttpResponse:
    config = ogc_config(url=server_url(request))
    openapi = get_oas(config, fail_on_invalid_collection=False) if api_function is core_api.openapi_ else {}
    api = API(config, openapi)
    api_request = APIRequest.from_django(request, api.locales)
    if not any_format and not api_request.is_valid():
        headers, status, content = api.get_format_exception(api_request)
    else:
        headers, status, content = api_function(api, api_request, *args)
    response = HttpResponse(content, status=status)
    for key, value in headers.items():
        response[key] = value
    return response


@require_GET
def landing_page(request):
    return execute(core_api.landing_page, request)


@require_GET
def openapi(request):
    return execute(core_api.openapi_, request)


@require_GET
def conformance(request):
    return execute(core_api.conformance, request)


@require_GET
def collections(request, collection_id=None):
    response = execute(core_api.describe_collections, request, collection_id)
    response.content = mark_coverages(response.content)
    return response


@require_GET
def schema(request, collection_id):
    return execute(core_api.get_collection_schema, request, collection_id)


@require_GET
def queryables(request, collection_id):
    return execute(itemtypes_api.get_collection_queryables, request, collection_id)


@require_GET
def items(request, collection_id):
    return execute(itemtypes_api.get_collection_items, request, collection_id)


@require_GET
def item(request, collection_id, item_id):
    return execute(itemtypes_api.get_collection_item, request, collection_id, item_id)


@require_GET
def coverage(request, collection_id):
    coverage_check(ogc_config(url=server_url(request)), collection_id, request.GET.get("bbox"))
    refused = throttled(request)
    return refused or execute(coverages_api.get_collection_coverage, request, collection_id, any_format=True)


@require_GET
def processes(request, process_id=None):
    return execute(processes_api.describe_processes, request, process_id)


@csrf_exempt  # no session is read: a process is an anonymous, read-only computation
@require_POST
def execution(request, process_id):
    return throttled(request) or execute(processes_api.execute_process, request, process_id)
