"""The n-party Pareto frontier against a brute force written from the definition.

A row is on the frontier when no other row is >= for every party and > for
one; identical rows never dominate each other. Points are small integers (or
multiples of 1/4 for the additive spaces), so ties and duplicates are common.
"""

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis.pareto import additive_frontier, frontier_mask, quantise
from accord.analysis.pareto_nd import collapse, maxima, maxima_dc, maxima_sfs, undominated

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def brute_mask(points):
    """O(k^2) reference, one pair at a time."""
    rows = [tuple(r) for r in np.asarray(points).tolist()]
    return np.array([not any(all(a >= b for a, b in zip(other, row)) and other != row for other in rows)
                     for row in rows], dtype=bool)


@st.composite
def point_sets(draw, parties=st.integers(3, 5), max_rows=60):
    n = draw(parties)
    top = draw(st.integers(1, 6))  # a small range: many ties per column
    base = draw(st.lists(st.lists(st.integers(0, top), min_size=n, max_size=n), min_size=0, max_size=max_rows))
    copies = draw(st.lists(st.integers(0, max(len(base) - 1, 0)), max_size=20)) if base else []
    rows = base + [base[i] for i in copies]  # exact duplicates
    if draw(st.booleans()) and rows:  # a trade-off: the last party's utility falls as the others rise
        total = max(sum(r[:-1]) for r in rows)
        rows = [r[:-1] + [total - sum(r[:-1]) + r[-1] % 2] for r in rows]
    order = draw(st.permutations(range(len(rows))))
    return np.array([rows[i] for i in order], dtype=np.int64).reshape(-1, n)


@SETTINGS
@given(point_sets())
def test_mask_matches_brute_force(points):
    assert np.array_equal(undominated(points), brute_mask(points))
    assert np.array_equal(frontier_mask(points / 4), brute_mask(points))


@SETTINGS
@given(point_sets(parties=st.integers(2, 5)))
def test_each_method_on_distinct_rows(points):
    if points.shape[0] == 0:
        return
    distinct, inverse = collapse(points)
    expected = brute_mask(points)
    assert np.array_equal(maxima_dc(distinct)[inverse], expected)
    assert maxima_sfs(distinct)[1]
    assert np.array_equal(maxima_sfs(distinct)[0][inverse], expected)
    assert np.array_equal(maxima_sfs(distinct, block=3)[0][inverse], expected)
    if points.shape[1] >= 3:
        assert np.array_equal(maxima(distinct)[inverse], expected)
    # a pass stopped early keeps every frontier row
    partial, complete = maxima_sfs(distinct, block=2, budget=3)
    assert np.all(partial[inverse] >= expected)
    if complete:
        assert np.array_equal(partial[inverse], expected)


@pytest.mark.parametrize("n", [3, 4, 5])
def test_switch_from_sort_filter_to_divide_and_conquer(n, monkeypatch):
    import accord.analysis.pareto_nd as nd

    rng = np.random.default_rng(n)
    points = rng.integers(0, 5, size=(3000, n))
    points[:, -1] = points[:, :-1].sum(axis=1).max() - points[:, :-1].sum(axis=1) + rng.integers(0, 2, 3000)
    expected = brute_mask_vectorised(points)
    monkeypatch.setattr(nd, "SFS_BUDGET", 1e-6)  # stop after the first block
    monkeypatch.setattr(nd, "BLOCK", 64)
    assert np.array_equal(nd.undominated(points), expected)
    monkeypatch.setattr(nd, "SFS_BUDGET", 1e9)  # never switch
    assert np.array_equal(nd.undominated(points), expected)


def brute_mask_vectorised(points):
    ge = np.all(points[:, None, :] >= points[None, :, :], axis=2)
    gt = np.any(points[:, None, :] > points[None, :, :], axis=2)
    return ~(ge & gt).any(axis=0)


def test_identical_points_stay_and_weak_dominance_removes():
    points = np.array([[1, 1, 1], [1, 1, 1], [1, 1, 0], [2, 0, 0], [2, 0, 0], [0, 0, 2], [0, 1, 2]])
    assert undominated(points).tolist() == [True, True, False, True, True, False, True]


def test_the_grid_makes_rounding_noise_equal():
    points = np.array([[0.1 + 0.2, 0.5, 0.5], [0.3, 0.5, 0.5], [0.3, 0.5, 0.4999999999]])
    assert frontier_mask(points).tolist() == [True, True, True]  # the third is within the grid step
    points[2, 2] = 0.49
    assert frontier_mask(points).tolist() == [True, True, False]


@pytest.mark.parametrize("n, k", [(3, 20000), (4, 3000), (5, 2000)])
def test_larger_sets_agree_with_the_vectorised_definition(n, k):
    rng = np.random.default_rng(k)
    points = rng.integers(0, 12, size=(k, n))
    flip = rng.random(k) < 0.5  # half of the rows on a trade-off surface, half anywhere
    points[flip, -1] = 11 * (n - 1) - points[flip, :-1].sum(axis=1)
    distinct, inverse = collapse(points)
    expected = maxima_sfs(distinct)[0][inverse]
    assert np.array_equal(undominated(points), expected)
    assert np.array_equal(maxima_dc(distinct)[inverse], expected)
    if k <= 3000:
        assert np.array_equal(expected, brute_mask_vectorised(points))


def test_no_rows_and_one_row():
    assert undominated(np.zeros((0, 3), dtype=np.int64)).shape == (0,)
    assert undominated(np.array([[4, 2, 1]])).tolist() == [True]


@st.composite
def additive_spaces(draw, parties=st.just(3)):
    n = draw(parties)
    n_issues = draw(st.integers(1, 4))
    # quarters, or thirds and sixths: sums equal on paper (1/3 + 1/3, 2/3) that differ in the last bits
    denominator = draw(st.sampled_from([4, 3, 6]))
    tables = []
    for _ in range(n_issues):
        size = draw(st.integers(1, 5))
        values = draw(st.lists(st.integers(0, 4), min_size=n * size, max_size=n * size))
        tables.append(np.array(values, dtype=float).reshape(n, size) / denominator)
    return tables


def enumerated_frontier(tables):
    """The definition: every outcome's utilities summed, then put on the 1e-9 grid, then compared."""
    n = tables[0].shape[0]
    sums = np.array([np.sum([t[:, o] for t, o in zip(tables, combo)], axis=0)
                     for combo in itertools.product(*(range(t.shape[1]) for t in tables))]).reshape(-1, n)
    return np.flatnonzero(brute_mask(quantise(sums)))


@SETTINGS
@given(additive_spaces())
def test_additive_frontier_matches_enumeration_three_parties(tables):
    assert np.array_equal(additive_frontier(tables), enumerated_frontier(tables))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(additive_spaces(parties=st.sampled_from([2, 4, 5])))
def test_additive_frontier_matches_enumeration_other_party_counts(tables):
    assert np.array_equal(additive_frontier(tables), enumerated_frontier(tables))


def test_additive_frontier_with_many_packages_per_point():
    # every issue trades party 0 against parties 1 and 2 along one line: all 4^6 packages are undominated,
    # and they share only 19 distinct utility points
    line = np.array([[0, 1, 2, 3], [3, 2, 1, 0], [6, 4, 2, 0]], dtype=float)
    tables = [line] * 6
    assert np.array_equal(additive_frontier(tables), np.arange(4 ** 6))
    tables = [line] * 5 + [np.array([[0, 1], [0, 1], [0, 0]], dtype=float)]  # option 1 dominates option 0
    assert np.array_equal(additive_frontier(tables), np.arange(1, 2 * 4 ** 5, 2))


@st.composite
def close_spaces(draw):
    """Values distinct on paper but less than a grid step apart (0.3, 0.3 + 3e-10, 0.3 + 7e-10, ...): packages
    that one dominates on paper can tie on the grid, and must then both stay."""
    n = draw(st.sampled_from([2, 3, 4]))
    base = st.sampled_from([0.0, 0.3, 0.6, 1 / 3, 2 / 3])
    offset = st.sampled_from([0.0, 3e-10, 7e-10])
    tables = []
    for _ in range(draw(st.integers(1, 4))):
        size = draw(st.integers(1, 4))
        tables.append(np.array([draw(base) + draw(offset) for _ in range(n * size)]).reshape(n, size))
    return tables


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(close_spaces())
def test_additive_frontier_keeps_packages_that_tie_on_the_grid(tables):
    assert np.array_equal(additive_frontier(tables), enumerated_frontier(tables))
