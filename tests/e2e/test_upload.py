"""A staff member uploads a GeoTIFF in the browser, watches it process (the task worker runs
beside the server), sees the new numbers, and rolls back."""

import re

import pytest

from tests.e2e.conftest import CURATOR, wait_until
from tests.e2e.pages import open_page  # noqa: F401 (a fixture)
from tests.processes import write_constant_tif

pytestmark = pytest.mark.e2e


def cartago(page, server):
    rows = page.request.get(
        server.url + "/api/potentials/?region=CR-C&resource=crop-residues-mixed&scenario=central"
    ).json()
    return rows["results"][0]["theoretical_t"] if rows["results"] else None


def wait_until_served(page, number):
    """The layer page reloads itself every 5 s while a version is processing."""
    wait_until(
        page,
        f"""() => Array.from(document.querySelectorAll('tr')).some(
              r => r.querySelector('td.field-number') && r.querySelector('td.field-number').innerText.trim() === '{number}'
                   && r.innerText.includes('served'))""",
        timeout=120000,
    )


def log_in(page, server, then="/admin/"):
    page.goto(f"{server.url}/admin/login/?next={then}")
    page.fill("#id_username", CURATOR[0])
    page.fill("#id_password", CURATOR[1])
    page.click("input[type=submit]")
    page.wait_for_selector("#content")


def submit_upload(page, server, path, name="Mixed field residues, test upload"):
    """Fills the upload form with a density of mixed field residues and sends it."""
    page.goto(server.url + "/admin/biomass/layer/upload/")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_name", name)
    page.select_option("#id_role", "resource")
    page.select_option("#id_quantity", "density")
    page.select_option("#id_resource", "crop-residues-mixed")
    page.click("input[type=submit]")


def upload(page, server, path):
    submit_upload(page, server, path)
    page.wait_for_selector(".messagelist .success")


def upload_a_vrt(page, server, tmp_path) -> str:
    """Sends a GDAL VRT named .tif; returns the form's error."""
    bad = tmp_path / "evil.tif"
    bad.write_text('<VRTDataset rasterXSize="1" rasterYSize="1"/>')
    submit_upload(page, server, bad)
    page.wait_for_selector(".errorlist")
    return page.inner_text(".errorlist").strip()


def test_upload_watch_see_the_numbers_and_roll_back(server, page, tmp_path):
    log_in(page, server)
    assert cartago(page, server) is None
    upload(page, server, write_constant_tif(tmp_path / "v1.tif", 2.0))
    assert "queued for processing" in page.inner_text(".messagelist")
    wait_until_served(page, 1)
    first = cartago(page, server)
    assert first > 0

    # A bad file is refused in the form, and nothing changes.
    assert "VRT" in upload_a_vrt(page, server, tmp_path)
    assert cartago(page, server) == first

    upload(page, server, write_constant_tif(tmp_path / "v2.tif", 4.0))
    wait_until_served(page, 2)
    assert cartago(page, server) == pytest.approx(2 * first)

    row = page.locator("tr").filter(has=page.locator("td.field-number", has_text=re.compile(r"^\s*1\s*$")))
    row.get_by_role("button", name="Serve this version").click()
    page.wait_for_selector(".messagelist .success")
    assert cartago(page, server) == pytest.approx(first)

    page.goto(server.url + "/?resource=crop-residues-mixed&level=admin1")
    page.wait_for_selector("#map[data-ready='true']")
    assert "Field crop residues (mixed)" in page.inner_text("#legend")


@pytest.mark.parametrize(
    "locale, message",
    [
        ("es-MX", "El archivo es un VRT de GDAL, no un GeoTIFF; solo se aceptan archivos GeoTIFF"),
        ("en-US", "The file is a GDAL VRT, not a GeoTIFF; only GeoTIFF files are accepted"),
    ],
)
def test_an_upload_error_is_shown_in_the_page_language(server, open_page, tmp_path, locale, message):  # noqa: F811
    """The form's error under the file field is in the browser's language (issue 15)."""
    page = open_page(locale)
    log_in(page, server)
    assert upload_a_vrt(page, server, tmp_path) == message
