"""Every strategy's shared contract, then each one's own behaviour."""

import pickle

import numpy as np
import pytest

import accord
from accord.scenario import from_document
from accord.simulation import (STRATEGIES, AcceptConstant, AcceptTime, Boulware, Conceder, Hardliner, Linear,
                               SimulationError, Strategy, TitForTat, Traits, make_strategy, simulate)
from accord.simulation.engine import Session
from accord.simulation.table import build_table
from accord.simulation.view import History, Offer, own_view
from test_analysis import two_issue_doc
from test_simulation import split_doc


def view_at(scenario, party, round_, deadline=10, history=None, full=False, seed=0):
    table = build_table(scenario)
    return own_view(table, party, round_, deadline, history or History(), np.random.default_rng(seed), {},
                    scenario.parties, full)


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_contract(name):
    """Declared traits hold; proposals pass the party's red lines; pickling and seeds behave."""
    strategy = make_strategy(name)
    assert isinstance(strategy.traits, Traits) and strategy.name == name
    scenario = from_document(split_doc(step=0.05))
    full = strategy.traits.full_information
    if full:
        with pytest.raises(SimulationError, match="full information"):
            simulate(scenario, strategies={"A": name})
    first = simulate(scenario, strategies={"A": name, "B": "conceder" if not full else name}, rounds=30, seed=5,
                     full_information=full)
    again = simulate(scenario, strategies={"A": pickle.loads(pickle.dumps(make_strategy(name))),
                                           "B": "conceder" if not full else name},
                     rounds=30, seed=5, full_information=full)
    assert first.to_json() == again.to_json()
    for row in first.trace:
        if row.proposer == "A":
            view = view_at(scenario, "A", row.round)
            assert view.allowed[build_table(scenario).index_of(row.offer)]


def test_hardliner_always_asks_for_its_best():
    scenario = from_document(two_issue_doc())
    strategy = Hardliner()
    for t in range(10):
        view = view_at(scenario, "X", t)
        assert view.utility[strategy.propose(view)] == pytest.approx(view.best)


def test_time_dependent_targets_follow_the_faratin_curve():
    scenario = from_document(two_issue_doc())
    boulware, linear, conceder = Boulware(), Linear(), Conceder()
    view0, mid, end = (view_at(scenario, "X", t, deadline=11) for t in (0, 5, 10))
    floor, best = mid.floor, mid.best
    assert boulware.target(view0) == pytest.approx(best)
    assert linear.target(mid) == pytest.approx(floor + (best - floor) * 0.5)
    assert boulware.target(mid) == pytest.approx(floor + (best - floor) * (1 - 0.5 ** 5))
    assert conceder.target(mid) < linear.target(mid) < boulware.target(mid)
    assert boulware.target(end) == pytest.approx(floor)


def test_tit_for_tat_absolute_mirrors_the_other_sides_concession():
    scenario = from_document(split_doc(step=0.1))
    table = build_table(scenario)
    history = History()
    strategy = TitForTat(mode="absolute")
    strategy.start(view_at(scenario, "A", 0, history=history))
    history._append(Offer(0, "B", table.index_of({"share": 0.0})))
    assert strategy.target(view_at(scenario, "A", 1, history=history)) == pytest.approx(1.0)
    history._append(Offer(1, "B", table.index_of({"share": 0.2})))  # B concedes 0.2 of A's utility
    assert strategy.target(view_at(scenario, "A", 2, history=history)) == pytest.approx(0.8)


def test_tit_for_tat_relative_concedes_the_same_share_of_the_gap():
    scenario = from_document(split_doc(step=0.1))
    table = build_table(scenario)
    history = History()
    strategy = TitForTat(mode="relative")
    strategy.start(view_at(scenario, "A", 0, history=history))
    history._append(Offer(0, "B", table.index_of({"share": 0.0})))
    history._append(Offer(1, "B", table.index_of({"share": 0.5})))  # B closed half of A's gap (1 - 0)
    assert strategy.target(view_at(scenario, "A", 2, history=history)) == pytest.approx(0.5)


def test_acceptance_conditions():
    scenario = from_document(split_doc(step=0.1))
    table = build_table(scenario)
    offer = table.index_of({"share": 0.6})
    early, late = view_at(scenario, "A", 1, deadline=11), view_at(scenario, "A", 9, deadline=11)
    assert Hardliner(acceptance=AcceptConstant(0.5)).respond(early, offer)
    assert not Hardliner(acceptance=AcceptConstant(0.7)).respond(early, offer)
    assert not Hardliner(acceptance=AcceptTime(0.8)).respond(early, offer)
    assert Hardliner(acceptance=AcceptTime(0.8)).respond(late, offer)


def test_random_strategy_depends_on_its_seed_only():
    scenario = accord.load(variant="phased-ceasefire")
    runs = [simulate(scenario, strategies={"israel": "random", "hamas": "random"}, rounds=20, seed=s, events=False)
            for s in (1, 1, 2)]
    assert runs[0].to_json() == runs[1].to_json()
    assert [r.offer for r in runs[0].trace] != [r.offer for r in runs[2].trace]


def test_user_strategy_plugs_in():
    class Stubborn(Strategy):
        name = "stubborn"
        traits = Traits(concession="none")

        def target(self, view):
            return view.best

    result = simulate(from_document(two_issue_doc()), strategies={"X": Stubborn(), "Y": "conceder"}, rounds=20)
    assert result.strategies["X"] == "stubborn"
    # X's best, (a1, b1), is worth 0 to Y, below its reservation: Y never takes it
    assert all(row.offer == {"A": "a1", "B": "b1"} for row in result.trace if row.proposer == "X")
    assert result.status == "deadline"


@pytest.mark.parametrize("spec, fragment", [
    ("boulware:exponent=0", "exponent"), ("tit-for-tat:mode=sideways", "mode"), ("boulware:walkout_after=0", "walkout"),
    ("boulware:accept=maybe", "acceptance"), ("boulware:speed", "key=value"), ("boulware:colour=red", "bad parameters"),
])
def test_bad_strategy_specs(spec, fragment):
    with pytest.raises(SimulationError, match=fragment):
        make_strategy(spec)


@pytest.mark.parametrize("spec", ["boulware:exponent=abc", "boulware:accept=constant:x", "boulware:walkout_after=1.5"])
def test_malformed_numbers_in_specs_are_simulation_errors(spec):
    with pytest.raises(SimulationError, match="expected a number"):
        make_strategy(spec)
