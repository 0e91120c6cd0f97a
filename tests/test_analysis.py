"""Hand-computed cases for every definition of the scenario format's "Analysis"."""

import math

import numpy as np
import pytest

import accord
from accord.analysis import OutcomeSpaceTooLarge, analyze
from accord.scenario import from_document


def two_issue_doc(**overrides):
    """X and Y over A {a1,a2,a3} x B {b1,b2}.

    u_X = (v_A + v_B) / 2, u_Y = (3 v_A + v_B) / 4:

        outcome   X      Y
        a1,b1     1.00   0.000
        a1,b2     0.50   0.250
        a2,b1     0.75   0.675
        a2,b2     0.25   0.925
        a3,b1     0.50   0.750
        a3,b2     0.00   1.000
    """
    doc = {
        "accord": 1,
        "name": "hand",
        "issues": {"A": {"options": ["a1", "a2", "a3"]}, "B": {"options": ["b1", "b2"]}},
        "actors": {
            "X": {"reservation": 0.2, "preferences": {
                "A": {"weight": 1, "values": {"a1": 1, "a2": 0.5, "a3": 0}},
                "B": {"weight": 1, "values": {"b1": 1, "b2": 0}}}},
            "Y": {"reservation": 0.2, "preferences": {
                "A": {"weight": 3, "values": {"a1": 0, "a2": 0.9, "a3": 1}},
                "B": {"weight": 1, "values": {"b1": 0, "b2": 1}}}},
        },
    }
    for path, value in overrides.items():
        node = doc
        keys = path.split("/")
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    return doc


def test_zopa_and_frontier_by_hand():
    result = analyze(from_document(two_issue_doc()))
    assert result.outcomes == 6
    assert result.acceptable == 4  # (a1,b1) fails Y, (a3,b2) fails X
    frontier = {(d.outcome["A"], d.outcome["B"]) for d in result.pareto}
    assert frontier == {("a2", "b1"), ("a3", "b1"), ("a2", "b2")}
    assert result.blockers == () and result.unlock == ()


def test_nash_by_hand():
    nash = analyze(from_document(two_issue_doc())).solutions["nash"]
    # products of surpluses: (a2,b1) .55*.475 = .26125 beats .165 and .03625
    assert nash.outcome == {"A": "a2", "B": "b1"}
    assert nash.score == pytest.approx(0.26125)
    assert nash.utilities == pytest.approx({"X": 0.75, "Y": 0.675})


def one_issue_doc(reservation_y=0.0):
    return {
        "accord": 1,
        "issues": {"deal": {"options": ["p", "q", "r", "s"]}},
        "actors": {
            "X": {"preferences": {"deal": {"values": {"p": 0.5, "q": 0.35, "r": 0.25, "s": 0}}}},
            "Y": {"reservation": reservation_y, "preferences": {"deal": {"values": {"p": 0.1, "q": 0.45, "r": 0.6, "s": 1}}}},
        },
    }


def test_the_four_solutions_differ_as_computed_by_hand():
    solutions = analyze(from_document(one_issue_doc())).solutions
    # nash: products .05 .1575 .15 0; ks: min(X/.5, Y/1) = .1 .45 .5 0;
    # egalitarian: min .1 .35 .25 0; utilitarian: sums .6 .8 .85 1
    assert solutions["nash"].outcome == {"deal": "q"} and solutions["nash"].score == pytest.approx(0.1575)
    assert solutions["kalai_smorodinsky"].outcome == {"deal": "r"}
    assert solutions["kalai_smorodinsky"].score == pytest.approx(0.5)
    assert solutions["egalitarian"].outcome == {"deal": "q"} and solutions["egalitarian"].score == pytest.approx(0.35)
    assert solutions["utilitarian"].outcome == {"deal": "s"} and solutions["utilitarian"].score == pytest.approx(1.0)


def test_kalai_smorodinsky_leaves_out_a_party_whose_ideal_is_its_reservation():
    doc = one_issue_doc()
    doc["actors"]["X"]["reservation"] = 0.5  # only p meets it: X's ideal equals its reservation
    result = analyze(from_document(doc))
    assert result.acceptable == 1
    ks = result.solutions["kalai_smorodinsky"]
    assert ks.outcome == {"deal": "p"}
    assert ks.score == pytest.approx(1.0)  # Y alone counts: (0.1 - 0) / (0.1 - 0)


def test_utility_equal_to_reservation_on_paper_is_acceptable():
    # 0.1 + 0.2 is 0.30000000000000004 in floating point; the tolerance keeps it
    doc = {"accord": 1,
           "issues": {"i": {"options": ["a", "b"]}, "j": {"options": ["a", "b"]}},
           "actors": {"X": {"reservation": 0.15, "preferences": {"i": {"values": {"a": 0.1, "b": 0}},
                                                                 "j": {"values": {"a": 0.2, "b": 0}}}},
                      "Y": {"preferences": {"i": {"values": {"a": 1, "b": 0}}}}}}
    result = analyze(from_document(doc))
    assert result.acceptable == 1 and result.pareto[0].outcome == {"i": "a", "j": "a"}


def test_red_line_blocker_and_its_unlocks():
    doc = two_issue_doc()
    doc["actors"]["X"]["preferences"]["A"]["reject"] = ["a1", "a2"]
    doc["actors"]["Y"]["preferences"]["A"]["accept"] = ["a1"]
    result = analyze(from_document(doc))
    assert result.acceptable == 0
    assert [(b.kind, b.issue, b.parties) for b in result.blockers] == [("red-line", "A", ("X", "Y"))]
    assert all(s is None for s in result.solutions.values())
    changes = {(u.party, u.kind): u for u in result.unlock}
    assert set(changes) == {("X", "widen-red-line"), ("Y", "widen-red-line")}
    x = changes[("X", "widen-red-line")]
    assert x.patch == {"actors": {"X": {"preferences": {"A": {"reject": ["a2"]}}}}}
    assert x.acceptable == 1 and x.nash.outcome == {"A": "a1", "B": "b2"}
    y = changes[("Y", "widen-red-line")]
    assert y.patch == {"actors": {"Y": {"preferences": {"A": {"accept": ["a1", "a3"]}}}}}
    assert y.acceptable == 1 and y.nash.outcome == {"A": "a3", "B": "b1"}


def test_every_unlock_patch_really_opens_the_zopa():
    doc = two_issue_doc()
    doc["actors"]["X"]["preferences"]["A"]["reject"] = ["a1", "a2"]
    doc["actors"]["Y"]["preferences"]["A"]["accept"] = ["a1"]
    base = from_document(doc)
    for unlock in analyze(base).unlock:
        patched = analyze(base.with_patch(unlock.patch))
        assert patched.acceptable == unlock.acceptable > 0
        assert patched.solutions["nash"] == unlock.nash


def test_reservation_blocker_names_who_falls_short_and_by_how_much():
    doc = two_issue_doc()
    doc["actors"]["X"]["reservation"] = 0.8
    doc["actors"]["Y"]["reservation"] = 0.8
    result = analyze(from_document(doc))
    assert result.acceptable == 0
    (blocker,) = result.blockers
    # max-min surplus is at (a2,b1): X .75 (short .05), Y .675 (short .125)
    assert blocker.kind == "reservation" and blocker.issue is None
    assert blocker.parties == ("X", "Y")
    assert blocker.shortfall == pytest.approx({"X": 0.05, "Y": 0.125})
    # lowering X to the best it gets among outcomes Y accepts (0.25) costs .55; Y to 0 costs .8
    assert [(u.party, u.kind) for u in result.unlock] == [("X", "lower-reservation"), ("Y", "lower-reservation")]
    assert result.unlock[0].patch == {"actors": {"X": {"reservation": 0.25}}}
    assert result.unlock[0].magnitude == pytest.approx(0.55)
    assert result.unlock[0].nash.outcome == {"A": "a2", "B": "b2"}


def numeric_doc(x_line, y_line):
    return {"accord": 1,
            "issues": {"weeks": {"range": [0, 10], "step": 2.5}, "B": {"options": ["b1", "b2"]}},
            "actors": {"X": {"preferences": {"weeks": {"values": {0: 0, 10: 1}, **x_line},
                                             "B": {"values": {"b1": 1, "b2": 0}}}},
                       "Y": {"preferences": {"weeks": {"values": {0: 1, 5: 0.5, 10: 0}, **y_line},
                                             "B": {"values": {"b1": 0, "b2": 1}}}}}}


def test_numeric_issue_grid_values_and_red_lines():
    scenario = from_document(numeric_doc({"min": 4}, {"max": 8}))
    assert scenario.issues["weeks"].options == (0, 2.5, 5, 7.5, 10)
    assert scenario.actors["Y"].preferences["weeks"].scores == pytest.approx((1, 0.75, 0.5, 0.25, 0))
    result = analyze(scenario)
    assert result.acceptable == 4  # weeks in {5, 7.5} x B
    assert {d.outcome["weeks"] for d in result.pareto} <= {5, 7.5}


def test_numeric_red_line_unlock_moves_the_bound_to_the_nearest_grid_point():
    result = analyze(from_document(numeric_doc({"min": 8}, {"max": 6})))
    assert [b.issue for b in result.blockers] == ["weeks"]
    patches = [u.patch for u in result.unlock]
    assert {"actors": {"X": {"preferences": {"weeks": {"min": 5}}}}} in patches
    assert {"actors": {"Y": {"preferences": {"weeks": {"max": 10}}}}} in patches


def test_mediators_and_observers_never_veto_but_are_reported():
    doc = two_issue_doc()
    doc["actors"]["M"] = {"role": "mediator", "reservation": 1.0,
                          "preferences": {"A": {"values": {"a1": 0, "a2": 0, "a3": 0}, "reject": ["a1", "a2", "a3"]}}}
    doc["actors"]["M"]["preferences"]["A"]["values"]["a3"] = 1
    result = analyze(from_document(doc))
    assert result.parties == ("X", "Y")
    assert result.acceptable == 4
    assert list(result.solutions["nash"].utilities) == ["X", "Y", "M"]


def test_three_parties():
    doc = two_issue_doc()
    doc["actors"]["Z"] = {"preferences": {"B": {"values": {"b1": 0.3, "b2": 0.7}}}}
    result = analyze(from_document(doc))
    assert result.parties == ("X", "Y", "Z")
    # Z separates b1 from b2, so outcomes dominated for X and Y alone may return
    frontier = {(d.outcome["A"], d.outcome["B"]) for d in result.pareto}
    assert ("a2", "b2") in frontier and ("a2", "b1") in frontier


def test_json_contract_shape():
    data = analyze(from_document(two_issue_doc())).to_json()
    assert list(data) == ["scenario", "variant", "parties", "outcomes", "acceptable", "pareto", "pareto_size",
                          "pareto_truncated", "solutions", "blockers", "unlock"]
    assert data["pareto_size"] == len(data["pareto"]) and data["pareto_truncated"] is False
    assert set(data["solutions"]) == {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}
    assert data["pareto"][0].keys() == {"outcome", "utilities"}
    assert data["solutions"]["nash"].keys() == {"outcome", "utilities", "score"}


def test_numeric_options_are_json_numbers():
    data = analyze(from_document(numeric_doc({"min": 4}, {"max": 8}))).to_json()
    # acceptable: weeks in {5, 7.5} x B; products of utilities 0.75*0.25, 0.25*0.75, 0.875*0.125, 0.375*0.625
    weeks = data["solutions"]["nash"]["outcome"]["weeks"]
    assert isinstance(weeks, (int, float)) and not isinstance(weeks, bool) and weeks == 7.5
    assert data["solutions"]["nash"]["outcome"] == {"weeks": 7.5, "B": "b2"}


def test_huge_spaces_are_analysed_without_enumeration_when_counting_is_trivial():
    issues = {f"i{k}": {"options": [f"o{j}" for j in range(10)]} for k in range(12)}  # 10^12 outcomes
    rng = np.random.default_rng(3)
    actors = {p: {"preferences": {i: {"values": {f"o{j}": round(float(rng.random()), 3) for j in range(10)}}
                                  for i in issues}} for p in ("X", "Y")}
    scenario = from_document({"accord": 1, "issues": issues, "actors": actors})
    result = analyze(scenario)
    assert result.outcomes == result.acceptable == 10**12
    nash = result.solutions["nash"]
    assert nash.score == pytest.approx(math.prod(nash.utilities.values()))


def test_huge_spaces_that_need_counting_are_refused_clearly():
    issues = {f"i{k}": {"options": [f"o{j}" for j in range(10)]} for k in range(9)}
    actors = {p: {"reservation": 0.5, "preferences": {i: {"values": {f"o{j}": j / 9 for j in range(10)}}
                                                      for i in issues}} for p in ("X", "Y")}
    with pytest.raises(OutcomeSpaceTooLarge, match="limit"):
        analyze(from_document({"accord": 1, "issues": issues, "actors": actors}))


def test_facade_loads_the_embedded_default():
    result = accord.analyze(accord.load())
    assert result.scenario == "Cairo ceasefire and hostage talks"


def test_frontier_builds_deals_on_access_and_behaves_as_a_tuple():
    found = accord.analyze(accord.load(variant="phased-with-pressure"))
    frontier = found.pareto
    deals = tuple(frontier)
    assert len(frontier) == len(deals) > 1
    assert frontier == deals and frontier[0] == deals[0] and frontier[-1] == deals[-1]
    assert frontier[1:] == deals[1:]
    with pytest.raises(IndexError):
        frontier[len(deals)]
    values = frontier.utilities(found.parties)
    assert values.shape == (len(deals), len(found.parties))
    assert values.tolist() == [[d.utilities[p] for p in found.parties] for d in deals]
    assert found.to_json()["pareto"] == [d.to_json() for d in deals]
