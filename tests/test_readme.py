"""Every `manage.py` command the README shows, run as written from a new shell: no SECRET_KEY
in the environment (the commands find the key file `make demo` wrote), on a fresh demo site
of the run's database kind. A comment line right under a command is the output the README
promises, and must be a line of the real output; a synopsis line (`[--option]`) is checked
against the command's --help. The user's own files the README names (rastrojo.tif,
estados.gpkg…) are made here: small GeoTIFFs and a GeoPackage written by GDAL's ogr2ogr.
Every `curl` command of the README runs against a real server in tests/test_readme_curl.py."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.processes import fresh_site, write_constant_tif

README = ROOT / "README.md"
STRONG_KEY = "readme-test-" + "Q9x!" * 12
USER_RASTERS = {"rastrojo.tif": 2.0, "maize.tif": 2.5, "cane.tif": 40.0, "slope.tif": 3.0}
USER_VECTORS = {"estados.gpkg", "states.gpkg"}


def readme_commands(program: str = "manage.py") -> list[tuple[str, list[str]]]:
    """[(command, expected output lines)] of the README's shell blocks that run ``program``,
    in order."""
    commands: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        last = None
        for line in shell_lines(block):
            if not line.startswith("#") and program in line.split():
                command, _, inline = line.partition("  #")
                last = (" ".join(command.split()), [inline.strip()] if inline.strip() else [])
                commands.append(last)
            elif line.startswith("#") and last is not None:
                last[1].append(line.lstrip("# ").strip())
            else:
                last = None
    return commands


def shell_lines(block: str) -> list[str]:
    """The block's lines as the shell reads them: a `\\` continuation or a quote left open
    carries on to the next line."""
    lines, pending = [], ""
    for line in block.replace("\\\n", " ").splitlines():
        pending = f"{pending} {line.strip()}" if pending else line.strip()
        try:
            shlex.split(pending, comments=True)
        except ValueError:
            continue
        lines.append(pending)
        pending = ""
    return lines + [pending] * bool(pending)


def command_name(command: str) -> str:
    words = shlex.split(command)
    return words[words.index("manage.py") + 1]


def test_the_readme_shows_the_commands_this_test_runs():
    names = [command_name(c) for c, _ in readme_commands()]
    assert {"export_potentials", "import_layer", "import_regions", "import_statistics", "check"} <= set(names)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("readme")
    site = fresh_site(tmp, "readme")
    key_file = tmp / "secret_key"
    key_file.write_text(STRONG_KEY + "\n")
    key_file.chmod(0o600)
    shell = {k: v for k, v in site.env.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    site.shell = {**shell, "SECRET_KEY_FILE": str(key_file)}
    yield site
    site.drop()


def user_files(tmp) -> dict[str, str]:
    """The README's placeholders for the user's own files, made for real."""
    files = {name: str(write_constant_tif(tmp / name, value)) for name, value in USER_RASTERS.items()}
    for name in USER_VECTORS:
        subprocess.run(
            ["ogr2ogr", "-f", "GPKG", str(tmp / name), str(ROOT / "fixtures/regions/admin1.geojson"),
             "-sql", "SELECT code AS clave, name_es AS nombre, parent AS pais FROM admin1"],
            check=True, capture_output=True,
        )  # fmt: skip
        files[name] = str(tmp / name)
    return files


def as_run_here(command: str, files: dict[str, str], tmp) -> str:
    """The README's line with the venv's python, the user's files made in tmp, and any
    redirected output written to tmp instead of the checkout."""
    command = command.replace(".venv/bin/python", shlex.quote(sys.executable))
    command = command.replace("SECRET_KEY=...", f"SECRET_KEY={STRONG_KEY}")
    for name, path in files.items():
        command = re.sub(rf"(?<![\w/.-]){re.escape(name)}(?![\w.])", shlex.quote(path), command)
    return re.sub(r">\s*(\S+)$", lambda m: "> " + shlex.quote(str(tmp / m.group(1))), command)


def test_every_command_of_the_readme_works_as_written_in_a_new_shell(site, tmp_path):
    files = user_files(tmp_path)
    for command, promised in readme_commands():
        if "[" in command or " PATH " in command:
            continue
        done = subprocess.run(
            ["bash", "-c", as_run_here(command, files, tmp_path)],
            cwd=ROOT, env=site.shell, capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        assert done.returncode == 0, f"{command}\n{done.stderr[-3000:]}"
        for expected in promised:
            assert any(expected in line for line in done.stdout.splitlines()), (
                f"{command}\npromised: {expected}\ngot: {done.stdout[-2000:]}"
            )
    exported = (tmp_path / "potenciales.csv").read_text(encoding="utf-8-sig").splitlines()
    assert exported[0].startswith("region_code,region_name,level,resource,scenario,")
    assert {row.split(",")[0] for row in exported[1:]} >= {"MEX", "GTM", "CRI", "DOM"}


def test_every_option_of_a_synopsis_line_is_an_option_of_its_command(site):
    synopses = [c for c, _ in readme_commands() if "[" in c or " PATH " in c]
    assert synopses
    for synopsis in synopses:
        name = command_name(synopsis)
        shown = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), name, "--help"],
            cwd=ROOT, env=site.shell, capture_output=True, text=True,
        )  # fmt: skip
        assert shown.returncode == 0, shown.stderr
        for option in re.findall(r"--[a-z][a-z0-9-]*", synopsis):
            assert option in shown.stdout, f"{name}: {option} is not in its --help"
