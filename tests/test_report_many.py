"""The briefing with many parties (12 and 30 at a climate summit): laid out to be read, bounded in size.

The bottom line comes first, the positions tables are collapsed above eight parties, the outcome-space
scatter shows the pair of parties most in conflict, no figure draws a series per party beyond a few named
ones, and no two parties share a (colour, marker) pair.
"""

import json
import re
from types import SimpleNamespace

import numpy as np
import pytest
from climate_scenario import climate_summit
from test_report import plotted

import accord
from accord.analysis import analyze
from accord.analysis.pair import conflicting_pair
from accord.report import briefing, nash_utilities_figure
from accord.report._briefing import COLLAPSE_ABOVE
from accord.report.chart_style import NAMED_MAX, PARTY_COLOURS, party_styles
from accord.report.figures import outcome_space_figure, red_line_figure
from accord.simulation.table import build_table

PAGE_BYTES = 1_500_000  # the page less plotly.js: text, tables and the figures' data


@pytest.fixture(scope="module", params=[12, 30])
def summit(request):
    scenario = accord.scenario.from_document(climate_summit(request.param, clash=True))
    return scenario, briefing(scenario, seed=0)


def legend_entries(data: list[dict]) -> set[str]:
    """The names a figure's legend lists (a legend group once)."""
    return {t.get("legendgroup") or t.get("name") for t in data if t.get("showlegend", True) and t.get("name")}


def test_the_page_is_bounded_and_the_bottom_line_comes_first(summit):
    scenario, page = summit
    plotly_js = max(re.findall(r"<script>(.*?)</script>", page, re.S), key=len)
    assert len(page.encode()) - len(plotly_js.encode()) < PAGE_BYTES
    titles = re.findall(r"<h2>([^<]+)</h2>", page)
    assert titles[0] == "Bottom line" and titles.index("Parties and their stated positions") < titles.index("Analysis")
    assert "usa" in page[page.index("<div class='bottom'>"):page.index("</div>", page.index("<div class='bottom'>"))]


def test_the_positions_are_collapsed_above_eight_parties_and_open_below(summit):
    scenario, page = summit
    assert len(scenario.parties) > COLLAPSE_ABOVE
    actors = re.findall(r"<details class='actor'( open)?>", page)
    assert len(actors) == len(scenario.actors) and not any(actors)
    few = accord.load()  # the Cairo talks: two parties
    assert len(few.parties) <= COLLAPSE_ABOVE
    opened = re.findall(r"<details class='actor'( open)?>", briefing(few, include_simulation=False))
    assert opened and all(opened)


def test_no_figure_draws_a_series_per_party(summit):
    scenario, page = summit
    figures = plotted(page)
    assert figures
    for data, layout in figures:
        title = layout["title"]["text"]
        if data[0]["type"] == "heatmap":
            continue
        assert len(legend_entries(data)) <= NAMED_MAX + 4, title
        if title.startswith("Concessions"):  # was one line per proposer and party: 144 at 12, 900 at 30
            assert len(data) <= NAMED_MAX + 2 and f"{len(scenario.parties) - NAMED_MAX} other parties" in \
                json.dumps(data)
        legend = layout.get("legend", {})
        if title.startswith(("Outcome space", "Concessions")):  # outside the axes, right of the plot
            assert legend.get("x", 0) > 1 and legend.get("xanchor") == "left", title


def test_the_scatter_shows_the_pair_in_the_minimal_conflicting_set(summit):
    scenario, page = summit
    found = analyze(scenario)
    assert ("india", "usa") in {tuple(sorted(s)) for b in found.blockers for s in (b.minimal_conflicts or ())}
    assert found.conflicting_pair.parties == ("usa", "india")
    assert found.to_json()["conflicting_pair"] == {"parties": ["usa", "india"], "reason": "red-lines",
                                                   "issue": found.conflicting_pair.issue}
    scatter = next(layout for _, layout in plotted(page) if layout["title"]["text"].startswith("Outcome space"))
    assert scatter["xaxis"]["title"]["text"].startswith("utility of usa")
    assert scatter["yaxis"]["title"]["text"].startswith("utility of india")


@pytest.mark.parametrize("n", [12, 30])
def test_without_a_red_line_conflict_the_pair_is_the_least_correlated(n):
    scenario = accord.scenario.from_document(climate_summit(n))
    found = analyze(scenario)
    assert not any(b.minimal_conflicts for b in found.blockers)
    table = build_table(scenario)
    u = table.utilities[[table.actors.index(p) for p in scenario.parties]]
    r = np.corrcoef(u)  # brute force: every outcome, every pair
    pair = conflicting_pair(scenario, found.blockers)
    assert pair.reason == "least-correlated" and pair == found.conflicting_pair
    a, b = (scenario.parties.index(p) for p in pair.parties)
    assert r[a, b] == pytest.approx(r[np.triu_indices(len(u), 1)].min(), abs=1e-9)
    assert pair.correlation == pytest.approx(r[a, b], abs=1e-9)
    i = a
    assert outcome_space_figure(scenario, found)["layout"]["xaxis"]["title"]["text"].startswith(
        f"utility of {scenario.parties[i]}")


def test_no_two_parties_share_a_colour_and_a_marker():
    parties = [f"p{k}" for k in range(30)]
    styles = party_styles(parties)
    assert len({(s["color"], s["symbol"]) for s in styles.values()}) == 30
    assert len({styles[p]["color"] for p in parties[:len(PARTY_COLOURS)]}) == len(PARTY_COLOURS) > 10


def test_the_drawn_parties_of_the_summary_charts_keep_distinct_styles(summit):
    scenario, page = summit
    concessions = next(d for d, layout in plotted(page) if layout["title"]["text"].startswith("Concessions"))
    drawn = [(t["marker"]["color"], t["marker"]["symbol"]) for t in concessions if t["name"].startswith("u_")]
    assert len(drawn) == NAMED_MAX and len(set(drawn)) == len(drawn)


def test_the_red_line_map_labels_every_party_at_thirty():
    scenario = accord.scenario.from_document(climate_summit(30, clash=True))
    figure = red_line_figure(scenario)
    heat, layout = figure["data"][0], figure["layout"]
    assert heat["y"] == list(scenario.parties)
    assert layout["yaxis"]["dtick"] == 1 and layout["xaxis"]["dtick"] == 1  # no label thinned out
    assert (layout["height"] - 260) / len(scenario.parties) >= 20  # px per row


def test_the_nash_utilities_figure_names_the_lowest_parties_and_counts_the_rest():
    parties = tuple(f"p{k}" for k in range(30))
    rng = np.random.default_rng(0)
    utilities = rng.uniform(size=(200, 30)) + np.arange(30)  # p0 lowest, p29 highest
    result = SimpleNamespace(parties=parties, actors=parties, utilities=utilities, zopa=np.ones(200, bool), runs=200)
    figure = nash_utilities_figure(result)
    assert [t["meta"]["label"] for t in figure["data"]] == list(parties[:NAMED_MAX])
    assert f"{30 - NAMED_MAX} others not shown" in figure["layout"]["title"]["text"]
