"""``accord report --format pdf`` without a browser: what is checked before any work, and the print style sheet.

The PDF itself (printed by Chromium) is checked in tests/test_report_browser.py.
"""

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.errors import ExitCode, MissingProgram
from accord.report import briefing
from accord.report import pdf as pdf_module

runner = CliRunner()


def test_no_chromium_is_one_line_exit_1_and_no_file(tmp_path, monkeypatch):
    pytest.importorskip("playwright.sync_api", reason="the pdf extra is not installed")
    monkeypatch.setenv("ACCORD_CHROMIUM", str(tmp_path / "no-such-chromium"))
    out = tmp_path / "briefing.pdf"
    result = runner.invoke(app, ["report", "--format", "pdf", "-o", str(out)])
    assert result.exit_code == ExitCode.INVALID
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: no Chromium at ") and "apt-get install chromium" in line
    assert "pip install 'accord[pdf]'" in line
    assert list(tmp_path.iterdir()) == []  # never a stand-in PDF


def test_a_file_that_is_not_executable_is_not_a_chromium(tmp_path, monkeypatch):
    fake = tmp_path / "chromium"
    fake.write_text("not a browser")
    monkeypatch.setenv("ACCORD_CHROMIUM", str(fake))
    with pytest.raises(MissingProgram, match="no Chromium at"):
        pdf_module.chromium_path()
    fake.chmod(0o755)
    assert pdf_module.chromium_path() == str(fake)


def test_the_existing_file_is_kept_when_chromium_cannot_start(tmp_path, monkeypatch):
    pytest.importorskip("playwright.sync_api", reason="the pdf extra is not installed")
    pytest.importorskip("plotly", reason="the pdf extra is not installed")
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("ACCORD_CHROMIUM", str(broken))
    out = tmp_path / "briefing.pdf"
    out.write_bytes(b"the old briefing")
    result = runner.invoke(app, ["report", "--format", "pdf", "-o", str(out)])
    assert result.exit_code == ExitCode.INVALID, result.output
    assert "could not be started" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert out.read_bytes() == b"the old briefing" and sorted(p.name for p in tmp_path.iterdir()) == [
        "briefing.pdf", "chromium"]


def test_the_print_style_keeps_tables_and_figures_whole():
    page = briefing(accord.load(), include_simulation=False)
    style = page[page.index("<style>"):page.index("</style>")]
    assert "@page{size:A4" in style
    printed = style[style.index("@media print"):]
    assert "break-inside:avoid" in printed and "table," in printed and ".figure" in printed
    assert "thead{display:table-header-group}" in printed  # a table that must break repeats its header


def test_chromium_is_started_headless_without_sandbox_gpu_or_network():
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--proxy-server=127.0.0.1:9"):
        assert flag in pdf_module.ARGS
    assert 600 < pdf_module.PRINT_WIDTH_PX < 800  # an A4 page less its margins, in CSS px
