"""The STAC catalogue's views: read-only JSON documents with absolute links (no query logic:
documents.py builds them over the layers' selectors). An unknown layer or version is the
API's 404 JSON (biomass.api.errors)."""

from django.http import JsonResponse
from django.views import View

from biomass.languages import requested_language

from . import documents

JSON = "application/json"
GEOJSON = "application/geo+json"


class StacView(View):
    """GET only; the document's hrefs are absolute, from the request."""

    http_method_names = ["get", "head", "options"]
    content_type = JSON

    def get(self, request, **kwargs):
        with requested_language(request.GET):
            body = self.document(url=request.build_absolute_uri, **kwargs)
        return JsonResponse(body, content_type=self.content_type, json_dumps_params={"ensure_ascii": False})


class RootCatalog(StacView):
    document = staticmethod(documents.root_catalog)


class Collections(StacView):
    document = staticmethod(documents.collections_document)


class Collection(StacView):
    document = staticmethod(documents.collection_document)


class Items(StacView):
    content_type = GEOJSON
    document = staticmethod(documents.items_document)


class Item(StacView):
    content_type = GEOJSON
    document = staticmethod(documents.item_document)
