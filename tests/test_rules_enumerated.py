"""Analysis under a decision rule by enumeration (accord.analysis.enumerated) against the coalition-by-coalition
analysis and brute force.

The enumeration route is taken when a rule's minimal winning sets are too
many to list (the EU Council: 27 members, 55% of them and 65% of the
population). It must give the same ZOPA, frontier and solutions, with the
same definitions: checked on random rules of up to 10 parties where both
routes run (``method="enumerate"`` against ``method="coalitions"``), against
the brute-force definition of test_analysis11, and on the EU example, whose
Nash deal is checked independently (every factor of the key is at most 1).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from test_analysis11 import (
    agrees_with_brute_force,
    brute_frontier,
    everything,
    random_document,
    row_of,
)

import accord
from accord.analysis import analyze, compare, evaluate
from accord.analysis import enumerated as en
from accord.analysis.coalitions import minimal_winning_sets
from accord.scenario import TOLERANCE, from_document, load
from accord.scenario import outcomes as oc

EU = Path(accord.__file__).parent / "examples" / "eu-nature-restoration-2024" / "scenario.yaml"


def council_document(seed: int, n_max: int = 10) -> dict:
    """A random council: 3..n_max parties of a few stances (identical preferences make ties), vote weights,
    red lines, reservations, sometimes a constituency, a majority or qualified rule, sometimes a veto."""
    rng = random.Random(seed)
    issues = {f"i{j}": {"options": [f"o{k}" for k in range(rng.randint(2, 4))]} for j in range(rng.randint(1, 3))}

    def stance() -> dict:
        prefs: dict = {}
        for iid, issue in issues.items():
            opts = issue["options"]
            pref: dict = {"weight": rng.randint(1, 3), "values": {o: rng.choice([0, 0.5, 1, rng.random()])
                                                                  for o in opts}}
            if rng.random() < 0.25:
                pref["reject"] = rng.sample(opts, rng.randint(1, len(opts) - 1))
            prefs[iid] = pref
        return prefs

    stances = [stance() for _ in range(rng.randint(1, 4))]
    n = rng.randint(3, n_max)
    actors: dict = {}
    for p in range(n):
        actors[f"p{p}"] = {"preferences": rng.choice(stances), "reservation": rng.choice([0, 0.2, 0.4, 0.5]),
                           "vote_weight": rng.choice([1, 1, 2, 3, rng.randint(1, 60)])}
    if rng.random() < 0.3:
        actors["home"] = {"role": "constituency", "of": "p0", "preferences": stance(),
                          "reservation": rng.choice([0, 0.3])}
    decision: dict = {"rule": rng.choice(["majority", "qualified", "qualified"])}
    if decision["rule"] == "qualified":
        decision["share"] = rng.choice([0.5, 0.55, 0.6, 0.75])
        if rng.random() < 0.6:
            decision["weight_share"] = rng.choice([0.5, 0.65])
    if rng.random() < 0.25:
        decision["veto"] = [f"p{rng.randrange(n)}"]
    return {"accord": 1.1, "name": f"council {seed}", "issues": issues, "actors": actors, "decision": decision}


def same(a, b) -> None:
    """Two analyses agree: ZOPA size, frontier, every solution's outcome, score and coalition."""
    assert a.acceptable == b.acceptable
    assert sorted(json.dumps(d.outcome, sort_keys=True) for d in a.pareto) == \
        sorted(json.dumps(d.outcome, sort_keys=True) for d in b.pareto)
    for name in a.solutions:
        x, y = a.solutions[name], b.solutions[name]
        assert (x is None) == (y is None), name
        if x is None:
            continue
        assert x.outcome == y.outcome, name
        assert x.score == pytest.approx(y.score, rel=1e-9, abs=1e-12), name
        assert x.coalition == y.coalition, name


@pytest.fixture(params=["search", "listed"])
def route(request, monkeypatch):
    """best_coalition by the branch and bound (any number of parties) or by scanning the listed minimal
    winning sets (up to LISTED_PARTIES parties): both are tested on the same cases."""
    if request.param == "search":
        monkeypatch.setattr(en, "LISTED_PARTIES", 0)
    return request.param


@pytest.mark.parametrize("seed", range(80))
def test_enumeration_agrees_with_the_minimal_winning_sets(seed, route):
    scenario = from_document(council_document(seed))
    by_sets = analyze(scenario, unlock=False, method="coalitions")
    by_enumeration = analyze(scenario, unlock=False, method="enumerate")
    assert by_enumeration.solutions_not_computed is None
    same(by_enumeration, by_sets)


@pytest.mark.parametrize("seed", range(40))
def test_enumeration_matches_brute_force_with_unless_interactions_constituencies(seed, route):
    document = random_document(5000 + seed, random.Random(seed).choice(["majority", "qualified"]))
    scenario = from_document(document)
    rows = everything(scenario)
    zopa = oc.zopa(scenario, rows)
    found = analyze(scenario, unlock=False, method="enumerate")
    agrees_with_brute_force(scenario, found, rows, zopa)
    same(found, analyze(scenario, unlock=False, method="coalitions"))


@pytest.mark.parametrize("seed", range(30))
def test_rule_test_is_the_reference_winning(seed):
    scenario = from_document(council_document(900 + seed))
    rule = en.RuleTest(scenario)
    n = len(scenario.parties)
    rng = np.random.default_rng(seed)
    table = rng.random((n, 200)) < rng.random()
    expected = oc.winning(scenario, table)
    assert [rule.wins(tuple(np.flatnonzero(table[:, k]))) for k in range(200)] == list(expected)


@pytest.mark.parametrize("seed", range(30))
def test_the_search_finds_the_best_minimal_winning_set(seed, route):
    """best_coalition against every minimal winning set, on random factors and hitting sets."""
    scenario = from_document(council_document(1300 + seed, n_max=9))
    rule = en.RuleTest(scenario)
    n = len(scenario.parties)
    rng = np.random.default_rng(seed)
    sets = [tuple(scenario.parties.index(p) for p in w) for w in minimal_winning_sets(scenario)]
    members = tuple(range(n))
    hitting = tuple(frozenset(int(p) for p in np.flatnonzero(rng.random(n) < 0.4)) or frozenset({0})
                    for _ in range(rng.integers(0, 3)))
    closure = en.Closure(members, np.empty((0, 1), dtype=np.int64), np.empty((n, 0)), np.zeros(n), hitting)
    for kind in en.KINDS:
        values = rng.choice([0.0, 0.25, 0.5, 1.0], n) if seed % 2 else rng.random(n)
        found = en.best_coalition(rule, kind, values, closure, en.Budget())
        allowed = [w for w in sets if all(set(w) & d for d in hitting)]
        if not allowed:
            assert found is None
            continue
        score = [float(np.prod(values[list(w)])) if kind == "nash" else float(values[list(w)].min()) for w in allowed]
        assert found is not None
        assert found[0] == pytest.approx(max(score), rel=1e-12)
        assert found[1] in allowed
        threshold = max(score) * (1 - 1e-9) if kind == "nash" else max(score) - TOLERANCE
        smallest = min((w for w, s in zip(allowed, score) if s >= threshold - 1e-12),
                       key=lambda w: sum(1 << p for p in w))
        assert en.smallest_coalition(rule, kind, [(closure, values)], threshold - 1e-12, en.Budget()) == smallest


def test_the_eu_council_is_analysed_by_enumeration():
    scenario = load(EU)
    assert len(scenario.parties) == 27
    with pytest.raises(Exception, match="at most 20 parties"):
        analyze(scenario, unlock=False, method="coalitions")
    found = analyze(scenario)
    rows = everything(scenario)
    zopa = oc.zopa(scenario, rows)
    assert found.acceptable == int(zopa.sum()) == 4  # the file's hand check: the 20%-by-2030 texts
    assert {row_of(scenario, d.outcome) for d in found.pareto} == brute_frontier(scenario, rows, zopa)
    assert found.solutions_not_computed is None
    parties = scenario.parties
    r = np.array([scenario.actors[p].reservation for p in parties])
    for name in ("nash", "kalai_smorodinsky", "egalitarian"):
        deal = found.solutions[name]
        assert deal is not None and deal.coalition is not None
        w = [parties.index(p) for p in deal.coalition]
        table = np.zeros((len(parties), 1 + len(w)), dtype=bool)
        table[w, 0] = True
        for k, p in enumerate(w, 1):  # minimal: every member is needed
            table[w, k] = True
            table[p, k] = False
        assert list(oc.winning(scenario, table)) == [True] + [False] * len(w)
        accepting = oc.accepts(scenario, rows)
        in_w = np.all(accepting[w], axis=0)  # A_W by brute force
        row = np.array([row_of(scenario, deal.outcome)])
        assert in_w[np.flatnonzero((rows == row).all(axis=1))[0]]
        u = oc.utilities(scenario, rows, parties)
        span = u[w][:, in_w].max(axis=1) - r[w]
        at = oc.utilities(scenario, row, parties)[w, 0] - r[w]
        if name == "nash":  # every factor s/(ideal - r) is at most 1: a key of 1 is the maximum
            assert np.prod(at / span) == pytest.approx(1.0)
            assert deal.score == pytest.approx(float(np.prod(at)))
        elif name == "kalai_smorodinsky":
            assert deal.score == pytest.approx(1.0) and (at / span).min() == pytest.approx(1.0)
    assert found.solutions["nash"].outcome == {"habitats_2030": 20, "habitats_2050": 90}
    assert found.to_json()["solutions"]["nash"]["coalition"] == list(found.solutions["nash"].coalition)


def test_the_eu_variant_compare_and_evaluate():
    scenario = load(EU)
    rows = compare(scenario).rows
    assert [row[2].acceptable for row in rows] == [4, 8]  # the file's hand check for federal-states-split
    assert all(row[2].solutions["nash"] is not None for row in rows)
    result = evaluate(scenario, {"habitats_2030": 30, "habitats_2050": 90}, improvements=0)
    assert result.accepted is False  # 19 members but 64.32% of the population
    split = scenario.with_variant("federal-states-split")
    assert evaluate(split, {"habitats_2030": 30, "habitats_2050": 90}, improvements=0).accepted is True


def test_a_search_beyond_its_budget_reports_the_solutions_as_not_computed(monkeypatch):
    scenario = load(EU)
    monkeypatch.setattr(en, "MAX_SEARCH_NODES", 3)
    found = analyze(scenario, unlock=False)
    assert found.acceptable == 4
    assert [found.solutions[k] for k in ("nash", "kalai_smorodinsky", "egalitarian")] == [None, None, None]
    assert found.solutions["utilitarian"] is not None
    reason = found.to_json()["solutions_not_computed"]
    assert reason.startswith("Nash, Kalai–Smorodinsky and egalitarian not computed: ") and "\n" not in reason


def test_the_cli_prints_the_reason_in_one_line(monkeypatch, capsys):
    from accord.cli import main

    monkeypatch.setattr(en, "MAX_SEARCH_NODES", 3)
    try:
        main(["analyze", str(EU)])
    except SystemExit as stop:
        assert not stop.code
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "not computed" in line]
    assert len(lines) == 1 and "3 steps" in lines[0]


def test_a_council_over_the_enumeration_limit_is_refused_in_one_line():
    from accord.analysis import OutcomeSpaceTooLarge

    document = {"accord": 1.1, "name": "council", "decision": {"rule": "majority"},
                "issues": {f"a{j}": {"options": ["x", "y", "z"]} for j in range(4)},
                "actors": {f"p{k}": {"preferences": {"a0": {"values": {"x": k % 2, "y": 1 - k % 2, "z": 0}}}}
                           for k in range(21)}}
    with pytest.raises(OutcomeSpaceTooLarge) as error:
        analyze(from_document(document), limit=50)
    assert "too many minimal winning sets" in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize("seed", range(12))
def test_too_many_accepting_sets_keep_the_count_and_frontier_and_say_why(seed, monkeypatch):
    scenario = from_document(council_document(2000 + seed))
    expected = analyze(scenario, unlock=False, method="coalitions")
    monkeypatch.setattr(en, "MAX_PATTERNS", 1)
    found = analyze(scenario, unlock=False, method="enumerate")
    assert found.acceptable == expected.acceptable
    assert sorted(json.dumps(d.outcome, sort_keys=True) for d in found.pareto) == \
        sorted(json.dumps(d.outcome, sort_keys=True) for d in expected.pareto)
    if found.solutions_not_computed is not None:
        assert "more than 1 different sets of parties" in found.solutions_not_computed
        assert found.solutions["nash"] is None and found.solutions["utilitarian"] == expected.solutions["utilitarian"]
    else:
        same(found, expected)


def test_the_small_frontier_is_the_frontier_mask():
    from accord.analysis.pareto import frontier_mask

    rng = np.random.default_rng(0)
    for t in range(1000):
        k, p = int(rng.integers(2, en.SMALL_FRONTIER + 1)), int(rng.integers(1, 5))
        u = rng.choice([0, 0.25, 0.5, 1.0, 0.1 + 0.2, 0.3], size=(p, k)) if t % 2 else rng.random((p, k))
        kept = en._merge(np.arange(k)[:, None], u)[0][:, 0]
        assert kept.tolist() == np.flatnonzero(frontier_mask(u.T)).tolist()


@pytest.mark.parametrize("seed", range(10))
def test_solution_rows_are_analyze_deals(seed):
    from accord.analysis import solution_rows

    scenario = from_document(random_document(7000 + seed))
    found = analyze(scenario, unlock=False)
    rows = solution_rows(scenario)
    for name, deal in found.solutions.items():
        assert (rows[name] is None) == (deal is None)
        if deal is not None:
            assert tuple(int(x) for x in rows[name]) == row_of(scenario, deal.outcome)


# -- blockers on the enumeration route ------------------------------------------------------------------

def test_an_empty_zone_on_the_enumeration_route_names_its_blockers():
    """The EU council with a near-unanimous threshold and Italy's walk-away point above every text: the minimal
    winning sets are too many to list, and the blocker is Italy's reservation, short by its gap at its best."""
    scenario = load(Path(accord.__file__).parent / "examples" / "eu-nature-restoration-2024" / "scenario.yaml")
    harder = scenario.with_patch({"decision": {"share": 0.9, "weight_share": 0.95},
                                  "actors": {"italy": {"reservation": 0.99}}})
    found = analyze(harder)
    assert found.acceptable == 0
    assert [(b.kind, b.parties) for b in found.blockers] == [("reservation", ("italy",))]
    digits = oc.unravel([i.size for i in harder.issues.values()], np.arange(harder.outcome_count))
    best_for_italy = oc.utilities(harder, digits, ("italy",))[0].max()
    assert found.blockers[0].shortfall["italy"] >= 0.99 - best_for_italy - 1e-9
    assert oc.winning(harder, np.array([[p in found.blockers[0].coalition] for p in harder.parties]))[0]


@pytest.mark.parametrize("seed", range(120))  # about one in seven has no zone
def test_the_nearest_coalition_needs_the_fewest_additions(seed):
    """Brute force over every outcome and every set of parties: no winning set adds fewer non-accepting
    parties to an outcome's accepting set than the one nearest_coalition returns."""
    import itertools

    scenario = from_document(council_document(seed, n_max=7))
    parties = scenario.parties
    digits = oc.unravel([i.size for i in scenario.issues.values()], np.arange(scenario.outcome_count))
    accepting = oc.accepts(scenario, digits)
    if oc.winning(scenario, accepting).any():
        return  # a zone exists: nothing to explain
    members = en.nearest_coalition(scenario)
    fewest = None
    for size in range(len(parties) + 1):
        for subset in itertools.combinations(range(len(parties)), size):
            table = np.zeros((len(parties), 1), dtype=bool)
            table[list(subset), 0] = True
            if not oc.winning(scenario, table)[0]:
                continue
            extra = min(int((table[:, 0] & ~accepting[:, o]).sum()) for o in range(digits.shape[0]))
            fewest = extra if fewest is None else min(fewest, extra)
    if fewest is None:
        assert members is None
        return
    assert members is not None
    chosen = np.array([p in members for p in parties])
    assert oc.winning(scenario, chosen[:, None])[0]
    assert min(int((chosen & ~accepting[:, o]).sum()) for o in range(digits.shape[0])) == fewest
