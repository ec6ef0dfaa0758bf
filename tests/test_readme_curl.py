"""Every `curl` command the README shows (every ```sh block, English and Spanish parts), run
as written from a shell against a real server (gunicorn) of a fresh demo site, the README's
127.0.0.1:8000 replaced by the test server's address. curl runs with --fail-with-body, so an
HTTP error fails the test; a command chained with `&&` (`&& ogrinfo …`) runs whole.

What a command promises is checked as for manage.py commands (tests/test_readme.py): a comment
line right under it is a line of its output; `# NAME: text` is a line of the file NAME it
wrote (`-o NAME`); a comment that starts with `{` is the shape of its JSON answer, with `[...]`,
`{...}` and a trailing `...` standing for what it does not spell out. Every file it writes must
open: CSV with a header and rows, JSON, GeoJSON that ogrinfo opens, any other vector or raster
through GDAL. A staff command authenticates with `Authorization: Token $TOKEN` (a staff
user's token, made here)."""

from __future__ import annotations

import csv
import json
import re
import shlex
import subprocess

import pytest

from tests.conftest import ROOT
from tests.processes import fresh_site, stop
from tests.test_readme import readme_commands

README_HOST = "http://127.0.0.1:8000"
MAKE_STAFF_TOKEN = (
    "from django.contrib.auth.models import User; from rest_framework.authtoken.models import Token; "
    "u = User.objects.create_superuser('readme-staff', password='readme-staff-password-123'); "
    "print(Token.objects.create(user=u).key)"
)
ELLIPSIS = r"(?:\.\.\.|…)"


def test_the_readme_shows_curl_commands_this_test_runs():
    urls = " ".join(command for command, _ in readme_commands("curl"))
    for path in (
        "/api/potentials/",
        "/api/analysis/catchment",
        "/api/analysis/area",
        "/api/potentials/what-if",
        "/api/analysis/plant",
        "/api/analysis/plant/sizes",
    ):
        assert f"{README_HOST}{path}" in urls


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = fresh_site(tmp_path_factory.mktemp("readme-curl"), "curl", API_EXPENSIVE_RATE="10000/min")
    token = site.run("shell", "-c", MAKE_STAFF_TOKEN).stdout.split()[-1]
    (site.tmp / "static").mkdir()  # no static files are asked for; an empty STATIC_ROOT
    base, process = site.serve()
    yield base, token
    stop(process)
    site.drop()


def outputs(command: str) -> list[str]:
    """The files a command writes (`-o NAME`, `--output NAME`, `> NAME`)."""
    return re.findall(r"(?:-o|--output|>)\s+(?!-)([^\s&|;]+)", command)


def as_run_here(command: str, base: str, tmp) -> str:
    """The README's line against the test server, failing on an HTTP error, its files in tmp."""
    command = command.replace(README_HOST, base)
    command = re.sub(r"(?<![\w/-])curl ", "curl --fail-with-body --silent --show-error ", command)
    for name in outputs(command):
        command = re.sub(rf"(?<![\w/.-]){re.escape(name)}(?![\w.])", shlex.quote(str(tmp / name)), command)
    return command


def shape(promised: str):
    """`{"site": {"lon": -84.08}, "totals": [...], ...}` → the JSON it stands for."""
    promised = re.sub(rf",\s*{ELLIPSIS}\s*(?=[}}\]])", "", promised)
    promised = re.sub(rf"\[\s*{ELLIPSIS}\s*\]", "[]", promised)
    return json.loads(re.sub(rf"\{{\s*{ELLIPSIS}\s*\}}", "{}", promised))


def conforms(value, expected) -> bool:
    """Every key of ``expected`` is in ``value`` with a conforming value; every item of a list
    conforms to an item of ``value``; anything else is equal."""
    if isinstance(expected, dict):
        return isinstance(value, dict) and all(
            k in value and conforms(value[k], v) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return isinstance(value, list) and all(any(conforms(item, e) for item in value) for e in expected)
    return value == expected


def check_file(path) -> None:
    """The file opens in the program its format is for."""
    assert path.exists() and path.stat().st_size > 0, f"{path.name} was not written"
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        assert len(rows) > 1 and all(rows[0]), f"{path.name}: no header or no rows"
        assert {len(row) for row in rows} == {len(rows[0])}, f"{path.name}: ragged rows"
    elif suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
    else:
        tool = "gdalinfo" if suffix in {".tif", ".tiff"} else "ogrinfo"
        args = [tool, str(path)] if tool == "gdalinfo" else [tool, "-ro", "-so", "-al", str(path)]
        opened = subprocess.run(args, capture_output=True, text=True)
        assert opened.returncode == 0, f"{tool} does not open {path.name}: {opened.stderr}"
        if suffix == ".geojson":
            collection = json.loads(path.read_text(encoding="utf-8"))
            assert collection["type"] == "FeatureCollection" and collection["features"]


def check_promise(promised: str, stdout: str, files: dict) -> None:
    name, _, line = promised.partition(": ")
    if name in files:
        lines = files[name].read_text(encoding="utf-8-sig").splitlines()
    elif promised.startswith("{"):
        assert conforms(json.loads(stdout), shape(promised)), f"promised {promised}\ngot {stdout[:3000]}"
        return
    else:
        lines, line = stdout.splitlines(), promised
    assert any(line in got for got in lines), f"promised: {line}\ngot: {lines[:40]}"


@pytest.mark.parametrize(("command", "promised"), readme_commands("curl"), ids=lambda v: str(v)[:70])
def test_every_curl_command_of_the_readme_works_as_written(server, tmp_path, command, promised):
    base, token = server
    done = subprocess.run(
        ["bash", "-c", as_run_here(command, base, tmp_path)],
        cwd=ROOT, env={"PATH": "/usr/bin:/bin", "TOKEN": token}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, f"{command}\n{done.stderr[-3000:]}\n{done.stdout[-3000:]}"
    files = {name: tmp_path / name for name in outputs(command)}
    for path in files.values():
        check_file(path)
    if not files and done.stdout.lstrip().startswith(("{", "[")):
        json.loads(done.stdout)
    for line in promised:
        check_promise(line, done.stdout, files)


def test_a_promised_shape_is_checked_key_by_key():
    answer = {"site": {"lon": -84.08, "lat": 9.93}, "countries": ["CRI", "NIC"], "totals": [], "note": None}
    assert conforms(
        answer, shape('{"site": {"lon": -84.08, ...}, "countries": ["NIC"], "totals": [...], ...}')
    )
    assert not conforms(answer, shape('{"site": {"lon": -84.5, ...}, ...}'))
    assert not conforms(answer, shape('{"countries": ["PAN"], ...}'))
    assert not conforms(answer, shape('{"plant": {...}, ...}'))
    assert not conforms(answer, shape('{"totals": {...}, ...}'))
