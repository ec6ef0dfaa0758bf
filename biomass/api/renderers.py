"""CSV, GeoJSON, GeoPackage and GeoParquet renderers, chosen with
?format=csv|geojson|gpkg|parquet (or the Accept header)."""

from rest_framework.renderers import BaseRenderer, JSONRenderer

from biomass.potentials.exports import dumps, to_csv

from .formats import GEOPACKAGE, PARQUET, to_geopackage, to_geoparquet


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


class GeoPackageRenderer(BaseRenderer):
    """A ``formats.GeoTable`` as a GeoPackage (errors are JSON: the exception handler
    switches to the JSON renderer)."""

    media_type = GEOPACKAGE
    format = "gpkg"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return to_geopackage(data)


class GeoParquetRenderer(BaseRenderer):
    """A ``formats.GeoTable`` as GeoParquet."""

    media_type = PARQUET
    format = "parquet"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return to_geoparquet(data)
