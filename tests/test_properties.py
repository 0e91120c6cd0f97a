"""Property tests: the engine against a brute force written from the definitions.

Random small scenarios (2-3 parties, 1-3 issues, red lines, reservations);
the brute force enumerates every outcome with plain Python, applies the
format's definitions literally (tolerance 1e-9), and the engine must agree.
Weights are integers and values multiples of 0.05, so distinct utilities
differ by far more than the tolerance and equal ones are equal on paper.
"""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis import analyze
from accord.scenario import from_document

TOL = 1e-9


@st.composite
def scenarios(draw):
    n_issues = draw(st.integers(1, 3))
    issues = {f"i{k}": {"options": [f"o{j}" for j in range(draw(st.integers(2, 4)))]} for k in range(n_issues)}
    n_parties = draw(st.integers(2, 3))
    actors = {}
    for p in range(n_parties):
        prefs = {}
        for iid, issue in issues.items():
            options = issue["options"]
            weight = draw(st.integers(0, 4))
            values = {o: draw(st.integers(0, 20)) / 20 for o in options}
            pref = {"weight": weight, "values": values}
            if draw(st.integers(0, 4)) == 0:
                rejected = draw(st.lists(st.sampled_from(options), max_size=len(options) - 1, unique=True))
                if rejected:
                    pref["reject"] = rejected
            prefs[iid] = pref
        if all(pref["weight"] == 0 for pref in prefs.values()):
            prefs["i0"]["weight"] = 1
        actors[f"p{p}"] = {"reservation": draw(st.integers(0, 12)) / 20, "preferences": prefs}
    return {"accord": 1, "issues": issues, "actors": actors}


def brute_force(doc):
    """All outcomes with utilities and acceptability, straight from the definitions."""
    issues = list(doc["issues"])
    rows = []
    for combo in itertools.product(*(doc["issues"][i]["options"] for i in issues)):
        outcome = dict(zip(issues, combo))
        utilities, accepted = [], True
        for actor in doc["actors"].values():
            prefs = actor["preferences"]
            total = sum(p["weight"] for p in prefs.values())
            u = sum(p["weight"] * p["values"][outcome[i]] for i, p in prefs.items()) / total
            utilities.append(u)
            if any(outcome[i] in p.get("reject", []) for i, p in prefs.items()) or u < actor["reservation"] - TOL:
                accepted = False
        rows.append((outcome, utilities, accepted))
    return rows


def dominates(a, b):
    return all(x >= y - TOL for x, y in zip(a, b)) and any(x > y + TOL for x, y in zip(a, b))


def party_vector(deal, parties):
    return [deal.utilities[p] for p in parties]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_zopa_size_and_frontier_match_brute_force(doc):
    result = analyze(from_document(doc), unlock=False)
    rows = brute_force(doc)
    zopa = [(o, u) for o, u, ok in rows if ok]
    assert result.acceptable == len(zopa)
    parties = list(doc["actors"])
    frontier = [party_vector(d, parties) for d in result.pareto]
    # every frontier member is in the ZOPA and undominated there
    zopa_outcomes = [o for o, _ in zopa]
    for deal, vector in zip(result.pareto, frontier):
        assert deal.outcome in zopa_outcomes
        assert not any(dominates(u, vector) for _, u in zopa)
    # every other ZOPA outcome is dominated by a member (or equal to one)
    members = [d.outcome for d in result.pareto]
    for outcome, u in zopa:
        if outcome not in members:
            assert any(dominates(v, u) for v in frontier)
    # and every undominated ZOPA outcome is listed
    undominated = [o for o, u in zopa if not any(dominates(v, u) for _, v in zopa)]
    assert sorted(map(str, undominated)) == sorted(map(str, members))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_each_solution_score_is_the_maximum_over_the_zopa(doc):
    result = analyze(from_document(doc), unlock=False)
    parties = list(doc["actors"])
    reservations = [doc["actors"][p]["reservation"] for p in parties]
    zopa = [u for _, u, ok in brute_force(doc) if ok]
    if not zopa:
        assert all(s is None for s in result.solutions.values())
        return
    surplus = [[x - r for x, r in zip(u, reservations)] for u in zopa]
    ideal = [max(u[k] for u in zopa) for k in range(len(parties))]
    counted = [k for k in range(len(parties)) if ideal[k] - reservations[k] > TOL]

    def ks(s):
        return min((s[k] / (ideal[k] - reservations[k]) for k in counted), default=1.0)

    expected = {
        "nash": max(__import__("math").prod(s) for s in surplus),
        "kalai_smorodinsky": max(ks(s) for s in surplus),
        "egalitarian": max(min(s) for s in surplus),
        "utilitarian": max(sum(u) for u in zopa),
    }
    for name, best in expected.items():
        deal = result.solutions[name]
        assert deal.score == pytest.approx(best, abs=1e-9), name
        assert deal.outcome in [o for o, _, ok in brute_force(doc) if ok]


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_blockers_explain_every_empty_zopa(doc):
    result = analyze(from_document(doc), unlock=False)
    if result.acceptable:
        assert result.blockers == ()
        return
    assert result.blockers
    for blocker in result.blockers:
        if blocker.kind == "red-line":
            options = doc["issues"][blocker.issue]["options"]
            allowed = [o for o in options
                       if all(o not in a["preferences"][blocker.issue].get("reject", []) for a in doc["actors"].values())]
            assert allowed == []
        else:
            assert blocker.shortfall and all(s > 0 for s in blocker.shortfall.values())
