"""The hostile-input corpus (tests/hostile/corpus.py) through the command line.

Every case once ended in an internal error (exit 3) or was wrongly accepted. Each must now end with its documented
exit code, one line on stderr naming the problem (click's own usage box for range errors, exit 2), no traceback,
and, where an option is at fault, before any work starts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile.corpus import importer_cases, option_cases, scenario_cases, store_cases
from typer.testing import CliRunner

from accord.cli import app

pytest.importorskip("defusedxml", reason="the genius extra is not installed (pip install 'accord[genius]')")

runner = CliRunner()
CAIRO = Path(__file__).resolve().parents[1] / "examples" / "cairo-talks-2024" / "scenario.yaml"
CASES = scenario_cases() + importer_cases() + option_cases()


def _write(folder: Path, files: dict) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _run(folder: Path, command: list[str]):
    result = runner.invoke(app, [part.replace("{dir}", str(folder)) for part in command])
    return result.exit_code, result.stdout, result.stderr


def _check(code: int, stderr: str, expected: int, result_exception=None) -> None:
    assert code != 3, stderr
    assert code == expected, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    if expected == 2:  # click's usage message names the option; its layout is click's
        assert "Invalid value" in stderr or "error" in stderr.lower()
        return
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")


@pytest.mark.parametrize("name, files, command, expected", CASES, ids=[case[0] for case in CASES])
def test_hostile_input_is_refused_in_one_line(tmp_path, name, files, command, expected):
    _write(tmp_path, files)
    code, _, stderr = _run(tmp_path, command)
    _check(code, stderr, expected)


STORE_CASES = store_cases()


@pytest.mark.parametrize("name, files, command, expected", STORE_CASES, ids=[case[0] for case in STORE_CASES])
def test_hostile_store_references_are_refused_in_one_line(tmp_path, name, files, command, expected):
    code, _, stderr = _run(tmp_path, ["track", "add", str(CAIRO), "--db", "{dir}/s.db"])
    assert code == 0, stderr
    code, _, stderr = _run(tmp_path, command)
    _check(code, stderr, expected)


def test_messages_name_the_field_or_option(tmp_path):
    """A sample of the messages: each names what is wrong, where."""
    by_name = {case[0]: case for case in CASES}
    expectations = {
        "walkout-list-validate": "events.hamas-leaves-cairo.walkout",
        "bigint-power-validate": "actors.israel.power",
        "bigint-round-validate": "events.hamas-leaves-cairo.round",
        "timestamp-bad-validate": "actors.israel.power",
        "surrogate-json-validate": "actors.israel.name",
        "json-4301-digits-validate": "4300 digits",
        "montecarlo-out-missing-folder": "--output",
        "simulate-trace-missing-folder": "--trace",
        "forecast-table-dev-zero": "not a regular file",
        "frontier-1e12-analyze": "GiB",
        "genius-dtd-http": "external resource",
        "genius-weights-1e308": "<weight>",
        "geniusweb-weight-1e999999999": "issueWeights.type",
        "boulware-exponent-nan": "exponent",
    }
    for name, fragment in expectations.items():
        _, files, command, _ = by_name[name]
        folder = tmp_path / name
        folder.mkdir()
        _write(folder, files)
        _, _, stderr = _run(folder, command)
        assert fragment in stderr, (name, stderr)


def test_parquet_without_pyarrow_is_refused_before_the_draws(tmp_path, monkeypatch):
    """The missing extra (exit 4) is found before any draw is made, not after the whole computation."""
    import builtins

    from accord import jobs

    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    calls = []
    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    monkeypatch.setattr(jobs, "montecarlo", lambda *a, **k: calls.append(a))
    code, _, stderr = _run(tmp_path, ["montecarlo", "--runs", "10", "-o", "{dir}/x.parquet"])
    assert code == 4 and "pyarrow" in stderr and len(stderr.splitlines()) == 1
    assert calls == []


def test_a_missing_output_folder_is_refused_before_the_draws(tmp_path, monkeypatch):
    from accord import jobs

    calls = []
    monkeypatch.setattr(jobs, "montecarlo", lambda *a, **k: calls.append(a))
    code, _, stderr = _run(tmp_path, ["montecarlo", "--runs", "10", "-o", "{dir}/missing/x.csv"])
    assert code == 1 and "does not exist" in stderr and calls == []
