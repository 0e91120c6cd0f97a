"""The Bayesian opponent model (Hindriks & Tykhonov 2008): scripted offer sequences and a brute-force oracle.

Its ranking quality on corpus domains is measured beside the frequency model's in tests/test_opponent.py.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from accord.simulation import SimulationError
from accord.simulation.bayesian import BayesianModel

# an opponent that holds out, then concedes one option at a time down an issue's order (Boulware-like)
DOWN_THE_ORDER = [0] * 8 + [1] * 6 + [2] * 4 + [3] * 3 + [4] * 2


def grid(sizes: tuple[int, ...]) -> np.ndarray:
    return np.array(list(itertools.product(*(range(s) for s in sizes))))


def shape_value(m: int, p: int, x: int) -> float:
    """V_p(x) written from the paper's shapes: downhill (p = 0), uphill (p = m - 1), triangular peaking at p."""
    if m == 1:
        return 1.0
    if x <= p:
        return x / p if p > 0 else 1.0
    return (m - 1 - x) / (m - 1 - p)


def oracle_update(sizes, weight_probs, shape_probs, levels, offer, target, sigma):
    """One Bayesian update written from the module docstring with plain loops."""
    n = len(sizes)
    e = [sum(shape_probs[i][p] * shape_value(sizes[i], p, offer[i]) for p in range(sizes[i])) for i in range(n)]
    w = [sum(weight_probs[i][k] * levels[k] for k in range(len(levels))) for i in range(n)]

    def likelihood(u):
        return math.exp(-((u - target) ** 2) / (2 * sigma**2))

    new_w, new_s = [], []
    for i in range(n):
        rest = sum(w[j] * e[j] for j in range(n) if j != i)
        rest_w = sum(w[j] for j in range(n) if j != i)
        post = [weight_probs[i][k] * likelihood((rest + levels[k] * e[i]) / (rest_w + levels[k]))
                for k in range(len(levels))]
        new_w.append([q / sum(post) for q in post])
        post = [shape_probs[i][p] * likelihood((rest + w[i] * shape_value(sizes[i], p, offer[i])) / (rest_w + w[i]))
                for p in range(sizes[i])]
        new_s.append([q / sum(post) for q in post])
    return new_w, new_s


def test_an_issue_held_at_its_best_option_gets_the_larger_weight():
    model = BayesianModel([3, 5])
    np.testing.assert_allclose(model.weights, [0.5, 0.5])  # the prior: nothing known
    for k in range(20):
        model.update([0, k // 4])  # issue 0 never moves, issue 1 concedes one option every four offers
    assert model.weights[0] > 0.7 > model.weights[1]
    assert model.weights.sum() == pytest.approx(1.0)
    # and both issues are read as downhill: the opponent started from option 0 and moved away from it
    assert np.argmax(model.shape_probabilities[0]) == 0 and np.argmax(model.shape_probabilities[1]) == 0


def test_offers_down_the_option_order_learn_a_downhill_function_and_up_it_an_uphill_one():
    down = BayesianModel([5])
    for x in DOWN_THE_ORDER:
        down.update([x])
    assert np.argmax(down.shape_probabilities[0]) == 0  # peak at the first option: downhill
    assert np.all(np.diff(down.value_table()[0]) < 0)
    up = BayesianModel([5])
    for x in DOWN_THE_ORDER:
        up.update([4 - x])  # the mirror image: the prior is symmetric, so the answer must be too
    assert np.argmax(up.shape_probabilities[0]) == 4
    assert np.all(np.diff(up.value_table()[0]) > 0)
    np.testing.assert_allclose(up.value_table()[0], down.value_table()[0][::-1])


def test_an_opponent_that_insists_on_a_middle_option_learns_a_triangular_function():
    model = BayesianModel([5, 2])
    for _ in range(10):
        model.update([2, 1])
    assert np.argmax(model.shape_probabilities[0]) == 2
    values = model.value_table()[0]
    assert np.argmax(values) == 2 and values[0] < values[1] < values[2] > values[3] > values[4]
    assert model.utilities(np.array([[2, 1]]))[0] == model.utilities(grid((5, 2))).max()


def test_the_concession_assumption_decides_what_a_move_means():
    # an opponent that opens with option 0 and then stays on option 1: if it is expected to concede quickly, the move
    # fits a downhill function (option 1 worth less); if it is expected to hold at utility 1, option 1 must be its peak
    offers = [[0]] + [[1]] * 9
    fast, firm = BayesianModel([3], concession=0.05), BayesianModel([3], concession=0.0)
    for offer in offers:
        fast.update(offer)
        firm.update(offer)
    assert np.argmax(fast.shape_probabilities[0]) == 0
    assert np.argmax(firm.shape_probabilities[0]) == 1


def test_one_update_matches_the_formulas_written_out():
    sizes = (3, 4, 1, 2)
    model = BayesianModel(sizes, weight_levels=5, concession=0.03, sigma=0.2)
    rng = np.random.default_rng(11)
    for _ in range(3):  # move the posteriors away from the uniform priors first
        model.update([int(rng.integers(0, s)) for s in sizes])
    weight_probs, shape_probs = model.weight_probabilities, model.shape_probabilities
    offer = [2, 1, 0, 1]
    expected_w, expected_s = oracle_update(sizes, weight_probs, shape_probs, list(model.weight_levels), offer,
                                           target=1 - 0.03 * 3, sigma=0.2)
    model.update(offer)
    np.testing.assert_allclose(model.weight_probabilities, expected_w)
    for i, m in enumerate(sizes):
        np.testing.assert_allclose(model.shape_probabilities[i, :m], expected_s[i])
        assert np.all(model.shape_probabilities[i, m:] == 0)  # padding hypotheses never gain mass


def test_utilities_are_the_posterior_expectation_in_the_unit_interval():
    sizes = (4, 3, 5)
    model = BayesianModel(sizes)
    rng = np.random.default_rng(5)
    for _ in range(15):
        model.update([int(rng.integers(0, s)) for s in sizes])
    rows = grid(sizes)
    u = model.utilities(rows)
    assert u.shape == (len(rows),) and u.dtype == np.float64
    assert u.min() >= 0.0 and u.max() <= 1.0
    w = model.weight_probabilities @ np.linspace(0, 1, 11)
    s = model.shape_probabilities
    expected = [sum(w[i] * sum(s[i, p] * shape_value(sizes[i], p, row[i]) for p in range(sizes[i]))
                    for i in range(3)) / w.sum() for row in rows]
    np.testing.assert_allclose(u, expected)


def test_hypotheses_are_bounded_by_the_table_shape():
    model = BayesianModel([2, 7, 1], weight_levels=6)
    assert model.weight_probabilities.shape == (3, 6)
    assert [int(np.count_nonzero(row)) for row in model.shape_probabilities] == [2, 7, 1]  # one shape per option
    np.testing.assert_allclose(model.weight_probabilities.sum(axis=1), 1.0)
    np.testing.assert_allclose(model.shape_probabilities.sum(axis=1), 1.0)


def test_reset_forgets_everything():
    fresh, model = BayesianModel([3, 4]), BayesianModel([3, 4])
    for offer in ([0, 0], [0, 1], [2, 3], [1, 3]):
        model.update(offer)
    assert not np.allclose(model.utilities(grid((3, 4))), fresh.utilities(grid((3, 4))))
    model.reset()
    assert model.offers == 0
    np.testing.assert_allclose(model.weight_probabilities, fresh.weight_probabilities)
    np.testing.assert_allclose(model.shape_probabilities, fresh.shape_probabilities)
    np.testing.assert_allclose(model.utilities(grid((3, 4))), fresh.utilities(grid((3, 4))))
    # the concession clock restarts too: after a reset the model learns exactly as a fresh one does
    for offer in ([1, 2], [1, 0]):
        model.update(offer)
        fresh.update(offer)
    np.testing.assert_allclose(model.utilities(grid((3, 4))), fresh.utilities(grid((3, 4))))


@pytest.mark.parametrize(("call", "named"), [
    (lambda: BayesianModel([]), "sizes"),
    (lambda: BayesianModel([3, 0]), "sizes"),
    (lambda: BayesianModel([3], weight_levels=1), "'weight_levels'"),
    (lambda: BayesianModel([3], weight_levels=2.5), "'weight_levels'"),
    (lambda: BayesianModel([3], weight_levels=True), "'weight_levels'"),
    (lambda: BayesianModel([3], concession=-0.1), "'concession'"),
    (lambda: BayesianModel([3], concession=1.5), "'concession'"),
    (lambda: BayesianModel([3], concession=float("nan")), "'concession'"),
    (lambda: BayesianModel([3], sigma=0), "'sigma'"),
    (lambda: BayesianModel([3, 2]).update([3, 0]), "offer"),
    (lambda: BayesianModel([3, 2]).update([0]), "offer"),
    (lambda: BayesianModel([3, 2]).utilities(np.zeros((4, 3), dtype=int)), "option rows"),
])
def test_bad_input_is_one_clear_error_naming_the_parameter(call, named):
    with pytest.raises(SimulationError) as caught:
        call()
    assert "\n" not in str(caught.value)
    assert named in str(caught.value)
