"""Validation of STAC documents against the official JSON schemas bundled in
tests/stac/schemas/ (see its README): a referencing Registry maps each schema's https URL to
its local file, and refuses to fetch anything else, so a $ref that is not bundled fails the
test instead of reaching the network."""

import json
from pathlib import Path

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

HERE = Path(__file__).parent / "schemas"
STAC = "https://schemas.stacspec.org/v1.1.0"
ITEM_SPEC = (
    "item",
    "basics",
    "bands",
    "common",
    "data-values",
    "datetime",
    "instrument",
    "licensing",
    "provider",
)
FILES = {
    **{f"{STAC}/item-spec/json-schema/{name}.json": f"stac-spec/v1.1.0/{name}.json" for name in ITEM_SPEC},
    f"{STAC}/catalog-spec/json-schema/catalog.json": "stac-spec/v1.1.0/catalog.json",
    f"{STAC}/collection-spec/json-schema/collection.json": "stac-spec/v1.1.0/collection.json",
    "https://geojson.org/schema/Feature.json": "geojson/Feature.json",
    "https://geojson.org/schema/Geometry.json": "geojson/Geometry.json",
    "https://stac-extensions.github.io/projection/v1.1.0/schema.json": "projection/v1.1.0/schema.json",
    "https://stac-extensions.github.io/raster/v1.0.0/schema.json": "raster/v1.0.0/schema.json",
    "https://stac-extensions.github.io/file/v2.1.0/schema.json": "file/v2.1.0/schema.json",
}
CORE = {
    "Feature": f"{STAC}/item-spec/json-schema/item.json",
    "Collection": f"{STAC}/collection-spec/json-schema/collection.json",
    "Catalog": f"{STAC}/catalog-spec/json-schema/catalog.json",
}


def refuse(uri: str):
    raise NoSuchResource(ref=uri)  # never the network


def load(url: str) -> dict:
    return json.loads((HERE / FILES[url]).read_text(encoding="utf-8"))


REGISTRY = (
    Registry(retrieve=refuse)
    .with_resources((url, Resource.from_contents(load(url))) for url in FILES)
    .crawl()
)


def errors(document: dict) -> list[str]:
    """Every way the document breaks its core schema or one of its extensions' schemas."""
    urls = [CORE[document["type"]], *document.get("stac_extensions", [])]
    found = []
    for url in urls:
        if url not in FILES:
            raise NoSuchResource(ref=url)
        validator = Draft7Validator(
            load(url), registry=REGISTRY, format_checker=Draft7Validator.FORMAT_CHECKER
        )
        found += [f"{url}: {e.json_path}: {e.message}" for e in validator.iter_errors(document)]
    return found
