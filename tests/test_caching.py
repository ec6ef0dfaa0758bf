"""The server-side cache of public reads (biomass.caching): a read is made once per generation
of the published data and language; a service that changes the data makes the next read
fresh; rate-limited exports are never kept; compressed and plain answers are kept apart."""

import gzip
import json

import pytest
from django.test import Client
from django.utils import translation

from biomass import caching
from biomass.layers.models import Layer
from biomass.regions.models import Region
from biomass.regions.services import region_save
from biomass.web import tiles as tile_views

pytestmark = pytest.mark.django_db

POTENTIALS = "/api/potentials/?level=admin1&region=CR-SJ&format=json"
REGIONS = "/api/regions/?parent=CRI"


def rename_behind_the_services(code: str, name: str) -> None:
    """A change that bypasses the services: the cache cannot know of it, so a read still
    answered from the cache shows the old name (which is how these tests see a kept read)."""
    Region.objects.filter(code=code).update(name_es=name)


def rename(code: str, name: str) -> None:
    region = Region.objects.get(code=code)
    region.name_es = name
    region_save(region=region, changed=["name_es"])


def test_remember_computes_once_per_generation_parts_and_language():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    with translation.override("es"):
        assert caching.remember("test", 1, compute=compute) == 1
        assert caching.remember("test", 1, compute=compute) == 1
        assert caching.remember("test", 2, compute=compute) == 2
    with translation.override("en"):
        assert caching.remember("test", 1, compute=compute) == 3
    caching.published_changed()
    with translation.override("es"):
        assert caching.remember("test", 1, compute=compute) == 4


def test_a_service_changes_the_generation_even_when_it_fails():
    @caching.publishes
    def failing_service():
        raise ValueError("half done")

    before = caching.generation()
    with pytest.raises(ValueError):
        failing_service()
    assert caching.generation() != before


def test_the_generation_changes_again_when_the_change_commits(django_capture_on_commit_callbacks):
    """A read racing the commit may keep the old state under the generation set inside the
    transaction; the one set at commit never saw it."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        caching.published_changed()
        inside = caching.generation()
    assert len(callbacks) == 1 and caching.generation() != inside


@pytest.mark.parametrize("url", [POTENTIALS, REGIONS])
def test_api_reads_are_kept_until_a_service_changes_the_data(client, url):
    first = client.get(url)
    assert first.status_code == 200 and "San José" in first.content.decode()
    rename_behind_the_services("CR-SJ", "Nombre sin servicio")
    assert client.get(url).content == first.content
    rename("CR-SJ", "Nombre nuevo")
    assert "Nombre nuevo" in client.get(url).content.decode()


def test_a_kept_page_of_potentials_links_to_the_host_it_was_asked_on(client):
    url = "/api/potentials/?level=admin1&limit=2"
    one = client.get(url, HTTP_HOST="127.0.0.1").json()
    other = client.get(url, HTTP_HOST="localhost").json()
    assert one["next"].startswith("http://127.0.0.1/") and other["next"].startswith("http://localhost/")


def test_rate_limited_exports_are_never_kept(client, unthrottled):
    csv = POTENTIALS.replace("format=json", "format=csv")
    assert "San José" in client.get(csv).content.decode()
    rename_behind_the_services("CR-SJ", "Nombre sin servicio")
    assert "Nombre sin servicio" in client.get(csv).content.decode()


def test_compressed_and_plain_answers_are_kept_apart_and_revalidate(client):
    plain = client.get(POTENTIALS)
    packed = client.get(POTENTIALS, HTTP_ACCEPT_ENCODING="gzip")
    again = client.get(POTENTIALS, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip" and again.content == packed.content
    assert json.loads(gzip.decompress(again.content)) == plain.json()
    kept = client.get(POTENTIALS)
    assert not kept.has_header("Content-Encoding") and kept.content == plain.content
    assert kept["ETag"] == plain["ETag"] and kept["Content-Type"] == "application/json"
    assert client.get(POTENTIALS, HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304


def test_the_country_page_is_kept_per_language_until_a_service_changes_the_data(client):
    spanish = client.get("/countries/CRI/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = client.get("/countries/CRI/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="es"' in spanish and "Económico" in spanish
    assert 'lang="en"' in english and "Economic" in english and "Económico" not in english
    assert "San José" in spanish
    rename_behind_the_services("CR-SJ", "Nombre sin servicio")
    assert (
        "Nombre sin servicio" not in client.get("/countries/CRI/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    )
    rename("CR-SJ", "Nombre nuevo")
    fresh = client.get("/countries/CRI/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Nombre nuevo" in fresh and "San José" not in fresh


def test_the_country_page_keeps_each_visitors_own_csrf_token(client):
    """Only the page's content is kept: the language form's token is each visitor's."""
    tokens = set()
    for visitor in (client, Client()):
        html = visitor.get("/countries/CRI/").content.decode()
        tokens.add(html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0])
    assert len(tokens) == 2


def test_a_tile_is_drawn_once_per_generation(client, monkeypatch):
    drawn = []
    draw = tile_views.tile_png

    def counting(layer, z, x, y):
        drawn.append((z, x, y))
        return draw(layer, z, x, y)

    monkeypatch.setattr(tile_views, "tile_png", counting)
    url = f"/tiles/{Layer.objects.get(slug='land-cover').pk}/5/7/14.png"
    first, second = client.get(url), client.get(url)
    assert first.content[:4] == b"\x89PNG" and second.content == first.content and len(drawn) == 1
    caching.published_changed()
    assert client.get(url).content == first.content and len(drawn) == 2
