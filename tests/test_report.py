"""Figures and the briefing: contents checked, not just produced."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

import accord
from accord.analysis import analyze
from accord.cli import app
from accord.forecast import challenge
from accord.forecast.scenario import forecast_scenario, issue_positions
from accord.report import (
    briefing,
    challenge_positions_figure,
    forecast_rounds_figure,
    montecarlo_histogram_figure,
    nash_utilities_figure,
    outcome_space_figure,
    probability_figure,
    red_line_figure,
    sensitivity_figure,
    timeline_figure,
    tornado_figure,
)
from accord.report.figures import save_png
from accord.uncertainty import compare_variants, monte_carlo, sensitivity


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


@pytest.mark.slow
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


@pytest.mark.slow
@pytest.mark.parametrize("fmt, magic", [("html", b"<!DOCTYPE"), ("png", b"\x89PNG")])  # pdf: test_report_browser.py
def test_report_command_writes_each_format(tmp_path, fmt, magic):
    out = tmp_path / f"briefing.{fmt}"
    result = CliRunner().invoke(app, ["report", "-o", str(out), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(magic)


def test_report_bad_format_is_one_line():
    result = CliRunner().invoke(app, ["report", "--format", "docx"])
    assert result.exit_code == 2 and "--format must be" in result.stderr


# -- forecasts, Monte Carlo, sensitivity and the timeline -------------------------------------------------------------


@pytest.fixture(scope="module")
def cairo():
    return accord.load()


def binding(scenario):
    """``scenario`` with every red line binding (format 1.1 ``holds`` removed, so 1): no bluffs."""
    actors: dict = {}
    for path, _ in scenario.holds_paths:
        actors.setdefault(path[1], {"preferences": {}})["preferences"][path[3]] = {"holds": None}
    return scenario.with_patch({"actors": actors}) if actors else scenario


@pytest.fixture(scope="module")
def comparison(cairo):
    return compare_variants(binding(cairo), None, 1500, 3)  # every red line binds: the base never opens


@pytest.fixture(scope="module")
def phased_sensitivity(cairo):
    return sensitivity(cairo.with_variant("phased-ceasefire"), 256, 5)


def plotted(html: str) -> list[tuple[dict, dict]]:
    """The (data, layout) of every Plotly.newPlot call in a page."""
    decoder, found, at = json.JSONDecoder(), [], 0
    while (at := html.find("Plotly.newPlot(", at)) >= 0:
        _, end = decoder.raw_decode(html, at + len("Plotly.newPlot("))
        data, end = decoder.raw_decode(html, end + 1)
        layout, end = decoder.raw_decode(html, end + 1)
        found.append((data, layout))
        at = end
    return found


def test_forecast_rounds_figure_follows_the_challenge_model_round_by_round(cairo):
    forecast = forecast_scenario(cairo)
    figure = forecast_rounds_figure(forecast, cairo)
    json.dumps(figure)
    for k, (issue_id, models) in enumerate(forecast.items()):
        issue = cairo.issues[issue_id]
        median = next(t for t in figure["data"] if t["name"] == f"{issue.name}: median")
        mean = next(t for t in figure["data"] if t["name"] == f"{issue.name}: mean")
        rounds = models["challenge"]["rounds"]
        assert median["y"][0] == rounds[0]["median"] and mean["y"][0] == rounds[0]["mean"]
        assert median["y"][-1] == models["challenge"]["position"]  # the last median is the forecast
        assert median["x"] == list(range(len(rounds))) and median["yaxis"] == mean["yaxis"]
        axis = figure["layout"]["yaxis" if k == 0 else f"yaxis{k + 1}"]
        assert axis["ticktext"] == list(issue.options) and axis["tickvals"] == list(issue.scale)
    ceasefire = next(t for t in figure["data"] if t["name"] == "Ceasefire duration: median")
    assert ceasefire["text"][0].endswith("(nearest: phased)") and ceasefire["text"][-1].endswith("(nearest: permanent)")
    # the same figure from the `accord forecast --json` document
    out = CliRunner().invoke(app, ["forecast", "--json"])
    from_json = forecast_rounds_figure(json.loads(out.stdout)["issues"], cairo)
    assert [t["y"] for t in from_json["data"]] == [t["y"] for t in figure["data"]]


def test_challenge_positions_figure_draws_every_actor(cairo):
    result = challenge(issue_positions(cairo, "ceasefire"))
    figure = challenge_positions_figure(result, cairo, "ceasefire")
    for j, actor in enumerate(result.actors):
        line = next(t for t in figure["data"] if t["name"] == actor)
        assert line["y"] == result.positions[:, j].tolist()
    median = next(t for t in figure["data"] if t["name"] == "median (the forecast)")
    assert median["y"][-1] == result.position and len(median["y"]) == result.positions.shape[0]


def test_histogram_counts_every_draw_once(cairo, comparison):
    opened = monte_carlo(cairo.with_variant("phased-ceasefire"), 1200, 9)
    figure = montecarlo_histogram_figure(opened, bins=25)
    (trace,) = figure["data"]
    assert sum(trace["y"]) == opened.runs == 1200 and trace["meta"]["left_out"] == 0
    assert len(trace["y"]) == 25 and trace["x"][0] < trace["x"][-1]
    expected, _ = np.histogram(opened.deal_gap, bins=25)
    assert trace["y"] == expected.tolist()
    both = montecarlo_histogram_figure(comparison)
    traces = {t["meta"]["label"]: t for t in both["data"]}
    assert list(traces) == ["(base)"] + [row.variant for row in comparison.rows]
    assert all(t["x"] == both["data"][0]["x"] for t in both["data"])  # shared bins
    for t in traces.values():
        assert sum(t["y"]) + t["meta"]["left_out"] == comparison.runs
    assert traces["(base)"]["meta"]["left_out"] == comparison.runs  # red lines leave no package in any draw
    assert "red lines leave no package" in traces["(base)"]["name"]
    assert traces["phased-ceasefire"]["meta"]["left_out"] == 0
    utilities = montecarlo_histogram_figure(opened, metric="hamas")
    assert sum(utilities["data"][0]["y"]) == opened.zopa_count
    with pytest.raises(ValueError, match="metric"):
        montecarlo_histogram_figure(opened, metric="nobody")


def test_nash_utilities_figure_has_one_series_per_party(cairo):
    opened = monte_carlo(cairo.with_variant("phased-ceasefire"), 800, 2)
    figure = nash_utilities_figure(opened)
    assert [t["meta"]["label"] for t in figure["data"]] == list(opened.parties)
    edges = np.histogram_bin_edges(opened.utilities[opened.zopa][:, :len(opened.parties)], bins=30)
    for j, trace in enumerate(figure["data"]):
        assert sum(trace["y"]) == opened.zopa_count and trace["meta"]["left_out"] == opened.runs - opened.zopa_count
        expected, _ = np.histogram(opened.utilities[opened.zopa, j], bins=edges)  # bins shared by the parties
        assert trace["y"] == expected.tolist()


def test_probability_figure_shows_each_p_zopa_with_its_interval(comparison):
    figure = probability_figure(comparison)
    (bars,) = figure["data"]
    results = [comparison.base] + [row.result for row in comparison.rows]
    assert bars["x"] == ["(base)"] + [row.variant for row in comparison.rows]
    assert bars["y"] == [r.p_zopa for r in results]
    for k, r in enumerate(results):
        low, high = r.p_zopa_ci
        assert bars["y"][k] + bars["error_y"]["array"][k] == pytest.approx(high)
        assert bars["y"][k] - bars["error_y"]["arrayminus"][k] == pytest.approx(low)
    assert dict(zip(bars["x"], bars["y"]))["phased-ceasefire"] > 0.5 and bars["y"][0] == 0


def test_tornado_bars_are_ordered_by_swing_and_end_at_the_gaps(phased_sensitivity):
    figure = tornado_figure(phased_sensitivity)
    low, high = figure["data"]
    rows = sorted(phased_sensitivity.tornado, key=lambda r: -r["swing"])
    assert low["y"] == high["y"] == [r["parameter"] for r in rows]
    assert low["customdata"] == sorted(low["customdata"], reverse=True) and low["customdata"][0] > 0
    centre = phased_sensitivity.central_gap
    assert low["base"] == high["base"] == centre
    for r, x_low, x_high in zip(rows, low["x"], high["x"]):
        assert centre + x_low == pytest.approx(r["gap_low"]) and centre + x_high == pytest.approx(r["gap_high"])
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"  # largest swing on top
    assert low["y"][0] == "actors.israel.reservation"


def test_sensitivity_bars_are_the_sobol_indices_in_order(phased_sensitivity):
    figure = sensitivity_figure(phased_sensitivity)
    total, first = figure["data"]
    rows = phased_sensitivity.indices()
    assert phased_sensitivity.headline_output == "zopa"
    def drawn(values):  # an index is a share of the variance: estimates outside [0, 1] are drawn at the bound
        return [min(max(v, 0.0), 1.0) for v in values]

    assert total["y"] == [r["parameter"] for r in rows] and total["x"] == drawn([r["index"] for r in rows])
    assert first["x"] == drawn([r["first"] for r in rows])
    assert total["customdata"] == [r["index"] for r in rows] and first["customdata"] == [r["first"] for r in rows]
    assert total["x"] == sorted(total["x"], reverse=True) and total["x"][0] > 0
    gap = sensitivity_figure(phased_sensitivity, output="deal_gap")
    assert gap["data"][0]["x"] == drawn([r["index"] for r in phased_sensitivity.deal_gap])
    assert "deal gap" in gap["layout"]["title"]["text"]


def _row(version, as_of, zopa, blockers, nash, p=None, note=None):
    return {"version": version, "ref": f"cairo@{version}", "as_of": as_of, "note": note, "sha256": "0" * 64,
            "outcomes": 48, "zopa": zopa, "blockers": blockers,
            "nash": {"outcome": nash, "utilities": {}, "score": 0.1} if nash else None,
            "p_zopa": p, "p_zopa_ci": [max(0.0, p - 0.01), min(1.0, p + 0.01)] if p is not None else None,
            "montecarlo_run": version if p is not None else None}


RED = [{"kind": "red-line", "issue": "ceasefire", "parties": ["israel", "hamas"]}]
DEAL = {"ceasefire": "phased", "rafah": "deferred", "hostages": "all"}


def test_timeline_figure_plots_each_version_and_marks_what_changed():
    rows = [_row(1, "2024-05-01", 9, [], DEAL, 0.97, "softening"), _row(2, "2024-05-05", 0, RED, None, 0.0),
            _row(3, "2024-05-07", 0, RED, None)]
    figure = timeline_figure(rows, "cairo")
    bars, p, changed = figure["data"]
    assert bars["x"] == ["2024-05-01", "2024-05-05", "2024-05-07"] and bars["y"] == [9, 0, 0]
    assert p["x"] == ["2024-05-01", "2024-05-05"] and p["y"] == [0.97, 0.0] and p["yaxis"] == "y2"
    assert changed["x"] == ["2024-05-05"]  # version 3 changes neither blockers nor the Nash deal
    assert "Nash deal: ceasefire=phased, rafah=deferred, hostages=all" in bars["text"][0]
    assert "note: softening" in bars["text"][0] and "changed since" not in bars["text"][0]
    assert "blocked by: red lines: ceasefire (israel, hamas)" in bars["text"][1]
    assert "changed since cairo@1" in changed["text"][0] and "blockers: none -&gt; red lines" in changed["text"][0]
    assert "P(ZOPA): no Monte Carlo run stored" in bars["text"][2]
    assert figure["layout"]["yaxis2"]["overlaying"] == "y"


@pytest.mark.slow
def test_new_figures_render_as_png(tmp_path, cairo, comparison, phased_sensitivity):
    figures = {"forecast": forecast_rounds_figure(forecast_scenario(cairo), cairo),
               "histogram": montecarlo_histogram_figure(comparison), "probability": probability_figure(comparison),
               "tornado": tornado_figure(phased_sensitivity), "sensitivity": sensitivity_figure(phased_sensitivity),
               "timeline": timeline_figure([_row(1, "2024-05-01", 9, [], DEAL, 0.9), _row(2, "2024-05-05", 0, RED, None)])}
    for name, figure in figures.items():
        path = save_png(figure, str(tmp_path / f"{name}.png"))
        assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n", name


def test_briefing_shows_the_forecast_rounds(cairo):
    html = briefing(cairo, include_simulation=False)
    figures = {layout["title"]["text"]: data for data, layout in plotted(html)}
    forecast = forecast_scenario(cairo)
    data = figures["Forecast round by round (challenge model)"]
    medians = [t["y"][0] for t in data if t["name"].endswith(": median")]
    assert medians == [models["challenge"]["rounds"][0]["median"] for models in forecast.values()]
    assert not any("Tornado" in title for title in figures)  # Monte Carlo only when asked


def test_briefing_with_montecarlo_shows_histograms_and_the_tornado(cairo):
    cairo = binding(cairo)  # every red line binds: the base never opens a zone
    html = briefing(cairo, seed=4, montecarlo=1000, include_simulation=False)
    figures = {layout["title"]["text"]: data for data, layout in plotted(html)}
    histogram = figures["How far from a deal: the deal gap over the draws"]
    assert all(sum(t["y"]) + t["meta"]["left_out"] == 1000 for t in histogram)
    assert figures["P(a zone of agreement) with 95% intervals"][0]["y"][0] == 0.0
    # the base never opens a zone: the drivers are those of the what-if P(ZOPA) leaves most open
    assert "the what-if <b>phased-ceasefire</b>" in html
    expected = sensitivity(cairo.with_variant("phased-ceasefire"), 1000, 4)
    tornado = figures["Tornado: the deal gap with one input at a time at either end"]
    assert tornado[0]["y"] == [r["parameter"] for r in sorted(expected.tornado, key=lambda r: -r["swing"])]
    drivers = figures["What drives P(a zone of agreement): Sobol indices"]
    assert drivers[0]["x"] == [r["index"] for r in expected.zopa]
    assert "Utilities in the Nash deal over the draws (phased-ceasefire)" in figures
    paired = next(r for r in compare_variants(cairo, None, 1000, 4).rows if r.variant == "phased-ceasefire")
    assert "P(a zone of agreement exists) = <b>0.0%</b>" in html
    assert f"<td>phased-ceasefire</td><td>{paired.result.p_zopa:.1%}</td>" in html
    assert f"{paired.difference:+.1%} ({paired.difference_ci[0]:+.1%} to {paired.difference_ci[1]:+.1%})" in html
    assert "<script src=" not in html


@pytest.mark.slow
def test_report_png_with_montecarlo_writes_its_figures(tmp_path):
    out = tmp_path / "brief.png"
    result = CliRunner().invoke(app, ["report", "--format", "png", "--runs", "400", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    for name in ("brief.png", "brief-forecast.png", "brief-smp.png", "brief-montecarlo-histogram.png",
                 "brief-montecarlo-probability.png", "brief-montecarlo-tornado.png", "brief-montecarlo-sensitivity.png"):
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG", name
    plain = tmp_path / "plain.png"
    assert CliRunner().invoke(app, ["report", "--format", "png", "-o", str(plain)]).exit_code == 0
    assert (tmp_path / "plain-forecast.png").exists() and not (tmp_path / "plain-montecarlo-tornado.png").exists()

