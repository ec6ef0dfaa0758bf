"""The Content-Security-Policy holds in a real browser: every page (map, country, comparison,
layers, API documentation, admin) loads and works with no violation reported, and an inline
script on one of them is reported, so the detection itself works."""

import pytest

from tests.e2e.conftest import CURATOR, wait_until

pytestmark = pytest.mark.e2e

ADMIN = ("csp-admin", "csp-admin-password-123")
MAKE_ADMIN = (
    "from django.contrib.auth.models import User; "
    f"User.objects.create_superuser('{ADMIN[0]}', 'admin@example.org', '{ADMIN[1]}')"
)

# Every violation of the policy, as the page's own event reports it.
COLLECT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
   sample: e.sample}));
"""


@pytest.fixture(scope="module")
def superuser(server):
    server.site.run("shell", "-c", MAKE_ADMIN)
    return ADMIN


@pytest.fixture
def watched(page):
    """The e2e page, with the policy's violations and CSP console messages collected."""
    page.add_init_script(COLLECT)
    console = []
    page.on(
        "console",
        lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.csp_console = console
    return page


def violations(page):
    return page.evaluate("window.__csp") + [{"console": text} for text in page.csp_console]


def visit(page, url, ready):
    """Opens a page, waits until its scripts have done their work; returns its CSP header."""
    response = page.goto(url)
    page.wait_for_selector(ready, timeout=20000)
    page.wait_for_load_state("networkidle")
    policy = response.headers.get("content-security-policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives["script-src"][0] == "'self'"
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(directives["script-src"] + directives["style-src"])
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    return directives


def log_in(page, server, user):
    page.goto(server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", user[0])
    page.fill("#id_password", user[1])
    page.click("input[type=submit]")
    page.wait_for_selector("#content-main")


PAGES = [
    ("/", "#map[data-ready='true'] .leaflet-overlay-pane path[data-code='MEX']"),
    ("/?level=admin1&resource=maize-stover", "#map[data-ready='true'][data-level='admin1']"),
    ("/countries/CRI/", "#resource-chart .bar-row"),
    ("/countries/MEX/", "#sensitivity-chart .bar-row"),
    ("/compare/", "#compare-table td[data-country]"),
    ("/layers/", ".layer-card"),
    ("/api/docs/", ".swagger-ui .info .title"),
    ("/admin/login/", "#login-form"),
]


@pytest.mark.parametrize("path, ready", PAGES)
def test_public_pages_report_no_violation(server, watched, path, ready):
    visit(watched, server.url + path, ready)
    assert violations(watched) == []


def test_the_map_panel_and_a_drawn_area_report_no_violation(server, watched):
    visit(watched, server.url + "/?view=14.6,-90.5,9", "#map[data-ready='true']")
    watched.click("#draw-area")  # Leaflet.draw's tools, tooltips and shapes
    box = watched.locator("#map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-120, -80), (120, -80), (120, 80), (-120, 80), (-120, -80)):
        watched.mouse.click(cx + dx, cy + dy)
        watched.wait_for_timeout(150)
    watched.wait_for_selector("#analysis[data-ready='true'][data-key='area']", timeout=30000)
    assert watched.locator("#curve-chart svg").count() == 1
    visit(watched, server.url + "/", "#map[data-ready='true']")
    watched.locator(".leaflet-overlay-pane path[data-code='MEX']").click()
    watched.wait_for_selector("#panel:not([hidden]) #panel-table tbody tr")
    assert violations(watched) == []


ADMIN_PAGES = [
    ("/admin/", "#content-main"),
    ("/admin/biomass/layer/", "#result_list"),
    ("/admin/biomass/layer/upload/", "#upload-form"),
    ("/admin/biomass/statisticsdataset/upload/", "#upload-form"),
    ("/admin/regions/region/?q=CRI", "#result_list"),
    ("/admin/biomass/resource/", "#result_list"),
]


@pytest.mark.parametrize("path, ready", ADMIN_PAGES)
def test_admin_pages_report_no_violation(server, watched, superuser, path, ready):
    log_in(watched, server, superuser)
    visit(watched, server.url + path, ready)
    assert violations(watched) == []


def test_the_curator_and_the_region_map_widget_report_no_violation(server, watched, superuser):
    log_in(watched, server, CURATOR)
    visit(watched, server.url + "/admin/biomass/layer/upload/", "#upload-form")
    watched.goto(server.url + "/admin/biomass/layer/")
    watched.locator("#result_list tbody th a").first.click()
    visit(watched, watched.url, "#layer_form")
    watched.context.clear_cookies()
    log_in(watched, server, superuser)
    watched.goto(server.url + "/admin/regions/region/?q=CRI")
    watched.locator("#result_list tbody").get_by_role("link", name="CRI", exact=True).click()
    # django-leaflet's widget needs an inline script: it carries the page's nonce.
    directives = visit(watched, watched.url, ".leaflet-container .leaflet-overlay-pane path")
    assert [s for s in directives["script-src"] if s.startswith("'nonce-")]
    watched.click(".select2-selection")  # the parent's autocomplete (select2)
    watched.wait_for_selector(".select2-results__option")
    assert violations(watched) == []


def test_an_inline_script_is_reported(server, browser):
    """The detection works: the same page with an inline script reports a violation (in the
    event and in the console), and the script does not run."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(COLLECT)
    page.csp_console = []
    page.on(
        "console", lambda msg: page.csp_console.append(msg.text) if "Content Security" in msg.text else None
    )
    visit(page, server.url + "/compare/", "#compare-table")
    assert violations(page) == []
    page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
                   document.body.append(s); }"""
    )
    wait_until(page, "window.__csp.length > 0")
    reported = violations(page)
    assert reported[0]["directive"] == "script-src-elem" and reported[0]["blocked"] == "inline"
    assert any("Content Security Policy" in v.get("console", "") for v in reported)
    assert page.evaluate("window.__ran") is None
    context.close()
