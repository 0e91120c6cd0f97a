"""Simulation: theory (Rubinstein, Zeuthen), invariants, events, walkouts, Cairo."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_analysis import two_issue_doc
from test_properties import scenarios

import accord
from accord.analysis import analyze
from accord.scenario import from_document
from accord.simulation import STRATEGIES, SimulationError, simulate
from accord.simulation.batch import run_batch


def split_doc(step=0.0001, reservation_a=0.0):
    """Two parties split one divisible issue: A gets x, B gets 1 - x."""
    return {"accord": 1,
            "issues": {"share": {"range": [0, 1], "step": step}},
            "actors": {"A": {"reservation": reservation_a, "preferences": {"share": {"values": {0: 0, 1: 1}}}},
                       "B": {"preferences": {"share": {"values": {0: 1, 1: 0}}}}}}


def test_rubinstein_split_with_subgame_perfect_strategies():
    result = simulate(from_document(split_doc()), strategies={"A": "subgame-perfect", "B": "subgame-perfect"},
                      discounts={"A": 0.9, "B": 0.8}, rounds=200, full_information=True)
    assert result.status == "agreement" and result.round == 0
    expected = (1 - 0.8) / (1 - 0.9 * 0.8)  # 0.7143
    assert result.agreement["outcome"]["share"] == pytest.approx(expected, abs=2e-4)


def test_rubinstein_second_mover_gets_the_complement():
    result = simulate(from_document(split_doc()), strategies={"A": "subgame-perfect", "B": "subgame-perfect"},
                      discounts={"A": 0.9, "B": 0.8}, rounds=200, full_information=True, first="B")
    expected_b = (1 - 0.9) / (1 - 0.9 * 0.8)  # B proposes first and keeps 1 - x
    assert result.round == 0
    assert 1 - result.agreement["outcome"]["share"] == pytest.approx(expected_b, abs=2e-4)


def test_zeuthen_concession_converges_to_the_nash_solution():
    scenario = from_document(split_doc(step=0.005, reservation_a=0.2))  # Nash: max (x - .2)(1 - x) at x = .6
    result = simulate(scenario, strategies={"A": "zeuthen", "B": "zeuthen"}, rounds=500, full_information=True)
    assert result.status == "agreement"
    assert result.agreement["outcome"]["share"] == pytest.approx(0.6, abs=0.011)
    assert result.metrics["distance_to_nash"] < 0.02


def test_full_information_strategies_are_refused_without_it():
    with pytest.raises(SimulationError, match="full information"):
        simulate(from_document(split_doc(step=0.1)), strategies={"A": "zeuthen"})


@pytest.mark.parametrize("kwargs, fragment", [
    ({"protocol": "auction"}, "protocol"),
    ({"rounds": 0}, "rounds"),
    ({"strategies": {"Q": "boulware"}}, "not parties"),
    ({"strategies": {"X": "nonsense"}}, "unknown strategy"),
    ({"strategies": {"X": "boulware:exponent=-1"}}, "exponent"),
    ({"discounts": {"X": 1.5}}, "discount"),
    ({"first": "Q"}, "first"),
])
def test_bad_parameters_say_which_and_why(kwargs, fragment):
    with pytest.raises(SimulationError, match=fragment):
        simulate(from_document(two_issue_doc()), **kwargs)


STRATEGY_NAMES = ["boulware", "linear", "conceder", "tit-for-tat", "tit-for-tat:mode=absolute", "hardliner", "random",
                  "boulware:accept=time:0.8", "conceder:accept=constant:0.9"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.sampled_from(STRATEGY_NAMES), st.sampled_from(STRATEGY_NAMES),
       st.sampled_from(["alternating", "mediated"]), st.integers(0, 2**16))
def test_invariants(doc, first, second, protocol, seed):
    scenario = from_document(doc)
    parties = scenario.parties
    strategies = {parties[0]: first, parties[1]: second}
    result = simulate(scenario, protocol=protocol, strategies=strategies, rounds=30, seed=seed)
    zopa = analyze(scenario, unlock=False)
    if result.status == "agreement":
        # an agreement is always inside the ZOPA
        assert zopa.acceptable > 0
        outcome = result.agreement["outcome"]
        for party in parties:
            actor = scenario.actors[party]
            assert result.agreement["utilities"][party] >= actor.reservation - 1e-9
            for issue, pref in actor.preferences.items():
                assert pref.red_line is None or pref.red_line.allows(scenario.issues[issue], outcome[issue])
        # the trace ends with that offer, accepted by everyone who answered
        last = result.trace[-1]
        assert last.offer == outcome and last.round == result.round
        assert set(last.responses.values()) == {"accept"}
        assert len(last.responses) == len(parties) - (protocol == "alternating")
    else:
        assert result.agreement is None and result.status in ("deadline", "walkout")
    assert result.metrics["rounds_used"] == result.round + 1
    assert [r.round for r in result.trace] == sorted(r.round for r in result.trace)
    # determinism: the same seed gives the same bytes
    again = simulate(scenario, protocol=protocol, strategies=strategies, rounds=30, seed=seed)
    assert json.dumps(again.to_json()) == json.dumps(result.to_json())


def test_empty_zopa_never_ends_in_agreement():
    scenario = accord.load()
    for protocol in ("alternating", "mediated"):
        for strategy in ("conceder", "random", "linear"):
            result = simulate(scenario, protocol=protocol, strategies={"israel": strategy, "hamas": strategy},
                              rounds=60, seed=3, events=False)
            assert result.status == "deadline"


def test_walkout_after_k_rounds_without_an_acceptable_offer():
    doc = two_issue_doc()
    result = simulate(from_document(doc), strategies={"X": "hardliner", "Y": "hardliner:walkout_after=3"}, rounds=50)
    assert result.status == "walkout" and result.walkout_by == "Y"
    assert "3 rounds" in result.reason
    assert result.round == 3
    assert result.trace[-1].note.startswith("Y walks out")


def scripted(events):
    doc = two_issue_doc()
    doc["variants"] = {"x-softens": {"patch": {"actors": {"X": {"reservation": 0.0}}}}}
    doc["events"] = events
    return from_document(doc)


def test_scripted_walkout_without_return_ends_the_talks():
    result = simulate(scripted({"leave": {"round": 4, "walkout": "Y"}}), strategies={"X": "hardliner", "Y": "hardliner"})
    assert (result.status, result.walkout_by, result.round) == ("walkout", "Y", 4)
    assert "scripted event leave" in result.reason


def test_walkout_with_a_scheduled_return_suspends_and_resumes():
    scenario = scripted({"leave": {"round": 2, "walkout": "Y"}, "back": {"round": 6, "return": "Y"}})
    result = simulate(scenario, strategies={"X": "hardliner", "Y": "hardliner"}, rounds=10)
    assert result.status == "deadline"
    offered = [r.round for r in result.trace if r.offer is not None]
    assert offered == [0, 1, 6, 7, 8, 9]
    notes = [r.note for r in result.trace if r.note]
    assert any("suspended" in n for n in notes) and any("returns" in n for n in notes)


def test_event_applies_a_variant_mid_negotiation():
    scenario = scripted({"soften": {"round": 5, "apply": "x-softens"}})
    result = simulate(scenario, strategies={"X": "hardliner", "Y": "hardliner"}, rounds=10)
    assert any("x-softens applies" in (r.note or "") for r in result.trace)
    # the trace after the event reports the same utilities (only the reservation changed)
    assert result.status == "deadline"


def opened_split(event_round=None, step=0.01):
    """One divisible issue without a ZOPA (A asks 0.7, B 0.5); the variant ``a-softens`` opens [0.2, 0.5] for A."""
    doc = split_doc(step=step, reservation_a=0.7)
    doc["actors"]["B"]["reservation"] = 0.5
    doc["variants"] = {"a-softens": {"patch": {"actors": {"A": {"reservation": 0.2}}}}}
    if event_round is not None:
        doc["events"] = {"soften": {"round": event_round, "apply": "a-softens"}}
    return from_document(doc)


def test_subgame_perfect_solves_again_after_an_event():
    """The event opens a ZOPA at round 40: the game from there is the new scenario's game over the 60 rounds left,
    so the deal is struck at once, and it is the one a fresh negotiation of 60 rounds on that scenario reaches."""
    sides = {"strategies": {"A": "subgame-perfect", "B": "subgame-perfect"}, "discounts": {"A": 0.95, "B": 0.9},
             "full_information": True}
    result = simulate(opened_split(event_round=40), rounds=100, **sides)
    assert result.status == "agreement" and 40 <= result.round <= 42
    utilities = result.agreement["utilities"]
    assert utilities["A"] >= 0.2 - 1e-9 and utilities["B"] >= 0.5 - 1e-9  # in the new scenario's ZOPA
    fresh = simulate(opened_split().with_patch({"actors": {"A": {"reservation": 0.2}}}), rounds=60, **sides)
    assert (fresh.status, fresh.round) == ("agreement", 0)
    assert result.agreement["outcome"] == fresh.agreement["outcome"]
    assert simulate(opened_split(), rounds=100, **sides).status == "deadline"  # no ZOPA, no event: no deal


def test_cairo_resumed_talks_end_in_a_deal_between_subgame_perfect_sides():
    result = simulate(accord.load(variant="talks-resume"), strategies={"israel": "subgame-perfect", "hamas": "subgame-perfect"},
                      discounts={"israel": 0.95, "hamas": 0.9}, full_information=True)
    assert result.status == "agreement" and result.round == 20  # the phased text is tabled in round 20
    assert result.agreement["outcome"]["ceasefire"] == "phased"


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_every_strategy_plays_the_new_scenario_after_an_event(name):
    """No ZOPA until an event in round 5 raises A's reservation to 0.6 and drops B's to 0: from then on A offers
    and accepts only what is worth at least 0.6 to it, whatever it derived from the old scenario; and the pair
    finds a deal whenever it finds one on the new scenario played afresh over the rounds left."""
    doc = split_doc(step=0.05, reservation_a=0.3)
    doc["actors"]["B"]["reservation"] = 0.8
    patch = {"actors": {"A": {"reservation": 0.6}, "B": {"reservation": 0.0}}}
    fresh = simulate(from_document(doc).with_patch(patch), strategies={"A": name, "B": name}, rounds=55,
                     full_information=True, discounts={"A": 0.95, "B": 0.9}, seed=2)
    doc["variants"] = {"a-firms": {"patch": patch}}
    doc["events"] = {"firm": {"round": 5, "apply": "a-firms"}}
    result = simulate(from_document(doc), strategies={"A": name, "B": name}, rounds=60, full_information=True,
                      discounts={"A": 0.95, "B": 0.9}, seed=2)
    assert result.status == "agreement" or fresh.status != "agreement"
    after = [r for r in result.trace if r.offer is not None and r.round >= 5]
    assert after, "the talks go on after the event"
    assert all(r.utilities["A"] >= 0.6 - 1e-9 for r in after if r.proposer == "A")
    if result.status == "agreement" and result.round >= 5:
        assert result.agreement["utilities"]["A"] >= 0.6 - 1e-9


def test_trace_csv_has_a_column_per_issue_actor_and_response():
    result = simulate(from_document(two_issue_doc()), strategies={"X": "conceder", "Y": "conceder"}, rounds=20)
    header, *rows = result.trace_csv().splitlines()
    assert header.split(",") == ["round", "proposer", "A", "B", "u_X", "u_Y", "response_X", "response_Y", "note"]
    assert len(rows) == len(result.trace)


def test_json_contract():
    data = simulate(from_document(two_issue_doc()), strategies={"X": "conceder", "Y": "conceder"}, rounds=20).to_json()
    assert {"status", "agreement", "round", "walkout_by", "metrics", "trace"} <= set(data)
    assert data["status"] in ("agreement", "deadline", "walkout")
    row = data["trace"][0]
    assert {"round", "proposer", "offer", "utilities", "responses"} <= set(row)


def test_conceders_agree_with_metrics():
    result = simulate(from_document(two_issue_doc()), strategies={"X": "conceder", "Y": "conceder"}, rounds=20)
    assert result.status == "agreement"
    m = result.metrics
    assert m["social_welfare"] == pytest.approx(sum(result.agreement["utilities"][p] for p in ("X", "Y")))
    assert m["distance_to_pareto"] >= 0 and m["distance_to_nash"] >= m["distance_to_pareto"] - 1e-12


def test_cairo_base_ends_without_agreement_and_the_resumed_talks_reach_one():
    base = simulate(accord.load(), seed=7)
    assert base.status == "walkout" and base.walkout_by == "hamas"
    resumed = simulate(accord.load(variant="talks-resume"), seed=7)
    assert resumed.status == "agreement"
    assert resumed.agreement["outcome"]["ceasefire"] == "phased"


def test_cairo_mediated_phased_text_reaches_a_deal():
    result = simulate(accord.load(variant="phased-ceasefire"), protocol="mediated", events=False, seed=7)
    assert result.status == "agreement" and result.trace[-1].proposer == "egypt"


@pytest.mark.slow
def test_batch_is_identical_for_any_worker_count():
    scenario = accord.load(variant="talks-resume")
    options = dict(strategies={"hamas": "random"}, rounds=60)
    one = run_batch(scenario, seeds=range(12), workers=1, **options)
    two = run_batch(scenario, seeds=range(12), workers=2, **options)
    assert one.to_json() == two.to_json()
    assert one.outcomes == two.outcomes


def test_batch_of_deterministic_strategies_runs_once_and_counts_every_seed(monkeypatch):
    from accord.simulation import batch

    played = []
    real = batch.simulate
    monkeypatch.setattr(batch, "simulate", lambda *a, **k: played.append(k["seed"]) or real(*a, **k))
    summary = run_batch(accord.load(variant="talks-resume"), seeds=range(5))
    assert summary.runs == 5 and len({json.dumps(r["agreement"]) for r in summary.outcomes}) == 1
    assert played == [0] and [r["seed"] for r in summary.outcomes] == [0, 1, 2, 3, 4]
    data = summary.to_json()
    assert "played once and counted for each seed" in data["identical_runs"] and "boulware" in data["identical_runs"]
    # one random strategy: every seed is played, and the summary does not claim the runs are identical
    played.clear()
    mixed = run_batch(accord.load(variant="talks-resume"), seeds=range(5), strategies={"hamas": "random"}, rounds=20)
    assert sorted(played)[-5:] == [0, 1, 2, 3, 4] and mixed.to_json()["identical_runs"] is None


def test_batch_takes_strategy_objects_and_specs_alike():
    from accord.simulation import Boulware, RandomStrategy, TitForTat

    scenario = accord.load(variant="talks-resume")
    by_object = run_batch(scenario, seeds=range(3), strategies={"israel": Boulware()})
    by_name = run_batch(scenario, seeds=range(3), strategies={"israel": "boulware"})
    assert by_object.to_json() == by_name.to_json() and by_object.identical is not None
    options = {"rounds": 40}
    objects = {"israel": TitForTat(mode="absolute", walkout_after=8), "hamas": RandomStrategy()}
    specs = {"israel": "tit-for-tat:mode=absolute,walkout_after=8", "hamas": "random"}
    one = run_batch(scenario, seeds=range(10), strategies=objects, **options)
    for workers, chunk in ((1, 3), (2, None), (2, 1)):
        other = run_batch(scenario, seeds=range(10), strategies=specs, workers=workers, chunk=chunk, **options)
        assert other.outcomes == one.outcomes
    # the instances handed in are not changed by the runs (each run plays a fresh copy)
    assert objects["israel"]._target is None and objects["israel"]._seen == 0


def test_batch_matches_single_simulations_seed_by_seed():
    scenario = accord.load(variant="talks-resume")
    options = {"strategies": {"hamas": "random", "israel": "conceder"}, "rounds": 30}
    summary = run_batch(scenario, seeds=[4, 9, 2], workers=2, chunk=1, **options)
    for row in summary.outcomes:
        single = simulate(scenario, seed=row["seed"], trace=False, **options)
        assert (row["status"], row["round"], row["agreement"]) == (single.status, single.round, single.agreement)


@pytest.mark.parametrize("model", ["frequency", "exact", "none"])
def test_vectorised_grid_matches_single_runs_exactly(model):
    """Run by run, the vectorised engine offers, learns and agrees as simulate does, for each opponent model."""
    import numpy as np

    from accord.importers import read_genius
    from accord.scenario import load
    from accord.simulation import TimeDependent
    from accord.simulation.batch import run_exponent_grid
    from accord.simulation.opponent import OPPONENT_MODELS
    from accord.simulation.vectorised import run_time_dependent

    itex = Path(__file__).parent / "data" / "genius" / "ItexvsCypress"
    corpus = load(read_genius(itex / "ItexvsCypress_domain.xml",
                              [itex / "ItexvsCypress_Itex.xml", itex / "ItexvsCypress_Cypress.xml"], normalise_weights=True))
    labour = from_document(labour_doc())  # a numeric issue: the ordered-issue values of the frequency model
    for scenario in (from_document(two_issue_doc()), accord.load(variant="phased-with-pressure"), corpus, labour):
        exponents = np.array([[0.2, 0.2], [1.0, 5.0], [5.0, 0.3], [0.5, 2.0], [3.0, 3.0]])
        if model == "frequency":  # the default without full information
            grid = run_exponent_grid(scenario, exponents, rounds=40)
        else:
            grid = run_exponent_grid(scenario, exponents, rounds=40, model=model)
        a, b = scenario.parties
        for row, (ea, eb) in zip(grid.outcomes, exponents):
            single = simulate(scenario, strategies={a: TimeDependent(ea, model=OPPONENT_MODELS[model]()),
                                                    b: TimeDependent(eb, model=OPPONENT_MODELS[model]())},
                              rounds=40, events=False, trace=False, full_information=model == "exact")
            assert (row["status"], row["round"]) == (single.status, single.round)
            assert row["agreement"] == single.agreement
    # rated in blocks of runs when runs x outcomes is large: the same runs either way
    from accord.simulation import build_table

    table = build_table(corpus)
    many = np.exp(np.random.default_rng(1).uniform(np.log(0.2), np.log(5), (40, 2)))
    whole = run_time_dependent(table, many, 60)
    import accord.simulation.vectorised as vectorised
    saved, vectorised.CELLS = vectorised.CELLS, 1000
    try:
        blocks = run_time_dependent(table, many, 60)
    finally:
        vectorised.CELLS = saved
    assert (whole.deal == blocks.deal).all() and (whole.round == blocks.round).all()
    # the offered/refused marks are kept per outcome while they fit in memory, else found from the offers
    saved, vectorised.MARK_CELLS = vectorised.MARK_CELLS, 0
    try:
        sparse = run_time_dependent(table, many, 60)
    finally:
        vectorised.MARK_CELLS = saved
    assert (whole.deal == sparse.deal).all() and (whole.round == sparse.round).all()


@pytest.mark.parametrize("model", ["frequency", "exact", "none"])
def test_stacked_engine_matches_single_runs_on_monte_carlo_draws(model):
    import numpy as np

    from accord.simulation import TimeDependent, build_table
    from accord.simulation.opponent import OPPONENT_MODELS
    from accord.simulation.vectorised import run_time_dependent_stacked
    from accord.uncertainty import realise, sample_parameters
    from accord.uncertainty.sampling import run_values

    scenario = accord.load(variant="phased-with-pressure")
    draws = sample_parameters(scenario, 25, 3)
    runs = [realise(scenario, run_values(draws, k)) for k in range(25)]
    tables = [build_table(r) for r in runs]
    exponents = np.exp(np.random.default_rng(0).uniform(np.log(0.2), np.log(5), (25, 2)))
    found = run_time_dependent_stacked(np.stack([t.utilities[:2] for t in tables]), np.stack([t.allowed for t in tables]),
                                       np.stack([t.reservations for t in tables]), tables[0].digits, exponents, 50,
                                       models=(model, model))
    deals = 0
    for k, run in enumerate(runs):
        single = simulate(run, strategies={"israel": TimeDependent(exponents[k, 0], model=OPPONENT_MODELS[model]()),
                                           "hamas": TimeDependent(exponents[k, 1], model=OPPONENT_MODELS[model]())},
                          rounds=50, events=False, trace=False, full_information=model == "exact")
        assert (single.status == "agreement") == found.agreed[k] and single.round == found.round[k]
        if single.agreement:
            deals += 1
            assert tables[k].index_of(single.agreement["outcome"]) == found.deal[k]
    assert deals > 0  # the comparison covers agreements, not only deadlines
    # one table with a numeric issue, stacked: the same runs as one by one
    labour = from_document(labour_doc())
    table = build_table(labour)
    many = np.exp(np.random.default_rng(2).uniform(np.log(0.2), np.log(5), (12, 2)))
    stacked = run_time_dependent_stacked(np.repeat(table.utilities[None, :2], 12, axis=0),
                                         np.repeat(table.allowed[None], 12, axis=0),
                                         np.repeat(table.reservations[None], 12, axis=0), table.digits, many, 60,
                                         models=(model, model))
    for k in range(12):
        single = simulate(labour, strategies={p: TimeDependent(many[k, j], model=OPPONENT_MODELS[model]())
                                              for j, p in enumerate(labour.parties)},
                          rounds=60, trace=False, full_information=model == "exact")
        assert (single.status == "agreement") == stacked.agreed[k] and single.round == stacked.round[k]
        if single.agreement:
            assert table.index_of(single.agreement["outcome"]) == stacked.deal[k]


def labour_doc():
    """A 4-issue labour negotiation with a numeric wage issue whose zone of agreement is 'cornered':
    the only packages both sides accept are each side's least-preferred acceptable ones."""
    return {
        "accord": 1, "name": "labour",
        "issues": {
            "wage": {"range": [0, 10], "step": 1, "unit": "% rise"},
            "staffing": {"options": ["none", "one-writer", "two-writers", "three-writers"]},
            "residuals": {"options": ["none", "data-study", "full"]},
            "term": {"options": ["1-year", "2-year", "3-year"]},
        },
        "actors": {
            "union": {"reservation": 0.45, "preferences": {
                "wage": {"weight": 4, "values": {"0": 0, "10": 1}, "min": 5},
                "staffing": {"weight": 3, "values": {"none": 0, "one-writer": 0.4, "two-writers": 0.7,
                                                     "three-writers": 1}, "reject": ["none"]},
                "residuals": {"weight": 2, "values": {"none": 0, "data-study": 0.5, "full": 1}},
                "term": {"weight": 1, "values": {"1-year": 1, "2-year": 0.6, "3-year": 0}}}},
            "studios": {"reservation": 0.5, "preferences": {
                "wage": {"weight": 4, "values": {"0": 1, "10": 0}, "max": 5},
                "staffing": {"weight": 3, "values": {"none": 1, "one-writer": 0.7, "two-writers": 0.3,
                                                     "three-writers": 0}, "reject": ["three-writers"]},
                "residuals": {"weight": 2, "values": {"none": 1, "data-study": 0.6, "full": 0}},
                "term": {"weight": 1, "values": {"1-year": 0, "2-year": 0.5, "3-year": 1}}}},
        },
    }


@pytest.mark.parametrize("pair", [("boulware", "boulware"), ("linear", "conceder"), ("conceder", "boulware"),
                                  ("tit-for-tat", "boulware"), ("aspiration", "linear"), ("tit-for-tat", "tit-for-tat")])
def test_time_dependent_and_imitating_agents_find_a_cornered_zone_with_full_information(pair):
    """The analysis proves a handful of packages acceptable to both, all at the wage red lines' common point:
    with full information the agents find one, whoever proposes first; without it the numeric issue still
    moves through its range (not only between its ends)."""
    scenario = from_document(labour_doc())
    found = analyze(scenario, unlock=False)
    assert 0 < found.acceptable <= 12
    for first in scenario.parties:
        run = simulate(scenario, strategies=dict(zip(scenario.parties, pair)), first=first, full_information=True,
                       trace=False)
        assert run.status == "agreement", first
        assert run.agreement["outcome"]["wage"] == 5
        blind = simulate(scenario, strategies=dict(zip(scenario.parties, pair)), first=first)
        wages = {row.offer["wage"] for row in blind.trace if row.offer}
        assert len(wages - {0, 10}) >= 2
