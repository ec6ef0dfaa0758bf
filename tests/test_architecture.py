"""The house rules, measured: the rooms and their sizes, arrows that point one way, a pure
engine, and tests that mirror the code (docs/architecture.md)."""

import ast
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT

CODE = ("config", "biomass")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
MAX_VIEW_METHOD_LINES = 30
MAX_JS_LINES = 300
HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options"}


def python_modules(*tops: str) -> dict[str, Path]:
    """{dotted module name: path} of the project's Python modules (no migrations)."""
    modules = {}
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = python_modules(*CODE)


def line_count(path: Path) -> int:
    return path.read_text(encoding="utf-8").count("\n")


def test_no_module_is_over_400_lines():
    assert {name: n for name, path in MODULES.items() if (n := line_count(path)) > MAX_MODULE_LINES} == {}


def test_no_function_is_over_60_lines_and_no_view_method_over_30():
    too_long = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_view_module = ".views" in name or name.endswith((".admin", "web.tiles"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    too_long.append((name, node.name, lines))
            if is_view_module and isinstance(node, ast.ClassDef):
                for method in node.body:
                    if isinstance(method, ast.FunctionDef):
                        lines = method.end_lineno - method.lineno + 1
                        if lines > MAX_VIEW_METHOD_LINES:
                            too_long.append((name, f"{node.name}.{method.name}", lines))
    assert too_long == []


def test_no_javascript_file_is_over_300_lines():
    files = {str(p.relative_to(ROOT)): line_count(p) for p in (ROOT / "static").rglob("*.js")}
    assert files and {f: n for f, n in files.items() if n > MAX_JS_LINES} == {}


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> project modules it imports, counting imports inside functions and relative
    imports; an import of a package counts as an import of its __init__."""
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*parts, base] if base else parts)
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10_000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def later():\n    from pkg.a import thing\n")
    (pkg / "c.py").write_text("import pkg.a\n")
    modules = {name: pkg / f"{name.split('.')[-1]}.py" for name in ("pkg.a", "pkg.b", "pkg.c")}
    modules["pkg"] = pkg / "__init__.py"
    assert cycles(import_graph(modules)) == [["pkg.a", "pkg.b"]]


def test_there_is_no_import_cycle_between_project_modules():
    assert cycles(import_graph(MODULES)) == []


def test_arrows_point_one_way_between_kinds_of_module():
    """The engine imports nothing of the project but itself; models import no services,
    selectors, views or API; services and selectors import no views, API or admin."""
    graph = import_graph(MODULES)
    upward = []
    for name, targets in graph.items():
        for target in targets:
            if name.startswith("biomass.engine") and not target.startswith("biomass.engine"):
                upward.append((name, target))
            if name.endswith(".models") and re.search(
                r"\.(services|selectors|views|api|admin|tasks)\b", target
            ):
                upward.append((name, target))
            if re.search(r"\.(services|selectors|summaries|compute)\b", name) and re.search(
                r"^biomass\.(api|web)\b|\.admin$|\.views\b", target
            ):
                upward.append((name, target))
    assert upward == []


def test_the_engine_imports_without_django_and_knows_no_http_status():
    """Every engine module imported in a fresh interpreter where importing Django fails."""
    engine = sorted(name for name in MODULES if name.startswith("biomass.engine."))
    script = textwrap.dedent(
        f"""
        import importlib, sys

        class NoDjango:
            def find_spec(self, name, path=None, target=None):
                if name == "django" or name.startswith("django."):
                    raise ImportError("Django is not available here")

        sys.meta_path.insert(0, NoDjango())
        for name in {engine!r}:
            importlib.import_module(name)
        assert not any(m == "django" or m.startswith("django.") for m in sys.modules), "Django got imported"
        from biomass.engine import errors
        for cls in vars(errors).values():
            if isinstance(cls, type) and issubclass(cls, Exception):
                assert not any("status" in vars(k) for k in cls.__mro__), cls
        print("engine ok", len({engine!r}))
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"engine ok {len(engine)}"


def test_config_holds_only_the_wiring():
    assert sorted(p.name for p in (ROOT / "config").glob("*.py")) == [
        "__init__.py",
        "apps.py",
        "asgi.py",
        "checks.py",
        "converters.py",
        "settings.py",
        "storage.py",
        "urls.py",
        "wsgi.py",
    ]
    graph = import_graph(MODULES)
    outside = {t for name, targets in graph.items() if name.startswith("config") for t in targets}
    assert {t for t in outside if not t.startswith("config")} == set()  # wiring names modules by string


def test_no_file_cites_a_design_document_outside_the_repository():
    cited = []
    for path in ROOT.rglob("*"):
        if not path.is_file() or any(
            part in {".git", ".venv", "node_modules", "staticfiles"} for part in path.parts
        ):
            continue
        if path.suffix not in {".py", ".md", ".html", ".js", ".json", ".toml", ".sh", ".txt"} or path == Path(
            __file__
        ):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if re.search(r"(?<![\w/])DESIGN\.md|\.\./shared/", text):
            cited.append(str(path.relative_to(ROOT)))
    assert cited == []
    assert (ROOT / "docs" / "design.md").exists() and (ROOT / "docs" / "architecture.md").exists()


# Modules whose behaviour is proved by another test file (named here) rather than by a file
# of their own: configuration, thin wiring, or pieces only reachable through their caller.
COVERED_BY = {
    "biomass/admin.py": "tests/layers/test_admin.py",
    "biomass/apps.py": "tests/config/test_settings.py",
    "biomass/models.py": "tests/management/test_load_demo.py",
    "biomass/api/filters.py": "tests/api/views/test_regions.py",
    "biomass/api/negotiation.py": "tests/api/test_errors.py",
    "biomass/api/params.py": "tests/api/test_errors.py",
    "biomass/api/permissions.py": "tests/api/views/test_layers.py",
    "biomass/api/renderers.py": "tests/api/views/test_potentials.py",
    "biomass/api/urls.py": "tests/api/test_errors.py",
    "biomass/api/views/caching.py": "tests/api/test_errors.py",
    "biomass/api/serializers/analysis.py": "tests/api/views/test_analysis.py",
    "biomass/api/serializers/plant.py": "tests/api/views/test_plant.py",
    "biomass/api/serializers/catalogue.py": "tests/api/views/test_catalogue.py",
    "biomass/api/serializers/layers.py": "tests/api/views/test_layers.py",
    "biomass/api/serializers/potentials.py": "tests/api/views/test_potentials.py",
    "biomass/api/serializers/regions.py": "tests/api/views/test_regions.py",
    "biomass/api/serializers/statistics.py": "tests/api/views/test_statistics.py",
    "biomass/statistics/models.py": "tests/statistics/test_services.py",
    "biomass/uploads.py": "tests/api/views/test_statistics.py",
    "biomass/management/commands/withdraw_statistics.py": "tests/management/test_import_statistics.py",
    "biomass/statistics/tasks.py": "tests/statistics/test_services.py",
    "biomass/statistics/forms.py": "tests/statistics/test_admin.py",
    "biomass/statistics/selectors.py": "tests/api/views/test_statistics.py",
    "biomass/regions/apps.py": "tests/regions/test_admin.py",
    "biomass/regions/models.py": "tests/api/views/test_regions.py",
    "biomass/analysis/models.py": "tests/analysis/test_services.py",
    "biomass/layers/forms.py": "tests/layers/test_admin.py",
    "biomass/layers/legends.py": "tests/layers/test_tiles.py",
    "biomass/layers/models.py": "tests/layers/services/test_upload.py",
    "biomass/layers/tasks.py": "tests/workers/test_workers.py",
    "biomass/potentials/models.py": "tests/potentials/test_services.py",
    "biomass/potentials/tasks.py": "tests/catalogue/test_services.py",
    "biomass/web/urls.py": "tests/web/test_views.py",
    "biomass/stac/urls.py": "tests/stac/test_views.py",
    "biomass/web/templatetags/biomass_tags.py": "tests/web/test_views.py",
    "biomass/management/commands/demo_admin.py": "tests/management/test_commands.py",
    "biomass/management/commands/layer_status.py": "tests/management/test_commands.py",
    "biomass/management/commands/load_reference_data.py": "tests/catalogue/test_services.py",
    "biomass/management/commands/process_layers.py": "tests/workers/test_workers.py",
}


def mirror(path: Path) -> Path:
    """biomass/<room>/<module>.py -> tests/<room>/test_<module>.py (management/commands/
    becomes management/); config/ -> tests/config/."""
    parts = list(path.relative_to(ROOT).parts)
    if parts[0] == "biomass":
        parts = parts[1:]
    parts = [p for p in parts if p != "commands"]
    return ROOT / "tests" / Path(*parts[:-1]) / f"test_{parts[-1]}"


def test_tests_mirror_the_code():
    missing = []
    for path in MODULES.values():
        relative = str(path.relative_to(ROOT))
        if path.name == "__init__.py" or relative.startswith("config/"):
            continue
        test = ROOT / COVERED_BY[relative] if relative in COVERED_BY else mirror(path)
        if not test.exists():
            missing.append(f"{relative} -> {test.relative_to(ROOT)}")
    assert missing == []
    assert (ROOT / "tests" / "config" / "test_settings.py").exists()


@pytest.mark.parametrize(
    "module, expected",
    [
        ("biomass/layers/services/upload.py", "tests/layers/services/test_upload.py"),
        ("biomass/management/commands/import_layer.py", "tests/management/test_import_layer.py"),
        ("biomass/engine/zones.py", "tests/engine/test_zones.py"),
    ],
)
def test_the_mirror_of_a_module(module, expected):
    assert mirror(ROOT / module) == ROOT / expected
