"""KTAB's spatial model of politics (accord.forecast.smp) against KTAB's own reference runs, step by step.

The reference logs (tests/data/ktab, KTAB ``smpc`` 2017-05-30, MIT) print
positions with one decimal and probabilities with four: a reproduced run
differs from them by at most half a printed unit, in every state.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from ktab_log import read_log, replay
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.errors import InvalidInput
from accord.forecast import MODELS, ForecastError
from accord.forecast.smp import (
    SMPInput,
    SMPParameters,
    read_ktab,
    read_ktab_csv,
    read_ktab_xml,
    run_smp,
    scenario_input,
)
from accord.forecast.smp.prng import KtabRandom
from accord.forecast.smp.rules import (
    coalitions,
    conditional_pce,
    markov_incentive_pce,
    markov_uniform_pce,
    victory,
    vote,
)

DATA = Path(__file__).parent / "data" / "ktab"
CSV_RUNS = [("dummyData_3Dim.csv", "20170530_ref-dummyData_3Dim.txt"),
            ("SOE-Pol-Comp.csv", "20170530_ref-SOE-Pol-Comp.txt")]
POS_PRINT, PROB_PRINT = 0.05 + 1e-9, 0.00005 + 1e-12  # half a printed unit
runner = CliRunner()


def load(name: str) -> SMPInput:
    return read_ktab((DATA / name).read_text(encoding="utf-8-sig"), name)


def assert_reproduces(result, log, *, exact: bool = True) -> None:
    """Every state's positions and probabilities as KTAB printed them, and the same number of states."""
    assert result.states == log.states
    assert [f"{x:.4f}" for x in result.fractional_change] == [f"{x:.4f}" for x in log.fractional_change]
    for i, actor in enumerate(result.actors):
        for k, dim in enumerate(result.dimensions):
            assert np.abs(result.positions[:, i, k] - log.positions[actor][dim]).max() <= POS_PRINT, (actor, dim)
        assert np.abs(result.prob[:, i] - log.prob[actor]).max() <= PROB_PRINT, actor
    # the inferred risk attitudes of every state, printed with three decimals
    assert np.abs(result.risk - np.array(log.risk)).max() <= 0.0005 + 1e-9


@pytest.mark.parametrize(("source", "reference"), CSV_RUNS)
def test_csv_reference_runs_are_reproduced_state_by_state(source, reference):
    log = read_log(DATA / reference)
    data = load(source)
    assert data.parameters.as_dict() == log.parameters  # the defaults are the reference runs' parameters
    result = run_smp(data)
    assert_reproduces(result, log)
    # the contract's tolerances on the final state follow
    final = {a: [log.positions[a][d][-1] for d in result.dimensions] for a in result.actors}
    for i, actor in enumerate(result.actors):
        assert np.abs(result.positions[-1, i] - final[actor]).max() <= 1.0
        assert abs(result.prob[-1, i] - log.prob[actor][-1]) <= 0.02


def test_stochastic_xml_run_is_reproduced_with_ktabs_generator_and_thread_order():
    """smpExample: stochastic transitions, PropCbc votes, Markov-incentive PCE, an accommodation matrix.

    KTAB's draws come from its mt19937_64; the order of each actor's queue and of the draws is that of its
    threads, read from the log and replayed."""
    log = read_log(DATA / "20170530_ref-smpExample.txt")
    data = load("smpExample.xml")
    assert data.parameters.as_dict() == log.parameters
    assert data.seed == 3507583219545544127
    assert_reproduces(run_smp(data, replay=replay(log)), log)


def test_stochastic_run_without_replay_is_seeded_and_converges():
    data = load("smpExample.xml")
    a, b = run_smp(data), run_smp(data)
    assert a.states == b.states and np.array_equal(a.positions, b.positions)
    assert a.states <= 101 and a.fractional_change[-1] < 0.02


def test_turns_follow_the_log_targets_in_the_first_turn():
    """The first turn's initiators and targets, as KTAB logs them ("most advantageous target")."""
    from accord.forecast.smp.bargain import best_targets
    from accord.forecast.smp.model import _assess

    for source, reference in CSV_RUNS:
        log = read_log(DATA / reference)
        data = load(source)
        sal, pos = data.salience / 100, data.position / 100
        state = _assess(pos, pos.copy(), data, sal)
        target, _, gain = best_targets(state.u, data.capability * sal.sum(1), sal.sum(1), "Prop", "SemiCommit")
        found = {i: (int(j), round(float(g), 3)) for i, (j, g) in enumerate(zip(target, gain, strict=True)) if j >= 0}
        assert found == {i: (j, w) for i, (j, w) in log.targets[0].items()}


def test_reordering_the_actors_does_not_change_a_deterministic_run():
    data = load("SOE-Pol-Comp.csv")
    order = np.arange(len(data.actors))[::-1]
    flipped = SMPInput(tuple(data.actors[i] for i in order), data.dimensions, data.capability[order],
                       data.position[order], data.salience[order])
    a, b = run_smp(data), run_smp(flipped)
    assert a.states == b.states
    assert np.allclose(a.positions[:, order], b.positions, atol=1e-9)
    # positions closer than 0.1 count as one, represented by the first in actor order (KTAB's ueIndices); where
    # distinct positions are that close, the grouping depends on the order, elsewhere the probabilities cannot
    checked = 0
    for t in range(a.states):
        x = a.positions[t] / 100
        dist = np.linalg.norm(x[:, None] - x[None, :], axis=2)
        if not ((dist > 0) & (dist < 2e-3)).any():
            assert np.allclose(a.prob[t, order], b.prob[t], atol=1e-9), t
            checked += 1
    assert checked >= 5


def test_soe_policy_has_xi_at_the_power_weighted_median():
    """Efird, Lester & Wise 2016: Xi Jinping's 30 is the power-weighted median (the outcome is in the docs)."""
    data = load("SOE-Policy.csv")
    x, w = data.position[:, 0], data.capability * data.salience[:, 0]
    order = np.argsort(x, kind="stable")
    median = x[order][np.searchsorted(np.cumsum(w[order]), w.sum() / 2)]
    assert median == 30 == x[data.actors.index("XJ")]
    result = run_smp(data)
    assert result.fractional_change[-1] < 0.02 and result.states >= 3


# -- the rules, against their definitions ----------------------------------------------------------------------------

def test_votes_follow_the_rule_formulas():
    d = np.linspace(-1, 1, 9)
    u0 = np.zeros_like(d)
    assert np.allclose(vote("Prop", 2.0, d, u0), 2 * d)
    assert np.allclose(vote("PropCbc", 2.0, d, u0), d + d ** 3)
    assert np.allclose(vote("Cubic", 2.0, d, u0), 2 * d ** 3)
    assert np.allclose(vote("Binary", 2.0, d, u0), 2 * np.sign(d))
    assert np.allclose(vote("PropBin", 1.0, d, u0), 0.8 * d + 0.2 * np.sign(d))
    assert np.allclose(vote("ASymProsp", 3.0, d, u0), np.where(d < 0, 3 * d, 2 * d))


@pytest.mark.parametrize("model", ["Linear", "Square", "Quartic", "Octic", "Binary"])
def test_victory_probabilities_are_complementary(model):
    rng = np.random.default_rng(7)
    c = rng.uniform(0.1, 5, (6, 6))
    v = victory(c, model)
    assert np.allclose(v + v.T, 1.0) and np.allclose(np.diag(v), 0.5)


def test_pce_chains_against_brute_force():
    rng = np.random.default_rng(11)
    w = rng.uniform(1, 10, 5)
    u = rng.uniform(0, 1, (5, 4))
    c = coalitions(w, u, "Prop")
    # brute force: sum the positive votes pair by pair
    for a in range(4):
        for b in range(4):
            if a != b:
                assert c[a, b] == pytest.approx(1e-8 + sum(max(w[k] * (u[k, a] - u[k, b]), 0) for k in range(5)))
    v = victory(c, "Linear")
    prod = np.array([np.prod([v[a, b] for b in range(4)]) for a in range(4)])
    assert np.allclose(conditional_pce(v), prod / prod.sum())
    p = markov_uniform_pce(v)  # the fixed point of the uniform chain
    assert np.allclose(p, (v * (p[:, None] + p[None, :])).sum(axis=1) / 4, atol=1e-5)
    p = markov_incentive_pce(c, v)
    n = c * v + np.eye(4) * 1e-10
    chal = n / n.sum(axis=0)
    t = p[:, None] * chal.T
    assert np.allclose(p, (v * (t + t.T)).sum(axis=1), atol=1e-7)


def test_ktab_generator_matches_mt19937_64_and_ktabs_transformation():
    g = KtabRandom(5489)
    draws = [g.mt_next() for _ in range(10000)]
    assert draws[-1] == 9981545732273789042  # C++11 [rand.predef]: the 10000th output of mt19937_64
    g = KtabRandom(5489)
    n = draws[0]
    assert g.uniform() == float(((n + 0xE08C1D668B756F83) * (2 * n + 3)) % 2 ** 64) / float(2 ** 64 - 1)


def test_parameters_are_checked():
    assert SMPParameters().as_dict()["PCEModel"] == "Conditional"
    with pytest.raises(ForecastError, match="VotingRule"):
        SMPParameters(VotingRule="Majority")
    with pytest.raises(ForecastError, match="parameters"):
        SMPParameters.of({"Colour": "red"})


# -- inputs --------------------------------------------------------------------------------------------------------

GOOD = "s,demo,3,2\nActor,Desc,Power,P1,S1,P2,S2\na,,10,0,50,10,20\nb,,20,40,50,50,30\nc,,10,100,50,90,10\n"


@pytest.mark.parametrize(("text", "message"), [
    ("s,demo,3,2\nActor,Desc,Power,P1,S1\n", r"demo\.csv, row 2: expected 7 columns"),
    (GOOD.replace("b,,20,40", "b,,-20,40"), r"demo\.csv, row 4 \(b\): influence must be > 0"),
    (GOOD.replace("b,,20,40,50,50,30", "b,,20,40,80,50,30"), r"row 4 \(b\): saliences must sum to .* got 110"),
    (GOOD.replace("c,,10,100", "c,,10,abc"), r"row 5 \(c\): position on P1 must be a number; got 'abc'"),
    (GOOD.replace("c,,10,100,50,90,10", "c,,10,100,50,90"), r"row 5 \(c\): expected 7 columns; got 6"),
    (GOOD.replace("c,,10,100,50,90,10\n", ""), r"row 5: expected 3 actor rows; found 2"),
    (GOOD.replace("s,demo,3,2", "s,demo,three,2"), r"row 1: the numbers of actors and dimensions must be integers"),
    (GOOD.replace("a,,10,0", "a,,10,130"), r"row 3 \(a\): position on P1 must lie in \[0, 100\]; got 130"),
])
def test_bad_csv_is_one_line_naming_file_and_row(text, message):
    with pytest.raises(InvalidInput, match=message) as info:
        read_ktab_csv(text, "demo.csv")
    assert "\n" not in str(info.value)


def test_bad_xml_is_refused_with_the_element():
    text = (DATA / "smpExample.xml").read_text(encoding="utf-8-sig")
    with pytest.raises(InvalidInput, match=r"x\.xml, <Actor> 1 \(Alice\): <dCoord> 1 must be a number; got ''"):
        read_ktab_xml(text.replace("<dCoord>52.8</dCoord>", "<dCoord></dCoord>"), "x.xml")
    with pytest.raises(InvalidInput, match="DOCTYPE or ENTITY"):
        read_ktab_xml('<!DOCTYPE x [<!ENTITY a "b">]>' + text.split("?>", 1)[1], "x.xml")
    with pytest.raises(InvalidInput, match="VotingRule.*got 'Majority'"):
        read_ktab_xml(text.replace("<VotingRule>PropCbc", "<VotingRule>Majority"), "x.xml")
    with pytest.raises(InvalidInput, match="unknown actor 'Zed'"):
        read_ktab_xml(text.replace("<referencePos>David", "<referencePos>Zed"), "x.xml")


def test_scenario_issues_become_dimensions_in_their_units():
    scenario = accord.load()
    data = scenario_input(scenario)
    assert data.dimensions == tuple(scenario.issues)
    result = run_smp(data)
    assert result.states == len(result.fractional_change) + 1
    for k, issue_id in enumerate(data.dimensions):
        scale = np.asarray(scenario.issues[issue_id].scale, dtype=float)
        for i, actor_id in enumerate(data.actors):
            pref = scenario.actors[actor_id].preferences.get(issue_id)
            if pref is not None:  # the first state is every actor's ideal point, in the issue's units
                assert result.positions[0, i, k] == pytest.approx(scale[int(np.argmax(pref.scores))])
        assert (result.positions[:, :, k] >= scale.min() - 1e-9).all()
        assert (result.positions[:, :, k] <= scale.max() + 1e-9).all()


def test_registry_entry_runs_on_dimensions_only():
    assert MODELS["smp"].dimensions
    out = MODELS["smp"].run(load("dummyData_3Dim.csv"))
    assert out["states"] == 11 and set(out["prob"]) == {f"SActor-0{i}" for i in range(7)}
    from accord.forecast import Positions
    with pytest.raises(ForecastError, match="SMPInput"):
        MODELS["smp"].run(Positions(actors=("a", "b", "c"), position=[0, 1, 2], salience=[1, 1, 1],
                                    capability=[1, 1, 1]))


# -- command line ----------------------------------------------------------------------------------------------------

def test_cli_ktab_json_has_positions_and_probabilities_per_state():
    result = runner.invoke(app, ["forecast", "--ktab", str(DATA / "SOE-Pol-Comp.csv"), "--json"])
    assert result.exit_code == 0, result.output
    smp = json.loads(result.output)["smp"]
    log = read_log(DATA / "20170530_ref-SOE-Pol-Comp.txt")
    assert smp["states"] == log.states == 28
    assert set(smp["positions"]) == set(log.positions)  # keys: the CSV's first column
    for actor, dims in smp["positions"].items():
        assert set(dims) == {"Policy Position", "Competitive Position"}
        assert all(len(v) == smp["states"] for v in dims.values())
        assert len(smp["prob"][actor]) == smp["states"]


def test_cli_scenario_all_models_adds_smp_beside_issues():
    result = runner.invoke(app, ["forecast", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "issues" in data and "smp" in data
    assert all("smp" not in models for models in data["issues"].values())
    only = json.loads(runner.invoke(app, ["forecast", "--model", "smp", "--json"]).output)
    assert set(only) == {"smp"} and only["smp"] == data["smp"]


def test_cli_bad_ktab_file_exits_1_with_one_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD.replace("b,,20,40", "b,,-20,40"), encoding="utf-8")
    result = runner.invoke(app, ["forecast", "--ktab", str(bad)])
    assert result.exit_code == 1
    assert "bad.csv, row 4 (b): influence must be > 0" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert runner.invoke(app, ["forecast", "--ktab", str(bad), "--model", "nash"]).exit_code == 2
