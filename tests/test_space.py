"""The outcome space: chunked evaluation agrees with direct evaluation."""

import itertools

import numpy as np
import pytest

from accord.analysis.space import build_space, utilities_of
from accord.scenario import from_document


def doc(sizes):
    issues = {f"i{k}": {"options": [f"o{j}" for j in range(n)]} for k, n in enumerate(sizes)}
    rng = np.random.default_rng(0)
    actors = {p: {"preferences": {i: {"weight": float(rng.integers(1, 4)),
                                      "values": {o: float(rng.random()) for o in spec["options"]}}
                                  for i, spec in issues.items()}} for p in ("X", "Y", "Z")}
    return {"accord": 1, "issues": issues, "actors": actors}


@pytest.mark.parametrize("chunk", [1, 5, 7, 64, 1 << 20])
def test_chunks_cover_the_space_in_order_with_the_right_utilities(chunk):
    scenario = from_document(doc([3, 4, 5]))
    space = build_space(scenario)
    rows = np.array(list(itertools.product(range(3), range(4), range(5))))
    expected = utilities_of(scenario, rows)
    seen = []
    for start, block in space.chunks(chunk):
        assert block.shape[1] <= max(chunk, 5)
        np.testing.assert_allclose(block, expected[:, start:start + block.shape[1]])
        seen.append((start, block.shape[1]))
    assert seen[0][0] == 0 and sum(n for _, n in seen) == 60
    assert all(a + n == b for (a, n), (b, _) in zip(seen, seen[1:]))


def test_utilities_match_the_formula():
    # u = sum_i w_i v_i(o_i) / sum_i w_i, worked by hand; an issue a party does not mention counts for nothing
    d = {"accord": 1, "issues": {"i0": {"options": ["a", "b"]}, "i1": {"options": ["c", "d"]}},
         "actors": {"X": {"preferences": {"i0": {"weight": 3, "values": {"a": 0.2, "b": 0.6}},
                                          "i1": {"weight": 1, "values": {"c": 1, "d": 0}}}},
                    "Y": {"preferences": {"i0": {"values": {"a": 1, "b": 0}}}}}}
    rows = np.array([[1, 0], [0, 1], [0, 0], [1, 1]])  # (b, c), (a, d), (a, c), (b, d)
    u = utilities_of(from_document(d), rows)
    assert u[0] == pytest.approx([(3 * 0.6 + 1) / 4, 3 * 0.2 / 4, (3 * 0.2 + 1) / 4, 3 * 0.6 / 4])
    assert u[1].tolist() == [0, 1, 1, 0]


def test_red_lines_restrict_the_space_per_issue():
    d = doc([3, 4])
    d["actors"]["X"]["preferences"]["i0"]["reject"] = ["o0"]
    d["actors"]["Y"]["preferences"]["i1"]["accept"] = ["o1", "o3"]
    space = build_space(from_document(d))
    assert space.shape == (2, 2) and space.size == 4
    assert [list(o) for o in space.options] == [[1, 2], [1, 3]]
