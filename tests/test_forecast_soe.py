"""Worked example: reform of Chinese state-owned enterprises (Efird, Lester & Wise 2016).

The input is KTAB's SOE-Policy.csv (tests/data/ktab, MIT licence, KAPSARC):
26 actors with influence, position (0-100, appetite for private involvement in
the upstream oil and gas sector) and salience (0-100) on one dimension. The
paper states that Xi Jinping's position, 30, is the power-weighted median;
docs/forecasting.md sets accord's one-dimensional models beside it.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from accord.forecast import Positions, challenge, compromise, forecast_positions, weighted_median
from accord.forecast.median import condorcet_scores

SOE = Path(__file__).parent / "data" / "ktab" / "SOE-Policy.csv"


def _rows() -> list[list[str]]:
    """KTAB's CSV: a title line, a header line, then one row per actor (a trailing empty cell on each line)."""
    with SOE.open(newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[1][:5] == ["Actor", "Description", "Influence", "Policy Position", "Policy Salience"]
    return [row for row in lines[2:] if row and row[0].strip()]


@pytest.fixture(scope="module")
def soe() -> Positions:
    rows = _rows()
    return Positions(actors=tuple(r[0] for r in rows), position=[float(r[3]) for r in rows],
                     salience=[float(r[4]) / 100 for r in rows], capability=[float(r[2]) for r in rows],
                     low=0, high=100)


def test_the_file_is_read_as_published(soe):
    rows = _rows()
    title = SOE.read_text().splitlines()[0]
    assert ", 26, 1," in title  # 26 actors, 1 dimension
    assert len(soe.actors) == 26
    assert rows[0][:5] == ["XJ", "Xi Jinping", "100", "30", "30"]
    assert soe.position[0] == 30 and soe.capability[0] == 100


def test_xi_jinpings_position_is_the_power_weighted_median(soe):
    # the paper's statement, checked without the model's code: the running sum of influence x salience,
    # in exact fractions, first reaches half the total at 30, and 30 beats every other position pairwise
    rows = sorted(_rows(), key=lambda r: int(r[3]))
    weight = {r[0]: Fraction(int(r[2]) * int(r[4]), 100) for r in rows}
    total, running = sum(weight.values()), Fraction(0)
    for r in rows:
        running += weight[r[0]]
        if 2 * running >= total:
            by_hand = int(r[3])
            break
    assert by_hand == 30 == soe.position[soe.actors.index("XJ")]
    assert 2 * running != total  # not a tie: the median is one point
    assert weighted_median(soe) == 30.0
    votes = condorcet_scores(soe.position, soe.weights)
    unbeaten = {float(soe.position[j]) for j in range(26) if np.all(votes[j] >= -1e-9)}
    assert unbeaten == {30.0}


def test_compromise_is_the_exact_weighted_mean(soe):
    rows = _rows()
    w = [Fraction(int(r[2]) * int(r[4]), 100) for r in rows]
    mean = sum(wi * int(r[3]) for wi, r in zip(w, rows)) / sum(w)
    assert compromise(soe) == pytest.approx(float(mean), abs=1e-12)


def test_every_model_forecasts_within_the_positions(soe):
    out = forecast_positions(soe)
    assert set(out) == {"compromise", "median", "nash", "pce", "challenge"}
    for entry in out.values():
        assert soe.position.min() <= entry["position"] <= soe.position.max()
    assert challenge(soe, rounds=10).rounds[0]["median"] == 30.0  # the challenge model starts from the same median
