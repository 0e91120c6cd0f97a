"""The briefing's figures in notebook displays: drawn from the same figure dictionaries as the briefing and
``--format png`` (:func:`accord.report.render_png.svg`), as inline SVG that is deterministic, bounded and
inert whatever the scenario's text holds; without matplotlib the display keeps its small bar charts and says
what ``accord[report]`` adds (docs/notebooks.md)."""

from __future__ import annotations

import copy
import re
import sys

import pytest
from test_report_injection import HOSTILE, HOSTILE_FILE, Page

import accord
from accord import notebook
from accord.report.figures import outcome_space_figure, red_line_figure
from accord.report.forecast_figures import forecast_rounds_figure
from accord.report.render_png import DENSE, svg
from accord.report.safe_html import escape
from accord.store.runs import Timeline
from accord.tournament import TournamentResult

pytest.importorskip("matplotlib")

SVG_TAGS = {"svg", "defs", "style", "g", "path", "use", "clippath", "rect", "text", "image", "metadata"}
NOTEBOOK_TAGS = {"style", "div", "b", "p", "table", "thead", "tbody", "tr", "th", "td"}


@pytest.fixture(scope="module")
def cairo():
    return accord.load()


def drawn_titles(html: str) -> list[str]:
    """The text of every ``<text>`` element of the inline figures, unescaped (titles, labels, legends)."""
    page = Page("".join(re.findall(r"<svg.*?</svg>", html, flags=re.S)))
    return page.text


def figure_count(html: str) -> int:
    return len(re.findall(r"<svg[^>]*class=\"accord-figure\"", html))


def test_an_analysis_shows_the_briefing_s_red_lines_and_outcome_space(cairo):
    result = accord.analyze(cairo, variant="phased-ceasefire")
    html = result._repr_html_()
    texts = drawn_titles(html)
    assert figure_count(html) == 2
    assert "Red lines: which options each party can accept" in texts
    assert "Outcome space (phased-ceasefire)" in texts and "nash" in texts  # the legend names the solutions
    # the figure is the briefing's: the same dictionary rendered by the same function
    model = result.scenario_model
    assert svg(red_line_figure(model), notebook.FIGURE_WIDTH) in html
    assert svg(outcome_space_figure(model, result), notebook.FIGURE_WIDTH) in html
    assert re.search(r"<svg[^>]*width=\"560\"", html)


@pytest.mark.parametrize("make, titles", [
    (lambda c: accord.compare(c), ["What-ifs side by side"]),
    (lambda c: accord.simulate(c, variant="talks-resume", seed=1), ["Concessions (alternating, agreement)"]),
    (lambda c: accord.forecast(c), ["Forecast round by round (challenge model)"]),
    (lambda c: accord.montecarlo(c, runs=60, all_variants=True, sensitivity_runs=16),
     ["P(a zone of agreement) with 95% intervals", "What drives P(a zone of agreement): Sobol indices",
      "Tornado: the deal gap with one input at a time at either end",
      "How far from a deal: the deal gap over the draws"]),
    (lambda c: accord.tournament(strategies="boulware,conceder", reps=1, rounds=20, no_events=True),
     ["Mean utility by scenario"]),
])
def test_each_result_with_a_briefing_figure_shows_it(cairo, make, titles):
    html = make(cairo)._repr_html_()
    texts = drawn_titles(html)
    assert all(title in texts for title in titles), (titles, texts[:20])
    assert 1 <= figure_count(html) <= notebook.FIGURES
    assert "accord[report]" not in html and "<script" not in html


def test_a_forecast_labels_its_panels_as_the_briefing_does(cairo):
    """The notebook's forecast figure is the briefing's, drawn with the scenario: panels carry the issues' names
    and options, not their ids."""
    result = accord.forecast(cairo)
    html = result._repr_html_()
    assert result.scenario_model is cairo and "scenario_model" not in result.to_json()
    assert svg(forecast_rounds_figure(result.found, cairo), notebook.FIGURE_WIDTH) in html
    assert svg(forecast_rounds_figure(result.found), notebook.FIGURE_WIDTH) not in html
    texts = " ".join(drawn_titles(html))
    assert cairo.issues["rafah"].name in texts


def test_the_same_figure_renders_to_the_same_bytes(cairo):
    result = accord.analyze(cairo, variant="phased-ceasefire")
    figure = outcome_space_figure(cairo.with_variant("phased-ceasefire"), result)
    first = svg(figure)
    assert svg(copy.deepcopy(figure)) == first  # no date, no random ids
    assert result._repr_html_() == accord.analyze(cairo, variant="phased-ceasefire")._repr_html_()
    assert "<?xml" not in first and "DOCTYPE" not in first and first.startswith("<svg")
    # the drawing's own style rule applies to its element only, not to the page around it
    assert re.findall(r"<style[^>]*>([^<]*)</style>", first) == [
        "svg.accord-figure *{stroke-linejoin: round; stroke-linecap: butt}"]
    changed = copy.deepcopy(figure)
    changed["layout"]["title"]["text"] = "Another title"
    assert svg(changed) != first and "Another title" in svg(changed)


def test_without_matplotlib_the_display_keeps_its_bars_and_says_what_the_extra_adds(cairo, monkeypatch):
    result = accord.compare(cairo)
    with_figures = result._repr_html_()
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ModuleNotFoundError
    html = result._repr_html_()
    assert html.count(escape(notebook.NO_FIGURES)) == 1 and "accord[report]" in html
    assert figure_count(html) == 0 and "<svg" in html  # today's small bar chart
    assert "Share of packages acceptable to every party" in html
    assert "accord[report]" not in with_figures and "Share of packages acceptable" not in with_figures
    # a result without a briefing figure says nothing about it
    assert "accord[report]" not in accord.evaluate(cairo, {"ceasefire": "phased", "rafah": "limited", "hostages": "phased"})._repr_html_()


def test_the_figures_of_a_display_are_bounded_in_number_and_size(cairo, monkeypatch):
    report = accord.montecarlo(cairo, runs=40, all_variants=True, sensitivity_runs=16)
    monkeypatch.setattr(notebook, "FIGURES", 2)
    assert figure_count(report._repr_html_()) == 2
    monkeypatch.setattr(notebook, "FIGURE_BYTES", 1_000)
    html = accord.analyze(cairo)._repr_html_()
    assert figure_count(html) == 0
    assert "Figure left out (Red lines: which options each party can accept)" in html
    # a scenario past the limits keeps its tables: no outcome space, no red-line heatmap
    monkeypatch.setattr(notebook, "FIGURE_BYTES", 400_000)
    monkeypatch.setattr(notebook, "OUTCOME_SPACE_LIMIT", 10)
    assert "Outcome space" not in drawn_titles(accord.analyze(cairo)._repr_html_())
    monkeypatch.setattr(notebook, "RED_LINE_LIMIT", (1, 100))
    assert figure_count(accord.analyze(cairo)._repr_html_()) == 0


def test_a_dense_outcome_space_is_drawn_as_an_image_inside_the_svg():
    options = [f"o{k}" for k in range(16)]
    doc = {"accord": 1, "name": "dense", "issues": {i: {"options": options} for i in ("a", "b", "c")},
           "actors": {p: {"reservation": 0.2, "preferences": {
               i: {"weight": 1, "values": {o: (k if p == "p" else 15 - k) / 15 for k, o in enumerate(options)}}
               for i in ("a", "b", "c")}} for p in ("p", "q")}}
    html = accord.analyze(doc)._repr_html_()
    assert 16 ** 3 > DENSE and "Outcome space" in drawn_titles(html)
    # the ZOPA's 3,766 points and the frontier's are each one image (the red-line heatmap is a third); the 330
    # points outside the ZOPA stay markers
    assert html.count("<image") == 3 and html.count("<use") < 500
    assert len(html) < 2 * notebook.FIGURE_BYTES


def hostile_displays() -> list[str]:
    hostile = accord.load(str(HOSTILE_FILE))
    bad = HOSTILE
    version = {"version": 1, "ref": "v1" + bad[1], "as_of": "2024-05-01" + bad[0], "note": bad[2], "sha256": "0" * 64,
               "outcomes": 33, "zopa": 0, "blockers": [], "nash": None, "p_zopa": 0.25, "p_zopa_ci": [0.2, 0.3],
               "montecarlo_run": 1, "p_deal": None, "p_deal_ci": None, "simulation_montecarlo_run": None}
    stat = {"mean": 0.5, "ci95": [0.4, 0.6]}
    ranking = tuple({"rank": k + 1, "strategy": name, "utility": stat, "agreement_rate": stat,
                     "distance_to_pareto": stat, "distance_to_nash": stat, "social_welfare": stat, "observations": 10}
                    for k, name in enumerate(bad[:3]))
    tournament = TournamentResult({"scenarios": bad[4]}, ranking,
                                  ({"scenario": bad[5] + " $x^2$ $", "utility": {n: 0.5 for n in bad[:3]}},), 30)
    return [accord.analyze(hostile)._repr_html_(), accord.compare(hostile)._repr_html_(),
            accord.forecast(hostile)._repr_html_(),
            accord.montecarlo(hostile, runs=40, all_variants=True, sensitivity_runs=16)._repr_html_(),
            Timeline("talks " + bad[0] + bad[4],
                     (version, {**version, "version": 2, "as_of": "2024-05-09", "note": bad[6]}))._repr_html_(),
            tournament._repr_html_()]


def test_hostile_names_in_figures_stay_text():
    """The injection test of the briefing, on notebook displays: the only elements are the display's own and
    the drawing's, no script, no event handler, no link but to the drawing's own parts or its embedded
    images, and the scenario's text is shown literally (a "$" is a dollar, not TeX)."""
    displays = hostile_displays()
    for html in displays:
        page = Page(html)
        assert {tag for tag, _ in page.tags} <= NOTEBOOK_TAGS | SVG_TAGS, {t for t, _ in page.tags}
        assert not [(t, a) for t, a in page.tags for name in a if name.startswith("on")], "an event handler"
        links = [value for _, a in page.tags for name, value in a.items() if name.endswith("href")]
        assert all(link.startswith(("#", "data:image/png;base64,")) for link in links), links
        assert all("url(" not in a.get("style", "") for _, a in page.tags)
    timeline, tournament = drawn_titles(displays[4]), drawn_titles(displays[5])
    assert any(HOSTILE[0] in t for t in timeline) and "2024-05-01" + HOSTILE[0] in timeline
    assert HOSTILE[1] in tournament and HOSTILE[5] + " $x^2$ $" in tournament
    assert sum(figure_count(html) for html in displays) >= 8
