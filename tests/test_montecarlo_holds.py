"""Monte Carlo of format 1.1 scenarios: red lines that may not bind (``holds``), interactions, decision rules.

- ``holds``: U from the stream keyed by the ``holds`` path, the red lines binding when U < holds; P(ZOPA)
  within binomial bounds of its exact value; paired across variants; the same for any chunking and workers;
  ``holds: 1`` and no ``holds`` give identical results.
- Per run, the ZOPA of the vectorised and the semantic routes against a reference built independently: the
  run's document with its numbers written in and the red lines that do not bind deleted, validated again,
  and counted by :func:`accord.scenario.outcomes.count_zopa`.
- Sensitivity: a ``holds`` is an input, reported under its path, and ranked first where it decides the ZOPA.
- Reports: P(ZOPA) and P(deal) per variant; "no uncertain number changes the outcome" only when true.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from accord import jobs
from accord.cli import app
from accord.scenario import TOLERANCE, from_document
from accord.scenario import outcomes as oc
from accord.uncertainty import compare_variants, compile_model, monte_carlo, monte_carlo_simulation, sensitivity
from accord.uncertainty.model import binding_key, variant_distributions
from accord.uncertainty.sampling import draw_key, transform, uniforms

HOLDS = ("actors", "israel", "preferences", "cease", "holds")


def holds_doc(holds=0.6, extra=None):
    """Israel rejects phased and permanent ceasefires (a bluff with probability 1 - holds), Hamas none and
    temporary: binding, the red lines leave no ceasefire option; not binding, (phased, phased) is in the ZOPA
    (Israel 0.45, Hamas 0.65 against reservations 0.3). So P(ZOPA) = P(U >= holds) = 1 - holds."""
    cease = {"values": {"none": 1, "temporary": 0.8, "phased": 0.4, "permanent": 0}, "reject": ["phased", "permanent"]}
    if holds is not None:
        cease["holds"] = holds
    doc = {
        "accord": 1.1, "name": "holds",
        "issues": {"cease": {"options": ["none", "temporary", "phased", "permanent"]},
                   "hostages": {"options": ["none", "phased", "all"]}},
        "actors": {
            "israel": {"reservation": 0.3, "preferences": {
                "cease": cease, "hostages": {"values": {"none": 0, "phased": 0.5, "all": 1}}}},
            "hamas": {"reservation": 0.3, "preferences": {
                "cease": {"values": {"none": 0, "temporary": 0.2, "phased": 0.7, "permanent": 1},
                          "reject": ["none", "temporary"]},
                "hostages": {"values": {"none": 1, "phased": 0.6, "all": 0}}}},
        },
        "variants": {"firm": {"description": "Israel's red line is more credible",
                              "patch": {"actors": {"israel": {"preferences": {
                                  "cease": {"holds": {"uniform": [0.7, 0.9]}}}}}}}},
    }
    if extra:
        extra(doc)
    return doc


def coupled_doc(rule=None):
    """Every 1.1 key at once, with numbers that move the ZOPA: ``unless``, ``holds`` (a number and a
    distribution), an interaction whose weight and value are distributions, a constituency and (``rule``)
    a decision rule over three parties."""
    doc = {
        "accord": 1.1, "name": "coupled",
        "issues": {"cease": {"options": ["none", "temporary", "phased", "permanent"]},
                   "hostages": {"options": ["none", "phased", "all"]},
                   "weeks": {"range": [0, 12], "step": 4}},
        "actors": {
            "israel": {"reservation": {"uniform": [0.3, 0.6]}, "preferences": {
                "cease": {"values": {"none": 1, "temporary": 0.8, "phased": 0.4, "permanent": 0},
                          "reject": ["permanent"], "unless": {"hostages": ["all"]},
                          "holds": {"uniform": [0.3, 0.9]}},
                "hostages": {"values": {"none": 0, "phased": 0.5, "all": 1}},
                "weeks": {"values": {0: 1, 12: 0}}}},
            "hamas": {"reservation": 0.45, "preferences": {
                "cease": {"values": {"none": 0, "temporary": 0.2, "phased": 0.7, "permanent": 1},
                          "reject": ["none"], "holds": 0.5},
                "hostages": {"values": {"none": 1, "phased": 0.6, "all": 0}},
                "weeks": {"values": {0: 0, 12: 1}}},
                "interactions": [{"when": {"cease": ["phased", "permanent"], "hostages": ["phased", "all"]},
                                  "weight": {"triangular": [0, 1, 3]}, "value": {"uniform": [0.2, 1]}}]},
            "coalition": {"role": "constituency", "of": "israel", "reservation": {"uniform": [0.1, 0.5]},
                          "preferences": {"cease": {"values": {"none": 1, "temporary": 0.6, "phased": 0.2,
                                                               "permanent": 0}},
                                          "weeks": {"values": {0: 1, 12: 0.2}}}},
        },
    }
    if rule is not None:
        doc["actors"]["egypt"] = {"reservation": 0.8, "vote_weight": 0.5, "preferences": {
            "weeks": {"values": {0: 0, 12: 1}, "min": 4, "holds": 0.7},
            "hostages": {"values": {"none": 0, "phased": 1, "all": 0.5}}}}
        doc["decision"] = rule
    return doc


# -- the reference: each run's document, validated, counted -----------------------------------------

def _set(doc, path, value):
    node = doc
    for key in path[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if isinstance(node, list):
        node[int(path[-1])] = value
    else:
        node[path[-1]] = value


def reference_runs(doc, runs, seed):
    """Per run: the number of outcomes in the ZOPA of the run's own validated document, and its ZOPA mask.

    The numbers come from the streams of the scheme (each distribution from ``draw_key(path)``, U of each
    ``holds`` from its path); the red lines whose U >= holds are deleted from the document."""
    base = from_document(copy.deepcopy(doc))
    lines = dict(base.holds_paths)
    streams = [draw_key(u.path) for u in base.uncertain] + list(lines)
    u = uniforms(streams, runs, seed)
    found = []
    for r in range(runs):
        run_doc = copy.deepcopy(doc)
        run_doc.pop("variants", None)
        numbers = {}
        for item in base.uncertain:
            numbers[item.path] = float(transform(item.distribution, item.path, u[draw_key(item.path)][r:r + 1])[0])
            _set(run_doc, item.path, numbers[item.path])
        for path, holds in lines.items():
            level = numbers.get(path, holds)
            if not u[path][r] < level:  # a bluff: the preference's red lines are gone in this run
                pref = run_doc["actors"][path[1]]["preferences"][path[3]]
                for key in ("reject", "accept", "min", "max", "unless", "holds"):
                    pref.pop(key, None)
        scenario = from_document(run_doc)
        digits = oc.unravel([i.size for i in scenario.issues.values()], np.arange(scenario.outcome_count))
        found.append((scenario, oc.zopa(scenario, digits), digits))
    return found


# -- holds ------------------------------------------------------------------------------------------

def test_holds_gives_p_zopa_of_one_minus_holds_within_binomial_bounds():
    runs = 20000
    result = monte_carlo(from_document(holds_doc(0.6)), runs, seed=11)
    assert result.method == "vectorised"
    sd = math.sqrt(0.4 * 0.6 / runs)
    assert abs(result.p_zopa - 0.4) < 4 * sd


def test_holds_uses_the_stream_keyed_by_its_path():
    runs = 3000
    result = monte_carlo(from_document(holds_doc(0.6)), runs, seed=5, keep_parameters=True)
    u = uniforms([HOLDS], runs, seed=5)[HOLDS]
    np.testing.assert_array_equal(result.zopa, u >= 0.6)
    np.testing.assert_array_equal(result.parameters[binding_key(HOLDS)], u)


@pytest.mark.parametrize("method", ["vectorised", "per-sample"])
def test_holds_runs_match_the_reference(method):
    doc = holds_doc(0.6, extra=lambda d: d["actors"]["israel"].update(reservation={"uniform": [0.2, 0.5]}))
    scenario = from_document(doc)
    kwargs = {"max_outcomes": 1} if method == "per-sample" else {}
    result = monte_carlo(scenario, 60, seed=2, **kwargs)
    assert result.method == method
    reference = reference_runs(doc, 60, seed=2)
    assert [int(z.sum()) for _, z, _ in reference] == result.zopa_size.tolist()
    for r, (run, zopa, digits) in enumerate(reference):
        if result.zopa[r]:
            row = result.nash_options[r]
            assert zopa[np.ravel_multi_index(tuple(row), [i.size for i in run.issues.values()])]
            assert result.deal_gap[r] >= -TOLERANCE
        else:
            assert result.deal_gap[r] < 0


def test_holds_is_paired_across_variants():
    runs = 4096
    comparison = compare_variants(from_document(holds_doc(0.6)), None, runs, seed=3, keep_parameters=True)
    base, firm = comparison.base, comparison.rows[0].result
    key = binding_key(HOLDS)
    np.testing.assert_array_equal(base.parameters[key], firm.parameters[key])  # the same U in every run
    # firm's holds (0.7..0.9) exceeds 0.6: wherever the base's red line binds, firm's does too
    assert not (firm.zopa & ~base.zopa).any()
    drawn = firm.parameters[HOLDS]
    assert drawn.min() >= 0.7 and drawn.max() <= 0.9
    u = base.parameters[key]
    np.testing.assert_array_equal(firm.zopa, u >= drawn)
    assert comparison.rows[0].difference == pytest.approx(firm.p_zopa - base.p_zopa)


def test_holds_draws_are_the_same_for_any_chunk_and_worker_count():
    scenario = from_document(holds_doc(0.6))
    one = monte_carlo(scenario, 9000, seed=8)
    chunked = monte_carlo(scenario, 9000, seed=8, chunk=777)
    workers = monte_carlo(scenario, 9000, seed=8, workers=2)
    for other in (chunked, workers):
        np.testing.assert_array_equal(one.zopa, other.zopa)
        np.testing.assert_array_equal(one.nash, other.nash)
        np.testing.assert_array_equal(one.deal_gap, other.deal_gap)


def test_holds_one_and_no_holds_give_identical_results():
    reservation = {"uniform": [0.4, 0.8]}

    def widen(d):  # a zone exactly when Israel's reservation is at most 0.7, at (phased, all)
        d["actors"]["israel"]["reservation"] = reservation
        d["actors"]["israel"]["preferences"]["cease"]["reject"] = ["permanent"]
        del d["variants"]

    with_one = from_document(holds_doc(1, extra=widen))
    without = from_document(holds_doc(None, extra=widen))
    assert with_one.holds_paths == () and without.holds_paths == ()
    a, b = monte_carlo(with_one, 3000, seed=4), monte_carlo(without, 3000, seed=4)
    assert 0 < a.p_zopa < 1
    assert a.to_json() == b.to_json()
    for name in ("zopa", "zopa_size", "nash", "ks", "utilities", "surplus", "deal_gap", "blocker"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def test_a_holds_distribution_is_neither_a_weight_nor_a_bound():
    scenario = from_document(holds_doc({"uniform": [0.2, 0.4]}))
    model = compile_model(scenario)
    [slot] = model.slots
    assert slot.kind == "holds"
    [line] = model.holds_lines
    assert line.path == HOLDS and line.drawn and line.holds == pytest.approx(0.3)
    batch = model.batch({HOLDS: np.array([0.35, 0.35]), binding_key(HOLDS): np.array([0.1, 0.9])})
    np.testing.assert_array_equal(batch.weights[0], model.weights)
    assert batch.bounds == {}
    np.testing.assert_array_equal(batch.binding[(0, 0)], [True, False])
    # P(ZOPA) = P(U >= H) with H uniform on [0.2, 0.4] independent of U: 1 - 0.3
    result = monte_carlo(scenario, 20000, seed=6)
    assert abs(result.p_zopa - 0.7) < 4 * math.sqrt(0.21 / 20000)


def test_variant_patches_with_holds_and_interaction_distributions_are_recognised():
    doc = coupled_doc()
    doc["variants"] = {"v": {"description": "d", "patch": {"actors": {
        "israel": {"preferences": {"cease": {"holds": {"uniform": [0.1, 0.2]}}}},
        "hamas": {"interactions": [{"when": {"cease": ["phased"], "hostages": ["all"]},
                                    "weight": {"uniform": [1, 2]}, "value": 0.5}]}}}}}
    found = {u.path for u in variant_distributions(from_document(doc))["v"]}
    assert found == {HOLDS, ("actors", "hamas", "interactions", 0, "weight")}


# -- the 1.1 semantics ------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", [None, {"rule": "majority", "veto": ["israel"]}, {"rule": "qualified", "share": 1.0},
                                  {"rule": "qualified", "share": 0.6, "weight_share": 0.7, "veto": ["hamas"]}])
def test_semantic_runs_match_the_reference(rule):
    doc = coupled_doc(rule)
    scenario = from_document(copy.deepcopy(doc))
    result = monte_carlo(scenario, 50, seed=9)
    assert result.method == "semantic"
    reference = reference_runs(doc, 50, seed=9)
    sizes = [int(z.sum()) for _, z, _ in reference]
    assert result.zopa_size.tolist() == sizes
    assert len(set(sizes)) > 1  # the numbers do move the zone
    if rule is None or rule["rule"] != "majority":
        assert 0 < result.p_zopa < 1
    for r, (run, zopa, digits) in enumerate(reference):
        assert (result.deal_gap[r] >= -TOLERANCE) == bool(zopa.any())
        if zopa.any():
            flat = np.ravel_multi_index(tuple(result.nash_options[r]), [i.size for i in run.issues.values()])
            assert zopa[flat]
            u = oc.utilities(run, digits[flat:flat + 1], result.actors)[:, 0]
            np.testing.assert_allclose(result.utilities[r], u, rtol=0, atol=1e-12)


def test_semantic_route_agrees_with_the_kernel_on_an_additive_scenario():
    scenario = from_document(holds_doc(0.6, extra=lambda d: d["actors"]["israel"].update(
        reservation={"uniform": [0.2, 0.5]})))
    fast = monte_carlo(scenario, 400, seed=1)
    import dataclasses

    from accord.uncertainty import montecarlo as mc

    model = dataclasses.replace(compile_model(scenario), semantic=True)
    values = model.values_from_uniforms(uniforms(model.streams, 400, 1))
    slow = mc.evaluate_route("semantic", model, scenario, values, 400)
    for name in ("zopa", "zopa_size", "nash_options", "ks_options", "blocker", "short"):
        np.testing.assert_array_equal(fast.__dict__[name] if name in fast.__dict__ else None, slow[name])
    np.testing.assert_allclose(fast.deal_gap, slow["deal_gap"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(fast.utilities, slow["utilities"], rtol=0, atol=1e-12)


def test_interaction_weight_distributions_are_drawn():
    doc = coupled_doc()
    result = monte_carlo(from_document(doc), 200, seed=4, keep_parameters=True)
    weights = result.parameters[("actors", "hamas", "interactions", 0, "weight")]
    values = result.parameters[("actors", "hamas", "interactions", 0, "value")]
    assert weights.min() >= 0 and weights.max() <= 3 and np.unique(weights).size == 200
    assert values.min() >= 0.2 and values.max() <= 1


def test_semantic_route_refuses_a_space_too_large_to_enumerate_per_run():
    from accord.errors import InvalidInput
    from accord.uncertainty.semantic import check_semantic

    model = compile_model(from_document(coupled_doc()))
    check_semantic(model, limit=48)  # 4 x 3 x 4 outcomes, not refused
    with pytest.raises(InvalidInput, match="enumerates every outcome in each draw; this one has 48 outcomes"):
        check_semantic(model, limit=47)


# -- sensitivity -----------------------------------------------------------------------------------

def test_sensitivity_ranks_the_holds_first_where_it_decides():
    # Israel's reservation moves within a range that never closes the zone: only the red line's credibility matters
    doc = holds_doc(0.5, extra=lambda d: d["actors"]["israel"].update(reservation={"uniform": [0.1, 0.2]}))
    found = sensitivity(from_document(doc), 1024, seed=2)
    assert found.headline_output == "zopa"
    first = found.indices()[0]
    assert first["parameter"] == "actors.israel.preferences.cease.holds"
    assert first["index"] > 0.8
    assert found.credibility == first
    other = [r for r in found.indices() if r["parameter"] == "actors.israel.reservation"][0]
    assert other["index"] < 0.05
    [row] = [r for r in found.tornado if r["parameter"] == first["parameter"]]
    assert row["zopa_low"] and not row["zopa_high"]  # a bluff opens the zone, a binding red line closes it
    assert found.central_gap == row["gap_high"]      # central values: every red line binds


def test_sensitivity_of_a_drawn_holds_is_one_grouped_input():
    scenario = from_document(holds_doc({"uniform": [0.2, 0.8]}))
    found = sensitivity(scenario, 512, seed=3)
    assert [r["parameter"] for r in found.indices()] == ["actors.israel.preferences.cease.holds"]
    assert found.indices()[0]["index"] > 0.8


# -- simulation and reports ---------------------------------------------------------------------------

def test_simulated_talks_see_the_red_line_only_where_it_binds():
    scenario = from_document(holds_doc(0.6))
    sim = monte_carlo_simulation(scenario, 300, seed=5)
    u = uniforms([HOLDS], 300, seed=5)[HOLDS]
    agreed = sim.status == 0
    assert agreed.any()
    assert not (agreed & (u < 0.6)).any()  # where the red lines bind there is no ceasefire option both accept


def test_a_scripted_variant_that_patches_holds_applies_in_runs_where_the_red_line_is_a_bluff():
    doc = holds_doc(0.6)
    doc["events"] = {"firmer": {"round": 3, "apply": "firm"}}
    sim = monte_carlo_simulation(from_document(doc), 60, seed=1)
    u = uniforms([HOLDS], 60, seed=1)[HOLDS]
    agreed = sim.status == 0
    assert agreed.any() and not (agreed & (u < 0.6)).any()


def test_montecarlo_job_reports_p_zopa_and_p_deal_per_variant():
    report = jobs.montecarlo(from_document(holds_doc(0.6)), runs=300, seed=1, all_variants=True, simulate=True,
                             sensitivity_runs=64)
    data = report.to_json()
    firm = data["variants"]["firm"]
    assert {"p_zopa", "p_zopa_ci", "difference", "p_agreement", "p_agreement_ci", "agreement_difference"} <= set(firm)
    sim = report.variant_simulations["firm"]
    assert firm["p_agreement"] == sim.p_agreement
    assert firm["agreement_difference"] == pytest.approx(sim.p_agreement - report.simulation.p_agreement)
    assert data["outcome_constant"] is False
    assert data["credibility"]["parameter"] == "actors.israel.preferences.cease.holds"
    rows = [row for row in report.to_rows() if row["variant"] == "firm"]
    assert len(rows) == 300 and all(row["sim_status"] is not None for row in rows)


def test_no_uncertain_number_message_only_when_true(tmp_path):
    import yaml

    runner = CliRunner()
    varied = tmp_path / "varied.yaml"
    fixed = tmp_path / "fixed.yaml"
    varied.write_text(yaml.safe_dump(holds_doc(0.6)))
    # an uncertain power, which no analysis uses: nothing changes, every draw has a zone
    fixed.write_text(yaml.safe_dump(holds_doc(None, extra=lambda d: (
        d["actors"]["israel"]["preferences"]["cease"].update(reject=["permanent"]),
        d["actors"]["israel"].update(power={"uniform": [1, 2]}), d.pop("variants")))))
    out = runner.invoke(app, ["montecarlo", str(varied), "--runs", "500", "--sensitivity-runs", "64"])
    assert out.exit_code == 0, out.stdout
    assert "No uncertain number changes the outcome" not in out.stdout
    assert "credibility matters most" in " ".join(out.stdout.split())
    out = runner.invoke(app, ["montecarlo", str(fixed), "--runs", "500", "--sensitivity-runs", "64"])
    assert out.exit_code == 0, out.stdout
    text = " ".join(out.stdout.split())
    assert "No uncertain number changes the outcome within its range: every draw has a zone of agreement" in text


def test_no_uncertain_number_message_not_when_the_draws_disagree():
    from rich.console import Console

    from accord.cli import render

    # P(ZOPA) is 1% over the draws, yet the few sensitivity draws saw no change: not "nothing changes it"
    report = {"runs": 2000, "seed": 0, "p_zopa": 0.01, "p_zopa_ci": [0.006, 0.015], "outcome_constant": False,
              "sensitivity_output": "zopa", "sensitivity": [{"parameter": "actors.israel.preferences.cease.holds",
                                                              "index": 0.0, "first": 0.0}], "tornado": []}
    console = Console(record=True, width=200)
    render.montecarlo(console, from_document(holds_doc(0.99)), report)
    text = console.export_text()
    assert "No uncertain number changes the outcome" not in text
    assert "too few draws" in text
    report.update(p_zopa=0.0, outcome_constant=True)
    console = Console(record=True, width=200)
    render.montecarlo(console, from_document(holds_doc(0.99)), report)
    assert "No uncertain number changes the outcome within its range: no draw has a zone of agreement" in \
        " ".join(console.export_text().split())


def test_report_section_gives_p_deal_per_what_if():
    from accord.report import briefing
    from accord.report.montecarlo import montecarlo_report

    scenario = from_document(holds_doc(0.6))
    found = montecarlo_report(scenario, 120, 2, sensitivity_runs=32, simulate=True)
    assert set(found.simulations) == {None, "firm"}
    p, low, high, draws = found.p_deal("firm")
    assert draws == 120 and low <= p <= high and p == found.simulations["firm"].p_agreement
    assert montecarlo_report(scenario, 120, 2, sensitivity_runs=0).simulations == {}
    html = briefing(scenario, seed=2, montecarlo=120)
    assert "P(deal, simulated talks)" in html and "credibility" in html
    assert "P(deal, simulated talks)" not in briefing(scenario, seed=2, montecarlo=120, include_simulation=False)


# -- Monte Carlo's deals are analysis's deals ---------------------------------------------------------

RULES_11 = [None, {"rule": "majority"}, {"rule": "majority", "veto": ["israel"]}, {"rule": "qualified", "share": 1.0},
            {"rule": "qualified", "share": 0.6, "weight_share": 0.7, "veto": ["hamas"]},
            {"rule": "qualified", "share": 0.6}]


def _row(run, outcome):
    return [run.issues[i].index_of(o) for i, o in outcome.items()]


@pytest.mark.parametrize("seed", [3, 11, 27])
@pytest.mark.parametrize("rule", RULES_11)
def test_each_runs_nash_and_ks_deal_is_the_analysis_of_that_run(rule, seed):
    """Per run, the Monte Carlo's Nash and Kalai–Smorodinsky deals equal analyze() of the run's own validated
    document (red lines that do not bind deleted), under each rule: bargains inside minimal winning sets."""
    from accord.analysis import analyze

    doc = coupled_doc(rule)
    result = monte_carlo(from_document(copy.deepcopy(doc)), 40, seed=seed)
    assert result.method == "semantic"
    compared = 0
    for r, (run, zopa, _) in enumerate(reference_runs(doc, 40, seed=seed)):
        found = analyze(run, unlock=False)
        assert bool(result.zopa[r]) == (found.acceptable > 0)
        if not found.acceptable:
            continue
        assert result.nash_options[r].tolist() == _row(run, found.solutions["nash"].outcome)
        assert result.ks_options[r].tolist() == _row(run, found.solutions["kalai_smorodinsky"].outcome)
        compared += 1
    assert compared >= 3


@pytest.mark.parametrize("seed", [2, 5])
def test_version_1_runs_give_the_analysis_deal_too(seed):
    """A version 1 document (the vectorised kernel, unanimity): each run's Nash deal is analyze()'s."""
    from accord.analysis import analyze

    doc = holds_doc(0.6, extra=lambda d: d["actors"]["israel"].update(reservation={"uniform": [0.2, 0.5]}))
    doc.pop("variants", None)
    result = monte_carlo(from_document(copy.deepcopy(doc)), 60, seed=seed)
    assert result.method == "vectorised"
    compared = 0
    for r, (run, _, _) in enumerate(reference_runs(doc, 60, seed=seed)):
        found = analyze(run, unlock=False)
        if found.acceptable:
            assert result.nash_options[r].tolist() == _row(run, found.solutions["nash"].outcome)
            compared += 1
    assert compared >= 10


def test_the_eu_council_runs_use_the_enumerated_bargains():
    from pathlib import Path

    import accord
    from accord.analysis import analyze
    from accord.scenario import load

    scenario = load(Path(accord.__file__).parent / "examples" / "eu-nature-restoration-2024" / "scenario.yaml")
    result = monte_carlo(scenario, 30, seed=1)
    assert result.method == "semantic"
    split = analyze(scenario.with_variant("federal-states-split"), unlock=False).solutions["nash"]
    base = analyze(scenario, unlock=False).solutions["nash"]
    expected = {tuple(_row(scenario, d.outcome)) for d in (base, split)}
    assert {tuple(row) for row in result.nash_options.tolist()} <= expected
    assert len({tuple(row) for row in result.nash_options.tolist()}) == 2  # holds 0.5: both readings occur


# -- unless under unanimity: the kernel's route ------------------------------------------------------

def unless_doc(hamas_holds=0.5):
    """``unless`` (on a categorical and on a numeric red line, with a numeric condition) and ``holds``, under
    unanimity with no interaction or constituency: the additive kernel takes it, applying each ``unless`` red
    line as a mask over the outcome space."""
    doc = coupled_doc()
    del doc["actors"]["coalition"]
    del doc["actors"]["hamas"]["interactions"]
    hamas = doc["actors"]["hamas"]
    hamas["reservation"] = {"uniform": [0.3, 0.55]}
    hamas["preferences"]["weeks"].update(min=8, unless={"cease": ["permanent"]}, holds=hamas_holds)
    doc["actors"]["israel"]["preferences"]["hostages"].update(
        reject=["none"], unless={"weeks": {"max": 4}, "cease": ["none", "temporary"]})
    doc["actors"]["israel"]["preferences"]["hostages"]["weight"] = {"uniform": [0.5, 2]}
    return doc


@pytest.mark.parametrize("hamas_holds", [1.0, 0.5, {"uniform": [0.2, 0.8]}])
def test_unless_under_unanimity_takes_the_kernel_and_matches_the_semantic_route_run_by_run(hamas_holds):
    import dataclasses

    from accord.uncertainty import montecarlo as mc

    doc = unless_doc(hamas_holds)
    scenario = from_document(copy.deepcopy(doc))
    model = compile_model(scenario)
    assert not model.semantic and len(model.unless_lines) == 3
    result = monte_carlo(scenario, 300, seed=5)
    assert result.method == "vectorised"
    slow_model = dataclasses.replace(model, semantic=True)
    values = slow_model.values_from_uniforms(uniforms(slow_model.streams, 300, 5))
    slow = mc.evaluate_route("semantic", slow_model, scenario, values, 300)
    fast = mc.evaluate_route("vectorised", model, scenario, values, 300)
    for name in slow:
        np.testing.assert_array_equal(fast[name], slow[name], err_msg=name)
    assert result.zopa_size.tolist() == [int(z.sum()) for _, z, _ in reference_runs(doc, 300, seed=5)]
    assert 0 < result.p_zopa < 1 and len(set(result.zopa_size.tolist())) > 2
    blockers = set(fast["blocker"].tolist())
    assert {0, 2} <= blockers  # deals and reservation blocks both occur


def test_an_unless_red_line_with_uncertain_bounds_keeps_the_semantic_route():
    doc = unless_doc()
    doc["actors"]["hamas"]["preferences"]["weeks"]["min"] = {"uniform": [4, 12]}
    scenario = from_document(doc)
    assert compile_model(scenario).semantic
    assert monte_carlo(scenario, 20, seed=1).method == "semantic"


def test_an_unless_that_excludes_every_outcome_left_is_a_red_line_block():
    """No issue clashes on its own, but the ``unless`` red lines together leave no outcome: the run is blocked by
    red lines, on both routes."""
    doc = unless_doc(1.0)
    # Israel: cease in {none, temporary} unless all hostages are released; Hamas: a phased or permanent
    # ceasefire, and never all hostages
    doc["actors"]["israel"]["preferences"]["cease"].update(holds=1.0, reject=["phased", "permanent"],
                                                            unless={"hostages": ["all"]})
    hamas = doc["actors"]["hamas"]["preferences"]
    hamas["cease"].update(holds=1.0, reject=["none", "temporary"])
    hamas["hostages"]["reject"] = ["all"]
    scenario = from_document(doc)
    result = monte_carlo(scenario, 20, seed=2)
    assert result.method == "vectorised"
    assert not result.zopa.any()
    assert result.blocker_frequencies()["red-line"] == pytest.approx(1.0)
    assert not result.clash.any()  # no single issue clashes: the block is the ``unless`` lines' together
