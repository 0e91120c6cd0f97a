"""The bargaining solutions (accord.analysis.solutions): one definition, one tie rule, used by every part.

- the parts agree: analysis, Monte Carlo at central values (both the
  vectorised kernel and the per-sample route) and tournament scores name the
  same Nash and Kalai–Smorodinsky outcomes on scenarios full of ties;
- Nash is compared scale-free (sums of logs), so small products are ranked;
- axioms as properties: the choice is on the Pareto frontier of the
  candidates (Nash, KS), Nash is invariant to a positive affine rescaling of
  one party's utilities, and relabelling the parties changes nothing;
- vectorised over leading axes: a stack of problems gives the answers of
  each problem alone.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from test_properties import interpolated_scenarios

from accord.analysis import analyze
from accord.analysis.solutions import SOLUTIONS, kalai_smorodinsky, nash
from accord.scenario import from_document
from accord.tournament.play import references
from accord.uncertainty.montecarlo import monte_carlo

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome_of(issues, options):
    return {issue.id: issue.options[int(k)] for issue, k in zip(issues, options)}


def symmetric_doc():
    """Two parties with mirrored preferences over three identical issues: Nash and KS tie between (4/9, 5/9)
    and (5/9, 4/9), each reached by many packages."""
    issues = {f"i{k}": {"options": ["a", "b", "c", "d"]} for k in range(3)}
    up = {"a": 0, "b": 1 / 3, "c": 2 / 3, "d": 1}
    down = {o: 1 - v for o, v in up.items()}
    return {"accord": 1, "issues": issues, "actors": {
        "x": {"preferences": {i: {"values": up} for i in issues}},
        "y": {"preferences": {i: {"values": down} for i in issues}}}}


def check_parts_agree(doc):
    scenario = from_document(doc)
    exact = analyze(scenario, unlock=False)
    fast = monte_carlo(scenario, 2, 0)  # no uncertain number: every run is the central scenario
    slow = monte_carlo(scenario, 2, 0, max_outcomes=0)
    assert fast.method == "vectorised" and slow.method == "per-sample"
    if exact.solutions["nash"] is None:
        assert not fast.zopa.any() and not slow.zopa.any()
        return
    for result in (fast, slow):
        for r in range(2):
            assert outcome_of(result.issues, result.nash_options[r]) == exact.solutions["nash"].outcome
            assert outcome_of(result.issues, result.ks_options[r]) == exact.solutions["kalai_smorodinsky"].outcome
    _, nash_point = references(scenario)
    assert nash_point.tolist() == [exact.solutions["nash"].utilities[p] for p in scenario.parties]


def test_parts_name_the_same_solutions_on_a_symmetric_scenario():
    check_parts_agree(symmetric_doc())


@pytest.mark.parametrize("n_parties", [2, 3])
def test_parts_name_the_same_solutions_on_tie_heavy_scenarios(n_parties):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(interpolated_scenarios(n_parties), st.lists(st.sampled_from([0, 0.2, 0.4]), min_size=n_parties,
                                                       max_size=n_parties))
    def check(doc, reservations):
        for actor, r in zip(doc["actors"].values(), reservations):
            actor["reservation"] = r
        check_parts_agree(doc)

    check()


def test_nash_ranks_small_products():
    # three parties: surpluses of 5e-4 each (product 1.25e-10) against 1e-3 each (1e-9)
    utilities = np.array([[5e-4, 1e-3], [5e-4, 1e-3], [5e-4, 1e-3]])
    choice = nash(utilities, np.zeros(3))
    assert int(choice.position) == 1
    assert float(choice.score) == pytest.approx(1e-9, rel=1e-12)
    # and the other way round, so the answer is not the position
    assert int(nash(utilities[:, ::-1], np.zeros(3)).position) == 0


def test_nash_ranks_products_that_underflow():
    # 120 parties: products 1e-360 and 2^120 * 1e-360 are both 0 in floating point; their logs still differ
    utilities = np.tile(np.array([[1e-3, 2e-3, 0.0]]), (120, 1))
    assert int(nash(utilities, np.zeros(120)).position) == 1
    assert int(nash(utilities[:, ::-1], np.zeros(120)).position) == 1


def test_small_nash_score_is_written_with_significant_digits():
    doc = {"accord": 1, "issues": {"i": {"options": ["a", "b"]}}, "actors": {
        p: {"preferences": {"i": {"values": {"a": 0.0005, "b": 0.0004}}}} for p in ("x", "y", "z")}}
    score = analyze(from_document(doc), unlock=False).solutions["nash"].to_json()["score"]
    assert score == pytest.approx(1.25e-10, rel=1e-9)


def test_no_candidate_gives_minus_one():
    utilities = np.array([[0.2, 0.4], [0.5, 0.1]])
    for solve in SOLUTIONS.values():
        choice = solve(utilities, np.zeros(2), np.array([False, False]))
        assert int(choice.position) == -1 and np.isnan(choice.score)


problems = st.tuples(st.integers(2, 4), st.integers(1, 12)).flatmap(lambda shape: st.tuples(
    hnp.arrays(np.int64, shape, elements=st.integers(0, 12)),
    hnp.arrays(np.int64, (shape[0],), elements=st.integers(0, 4))))


def dominated(points: np.ndarray, k: int) -> bool:
    """Is column k weakly dominated by another column of points (parties, outcomes) on the 1e-9 grid?"""
    q = np.rint(points * 1e9).astype(np.int64)
    return bool(np.any(np.all(q >= q[:, [k]], axis=0) & np.any(q > q[:, [k]], axis=0)))


@SETTINGS
@given(problems)
def test_nash_and_ks_choose_a_pareto_optimal_candidate(problem):
    values, reservations = problem
    utilities, r = values / 12, reservations / 12
    zopa = np.all(utilities >= r[:, None] - 1e-9, axis=0)
    for solve in (nash, kalai_smorodinsky):
        index = int(solve(utilities, r, zopa).position)
        if not zopa.any():
            assert index == -1
            continue
        assert zopa[index]
        assert not dominated(utilities[:, zopa], int(np.flatnonzero(np.flatnonzero(zopa) == index)[0]))


@SETTINGS
@given(problems, st.floats(0.1, 10), st.floats(-1, 1), st.data())
def test_nash_is_invariant_to_rescaling_one_party(problem, scale, shift, data):
    values, reservations = problem
    utilities, r = values / 12, reservations / 12
    party = data.draw(st.integers(0, utilities.shape[0] - 1))
    rescaled, r2 = utilities.copy(), r.copy()
    rescaled[party] = scale * rescaled[party] + shift
    r2[party] = scale * r2[party] + shift
    zopa = np.all(utilities >= r[:, None] - 1e-9, axis=0)
    before, after = int(nash(utilities, r, zopa).position), int(nash(rescaled, r2, zopa).position)
    if before < 0:
        assert after == -1
        return
    product = np.prod(utilities - r[:, None], axis=0)
    # the rescaled choice is a maximiser of the original product (ties may be decided differently)
    assert product[after] == pytest.approx(product[before], rel=1e-9, abs=0)


@SETTINGS
@given(problems, st.data())
def test_relabelling_the_parties_changes_no_choice(problem, data):
    values, reservations = problem
    utilities, r = values / 12, reservations / 12
    perm = np.array(data.draw(st.permutations(range(utilities.shape[0]))))
    zopa = np.all(utilities >= r[:, None] - 1e-9, axis=0)
    for name, solve in SOLUTIONS.items():
        assert int(solve(utilities, r, zopa).position) == int(solve(utilities[perm], r[perm], zopa).position), name


@SETTINGS
@given(st.lists(st.tuples(hnp.arrays(np.int64, (3, 6), elements=st.integers(0, 12)),
                          hnp.arrays(np.int64, (3,), elements=st.integers(0, 4))), min_size=1, max_size=5))
def test_a_stack_of_problems_gives_each_problem_s_answer(stack):
    utilities = np.stack([v / 12 for v, _ in stack])
    r = np.stack([q / 12 for _, q in stack])
    zopa = np.all(utilities >= r[:, :, None] - 1e-9, axis=1)
    for name, solve in SOLUTIONS.items():
        together = solve(utilities, r, zopa)
        for k in range(len(stack)):
            alone = solve(utilities[k], r[k], zopa[k])
            assert int(together.position[k]) == int(alone.position), name
            assert np.array_equal(together.score[k], alone.score, equal_nan=True), name
