"""The STAC documents (STAC 1.1.0) of the published layers, built with pystac; what an item
says about its raster (footprint, projection, bands and their statistics) comes from
rio-stac reading the version's COG.

Every href is absolute, made by ``url(path)`` from the request. Extensions: projection
v1.1.0 (``proj:epsg``, shape, transform, bbox, as rio-stac writes them), raster v1.0.0
(``raster:bands`` on the asset, the version whose schema the raster fields follow) and file
v2.1.0 (``file:checksum``, the SHA-256 the version already stores as a multihash, and
``file:size``)."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import pystac
from django.urls import reverse
from django.utils.translation import gettext as _
from rio_stac import create_stac_item

from biomass.languages import translated
from biomass.layers.models import Layer, LayerVersion
from biomass.layers.selectors import published_layer, published_layers, published_version, published_versions

Url = Callable[[str], str]

PROJECTION = "https://stac-extensions.github.io/projection/v1.1.0/schema.json"
RASTER = "https://stac-extensions.github.io/raster/v1.0.0/schema.json"
FILE = "https://stac-extensions.github.io/file/v2.1.0/schema.json"
CONFORMS_TO = ["https://api.stacspec.org/v1.0.0/core", "https://api.stacspec.org/v1.0.0/collections"]
CATALOGUE_ID = "biomass-layers"
JSON = "application/json"
GEOJSON = "application/geo+json"
SHA256_MULTIHASH = "1220"  # multihash prefix: sha2-256, 32 bytes
SPDX_LIKE = re.compile(r"^[\w\-.+]+$")


# ----------------------------------------------------------------------------- the catalogue
def root_catalog(*, url: Url) -> dict:
    catalog = pystac.Catalog(
        id=CATALOGUE_ID,
        title=_("Biomass energy atlas: raster layers"),
        description=_(
            "The atlas's raster layers: a collection per layer, an item per processed version "
            "with its Cloud-Optimized GeoTIFF."
        ),
        extra_fields={"conformsTo": CONFORMS_TO},
    )
    _links(catalog, url, self_path=reverse("stac-root"))
    catalog.add_link(pystac.Link("data", url(reverse("stac-collections")), JSON))
    for layer in published_layers():
        catalog.add_link(pystac.Link("child", url(_collection_path(layer)), JSON, layer.shown_name))
    return catalog.to_dict(include_self_link=True, transform_hrefs=False)


def collections_document(*, url: Url) -> dict:
    return {
        "collections": [_collection(layer, url) for layer in published_layers()],
        "links": [
            {"rel": "self", "href": url(reverse("stac-collections")), "type": JSON},
            {"rel": "root", "href": url(reverse("stac-root")), "type": JSON},
        ],
    }


def collection_document(*, slug: str, url: Url) -> dict:
    return _collection(published_layer(slug=slug), url)


def items_document(*, slug: str, url: Url) -> dict:
    layer = published_layer(slug=slug)
    items = [_item(layer, version, url) for version in published_versions(layer=layer)]
    path = reverse("stac-items", args=[layer.slug])
    return {
        "type": "FeatureCollection",
        "features": items,
        "numberReturned": len(items),
        "links": [
            {"rel": "self", "href": url(path), "type": GEOJSON},
            {"rel": "root", "href": url(reverse("stac-root")), "type": JSON},
            {"rel": "collection", "href": url(_collection_path(layer)), "type": JSON},
        ],
    }


def item_document(*, slug: str, number: int, url: Url) -> dict:
    layer = published_layer(slug=slug)
    return _item(layer, published_version(layer=layer, number=number), url)


# ---------------------------------------------------------------------------- a collection
def _collection(layer: Layer, url: Url) -> dict:
    versions = published_versions(layer=layer)
    items = [_item(layer, version, url) for version in versions]
    licence, licence_is_id = _licence(layer)
    collection = pystac.Collection(
        id=layer.slug,
        title=layer.shown_name,
        description=translated(layer.description) or layer.shown_label or layer.shown_name,
        extent=_extent(layer, versions, items),
        license=licence,
        providers=_providers(layer),
        keywords=[layer.role, layer.quantity],
        summaries=_summaries(versions),
        stac_extensions=[PROJECTION],
    )
    path = _collection_path(layer)
    _links(collection, url, self_path=path)
    collection.add_link(pystac.Link("parent", url(reverse("stac-root")), JSON))
    collection.add_link(pystac.Link("items", url(reverse("stac-items", args=[layer.slug])), GEOJSON))
    if not licence_is_id:
        # "other": the licence's text is on the layer's page of the API.
        licence_href = url(reverse("api-layer", args=[layer.pk]))
        collection.add_link(pystac.Link("license", licence_href, JSON, layer.shown_licence))
    for version in versions:
        collection.add_link(
            pystac.Link("item", url(_item_path(layer, version)), GEOJSON, _title(layer, version))
        )
    return collection.to_dict(include_self_link=True, transform_hrefs=False)


def _extent(layer: Layer, versions: list[LayerVersion], items: list[dict]) -> pystac.Extent:
    """The union of the items' bboxes and time spans; the whole world and an open interval
    while no version's file is there to describe."""
    if not items:
        return pystac.Extent(
            pystac.SpatialExtent([[-180.0, -90.0, 180.0, 90.0]]), pystac.TemporalExtent([[None, None]])
        )
    bboxes = [item["bbox"] for item in items]
    spatial = [min(b[0] for b in bboxes), min(b[1] for b in bboxes), max(b[2] for b in bboxes)]
    spatial.append(max(b[3] for b in bboxes))
    starts, ends = zip(*(_interval(layer, version) for version in versions), strict=True)
    return pystac.Extent(pystac.SpatialExtent([spatial]), pystac.TemporalExtent([[min(starts), max(ends)]]))


def _summaries(versions: list[LayerVersion]) -> pystac.Summaries:
    epsg = sorted({v.epsg for v in versions if v.epsg})
    return pystac.Summaries({"proj:epsg": epsg} if epsg else {})


def _licence(layer: Layer) -> tuple[str, bool]:
    """(the STAC licence, whether it is an identifier): an SPDX-like identifier as written,
    or "other" for a licence described in words."""
    text = layer.licence.strip()
    return (text, True) if SPDX_LIKE.match(text) else ("other", False)


def _providers(layer: Layer) -> list[pystac.Provider]:
    if not layer.source:
        return []
    roles = [pystac.ProviderRole.PRODUCER, pystac.ProviderRole.LICENSOR]
    return [pystac.Provider(name=layer.shown_source, roles=roles)]


# ----------------------------------------------------------------------------------- an item
def _item(layer: Layer, version: LayerVersion, url: Url) -> dict:
    scan = copy.deepcopy(_scan(str(version.path), version.checksum))
    start, end = _interval(layer, version)
    dates = {"start_datetime": _iso(start), "end_datetime": _iso(end)} if layer.year else {}
    item = pystac.Item(
        id=f"{layer.slug}-v{version.number}",
        geometry=scan["geometry"],
        bbox=scan["bbox"],
        datetime=None if layer.year else start,
        properties={"title": _title(layer, version), **dates, **scan["proj"]},
        stac_extensions=[PROJECTION, RASTER, FILE],
        collection=layer.slug,
    )
    bands = [{"unit": layer.units, **band} for band in scan["bands"]]
    item.add_asset(
        "data",
        pystac.Asset(
            href=url(reverse("api-layer-version-download", args=[layer.pk, version.number])),
            title=_("Cloud-Optimized GeoTIFF"),
            media_type=pystac.MediaType.COG,
            roles=["data"],
            extra_fields={
                "raster:bands": bands,
                "file:checksum": SHA256_MULTIHASH + version.checksum,
                "file:size": scan["size"],
            },
        ),
    )
    _links(item, url, self_path=_item_path(layer, version))
    collection_href = url(_collection_path(layer))
    item.add_link(pystac.Link("parent", collection_href, JSON))
    item.add_link(pystac.Link("collection", collection_href, JSON))
    return item.to_dict(include_self_link=True, transform_hrefs=False)


@lru_cache(maxsize=256)
def _scan(path: str, checksum: str) -> dict:
    """What rio-stac reads from a COG: the footprint in EPSG:4326, the projection fields and
    the bands with their statistics. A version's file never changes (its checksum is the
    key), so the scan is kept."""
    item = create_stac_item(
        path, input_datetime=datetime(2000, 1, 1, tzinfo=UTC), with_proj=True, with_raster=True
    )
    asset = next(iter(item.assets.values()))
    proj = {k: v for k, v in item.properties.items() if k.startswith("proj:")}
    return {
        "geometry": item.geometry,
        "bbox": item.bbox,
        "proj": proj,
        "bands": asset.extra_fields["raster:bands"],
        "size": Path(path).stat().st_size,
    }


def _interval(layer: Layer, version: LayerVersion) -> tuple[datetime, datetime]:
    """The time the data describe: the layer's year, or (no year given) the moment the
    version was processed."""
    if layer.year:
        return datetime(layer.year, 1, 1, tzinfo=UTC), datetime(layer.year, 12, 31, 23, 59, 59, tzinfo=UTC)
    moment = version.processed_at or version.created_at
    return moment, moment


def _iso(moment: datetime) -> str:
    return pystac.utils.datetime_to_str(moment)


def _title(layer: Layer, version: LayerVersion) -> str:
    return _("%(name)s, version %(number)s") % {"name": layer.shown_name, "number": version.number}


# ------------------------------------------------------------------------------------ links
def _links(obj, url: Url, *, self_path: str) -> None:
    """Absolute self and root links (pystac's own root link points to an object, not a URL)."""
    obj.remove_links(pystac.RelType.ROOT)
    obj.set_self_href(url(self_path))
    obj.add_link(pystac.Link("root", url(reverse("stac-root")), JSON))


def _collection_path(layer: Layer) -> str:
    return reverse("stac-collection", args=[layer.slug])


def _item_path(layer: Layer, version: LayerVersion) -> str:
    return reverse("stac-item", args=[layer.slug, version.number])
