"""The SMP positions-by-turn figure (accord.report.forecast_figures) and where it is shown: the briefing and
the forecast JSON the workbench draws from. The workbench's drawing itself: tests/test_web_browser.py."""

import json

import numpy as np
import pytest
from ktab_scenario import DATA, ktab_scenario
from test_report import plotted

import accord
from accord import jobs
from accord.forecast.smp import read_ktab, run_smp
from accord.report import briefing, smp_positions_figure
from accord.report.forecast_figures import SMP_NAMED, SMP_TITLE, smp_ranking
from accord.scenario import example_path

TWO_ACTORS = {"accord": 1, "name": "two", "issues": {"A": {"options": ["a1", "a2", "a3"]}},
              "actors": {"X": {"preferences": {"A": {"values": {"a1": 1, "a2": 0.5, "a3": 0}}}},
                         "Y": {"preferences": {"A": {"values": {"a1": 0, "a2": 0.5, "a3": 1}}}}}}


@pytest.fixture(scope="module")
def soe():
    data = read_ktab((DATA / "SOE-Pol-Comp.csv").read_text(encoding="utf-8-sig"), "SOE-Pol-Comp.csv")
    return data, run_smp(data)


def panels(figure):
    """Per y axis (one panel per dimension): its traces."""
    found = {}
    for trace in figure["data"]:
        found.setdefault(trace["yaxis"], []).append(trace)
    return found


def test_soe_figure_has_a_panel_per_dimension_and_a_line_per_actor(soe):
    data, result = soe
    smp = result.to_json()
    figure = smp_positions_figure(smp)
    by_panel = panels(figure)
    assert len(by_panel) == len(data.dimensions) == 2
    layout = figure["layout"]
    assert layout["title"]["text"] == SMP_TITLE
    for k, (ref, traces) in enumerate(by_panel.items()):
        dim = data.dimensions[k]
        axis = layout["yaxis" + ref[1:]]
        assert axis["title"]["text"].replace("<br>", " ") == f"{dim} (KTAB 0-100 scale)"  # broken to fit
        actor_lines = [t for t in traces if "meta" in t]
        assert sorted(t["meta"] for t in actor_lines) == sorted(data.actors)  # 13 actors, once each
        assert len(traces) == len(data.actors) + 1  # and the most probable position
        for t in actor_lines:  # each line is that actor's positions, state by state, as the model gives them
            assert t["x"] == list(range(result.states))
            np.testing.assert_allclose(t["y"], result.positions[:, data.actors.index(t["meta"]), k], atol=1e-9)
    low, high = (layout["yaxis"]["domain"], layout["yaxis2"]["domain"])
    assert low[0] >= high[1] or high[0] >= low[1]  # the panels do not overlap
    xaxis = layout["xaxis"]
    assert xaxis["tick0"] == 0 and isinstance(xaxis["dtick"], int) and xaxis["dtick"] >= 1
    assert result.states / xaxis["dtick"] <= 15
    assert "state" in xaxis["title"]["text"]
    json.dumps(figure)


def test_soe_figure_names_the_likeliest_actors_and_greys_the_others(soe):
    data, result = soe
    figure = smp_positions_figure(result.to_json())
    first = panels(figure)["y"]
    named = [t for t in first if t.get("meta") and t["line"]["color"] != "#c7c7c7"]
    grey = [t for t in first if t.get("meta") and t["line"]["color"] == "#c7c7c7"]
    assert len(named) == SMP_NAMED and len(grey) == len(data.actors) - SMP_NAMED
    assert len({t["line"]["color"] for t in named}) == SMP_NAMED
    # brute force: no grey actor's position is likelier in the last state than a named one's
    last = {a: result.prob[-1, i] for i, a in enumerate(data.actors)}
    assert min(last[t["meta"]] for t in named) >= max(last[t["meta"]] for t in grey)
    # the legend: each named actor once, the grey ones as one entry saying how many
    shown = [t["name"] for t in figure["data"] if t.get("showlegend")]
    assert sorted(shown) == sorted([*(t["meta"] for t in named), f"{len(grey)} other actors (grey)",
                                    "most probable position"])


def test_the_highlighted_line_follows_the_most_probable_position(soe):
    data, result = soe
    figure = smp_positions_figure(result.to_json())
    for k, traces in enumerate(panels(figure).values()):
        likely = next(t for t in traces if t["name"] == "most probable position")
        for t, value in enumerate(likely["y"]):
            best = result.prob[t].max()
            holders = [i for i in range(len(data.actors)) if result.prob[t, i] == best]
            assert value == pytest.approx(result.positions[t, holders[0], k])
            assert data.actors[holders[0]] in likely["text"][t]


def test_ranking_brute_force_on_small_cases():
    assert smp_ranking({"prob": {"a": [0.1, 0.3], "b": [0.5, 0.3], "c": [0.2, 0.4]}}) == ["c", "b", "a"]  # tie: mean
    assert smp_ranking({"prob": {"a": [0.3, 0.3], "b": [0.3, 0.3]}}) == ["a", "b"]  # full tie: input order
    figure = smp_positions_figure({"states": 2, "positions": {a: {"d": [0.0, 1.0]} for a in "abc"},
                                   "prob": {"a": [0.2, 0.2], "b": [0.5, 0.5], "c": [0.3, 0.3]}}, named=1)
    named = [t["meta"] for t in figure["data"] if t.get("meta") and t["line"]["color"] != "#c7c7c7"]
    assert named == ["b"]


def test_scenario_figure_uses_the_issues_names_units_and_options():
    cairo = accord.load()
    smp = jobs.forecast(cairo).to_json()["smp"]
    figure = smp_positions_figure(smp, cairo)
    layout = figure["layout"]
    for k, issue_id in enumerate(smp["positions"]["israel"]):
        axis = layout["yaxis" if k == 0 else f"yaxis{k + 1}"]
        issue = cairo.issues[issue_id]
        assert axis["title"]["text"].replace("<br>", " ") == issue.name
        assert axis["ticktext"] == [str(o) for o in issue.options] and axis["tickvals"] == list(issue.scale)
    names = {t["name"] for t in figure["data"] if t.get("showlegend")}
    assert {a.name for a in cairo.actors.values() if a.id in smp["positions"]} <= names
    soe = accord.load(ktab_scenario())
    axis = smp_positions_figure(jobs.forecast(soe).to_json()["smp"], soe)["layout"]["yaxis"]
    assert axis["title"]["text"] == "Policy Position (points)"


def test_briefing_shows_the_smp_table_and_figure():
    cairo = accord.load()
    html = briefing(cairo, include_simulation=False)
    figures = {layout["title"]["text"]: data for data, layout in plotted(html)}
    smp = jobs.forecast(cairo).to_json()["smp"]
    data = figures[SMP_TITLE]
    lines = {(t["meta"], t["yaxis"]): t["y"] for t in data if "meta" in t}
    for k, issue_id in enumerate(smp["positions"]["israel"]):
        ref = "y" if k == 0 else f"y{k + 1}"
        for actor, by_issue in smp["positions"].items():
            assert lines[actor, ref] == by_issue[issue_id]
    assert "All issues at once (SMP)" in html
    for actor, p in smp["prob"].items():
        assert f"<td>{cairo.actors[actor].name}</td>" in html and f"<td>{p[-1]:.3f}</td>" in html


def test_briefing_with_many_actors_says_how_many_are_grey():
    scenario = accord.load(ktab_scenario())
    html = briefing(scenario, include_simulation=False)
    others = len(scenario.actors) - SMP_NAMED
    assert f"the {others} others drawn in grey" in html
    data = {layout["title"]["text"]: data for data, layout in plotted(html)}[SMP_TITLE]
    assert f"{others} other actors (grey)" in [t["name"] for t in data if t.get("showlegend")]


def test_briefing_leaves_smp_out_when_it_cannot_run():
    html = briefing(accord.load(TWO_ACTORS), include_simulation=False)
    assert "Forecast" in html and "(SMP)" not in html and SMP_TITLE not in html


def test_web_forecast_carries_smp_and_categorical_scales():
    pytest.importorskip("fastapi", reason="the web extra is not installed (pip install 'accord[web]')")
    try:
        from fastapi.testclient import TestClient
    except RuntimeError as exc:  # Starlette's test client needs httpx
        pytest.skip(f"FastAPI's test client needs httpx: {exc}")
    from accord.web import create_app

    client = TestClient(create_app())
    doc = ktab_scenario()
    answer = client.post("/api/forecast", json={"scenario": json.dumps(doc)})
    assert answer.status_code == 200, answer.text
    smp = answer.json()["smp"]
    assert smp == json.loads(json.dumps(jobs.forecast(accord.load(doc)).to_json()["smp"]))
    assert set(smp["positions"]) == set(doc["actors"]) and all(len(p) == smp["states"] for p in smp["prob"].values())
    summary = client.post("/api/validate", json={"builtin": "cairo-talks-2024"}).json()["scenario"]
    cairo = accord.load()
    assert {i["id"]: i["scale"] for i in summary["issues"]} == {k: list(v.scale) for k, v in cairo.issues.items()}


def test_report_ktab_writes_the_smp_briefing(tmp_path, soe):
    from typer.testing import CliRunner

    from accord.cli import app
    from accord.report.safe_html import policy_of

    data, result = soe
    out = tmp_path / "smp.html"
    runner = CliRunner()
    done = runner.invoke(app, ["report", "--ktab", str(DATA / "SOE-Pol-Comp.csv"), "-o", str(out), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["written"] == [str(out)]
    html = out.read_text(encoding="utf-8")
    assert "script-src 'sha256-" in policy_of(html) and "<script src=" not in html
    figure = {layout["title"]["text"]: data for data, layout in plotted(html)}[SMP_TITLE]
    assert {t["meta"] for t in figure if "meta" in t} == set(data.actors)
    for i, actor in enumerate(data.actors):
        assert f"<td>{actor}</td>" in html and f"<td>{result.prob[-1, i]:.3f}</td>" in html
    for argv in (["--format", "pdf"], ["--runs", "10"], [str(example_path("cairo-talks-2024"))]):
        refused = runner.invoke(app, ["report", "--ktab", str(DATA / "SOE-Pol-Comp.csv"), "-o", str(out), *argv])
        assert refused.exit_code == 2 and "--ktab" in refused.output, argv
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n")
    failed = runner.invoke(app, ["report", "--ktab", str(bad), "-o", str(tmp_path / "x.html")])
    assert failed.exit_code == 1 and "bad.csv" in failed.output and not (tmp_path / "x.html").exists()


@pytest.mark.slow
def test_smp_figure_renders_as_png_with_one_legend_entry_per_name(tmp_path, soe, monkeypatch):
    pytest.importorskip("matplotlib", reason="the report extra is not installed")
    import matplotlib.axes

    from accord.report.figures import save_png

    labels = []
    legend = matplotlib.axes.Axes.legend
    monkeypatch.setattr(matplotlib.axes.Axes, "legend",
                        lambda self, *args, **kw: labels.extend(args[1]) or legend(self, *args, **kw))
    path = save_png(smp_positions_figure(soe[1].to_json()), str(tmp_path / "smp.png"))
    assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    assert len(labels) == len(set(labels)) == SMP_NAMED + 2  # the named actors, "5 other actors", the likeliest
