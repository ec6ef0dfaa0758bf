"""CSV and GeoJSON renderers, chosen with ?format=csv|geojson (or the Accept header)."""

from rest_framework.renderers import BaseRenderer, JSONRenderer

from biomass.potentials.exports import dumps, to_csv


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "rows" in data:
            return to_csv(data["rows"], bom=data.get("bom", False)).encode("utf-8")
        if isinstance(data, dict) and "csv" in data:
            return data["csv"].encode("utf-8")
        # errors and anything else: the JSON body, still readable
        return dumps(data).encode("utf-8")


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"
