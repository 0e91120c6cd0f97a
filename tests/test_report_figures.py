"""Every chart reads well: a title, labelled axes, integer ticks for counts, bars sized to their number,
Sobol indices on their 0-1 scale with the total-order index explained, axis titles that fit."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import accord
from accord.analysis import compare
from accord.report.chart_style import BAR_BOTTOM_NO_NOTE, BAR_TOP, CHAR_PX, PER_BAR, count_axis, wrap_title
from accord.report.figures import concession_figure, variants_figure
from accord.report.forecast_figures import challenge_positions_figure, forecast_rounds_figure
from accord.report.static import _figures
from accord.report.timeline import timeline_figure
from accord.report.tournament import ranking_figure, scenario_figure
from accord.report.uncertainty_figures import (
    SOBOL_NOTE,
    montecarlo_histogram_figure,
    sensitivity_figure,
    tornado_figure,
)
from accord.simulation import simulate
from accord.uncertainty import compare_variants


def axis_title(layout: dict, key: str) -> str:
    title = layout.get(key, {}).get("title", {})
    return (title.get("text") if isinstance(title, dict) else str(title or "")) or ""


def used_axes(figure: dict) -> set[str]:
    """The layout keys of the axes the traces draw on (``xaxis``, ``yaxis``, ``yaxis2``, ...)."""
    found = set()
    for trace in figure["data"]:
        found.add("xaxis" + trace.get("xaxis", "x")[1:])
        found.add("yaxis" + trace.get("yaxis", "y")[1:])
    return found


def check_labelled(name: str, figure: dict) -> None:
    layout = figure["layout"]
    assert (layout.get("title") or {}).get("text"), f"{name}: no title"
    for key in used_axes(figure):
        assert axis_title(layout, key).strip(), f"{name}: {key} has no title"


def is_count_axis(axis: dict) -> bool:
    return axis.get("tickformat") == "d" and isinstance(axis.get("dtick"), int) and axis["dtick"] >= 1


@pytest.fixture(scope="module")
def cairo():
    return accord.load()


@pytest.fixture(scope="module")
def briefing_figures(cairo):
    return _figures(cairo, montecarlo=400, seed=3)


def test_every_briefing_figure_has_a_title_and_labelled_axes(cairo, briefing_figures):
    assert {"outcome-space", "red-lines", "variants", "forecast", "montecarlo-tornado",
            "montecarlo-sensitivity", "montecarlo-histogram"} <= set(briefing_figures)
    for name, figure in briefing_figures.items():
        check_labelled(name, figure)


def test_the_other_figures_have_titles_and_labelled_axes(cairo):
    result = simulate(cairo.with_variant("talks-resume"), seed=7)
    check_labelled("concession", concession_figure(result))
    from accord.forecast.scenario import forecast_scenario

    forecast = forecast_scenario(cairo)
    check_labelled("forecast", forecast_rounds_figure(forecast, cairo))
    stat = {"mean": 0.5, "ci95": [0.4, 0.6]}
    ranking = [{"rank": 1, "strategy": "boulware", "utility": stat, "agreement_rate": stat,
                "distance_to_pareto": stat, "distance_to_nash": None, "social_welfare": stat, "observations": 4}]
    tournament = SimpleNamespace(description={}, ranking=ranking, negotiations=4,
                                 by_scenario=[{"scenario": "cairo", "utility": {"boulware": 0.5}}])
    check_labelled("ranking", ranking_figure(tournament))
    check_labelled("by scenario", scenario_figure(tournament))
    rows = [{"version": 1, "ref": "c@1", "as_of": "2024-05-01", "note": None, "sha256": "0" * 64, "outcomes": 48,
             "zopa": 7, "blockers": [], "nash": None, "p_zopa": None, "p_zopa_ci": None, "montecarlo_run": None}]
    figure = timeline_figure(rows, "c")
    check_labelled("timeline", figure)
    assert is_count_axis(figure["layout"]["yaxis"])


def test_the_challenge_positions_figure_counts_rounds_in_integers():
    result = SimpleNamespace(actors=["a", "b"], positions=[[0.0, 1.0], [0.2, 0.9], [0.4, 0.6]],
                             rounds=[{"median": 0.5}, {"median": 0.5}, {"median": 0.5}])
    figure = challenge_positions_figure(result)
    check_labelled("challenge", figure)
    assert is_count_axis(figure["layout"]["xaxis"])


# -- counts ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("largest, step", [(0, 1), (1, 1), (3, 1), (6, 1), (7, 2), (12, 2), (13, 5), (30, 5),
                                           (31, 10), (100, 20), (2500, 500), (10**6, 200000)])
def test_count_axis_ticks_are_whole_numbers_and_few(largest, step):
    axis = count_axis(largest)
    assert axis["tickformat"] == "d" and axis["tick0"] == 0 and axis["dtick"] == step
    assert isinstance(axis["dtick"], int) and max(largest, 1) / axis["dtick"] <= 6


def test_the_zopa_size_axis_of_the_what_ifs_is_a_count(cairo):
    figure = variants_figure(compare(cairo), cairo.parties)
    zopa = figure["layout"]["yaxis2"]
    assert is_count_axis(zopa) and "packages" in axis_title(figure["layout"], "yaxis2")
    largest = max(figure["data"][0]["y"])
    assert largest / zopa["dtick"] <= 6  # no more than about six ticks, each a whole number of packages


def test_histograms_count_draws_and_packages_in_whole_numbers(cairo):
    comparison = compare_variants(cairo, None, 300, 1)
    sizes = montecarlo_histogram_figure(comparison, metric="zopa_size")
    assert is_count_axis(sizes["layout"]["yaxis"]) and is_count_axis(sizes["layout"]["xaxis"])
    gaps = montecarlo_histogram_figure(comparison)
    assert is_count_axis(gaps["layout"]["yaxis"]) and gaps["layout"]["xaxis"].get("tickformat") != "d"
    tallest = max(max(trace["y"]) for trace in sizes["data"])
    assert tallest / sizes["layout"]["yaxis"]["dtick"] <= 6


def test_the_concession_rounds_are_a_count(cairo):
    figure = concession_figure(simulate(cairo.with_variant("talks-resume"), seed=7))
    assert is_count_axis(figure["layout"]["xaxis"])


# -- bars sized to their number -------------------------------------------------------------------------------------

def tornado_rows(n: int) -> list[dict]:
    return [{"parameter": f"p{k}", "low": 0.0, "high": 1.0, "gap_low": -0.1 * k, "gap_high": 0.1 * k,
             "swing": 0.2 * k} for k in range(n)]


class FakeSensitivity:
    """What :func:`sensitivity_figure` reads of a :class:`~accord.uncertainty.Sensitivity`."""

    headline_output = "zopa"

    def __init__(self, rows: list[dict]):
        self.rows = rows

    def indices(self, output=None):
        return tuple(self.rows)


def sobol_rows(values: list[tuple[float, float]]) -> list[dict]:
    return [{"parameter": f"input{k}", "index": total, "first": first, "index_conf": 0.05, "first_conf": 0.05}
            for k, (total, first) in enumerate(values)]


@pytest.mark.parametrize("n", [1, 3, 8, 20])
def test_tornado_height_is_a_frame_plus_a_fixed_height_per_bar(n):
    layout = tornado_figure(tornado_rows(n), central_gap=0.0)["layout"]
    margin = layout["margin"]
    assert margin["t"] == BAR_TOP and margin["b"] == BAR_BOTTOM_NO_NOTE  # no note under the tornado
    assert layout["height"] - margin["t"] - margin["b"] == PER_BAR * n  # the plot area is the bars', no blank
    assert axis_title(layout, "yaxis") and axis_title(layout, "xaxis")


@pytest.mark.parametrize("n", [1, 3, 8, 20])
def test_sobol_height_is_a_frame_plus_two_bars_per_input(n):
    layout = sensitivity_figure(FakeSensitivity(sobol_rows([(0.5, 0.3)] * n)))["layout"]
    assert layout["height"] - layout["margin"]["t"] - layout["margin"]["b"] == 2 * PER_BAR * n


def test_heights_grow_in_proportion_to_the_bars():
    heights = [tornado_figure(tornado_rows(n), central_gap=0.0)["layout"]["height"] for n in (2, 4, 8)]
    assert heights[1] - heights[0] == PER_BAR * 2 and heights[2] - heights[1] == PER_BAR * 4


# -- Sobol indices on their scale --------------------------------------------------------------------------------

def test_sobol_estimates_outside_zero_to_one_are_drawn_at_the_bound_and_kept_in_the_hover():
    rows = sobol_rows([(1.6, 0.9), (0.4, -0.05), (0.2, 0.1)])
    figure = sensitivity_figure(FakeSensitivity(rows))
    total, first = figure["data"]
    assert total["x"] == [1.0, 0.4, 0.2] and first["x"] == [0.9, 0.0, 0.1]
    assert total["customdata"] == [1.6, 0.4, 0.2] and first["customdata"] == [0.9, -0.05, 0.1]
    assert "1.6 (estimate; drawn at 1)" in total["text"][0] and "-0.05 (estimate; drawn at 0)" in first["text"][1]
    layout = figure["layout"]
    assert layout["xaxis"]["range"][0] == 0 and layout["xaxis"]["range"][1] <= 1.05
    assert "0 to 1" in axis_title(layout, "xaxis")
    # the error bars stop at the axis' ends
    assert all(v + plus <= 1.0 + 1e-12 and v - minus >= -1e-12 for v, plus, minus in
               zip(total["x"], total["error_x"]["array"], total["error_x"]["arrayminus"]))


def test_the_total_order_index_is_explained_where_the_totals_exceed_one():
    over = sensitivity_figure(FakeSensitivity(sobol_rows([(0.8, 0.3), (0.7, 0.2)])))
    note = over["layout"]["annotations"][0]["text"].replace("<br>", " ")
    assert "totals can add up to more than 1" in note and "Here the totals add up to 1.50" in note
    assert over["layout"]["meta"]["sum_total"] == pytest.approx(1.5)
    under = sensitivity_figure(FakeSensitivity(sobol_rows([(0.5, 0.4), (0.3, 0.3)])))
    text = under["layout"]["annotations"][0]["text"].replace("<br>", " ")
    assert text == " ".join(SOBOL_NOTE.split()) and "Here the totals" not in text


# -- axis titles that fit ------------------------------------------------------------------------------------------

def test_wrap_title_keeps_every_word_and_fits_the_length():
    text = "Wage increase over the whole contract (percent)"
    wrapped = wrap_title(text, 150)
    lines = wrapped.split("<br>")
    assert " ".join(lines) == text and len(lines) > 1
    assert all(len(line) <= max(12, int(150 / CHAR_PX)) for line in lines)
    assert wrap_title("short", 400) == "short"


def test_forecast_panel_titles_fit_their_panel(cairo):
    doc = {"accord": 1, "name": "wages",
           "issues": {"wage": {"name": "Wage increase over the whole contract", "range": [0, 10], "step": 1,
                               "unit": "percent"},
                      "term": {"name": "Length of the agreement in months", "range": [12, 48], "step": 12,
                               "unit": "months"}},
           "actors": {"u": {"preferences": {"wage": {"values": {0: 0, 10: 1}}, "term": {"values": {12: 1, 48: 0}}}},
                      "m": {"preferences": {"wage": {"values": {0: 1, 10: 0}}, "term": {"values": {12: 0, 48: 1}}}}}}
    scenario = accord.load(doc)
    forecast = {issue: {"challenge": {"rounds": [{"median": 5.0, "mean": 5.0}, {"median": 6.0, "mean": 5.5}]}}
                for issue in ("wage", "term")}
    layout = forecast_rounds_figure(forecast, scenario)["layout"]
    plot = layout["height"] - 180
    for key in ("yaxis", "yaxis2"):
        domain = layout[key]["domain"]
        title = axis_title(layout, key)
        assert "(percent)" in title.replace("<br>", " ") or "(months)" in title.replace("<br>", " ")
        longest = max(len(line) for line in title.split("<br>"))
        assert longest * CHAR_PX <= max((domain[1] - domain[0]) * plot, 12 * CHAR_PX)
    assert is_count_axis(layout["xaxis"])
