"""The single-text mediator: it learns from refusals and drafts within what every party can accept.

Guarantee (docs/simulation.md, "The mediator"): with full information and the parties' default
(time-dependent) strategies, the mediated protocol ends in agreement within any deadline of two rounds or
more exactly when the ZOPA is non-empty. Why: in the last round every party's demand is at its floor and the
mediator's text is in the ZOPA. Checked over small random scenarios and the 12/20/30-party summits.
"""

from __future__ import annotations

import numpy as np
import pytest
from climate_scenario import climate_summit, with_small_zopa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis import analyze
from accord.scenario import from_document
from accord.simulation import DEFAULT_MEDIATOR, MEDIATORS, SingleTextMediator, build_table, simulate


@st.composite
def small_scenarios(draw):
    """Two to four parties, one to three categorical issues (2-4 options), values on a 0.05 grid, some
    red lines, reservations from 0 to 0.6: ZOPAs empty, tiny and large."""
    issues = {f"i{k}": {"options": [f"o{j}" for j in range(draw(st.integers(2, 4)))]}
              for k in range(draw(st.integers(1, 3)))}
    actors = {}
    for p in range(draw(st.integers(2, 4))):
        prefs = {}
        for issue_id, issue in issues.items():
            options = issue["options"]
            pref = {"weight": draw(st.integers(1, 4)), "values": {o: draw(st.integers(0, 20)) / 20 for o in options}}
            if draw(st.integers(0, 4)) == 0:
                pref["reject"] = [draw(st.sampled_from(options))]
            prefs[issue_id] = pref
        actors[f"p{p}"] = {"reservation": draw(st.integers(0, 12)) / 20, "preferences": prefs}
    return {"accord": 1, "issues": issues, "actors": actors}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_scenarios(), st.integers(2, 40))
def test_full_information_finds_a_deal_whenever_the_zopa_is_not_empty(doc, rounds):
    scenario = from_document(doc)
    result = simulate(scenario, protocol="mediated", full_information=True, rounds=rounds, trace=False)
    assert (result.status == "agreement") == (not analyze(scenario, unlock=False).zopa_empty)
    if result.status == "agreement":
        table = build_table(scenario)
        assert table.acceptable[:, table.index_of(result.agreement["outcome"])].all()


@pytest.mark.parametrize(("n_parties", "n_issues"), [(12, 5), (20, 7), (30, 7)])
def test_full_information_finds_one_of_thirty_packages_among_many_parties(n_parties, n_issues):
    scenario = from_document(with_small_zopa(climate_summit(n_parties, n_issues), 30))
    assert 0 < analyze(scenario, unlock=False).acceptable <= 60
    result = simulate(scenario, protocol="mediated", full_information=True, trace=False)
    assert result.status == "agreement" and result.round < 100
    old = simulate(scenario, protocol="mediated", mediator="hill-climbing", full_information=True, trace=False)
    assert old.status == "deadline"  # the hill climber, blind to what parties can accept, does not find it


def test_the_twelve_party_summit_agrees_without_full_information():
    scenario = from_document(with_small_zopa(climate_summit(12, 5), 30))
    assert simulate(scenario, protocol="mediated", trace=False).status == "agreement"


def texts(result):
    table_rows = [row for row in result.trace if row.offer is not None]
    return [(row.round, row.offer, row.responses, row.objections) for row in table_rows]


def test_it_never_drafts_a_text_a_party_refused_firmly_nor_an_option_across_a_learnt_red_line():
    scenario = from_document(climate_summit(12, 5))  # US finance ceiling 600, India's floor 500
    result = simulate(scenario, protocol="mediated", rounds=60)
    table = build_table(scenario)
    rows = [r for r in result.trace if r.offer is not None]
    ruled_out: set[int] = set()
    crossed: set[object] = set()  # finance figures a party said break its red line
    learnt = 0
    for row in rows:
        k = table.index_of(row.offer)
        assert k not in ruled_out
        assert row.offer["finance"] not in crossed
        for party, answer in row.responses.items():
            if answer == "reject" and not table.acceptable[table.party_index(party), k]:
                ruled_out.add(k)
        finance = row.offer["finance"]
        if (finance > 600 and row.responses["usa"] == "reject") or (finance < 500 and row.responses["india"] == "reject"):
            crossed.add(finance)
            learnt += 1
    assert learnt and result.status == "agreement"  # it learnt the red lines, and found a deal within them


def test_deterministic_and_registered():
    scenario = from_document(with_small_zopa(climate_summit(12, 5), 30))
    first = simulate(scenario, protocol="mediated", seed=1)
    again = simulate(scenario, protocol="mediated", seed=2)
    assert first.to_json()["trace"] == again.to_json()["trace"]
    assert DEFAULT_MEDIATOR == "single-text" and MEDIATORS["single-text"] is SingleTextMediator
    assert not SingleTextMediator.traits.stochastic


def test_told_the_red_lines_it_drafts_within_them():
    scenario = from_document(climate_summit(12, 5))
    table = build_table(scenario)
    within = table.allowed.all(axis=0)
    result = simulate(scenario, protocol="mediated", mediator=SingleTextMediator(red_lines=True), rounds=30)
    drafted = [table.index_of(row.offer) for row in result.trace if row.offer is not None]
    assert drafted and all(within[k] for k in drafted)
    assert not np.all(within)
