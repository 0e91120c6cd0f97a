"""Exact analysis of format 1.1 scenarios against brute force over the whole space.

The reference is :mod:`accord.scenario.outcomes` applied to every outcome
(small random scenarios with ``unless``, interactions, constituencies and every
decision rule, with veto and vote weights); the analysis never enumerates
(composite issues, constraint dimensions, minimal winning sets), so the two
agree only if the reductions are exact. Checked: the ZOPA count, the frontier
(as the set of ZOPA outcomes whose parties' utility vectors no ZOPA outcome
dominates, ties included), each solution by its documented definition, and
the blockers.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from accord.analysis import analyze
from accord.analysis.coalitions import count_rule, minimal_winning_sets
from accord.analysis.pareto import quantise
from accord.analysis.solutions import SOLUTIONS, choose
from accord.analysis.space import GroupTooLarge, build_space
from accord.scenario import TOLERANCE, from_document
from accord.scenario import outcomes as oc

RULES = ("unanimity", "majority", "qualified")


def random_document(seed: int, rule: str | None = None, reservations: bool = True) -> dict:
    rng = random.Random(seed)
    n_issues = rng.randint(2, 4)
    issues: dict = {}
    for j in range(n_issues):
        if j == n_issues - 1 and rng.random() < 0.4:
            issues[f"i{j}"] = {"range": [0, 10], "step": rng.choice([5, 10])}
        else:
            issues[f"i{j}"] = {"options": [f"o{k}" for k in range(rng.randint(2, 4))]}

    def options(iid: str) -> list:
        issue = issues[iid]
        if "options" in issue:
            return issue["options"]
        return list(range(0, 11, issue["step"]))

    def condition(iid: str):
        if "options" in issues[iid]:
            return rng.sample(options(iid), rng.randint(1, len(options(iid))))
        return {"min": rng.choice([0, 5])}

    def preferences() -> dict:
        found: dict = {}
        for iid in issues:
            if rng.random() < 0.2:
                continue
            opts = options(iid)
            if "options" in issues[iid]:
                pref: dict = {"weight": rng.randint(1, 3), "values": {o: rng.choice([0, 0.25, 0.5, 1, rng.random()])
                                                                      for o in opts}}
                if rng.random() < 0.35:
                    pref["reject"] = rng.sample(opts, rng.randint(1, len(opts) - 1))
            else:
                pref = {"weight": rng.randint(1, 3), "values": {0: rng.random(), 10: rng.random()}}
                if rng.random() < 0.3:
                    pref["min"] = rng.choice([5, 10])
            if ("reject" in pref or "min" in pref) and rng.random() < 0.5:
                other = rng.choice([i for i in issues if i != iid])
                pref["unless"] = {other: condition(other)}
            found[iid] = pref
        if not found:
            found["i0"] = {"values": {o: rng.random() for o in options("i0")}}
        return found

    def interactions() -> list:
        if rng.random() < 0.5:
            return []
        names = rng.sample(list(issues), 2)
        return [{"when": {i: condition(i) for i in names}, "weight": rng.choice([0.5, 1, 2]),
                 "value": rng.choice([0.5, 1])}]

    n_parties = rng.randint(2, 4)
    actors: dict = {}
    for p in range(n_parties):
        actors[f"p{p}"] = {"preferences": preferences(), "interactions": interactions(),
                           "reservation": rng.choice([0, 0.2, 0.4]) if reservations else 0,
                           "vote_weight": rng.randint(0, 3)}
        if rng.random() < 0.5:
            actors[f"c{p}"] = {"role": "constituency", "of": f"p{p}", "preferences": preferences(),
                               "interactions": interactions(),
                               "reservation": rng.choice([0, 0.3, 0.5]) if reservations else 0}
    if sum(a["vote_weight"] for a in actors.values() if "role" not in a) == 0:
        actors["p0"]["vote_weight"] = 1
    rule = rule or rng.choice(RULES)
    document = {"accord": 1.1, "name": f"random {seed}", "issues": issues, "actors": actors}
    if rule != "unanimity" or rng.random() < 0.3:
        decision: dict = {"rule": rule}
        if rule == "qualified":
            decision["share"] = rng.choice([0.5, 0.6, 0.75, 1.0])
            if rng.random() < 0.5:
                decision["weight_share"] = rng.choice([0.5, 0.65])
        if rng.random() < 0.4:
            decision["veto"] = [f"p{rng.randrange(n_parties)}"]
        document["decision"] = decision
    return document


def everything(scenario):
    shape = tuple(issue.size for issue in scenario.issues.values())
    return oc.unravel(shape, np.arange(int(np.prod(shape))))


def brute_frontier(scenario, rows, zopa):
    """Option rows (as tuples) of the ZOPA outcomes whose parties' vectors no ZOPA outcome dominates (1e-9 grid)."""
    u = quantise(oc.utilities(scenario, rows[zopa], scenario.parties).T)
    found = set()
    for k in range(u.shape[0]):
        above = np.all(u >= u[k], axis=1) & np.any(u > u[k], axis=1)
        if not above.any():
            found.add(tuple(int(x) for x in rows[zopa][k]))
    return found


def brute_rule_solution(scenario, rows, name):
    """The documented definition of a solution under a rule, by enumeration (outcomes in row-major order)."""
    parties = scenario.parties
    r_all = np.array([scenario.actors[p].reservation for p in parties])
    u_all = oc.utilities(scenario, rows, parties)
    accepting = oc.accepts(scenario, rows)
    if name == "utilitarian" or scenario.decision_rule.is_unanimity:
        zopa = oc.winning(scenario, accepting)
        index, score = SOLUTIONS[name](u_all, r_all, zopa)
        return (tuple(rows[index]) if index >= 0 else None), (float(score) if index >= 0 else None)
    n = len(parties)
    table = np.array([[bool((s >> p) & 1) for s in range(1 << n)] for p in range(n)])
    wins = oc.winning(scenario, table)
    minimal = [s for s in range(1 << n) if wins[s] and not any(wins[s ^ (1 << p)] for p in range(n) if (s >> p) & 1)]
    picks = []
    for s in minimal:
        members = [p for p in range(n) if (s >> p) & 1]
        mask = np.all(accepting[members], axis=0)
        if not mask.any():
            continue
        u, r = u_all[members], r_all[members]
        s_ = u - r[:, None]
        span = u[:, mask].max(axis=1) - r
        if name == "nash":
            score = np.prod(np.maximum(s_, 0), axis=0)
            key = score / np.prod(np.where(span > TOLERANCE, span, 1.0))
        elif name == "egalitarian":
            score = key = s_.min(axis=0)
        else:
            counted = span > TOLERANCE
            score = key = (s_[counted] / span[counted][:, None]).min(axis=0) if counted.any() else np.ones(len(rows))
        index = int(choose(key, u_all, mask, relative=name == "nash"))
        picks.append((tuple(int(x) for x in rows[index]), float(key[index]), float(score[index])))
    if not picks:
        return None, None
    picks.sort(key=lambda p: p[0])
    chosen = np.array([p[0] for p in picks])
    index = int(choose(np.array([p[1] for p in picks]), oc.utilities(scenario, chosen, parties),
                       np.ones(len(picks), dtype=bool), relative=name == "nash"))
    return picks[index][0], picks[index][2]


def row_of(scenario, outcome: dict) -> tuple:
    return tuple(scenario.issues[i].index_of(o) for i, o in outcome.items())


def agrees_with_brute_force(scenario, found, rows, zopa):
    """Assert that ``found`` (an analysis) has the brute-force ZOPA size, frontier and solutions over ``rows``
    (every outcome); return the (name, deal) pairs that exist, for further checks."""
    assert found.acceptable == int(zopa.sum())
    assert {row_of(scenario, d.outcome) for d in found.pareto} == brute_frontier(scenario, rows, zopa)
    deals = []
    for name, deal in found.solutions.items():
        expected, score = brute_rule_solution(scenario, rows, name)
        if expected is None:
            assert deal is None
            continue
        assert deal is not None and row_of(scenario, deal.outcome) == expected, name
        assert deal.score == pytest.approx(score, rel=1e-9, abs=1e-12)
        deals.append((name, deal))
    return deals



@pytest.mark.parametrize("seed", range(60))
def test_zopa_frontier_and_solutions_match_brute_force(seed):
    scenario = from_document(random_document(seed))
    rows = everything(scenario)
    zopa = oc.zopa(scenario, rows)
    found = analyze(scenario, unlock=False)
    for name, deal in agrees_with_brute_force(scenario, found, rows, zopa):
        assert (deal.coalition is None) == (scenario.decision_rule.is_unanimity or name == "utilitarian")


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("seed", range(15))
def test_every_rule_matches_brute_force(seed, rule):
    scenario = from_document(random_document(1000 + seed, rule))
    rows = everything(scenario)
    zopa = oc.zopa(scenario, rows)
    found = analyze(scenario, unlock=False)
    assert found.acceptable == int(zopa.sum())
    assert {row_of(scenario, d.outcome) for d in found.pareto} == brute_frontier(scenario, rows, zopa)


@pytest.mark.parametrize("seed", range(30))
def test_separable_count_under_rules_by_inclusion_exclusion(seed):
    """No reservation binds: the count comes from per-group acceptance sets (Moebius), not enumeration."""
    scenario = from_document(random_document(2000 + seed, RULES[seed % 3], reservations=False))
    assert count_rule(scenario) == int(oc.zopa(scenario, everything(scenario)).sum())


@pytest.mark.parametrize("seed", range(40))
def test_blockers_explain_an_empty_zopa(seed):
    scenario = from_document(random_document(3000 + seed, "unanimity"))
    rows = everything(scenario)
    found = analyze(scenario, unlock=False)
    if found.acceptable:
        assert found.blockers == ()
        return
    assert found.blockers
    binding = list(scenario.parties) + [c for cs in scenario.constituencies.values() for c in cs]
    allowed = np.all([oc.allowed(scenario, a, rows) for a in binding], axis=0)
    kinds = {b.kind for b in found.blockers}
    if "red-line" in kinds or any(b.kind == "ratification" and b.rejects is not None for b in found.blockers):
        assert not allowed.any()
        for b in found.blockers:
            if b.kind == "ratification":  # the parties alone leave options on that issue; the constituency rejects
                assert b.constituency in scenario.constituencies[b.parties[0]]
                assert b.rejects
    else:
        assert allowed.any()
        judged = [a for a in binding if a in scenario.parties or scenario.actors[a].reservation > 0]
        u = oc.utilities(scenario, rows[allowed], judged)
        r = np.array([scenario.actors[a].reservation for a in judged])
        best = (u - r[:, None]).min(axis=0).max()
        gaps = [g for b in found.blockers for g in (b.shortfall or {}).values()]
        assert max(gaps) == pytest.approx(-best, abs=1e-9)


def test_ratification_blocker_names_the_constituency_and_what_it_rejects():
    document = {
        "accord": 1.1, "name": "ratify",
        "issues": {"ceasefire": {"options": ["temporary", "permanent"]}, "aid": {"options": ["low", "high"]}},
        "actors": {
            "israel": {"preferences": {"ceasefire": {"values": {"temporary": 1, "permanent": 0.5}}}},
            "hamas": {"preferences": {"ceasefire": {"values": {"temporary": 0, "permanent": 1},
                                                    "reject": ["temporary"]}}},
            "partners": {"role": "constituency", "of": "israel",
                         "preferences": {"ceasefire": {"values": {"temporary": 1, "permanent": 0},
                                                       "reject": ["permanent"]}}},
        },
    }
    found = analyze(from_document(document))
    assert found.acceptable == 0
    (blocker,) = found.blockers
    assert (blocker.kind, blocker.issue, blocker.parties, blocker.constituency, blocker.rejects) == \
        ("ratification", "ceasefire", ("israel",), "partners", ("permanent",))
    assert blocker.describe() == "israel cannot ratify: partners rejects ceasefire=permanent"
    assert blocker.to_json()["constituency"] == "partners"


def test_unless_couples_issues_into_one_composite_dimension():
    document = {
        "accord": 1.1, "name": "couple",
        "issues": {"a": {"options": ["x", "y"]}, "b": {"options": ["u", "v", "w"]}, "c": {"options": ["p", "q"]}},
        "actors": {
            "one": {"preferences": {"a": {"values": {"x": 1, "y": 0}, "reject": ["y"], "unless": {"c": ["q"]}},
                                    "b": {"values": {"u": 0, "v": 1, "w": 0.5}}}},
            "two": {"preferences": {"a": {"values": {"x": 0, "y": 1}}, "c": {"values": {"p": 1, "q": 0}}}},
        },
    }
    scenario = from_document(document)
    space = build_space(scenario, scenario.parties)
    assert space.columns == ((0, 2), (1,))
    assert sorted(map(tuple, space.options[0].tolist())) == [(0, 0), (0, 1), (1, 1)]  # y needs c=q
    rows = space.option_indices(np.arange(space.size))
    assert np.all(oc.allowed(scenario, "one", rows))
    assert np.allclose(space.utilities_at(np.arange(space.size)), oc.utilities(scenario, rows, scenario.parties))


def test_a_composite_over_the_limit_is_refused_in_one_line():
    issues = {f"i{j}": {"options": [f"o{k}" for k in range(10)]} for j in range(4)}
    document = {"accord": 1.1, "name": "big", "issues": issues, "actors": {
        "a": {"preferences": {"i0": {"values": {f"o{k}": k / 9 for k in range(10)}}},
              "interactions": [{"when": {f"i{j}": ["o1"] for j in range(4)}}]},
        "b": {"preferences": {"i1": {"values": {f"o{k}": 1 - k / 9 for k in range(10)}}}}}}
    with pytest.raises(GroupTooLarge) as error:
        analyze(from_document(document), limit=1000)
    message = str(error.value)
    assert "i0, i1, i2, i3" in message and "1e+04" in message and "\n" not in message


def test_minimal_winning_sets_of_a_qualified_rule_with_veto():
    document = random_document(7, "qualified")
    document["issues"] = {"i0": {"options": ["o0", "o1"]}}
    document["actors"] = {f"p{k}": {"preferences": {"i0": {"values": {"o0": 1, "o1": 0}}}} for k in range(4)}
    document["decision"] = {"rule": "qualified", "share": 0.5, "veto": ["p0"]}
    sets = minimal_winning_sets(from_document(document))
    assert sorted(sets) == [("p0", "p1"), ("p0", "p2"), ("p0", "p3")]


def test_version_1_json_is_unchanged_but_for_the_unlock_kind():
    document = random_document(11, "unanimity")
    for actor in document["actors"].values():
        actor.pop("interactions", None)
        for pref in actor["preferences"].values():
            pref.pop("unless", None)
    document["actors"] = {a: v for a, v in document["actors"].items() if "role" not in v}
    document.pop("decision", None)
    data = analyze(from_document(document)).to_json()
    assert "power_indices" not in data
    assert all("coalition" not in (d or {}) for d in data["solutions"].values())
    assert all(set(b) <= {"kind", "issue", "parties", "shortfall"} for b in data["blockers"])


def test_meet_condition_unlock_opens_the_zopa_only_through_the_waiver():
    document = {
        "accord": 1.1, "name": "condition",
        "issues": {"ceasefire": {"options": ["temporary", "permanent"]}, "hostages": {"options": ["some", "all"]}},
        "actors": {
            "israel": {"preferences": {
                "ceasefire": {"values": {"temporary": 1, "permanent": 0}, "reject": ["permanent"],
                              "unless": {"hostages": ["all"]}},
                "hostages": {"values": {"some": 0, "all": 1}}}},
            "hamas": {"preferences": {
                "ceasefire": {"values": {"temporary": 0, "permanent": 1}, "accept": ["permanent"]},
                "hostages": {"values": {"some": 1, "all": 0.2}, "reject": ["all"]}}},
        },
    }
    scenario = from_document(document)
    found = analyze(scenario)
    assert found.acceptable == 0
    kinds = {u.kind: u for u in found.unlock}
    meet = kinds["meet-condition"]
    assert meet.package == {"hostages": ["all"]}
    assert meet.patch == {"actors": {"hamas": {"preferences": {"hostages": {"reject": None}}}}}
    assert meet.description.startswith("meet the condition of israel's red line on ceasefire")
    patched = scenario.with_patch(meet.patch)
    rows = everything(patched)
    assert oc.zopa(patched, rows).sum() == meet.acceptable > 0
    assert meet.to_json()["kind"] == "meet-condition" and meet.to_json()["package"] == {"hostages": ["all"]}


def test_a_constituency_red_line_can_be_the_unlock():
    document = {
        "accord": 1.1, "name": "ratify",
        "issues": {"ceasefire": {"options": ["temporary", "permanent"]}},
        "actors": {
            "israel": {"preferences": {"ceasefire": {"values": {"temporary": 1, "permanent": 0.5}}}},
            "hamas": {"preferences": {"ceasefire": {"values": {"temporary": 0, "permanent": 1},
                                                    "reject": ["temporary"]}}},
            "partners": {"role": "constituency", "of": "israel",
                         "preferences": {"ceasefire": {"values": {"temporary": 1, "permanent": 0},
                                                       "reject": ["permanent"]}}},
        },
    }
    found = analyze(from_document(document))
    parties = {u.party for u in found.unlock}
    assert "partners" in parties
    assert all(analyze(from_document(document).with_patch(u.patch), unlock=False).acceptable == u.acceptable > 0
               for u in found.unlock)


@pytest.mark.parametrize("seed", range(40))
def test_blockers_under_a_rule_name_a_minimal_winning_set(seed):
    scenario = from_document(random_document(4000 + seed, RULES[1 + seed % 2]))
    found = analyze(scenario, unlock=False)
    if found.acceptable:
        return
    sets = set(minimal_winning_sets(scenario))
    assert found.blockers
    coalitions = {b.coalition for b in found.blockers}
    assert len(coalitions) == 1 and coalitions <= sets
    (coalition,) = coalitions
    rows = everything(scenario)
    members = [scenario.parties.index(p) for p in coalition]
    assert not np.all(oc.accepts(scenario, rows)[members], axis=0).any()
    assert all(set(b.parties) <= set(coalition) for b in found.blockers)


def test_power_indices_key_follows_the_decision():
    from accord.analysis.power import power_indices

    document = random_document(5, "majority")
    scenario = from_document(document)
    data = analyze(scenario, unlock=False).to_json()
    expected = power_indices(scenario.parties, "majority", veto=scenario.decision_rule.veto,
                             vote_weights=[scenario.actors[p].vote_weight for p in scenario.parties])
    assert data["power_indices"] == expected.to_json()
    assert sum(data["power_indices"]["shapley_shubik"].values()) == pytest.approx(1.0)
    document.pop("decision")
    assert "power_indices" not in analyze(from_document(document), unlock=False).to_json()


@pytest.mark.parametrize("seed", range(30))
def test_evaluate_agrees_with_the_reference_semantics(seed):
    from accord.analysis import evaluate

    scenario = from_document(random_document(6000 + seed))
    rows = everything(scenario)
    rng = np.random.default_rng(seed)
    picked = rows[rng.choice(len(rows), size=min(6, len(rows)), replace=False)]
    actors = scenario.evaluated_actors
    expected_u = oc.utilities(scenario, picked, actors)
    expected_accepts = oc.accepts(scenario, picked)
    expected_zopa = oc.zopa(scenario, picked)
    issues = list(scenario.issues.values())
    for k, row in enumerate(picked):
        proposal = {issue.id: issue.options[int(j)] for issue, j in zip(issues, row)}
        found = evaluate(scenario, proposal, improvements=0)
        assert [found.utilities[a] for a in actors] == pytest.approx(list(expected_u[:, k]), abs=1e-12)
        assert [v.accepts for v in found.verdicts] == list(expected_accepts[:, k])
        assert found.accepted == bool(expected_zopa[k])
        for verdict in found.verdicts:
            ratifiers = scenario.constituencies[verdict.party]
            own = oc.satisfied(scenario, verdict.party, row[None, :])[0]
            if own and not verdict.accepts:
                assert any(r.startswith("not ratified: ") and r.split(": ")[1] in ratifiers for r in verdict.reasons)


@pytest.mark.parametrize("n, expected", [(13, "has 1716 minimal winning sets"), (21, "at most 20 parties")])
def test_rules_beyond_the_coalition_limits_are_refused_in_one_line_or_enumerated(n, expected):
    from accord.analysis import OutcomeSpaceTooLarge

    document = {"accord": 1.1, "name": "council", "issues": {"a": {"options": ["x", "y"]}},
                "decision": {"rule": "majority"},
                "actors": {f"p{k}": {"preferences": {"a": {"values": {"x": k % 2, "y": 1 - k % 2}}}} for k in range(n)}}
    with pytest.raises(OutcomeSpaceTooLarge) as error:
        analyze(from_document(document), method="coalitions")
    assert expected in str(error.value) and "\n" not in str(error.value)
    found = analyze(from_document(document))  # the default enumerates the outcomes instead
    assert found.acceptable == 2 and found.solutions["nash"] is not None
