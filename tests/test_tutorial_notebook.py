"""The tutorial notebook runs from top to bottom and says what the analysis finds (docs/notebooks/tutorial.ipynb).

The notebook is committed without outputs; this test executes it in a fresh ``ipykernel`` with nbclient,
fails on any cell error, and checks a few facts in what the cells print and display.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")

ROOT = Path(__file__).parent.parent
NOTEBOOK = ROOT / "docs" / "notebooks" / "tutorial.ipynb"


def output_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", ()):
        if "text" in output:
            parts.append(output["text"])
        for kind in ("text/html", "text/plain"):
            parts.append(output.get("data", {}).get(kind, ""))
    return "\n".join(parts)


def test_the_tutorial_is_committed_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.slow
def test_the_tutorial_runs_and_shows_what_the_analysis_finds(monkeypatch):
    import accord

    # the kernel is a new process: it finds accord the way this one did
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        p for p in (str(Path(accord.__file__).parent.parent), os.environ.get("PYTHONPATH")) if p))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    texts = {c.source.splitlines()[0]: output_text(c) for c in notebook.cells if c.cell_type == "code"}
    shown = "\n".join(texts.values())
    assert "What blocks it" in texts["found = accord.analyze(cairo)"]
    assert "Cairo ceasefire and hostage talks" in texts["import accord"]
    # the comparison: the phased ceasefire opens a zone of agreement, the base has none
    assert "phased-ceasefire" in texts["table = comparison.to_frame()"]
    # the Monte Carlo: 500 draws per variant, and a share printed by the last cell
    assert "500 draws" in shown
    found = re.search(r"P\(ZOPA\) with a phased ceasefire: ([0-9.]+)% of 500 draws", shown)
    assert found and 0 < float(found.group(1)) <= 100
    expected = accord.montecarlo(accord.load(), runs=500, all_variants=True, sensitivity_runs=0)
    assert float(found.group(1)) == pytest.approx(100 * expected.to_json()["variants"]["phased-ceasefire"]["p_zopa"],
                                                  abs=0.05)
