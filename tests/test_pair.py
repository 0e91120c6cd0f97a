"""The pair of parties most in conflict (accord.analysis.pair): the exact additive correlation against brute
force over every outcome, interactions, ties, and the red-line rule."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis import analyze
from accord.analysis.pair import conflicting_pair, correlations
from accord.scenario import from_document
from accord.scenario import outcomes as oc


def doc_of(values, weights, interaction=None):
    """Parties p0.. with per-issue option values and weights; issues i0.. with options o0..."""
    issues = {f"i{j}": {"options": [f"o{k}" for k in range(len(values[0][j]))]} for j in range(len(values[0]))}
    actors = {}
    for a, (vals, ws) in enumerate(zip(values, weights)):
        prefs = {f"i{j}": {"weight": w, "values": {f"o{k}": v for k, v in enumerate(row)}}
                 for j, (row, w) in enumerate(zip(vals, ws))}
        actors[f"p{a}"] = {"reservation": 0.0, "preferences": prefs}
    doc = {"accord": 1.1, "name": "pairs", "issues": issues, "actors": actors}
    if interaction is not None:
        actors["p0"]["interactions"] = [interaction]
    return doc


@st.composite
def scenarios(draw):
    parties = draw(st.integers(3, 5))
    shape = draw(st.lists(st.integers(2, 4), min_size=1, max_size=3))
    unit = st.integers(0, 10).map(lambda x: x / 10)
    values = [[[draw(unit) for _ in range(k)] for k in shape] for _ in range(parties)]
    weights = [[draw(st.integers(1, 3)) for _ in shape] for _ in range(parties)]
    return doc_of(values, weights)


def brute(scenario):
    digits = oc.unravel([i.size for i in scenario.issues.values()], np.arange(scenario.outcome_count))
    return oc.utilities(scenario, digits, scenario.parties)


@given(scenarios())
@settings(max_examples=60, deadline=None)
def test_the_additive_correlations_equal_brute_force_over_every_outcome(doc):
    scenario = from_document(doc)
    r, approximate = correlations(scenario)
    u = brute(scenario)
    flat = u.std(axis=1) <= 1e-12
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = np.corrcoef(u)
    expected[flat, :] = 1.0
    expected[:, flat] = 1.0
    assert not approximate
    np.testing.assert_allclose(r, expected, atol=1e-9)
    pair = conflicting_pair(scenario, ())
    a, b = (scenario.parties.index(p) for p in pair.parties)
    assert a < b and r[a, b] <= expected[np.triu_indices(len(u), 1)].min() + 1e-9


def test_interactions_are_counted_by_enumerating_the_space():
    doc = doc_of([[[0, 1], [0, 1]], [[1, 0], [0, 1]], [[0, 1], [1, 0]]], [[1, 1]] * 3,
                 interaction={"when": {"i0": ["o1"], "i1": ["o1"]}, "weight": 3, "value": 1})
    scenario = from_document(doc)
    r, approximate = correlations(scenario)
    assert not approximate
    np.testing.assert_allclose(r, np.corrcoef(brute(scenario)), atol=1e-12)


def test_ties_go_to_the_first_pair_in_the_scenarios_order():
    # p1 and p2 are copies: (p0, p1) and (p0, p2) are equally opposed; (p0, p1) comes first
    same = [[0, 0.5, 1]]
    doc = doc_of([[[1, 0.5, 0]], same, same], [[1]] * 3)
    pair = conflicting_pair(from_document(doc), ())
    assert pair.parties == ("p0", "p1") and pair.correlation == pytest.approx(-1.0)


def test_red_lines_in_conflict_name_the_pair_and_two_parties_are_themselves():
    doc = doc_of([[[0, 0.5, 1]], [[1, 0.5, 0]], [[0, 1, 0]]], [[1]] * 3)
    doc["actors"]["p2"]["preferences"]["i0"]["min"] = None
    doc["actors"]["p0"]["preferences"]["i0"]["reject"] = ["o0", "o1"]
    doc["actors"]["p2"]["preferences"]["i0"]["accept"] = ["o0", "o1"]
    del doc["actors"]["p2"]["preferences"]["i0"]["min"]
    scenario = from_document(doc)
    found = analyze(scenario)
    assert found.conflicting_pair.parties == ("p0", "p2") and found.conflicting_pair.reason == "red-lines"
    assert found.to_json()["conflicting_pair"]["issue"] == "i0"
    two = from_document(doc_of([[[0, 1]], [[1, 0]]], [[1]] * 2))
    assert analyze(two).conflicting_pair.to_json() == {"parties": ["p0", "p1"], "reason": "two-parties"}
    assert "conflicting_pair" not in analyze(two).to_json()  # version 1's two-party contract is unchanged


def test_interactions_beyond_the_enumeration_bound_use_the_additive_part_and_say_so(monkeypatch):
    import accord.analysis.pair as pair

    doc = doc_of([[[0, 1], [0, 1]], [[1, 0], [0, 1]], [[0, 1], [1, 0]]], [[1, 1]] * 3,
                 interaction={"when": {"i0": ["o1"], "i1": ["o1"]}, "weight": 3, "value": 1})
    monkeypatch.setattr(pair, "MAX_PAIR_CELLS", 3 * 4 - 1)  # 3 parties x 4 outcomes: one cell too many
    r, approximate = pair.correlations(from_document(doc))
    assert approximate
    assert pair.conflicting_pair(from_document(doc), ()).to_json()["approximate"] is True
    additive = dict(doc)
    additive["actors"] = {k: {**v, "interactions": []} if "interactions" in v else v for k, v in doc["actors"].items()}
    np.testing.assert_allclose(r, correlations(from_document(additive))[0], atol=1e-12)
