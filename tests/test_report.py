"""Figures and the briefing: contents checked, not just produced."""

import json

import pytest
from typer.testing import CliRunner

import accord
from accord.analysis import analyze
from accord.cli import app
from accord.report import briefing, outcome_space_figure, red_line_figure
from accord.report.figures import save_png


def test_outcome_space_figure_marks_the_nash_point_where_the_analysis_puts_it():
    scenario = accord.load(variant="phased-with-pressure")
    found = analyze(scenario)
    figure = outcome_space_figure(scenario, found)
    nash = next(t for t in figure["data"] if t["name"] == "nash")
    expected = found.solutions["nash"].utilities
    assert nash["x"] == [expected["israel"]] and nash["y"] == [expected["hamas"]]
    zopa = next(t for t in figure["data"] if t["name"] == "ZOPA")
    assert len(zopa["x"]) == found.acceptable
    outside = next(t for t in figure["data"] if t["name"] == "outside the ZOPA")
    assert len(outside["x"]) + len(zopa["x"]) == found.outcomes
    json.dumps(figure)  # plain JSON, embeddable without plotly


def test_red_line_map_shows_the_ceasefire_clash():
    figure = red_line_figure(accord.load())
    heat = figure["data"][0]
    row = dict(zip(heat["y"], heat["z"]))
    column = {name: k for k, name in enumerate(heat["x"])}
    assert row["israel"][column["ceasefire=permanent"]] == 0 and row["hamas"][column["ceasefire=permanent"]] == 1
    assert row["hamas"][column["ceasefire=phased"]] == 0 and row["israel"][column["rafah=deferred"]] == 1


def test_png_is_a_real_image(tmp_path):
    path = save_png(red_line_figure(accord.load()), str(tmp_path / "red.png"))
    assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_briefing_is_self_contained_and_states_the_bottom_line():
    html = briefing(accord.load(), seed=7)
    assert html.startswith("<!DOCTYPE html>")
    assert "No deal is possible as things stand" in html
    assert "red lines of israel, hamas leave no common option on ceasefire" in html
    assert "hamas accepts ceasefire=phased" in html
    assert "Hamas insists on a permanent ceasefire" in html  # evidence quotes
    assert "class='assumption'" in html  # assumptions flagged
    assert "walkout" in html  # the simulation section
    assert "<script src=" not in html and "https://" not in html.split("<script>")[0]  # nothing fetched
    assert "Plotly.newPlot" in html


def test_briefing_escapes_scenario_text():
    doc = {"accord": 1, "name": "<script>alert(1)</script>", "issues": {"a": {"options": ["x", "y"]}},
           "actors": {p: {"preferences": {"a": {"values": {"x": 1, "y": 0}}}} for p in ("A", "B")}}
    html = briefing(accord.scenario.from_document(doc), include_simulation=False)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("fmt, magic", [("html", b"<!DOCTYPE"), ("pdf", b"%PDF"), ("png", b"\x89PNG")])
def test_report_command_writes_each_format(tmp_path, fmt, magic):
    out = tmp_path / f"briefing.{fmt}"
    result = CliRunner().invoke(app, ["report", "-o", str(out), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(magic)


def test_report_bad_format_is_one_line():
    result = CliRunner().invoke(app, ["report", "--format", "docx"])
    assert result.exit_code == 2 and "--format must be" in result.stderr
