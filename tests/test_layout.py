"""The package layout: what users import, and which layer may import which.

- No package attribute hides a submodule of the same name: an implementation
  module named after the function it defines is private (``analysis/_analyze.py``
  defines ``accord.analysis.analyze``), as in scikit-learn's layout.
- Every name in a package's ``__all__`` exists.
- Computations (the scenario model, analysis, simulation, forecasting,
  uncertainty, tournaments) never import an edge (CLI, web, reports, store,
  importers, extraction) nor anything that prints or serves. The one exception:
  a result's ``_repr_html_`` and ``to_frame`` import the notebook display
  (``accord.notebook``) inside the method, when a notebook asks for it, never
  at module load.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import types
from pathlib import Path

import pytest

import accord

SRC = Path(accord.__file__).parent
COMPUTATIONS = ("scenario", "analysis", "simulation", "forecast", "uncertainty", "tournament", "stats", "limits",
                "errors", "registry", "_io")
EDGES = ("cli", "web", "report", "store", "importers", "extract", "jobs", "notebook", "_api")
LAZY_EDGES = ("accord.notebook",)  # allowed inside a function body only
PRINTING = ("rich", "typer", "fastapi", "uvicorn", "matplotlib", "plotly")


def packages() -> list[str]:
    found = ["accord"]
    for info in pkgutil.walk_packages(accord.__path__, "accord."):
        if info.ispkg and "migrations" not in info.name:
            found.append(info.name)
    return found


@pytest.mark.parametrize("name", packages())
def test_no_package_attribute_shadows_a_submodule(name):
    package = importlib.import_module(name)
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        value = getattr(package, info.name, None)
        assert value is None or isinstance(value, types.ModuleType), (
            f"{name}.{info.name} is a {type(value).__name__}, hiding the module {name}.{info.name}: "
            f"make the module private ({name}._{info.name}) and re-export its public names")


@pytest.mark.parametrize("name", packages())
def test_every_name_in_all_exists(name):
    package = importlib.import_module(name)
    missing = [n for n in getattr(package, "__all__", ()) if not hasattr(package, n)]
    assert not missing, f"{name}.__all__ names what it does not define: {missing}"


def computation_files() -> list[Path]:
    files = []
    for part in COMPUTATIONS:
        path = SRC / part
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")])
    return files


def imported(path: Path) -> set[str]:
    """Absolute names of the modules ``path`` imports (relative imports resolved against its package); an
    import of a :data:`LAZY_EDGES` module inside a function is left out (it runs only when called)."""
    package = ("accord." + ".".join(path.relative_to(SRC).with_suffix("").parts)).rsplit(".", 1)[0]
    if path.name == "__init__.py":
        package = ("accord." + ".".join(path.relative_to(SRC).parent.parts)).rstrip(".")
    names = set()
    tree = ast.parse(path.read_text())
    lazy = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
            for n in ast.walk(f) if isinstance(n, ast.Import | ast.ImportFrom)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if id(node) in lazy and module in LAZY_EDGES:
                continue
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", computation_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_computations_never_import_an_edge(path):
    bad = sorted(n for n in imported(path)
                 if any(n == f"accord.{e}" or n.startswith(f"accord.{e}.") for e in EDGES)
                 or n.split(".")[0] in PRINTING)
    assert not bad, f"{path.relative_to(SRC)} imports {bad}: computations never import an edge or print"


def test_the_import_scan_sees_relative_imports():
    # the check above is only as good as the scan: a relative import of an edge must be resolved
    sample = SRC / "uncertainty" / "kernel.py"
    names = imported(sample)
    assert any(n.startswith("accord.analysis") for n in names) and any(n.startswith("accord.scenario") for n in names)


def test_a_lazy_display_import_is_allowed_only_inside_a_function(tmp_path, monkeypatch):
    # the exception above is narrow: the same import at module level is still caught
    package = tmp_path / "analysis"
    package.mkdir()
    (package / "sample.py").write_text("from ..notebook import html\n\n"
                                       "def show():\n    from ..notebook import frame\n    return frame\n")
    monkeypatch.setattr(__import__(__name__), "SRC", tmp_path)
    assert "accord.notebook" in imported(package / "sample.py")
    (package / "sample.py").write_text("def show():\n    from ..notebook import frame\n    return frame\n")
    assert not any(n.startswith("accord.notebook") for n in imported(package / "sample.py"))
