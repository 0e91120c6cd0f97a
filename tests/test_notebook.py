"""Results in a notebook: every result type's display (``_repr_html_``) shows its key numbers and stays
bounded, and its ``to_frame()`` has the rows and columns its JSON implies (docs/notebooks.md)."""

from __future__ import annotations

import importlib
import re
from html import unescape

import numpy as np
import pytest

import accord
from accord import notebook
from accord.analysis import Analysis
from accord.analysis._analyze import PARETO_LIMIT, Deal
from accord.analysis.frontier import Frontier
from accord.errors import MissingExtra

pd = pytest.importorskip("pandas")

PROPOSAL = {"ceasefire": "phased", "rafah": "limited", "hostages": "phased"}


@pytest.fixture(scope="module")
def cairo():
    return accord.load()


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_a_scenario_shows_its_issues_and_actors_and_its_frame_has_one_row_per_actor_issue_option(cairo):
    html = cairo._repr_html_()
    assert all(issue in html for issue in cairo.issues) and all(actor in html for actor in cairo.actors)
    assert f"{cairo.outcome_count:,} outcomes" in html
    frame = cairo.to_frame()
    expected = sum(cairo.issues[i].size for a in cairo.actors.values() for i in a.preferences)
    assert len(frame) == expected
    assert list(frame.columns) == ["actor", "role", "issue", "weight", "option", "value", "acceptable"]
    # hamas's red line on the ceasefire rejects some options: the frame says which
    hamas = frame[(frame.actor == "hamas") & (frame.issue == "ceasefire")]
    assert (~hamas.acceptable).any() and hamas.acceptable.any()


def test_an_analysis_with_a_zopa_shows_the_solutions_and_its_frame_is_the_json_frontier(cairo):
    result = accord.analyze(cairo, variant="phased-ceasefire")
    data = result.to_json()
    html = result._repr_html_()
    nash = data["solutions"]["nash"]
    assert f"{data['acceptable']:,} of {data['outcomes']:,} packages" in html
    assert all(f"{u:.4g}" in html for u in nash["utilities"].values())
    frame = result.to_frame()
    assert len(frame) == len(data["pareto"])
    assert list(frame.columns) == ["package", *cairo.issues, *[f"u_{a}" for a in nash["utilities"]]]
    first = data["pareto"][0]
    assert frame.iloc[0][list(cairo.issues)].to_dict() == first["outcome"]
    assert frame.iloc[0]["u_israel"] == first["utilities"]["israel"]


def test_an_analysis_without_a_zopa_shows_what_blocks_it(cairo):
    result = accord.analyze(cairo)
    html = text_of(result._repr_html_())
    assert "What blocks it" in html and result.blockers[0].describe().split(" ")[2] in html
    assert len(result.to_frame()) == len(result.to_json()["pareto"])


def huge_analysis(size: int, made: list[int]) -> Analysis:
    """An analysis whose frontier holds ``size`` packages, built lazily; ``made`` counts the deals built."""
    u = np.vstack([np.linspace(1, 0, size), np.linspace(0, 1, size)])

    def deal(k: int) -> Deal:
        made.append(k)
        return Deal({"x": k, "y": size - k}, {"a": float(u[0, k]), "b": float(u[1, k])})

    return Analysis("huge", None, ("a", "b"), size * size, size * size, Frontier(deal, u, ("a", "b")),
                    {"nash": deal(size // 2)}, ())


def test_a_display_of_a_million_package_frontier_is_bounded_and_says_what_it_hides():
    made: list[int] = []
    result = huge_analysis(10**6, made)
    made.clear()
    html = result._repr_html_()
    # counted, not timed: a few rows of the frontier are built and shown, whatever its size
    assert len(made) <= notebook.ROWS + 2
    assert len(html) < 20_000
    assert "1,000,000 packages" in html
    assert f"{notebook.ROWS} of 1,000,000 rows shown; {10**6 - notebook.ROWS:,} hidden" in html
    # the frame keeps the JSON's cap unless asked for more
    assert len(result.to_frame()) == PARETO_LIMIT
    assert len(result.to_frame(pareto_limit=50)) == 50


def test_a_comparison_shows_every_variant_with_a_chart_and_its_frame_has_one_row_per_variant(cairo):
    result = accord.compare(cairo)
    data = result.to_json()
    html = result._repr_html_()
    assert all(row["variant"] in html for row in data["rows"] if row["variant"])
    assert all(f"{row['acceptable']}/{row['outcomes']}" in html for row in data["rows"])
    assert "<svg" in html and "<script" not in html
    frame = result.to_frame()
    assert len(frame) == len(data["rows"])
    assert list(frame.acceptable) == [row["acceptable"] for row in data["rows"]]
    opened = next(row for row in data["rows"] if row["nash"])
    got = frame[frame.variant == opened["variant"]].iloc[0]
    assert {k: got[f"nash_{k}"] for k in opened["nash"]["outcome"]} == opened["nash"]["outcome"]


def test_an_evaluation_shows_each_verdict_and_its_frame_has_one_row_per_party(cairo):
    result = accord.evaluate(cairo, PROPOSAL)
    data = result.to_json()
    html = result._repr_html_()
    assert ("not accepted" in html) == (not data["accepted"])
    frame = result.to_frame()
    assert len(frame) == len(data["verdicts"])
    assert list(frame.columns) == ["party", "accepts", "utility", "reservation", "reasons"]
    assert list(frame.utility) == [v["utility"] for v in data["verdicts"]]


def test_a_simulation_shows_how_it_ended_and_its_frame_has_one_row_per_round(cairo):
    result = accord.simulate(cairo, variant="talks-resume", seed=1)
    data = result.to_json()
    html = result._repr_html_()
    assert f"round {data['round']}" in html and data["status"] in html
    frame = result.to_frame()
    assert len(frame) == len(data["trace"])
    assert list(frame["round"]) == [row["round"] for row in data["trace"]]
    assert "note" in frame.columns and "proposer" in frame.columns
    # the trace is cut to its last rows (the concession figure beside it: tests/test_notebook_figures.py)
    assert len(re.sub(r"<svg.*?</svg>", "", html, flags=re.S)) < 30_000


def test_a_batch_shows_its_shares_and_its_frame_has_one_row_per_run(cairo):
    result = accord.simulate(cairo, variant="talks-resume", runs=4, seed=3)
    data = result.to_json()
    html = result._repr_html_()
    assert f"P(agreement) {data['p_agreement']:.1%}" in html
    frame = result.to_frame()
    assert len(frame) == data["runs"] and list(frame.seed) == [3, 4, 5, 6]
    assert (frame.status == "agreement").mean() == data["p_agreement"]


def test_a_forecast_shows_each_model_per_issue_and_its_frame_has_one_row_per_issue_and_model(cairo):
    result = accord.forecast(cairo)
    data = result.to_json()
    html = result._repr_html_()
    assert all(issue in html for issue in data["issues"]) and "challenge" in html
    frame = result.to_frame()
    assert len(frame) == sum(len(models) for models in data["issues"].values())
    row = frame[(frame.issue == "rafah") & (frame.model == "median")].iloc[0]
    assert row.position == data["issues"]["rafah"]["median"] and row.option == data["options"]["rafah"]["median"]


def test_an_smp_run_has_one_row_per_state_actor_and_dimension(cairo):
    from accord.forecast.smp import run_smp, scenario_input

    result = run_smp(scenario_input(cairo))
    data = result.to_json()
    frame = result.to_frame()
    assert len(frame) == data["states"] * len(result.actors) * len(result.dimensions)
    assert list(frame.columns) == ["state", "actor", "dimension", "position", "prob"]
    assert f"{data['states']} states" in result._repr_html_()
    both = accord.forecast(cairo, model=["median", "smp"])
    assert len(both.to_frame(part="smp")) == len(frame)


def test_a_monte_carlo_report_shows_p_zopa_per_variant_and_its_frame_has_one_row_per_draw(cairo):
    result = accord.montecarlo(cairo, runs=60, all_variants=True, sensitivity_runs=0)
    data = result.to_json()
    html = result._repr_html_()
    assert f"P(ZOPA) {data['p_zopa']:.1%}" in html and "<svg" in html
    assert all(name in html for name in data["variants"])
    frame = result.to_frame()
    assert len(frame) == data["runs"] * (1 + len(data["variants"]))
    assert set(frame.variant.dropna()) == set(data["variants"])
    # the parts display too: the base's analysis and the paired comparison
    assert len(result.analysis.to_frame()) == 60 and "P(ZOPA)" in result.analysis._repr_html_()
    assert len(result.comparison.to_frame()) == len(frame)
    assert "vs base (paired)" in result.comparison._repr_html_()


def test_simulated_talks_and_the_sensitivity_display_and_frame(cairo):
    result = accord.montecarlo(cairo, variant="phased-ceasefire", runs=40, simulate=True, rounds=30,
                               sensitivity_runs=32)
    sim = result.simulation
    assert f"P(agreement) {sim.p_agreement:.1%}" in sim._repr_html_()
    assert len(sim.to_frame()) == sim.runs
    found = result.sensitivity
    data = found.to_json()
    frame = found.to_frame()
    assert len(frame) == len(data["sobol"]["zopa"]["indices"]) + len(data["sobol"]["deal_gap"]["indices"])
    assert list(frame.columns) == ["output", "parameter", "index", "first", "index_conf", "first_conf",
                                   "index_low", "index_high", "first_low", "first_high", "meaningful"]
    first = data["sobol"]["zopa"]["indices"][0]
    assert [frame.index_low[0], frame.index_high[0]] == first["index_ci"]
    assert frame.meaningful[0] == data["sobol"]["zopa"]["meaningful"]
    html = found._repr_html_()
    assert "Sobol indices" in html and found.indices()[0]["parameter"] in html


def test_a_tournament_shows_its_ranking_and_its_frame_has_one_row_per_strategy():
    run = accord.tournament(strategies="boulware,conceder", reps=1, rounds=20, no_events=True)
    data = run.to_json()
    frame = run.to_frame()
    assert len(frame) == len(data["ranking"]) == 2
    assert list(frame.strategy) == [r["strategy"] for r in data["ranking"]]
    assert list(frame.utility) == [r["utility"]["mean"] for r in data["ranking"]]
    html = run._repr_html_()
    assert f"{data['negotiations']:,} negotiations" in html and "<svg" in html
    assert len(run.result.to_frame()) == 2


def test_an_extraction_has_one_row_per_attribution():
    found = accord.extract("Talks\n\nThe minister said that the ceasefire must be permanent. "
                           "Hamas said it would not accept a phased deal.")
    data = found.to_json()
    assert len(found.to_frame()) == len(data["attributions"]) >= 1
    assert f"{len(data['attributions'])} attributions" in found._repr_html_()


def test_a_diff_a_rerun_and_a_timeline_display_and_frame(cairo):
    from accord.store.runs import Rerun, Timeline

    diff = accord.diff(cairo, accord.load(variant="phased-ceasefire"))
    assert len(diff.to_frame()) == len(diff.to_json()["changes"]) > 0
    assert diff.changes[0].summary in text_of(diff._repr_html_())
    rerun = Rerun(3, "analyze", True, (), "ab" * 32, "ab" * 32)
    assert "reproduces" in rerun._repr_html_() and len(rerun.to_frame()) == 1
    version = {"version": 1, "ref": "v1", "as_of": "2024-05-01", "note": "<b>first</b>", "sha256": "0" * 64,
               "outcomes": 60, "zopa": 0, "blockers": [], "nash": None, "p_zopa": 0.25, "p_zopa_ci": [0.2, 0.3],
               "montecarlo_run": 1, "p_deal": None, "p_deal_ci": None, "simulation_montecarlo_run": None}
    timeline = Timeline("cairo", (version, {**version, "version": 2, "zopa": 4}))
    frame = timeline.to_frame()
    assert len(frame) == 2 and list(frame.zopa) == [0, 4] and frame.p_zopa_low[0] == 0.2
    html = timeline._repr_html_()
    assert "&lt;b&gt;first&lt;/b&gt;" in html and "<b>first</b>" not in html  # user text is escaped


def test_user_text_is_escaped_in_every_table_and_chart():
    html = notebook.table([{"a": "<script>x</script>"}]) + notebook.bars(["<img>"], [0.5], title="<t>", axis="&")
    assert "<script>" not in html and "<img>" not in html and "&lt;script&gt;" in html


def test_to_frame_without_pandas_is_a_one_line_missing_extra(cairo, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ModuleNotFoundError
    with pytest.raises(MissingExtra, match=r"pip install 'accord\[notebook\]'"):
        cairo.to_frame()


def test_every_result_type_has_a_display_and_a_frame():
    from accord.analysis import Comparison, Evaluation
    from accord.backends.tournament import TournamentRun
    from accord.extract import Extraction
    from accord.forecast.result import Forecast
    from accord.forecast.smp import SMPResult
    from accord.scenario import Scenario
    from accord.simulation.batch import BatchSummary
    from accord.simulation.engine import SimulationResult
    from accord.store.diff import Diff
    from accord.store.runs import Rerun, Timeline
    from accord.tournament import TournamentResult
    from accord.uncertainty.montecarlo import MonteCarloResult, VariantComparison
    from accord.uncertainty.report import MonteCarloReport
    from accord.uncertainty.simulation import SimulationMonteCarlo
    from accord.uncertainty.sobol import Sensitivity

    types = [Analysis, Comparison, Evaluation, SimulationResult, BatchSummary, Forecast, SMPResult, MonteCarloReport,
             MonteCarloResult, VariantComparison, SimulationMonteCarlo, Sensitivity, TournamentResult, TournamentRun,
             Extraction, Timeline, Rerun, Diff, Scenario]
    for cls in types:
        assert callable(getattr(cls, "_repr_html_", None)) and callable(getattr(cls, "to_frame", None)), cls
        assert cls.__name__ in notebook._HTML, cls


def test_the_entry_points_share_one_calling_convention(cairo):
    # a scenario, a path, a packaged example's name or nothing; keyword options named as the command line's
    by_path = accord.analyze(cairo.file, variant="phased-ceasefire").to_json()
    assert by_path == accord.analyze(cairo.with_variant("phased-ceasefire")).to_json()
    assert accord.load("eu-nature-restoration-2024").name == accord.load(
        accord.load("eu-nature-restoration-2024").file).name
    assert callable(accord.forecast) and callable(accord.tournament) and callable(accord.extract)
    importlib.import_module("accord.forecast.result")  # importing a submodule keeps the package callable
    assert accord.forecast(cairo, model="median").to_json()["issues"]["rafah"]["median"] == 100.0
    assert accord.simulate(strategy=["israel=conceder"], seed=1).strategies["israel"].startswith("conceder")
