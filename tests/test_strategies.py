"""Every strategy's shared contract, then each one's own behaviour."""

import json
import pickle

import numpy as np
import pytest
from test_analysis import two_issue_doc
from test_simulation import split_doc

import accord
from accord.errors import InvalidInput
from accord.scenario import from_document
from accord.simulation import (
    STRATEGIES,
    AcceptCombi,
    AcceptConstant,
    AcceptPrevious,
    AcceptTime,
    Boulware,
    Conceder,
    Hardliner,
    Linear,
    SimulationError,
    Strategy,
    TitForTat,
    Traits,
    make_strategy,
    simulate,
)
from accord.simulation.strategies import Parameter
from accord.simulation.table import build_table
from accord.simulation.view import History, Offer, own_view


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
    strategy.start(view_at(scenario, "A", 0, deadline=10**6, history=history))
    history._append(Offer(0, "B", table.index_of({"share": 0.0})))
    assert strategy.target(view_at(scenario, "A", 1, deadline=10**6, history=history)) == pytest.approx(1.0)
    history._append(Offer(1, "B", table.index_of({"share": 0.2})))  # B concedes 0.2 of A's utility
    assert strategy.target(view_at(scenario, "A", 2, deadline=10**6, history=history)) == pytest.approx(0.8)


def test_tit_for_tat_relative_concedes_the_same_share_of_the_gap():
    scenario = from_document(split_doc(step=0.1))
    table = build_table(scenario)
    history = History()
    strategy = TitForTat(mode="relative")
    strategy.start(view_at(scenario, "A", 0, deadline=10**6, history=history))
    history._append(Offer(0, "B", table.index_of({"share": 0.0})))
    history._append(Offer(1, "B", table.index_of({"share": 0.5})))  # B closed half of A's gap (1 - 0)
    assert strategy.target(view_at(scenario, "A", 2, deadline=10**6, history=history)) == pytest.approx(0.5)


def test_tit_for_tat_is_capped_by_a_time_dependent_curve_that_reaches_the_floor_at_the_deadline():
    """Two imitators would each wait for the other's first concession: the cap makes them meet."""
    scenario = from_document(split_doc(step=0.1, reservation_a=0.3))
    history = History()
    strategy = TitForTat(patience=0.5)
    strategy.start(view_at(scenario, "A", 0, history=history))
    for round_, expected in ((0, 1.0), (5, 0.3 + 0.7 * (1 - (5 / 9) ** 2)), (9, 0.3)):
        assert strategy.target(view_at(scenario, "A", round_, history=history)) == pytest.approx(expected)
    for variant in ("phased-ceasefire", "phased-with-pressure"):
        run = simulate(accord.load(variant=variant), strategies={"israel": "tit-for-tat", "hamas": "tit-for-tat"})
        assert run.status == "agreement"


def test_tit_for_tat_carries_its_concession_over_an_event():
    """Its target keeps the share of the way from best to floor it had conceded when the scenario changes."""
    scenario = from_document(split_doc(step=0.1, reservation_a=0.4))
    table = build_table(scenario)
    history = History()
    strategy = TitForTat(mode="relative")
    strategy.start(view_at(scenario, "A", 0, history=history))
    history._append(Offer(0, "B", table.index_of({"share": 0.0})))
    history._append(Offer(1, "B", table.index_of({"share": 0.5})))  # half of the gap: 0.4 + 0.6 * 0.5
    assert strategy.target(view_at(scenario, "A", 2, history=history)) == pytest.approx(0.7)
    softer = scenario.with_patch({"actors": {"A": {"reservation": 0.0}}})
    strategy.changed(view_at(softer, "A", 3, history=history))
    assert strategy.target(view_at(softer, "A", 3, history=history)) == pytest.approx(0.5)  # 0 + 1 * 0.5
    history._append(Offer(3, "B", table.index_of({"share": 0.7})))  # 0.4 of the new gap (1 - 0.5)
    assert strategy.target(view_at(softer, "A", 4, history=history)) == pytest.approx(0.3)
    firmer = softer.with_patch({"actors": {"A": {"reservation": 0.5}}})
    strategy.changed(view_at(firmer, "A", 5, history=history))
    assert strategy.target(view_at(firmer, "A", 5, history=history)) == pytest.approx(0.65)  # 0.5 + 0.5 * 0.3


def test_acceptance_conditions():
    scenario = from_document(split_doc(step=0.1))
    table = build_table(scenario)
    offer = table.index_of({"share": 0.6})
    early, late = view_at(scenario, "A", 1, deadline=11), view_at(scenario, "A", 9, deadline=11)
    assert Hardliner(acceptance=AcceptConstant(0.5)).respond(early, offer)
    assert not Hardliner(acceptance=AcceptConstant(0.7)).respond(early, offer)
    assert not Hardliner(acceptance=AcceptTime(0.8)).respond(early, offer)
    assert Hardliner(acceptance=AcceptTime(0.8)).respond(late, offer)


def _scripted(acceptance, script, strategy=None, deadline=11):
    """Axelrod style: offers are played in order as (round, proposer, A's share); after each offer of B the
    test's expectation for A's response (True accept, False reject) is compared with A's decision.

    The history holds the offer being judged, as the protocol appends it before asking for a response.
    """
    scenario = from_document(split_doc(step=0.05))
    table = build_table(scenario)
    party = strategy or Hardliner(acceptance=acceptance)  # a hardliner's AC_next takes only its best, share 1
    history, decided, wanted = History(), [], []
    for round_, proposer, share, *expected in script:
        history._append(Offer(round_, proposer, table.index_of({"share": share})))
        if proposer == "B":
            view = view_at(scenario, "A", round_, deadline=deadline, history=history)
            decided.append(party.respond(view, table.index_of({"share": share})))
            wanted.append(expected[0])
    return decided, wanted


def test_ac_prev_accepts_at_least_its_own_previous_offer():
    decided, wanted = _scripted(AcceptPrevious(), [
        (0, "B", 0.3, False),    # no own offer yet: AC_next, and a hardliner asks for 1
        (1, "A", 0.8),
        (2, "B", 0.75, False),   # 0.75 < 0.8, A's previous offer
        (3, "A", 0.7),
        (4, "B", 0.7, True),     # as good as A's previous offer
        (5, "A", 0.9),
        (6, "B", 0.75, False),   # only the latest own offer counts (0.9), not the lowest (0.7)
        (7, "A", 0.6),
        (8, "B", 0.95, True),
    ])
    assert decided == wanted


def test_ac_prev_without_an_own_offer_judges_by_ac_next():
    # linear at round 5 of 11 asks for 0.5: AC_next takes 0.5 and up until the party has proposed
    linear = Linear(acceptance=AcceptPrevious())
    decided, wanted = _scripted(None, [(5, "B", 0.55, True)], strategy=linear)
    assert decided == wanted
    decided, wanted = _scripted(None, [(5, "B", 0.45, False)], strategy=linear)
    assert decided == wanted
    decided, wanted = _scripted(None, [(4, "A", 0.9), (5, "B", 0.55, False)], strategy=linear)
    assert decided == wanted  # once it has offered 0.9, 0.55 is below its previous offer


def test_ac_combi_accepts_the_best_of_the_last_window_after_t():
    # T = 0.6, W = 0.3: from round 6 (t = 0.6) accept an offer at least the best B made in rounds [t - 0.3, t)
    decided, wanted = _scripted(AcceptCombi(0.6, 0.3), [
        (0, "B", 0.5, False), (1, "B", 0.6, False), (2, "B", 0.4, False), (3, "B", 0.3, False), (4, "B", 0.2, False),
        (5, "B", 0.9, False),    # the best so far, but t = 0.5 < T
        (6, "B", 0.8, False),    # window rounds 3-5: best 0.9
        (7, "A", 0.1),           # A's own offers are not the other side's
        (7, "B", 0.7, False),    # window rounds 4-6: best 0.9
        (8, "B", 0.85, False),   # window rounds 5-7: best 0.9
        (9, "B", 0.85, True),    # window rounds 6-8: round 5's 0.9 has left it, best 0.85
        (10, "B", 0.8, False),   # window rounds 7-9: best 0.85
    ])
    assert decided == wanted


def test_ac_combi_with_an_empty_window_falls_back_to_ac_next():
    # B offers every other round; with W = 0.1 the window of round 8 (t = 0.8) is round 7 alone, where B made no offer
    script = [(0, "B", 0.2, False), (2, "B", 0.4, False), (4, "B", 0.5, False), (6, "B", 0.5, False),
              (8, "B", 0.95, False), (10, "B", 1.0, True)]   # AC_next still takes A's best
    decided, wanted = _scripted(AcceptCombi(0.5, 0.1), script)
    assert decided == wanted
    # the paper's window, the time left (1 - t): at the deadline it is empty, so only AC_next accepts
    decided, wanted = _scripted(AcceptCombi(0.5), [(8, "B", 0.3, False), (9, "B", 0.4, True), (10, "B", 0.9, False)])
    assert decided == wanted  # round 9: window [0.8, 0.9) holds round 8's 0.3, so 0.4 passes


@pytest.mark.parametrize("text, built", [
    ("prev", AcceptPrevious()), ("combi:0.9", AcceptCombi(0.9)), ("combi:0.95:0.05", AcceptCombi(0.95, 0.05)),
    ("combi:1:1", AcceptCombi(1.0, 1.0)),
])
def test_new_acceptance_conditions_by_name_and_back(text, built):
    strategy = make_strategy(f"boulware:accept={text}")
    assert strategy.acceptance == built
    assert strategy.spec() == f"boulware:accept={built.spec()}"
    assert make_strategy(strategy.spec()).acceptance == built


@pytest.mark.parametrize("accept", ["prev", "combi:0.8", "combi:0.8:0.2"])
def test_stacked_monte_carlo_leaves_ac_prev_and_ac_combi_to_the_per_negotiation_engine(monkeypatch, accept):
    import accord.uncertainty.simulation as sim
    from accord.uncertainty import monte_carlo_simulation

    stacked, taken = sim._stacked_form, []
    monkeypatch.setattr(sim, "_stacked_form", lambda job: taken.append(stacked(job)) or taken[-1])
    scenario = accord.load(variant="phased-with-pressure")
    options = dict(events=False, rounds=30)
    monte_carlo_simulation(scenario, 12, 3, strategies={"israel": f"boulware:accept={accept}"}, **options)
    assert taken and all(exponents is None for exponents in taken)
    taken.clear()
    monte_carlo_simulation(scenario, 12, 3, strategies={"israel": "boulware:accept=next"}, **options)
    assert taken and all(exponents is not None for exponents in taken)  # the gate is the acceptance condition


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


@pytest.mark.parametrize("spec, message", [
    ("boulware:exponent=0", "the 'exponent' parameter of strategy 'boulware' must be a number > 0; got 0.0"),
    ("tit-for-tat:mode=sideways",
     "the 'mode' parameter of strategy 'tit-for-tat' must be one of 'relative', 'absolute'; got 'sideways'"),
    ("boulware:walkout_after=0", "the 'walkout_after' parameter of strategy 'boulware' must be an integer >= 1; got 0"),
    ("boulware:accept=maybe", "the 'accept' parameter of strategy 'boulware' must be next, prev, constant:ALPHA, time:T or combi:T[:W]; got 'maybe'"),
    ("boulware:speed", "strategy parameter 'speed' of 'boulware' must be key=value"),
    ("boulware:exponet=0.1",
     "strategy 'boulware' has no parameter 'exponet'; its parameters are: exponent, accept, walkout_after"),
    ("zeuthen:exponent=0.1", "strategy 'zeuthen' has no parameter 'exponent'; its parameters are: accept, walkout_after"),
])
def test_bad_strategy_specs_name_the_parameter(spec, message):
    with pytest.raises(InvalidInput) as caught:
        make_strategy(spec)
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, SimulationError) and isinstance(caught.value, ValueError)


@pytest.mark.parametrize("spec, parameter", [
    ("boulware:exponent=abc", "exponent"), ("boulware:exponent=nan", "exponent"), ("linear:exponent=inf", "exponent"),
    ("boulware:accept=constant:x", "accept"), ("boulware:accept=constant", "accept"), ("boulware:accept=time:1.5", "accept"),
    ("boulware:walkout_after=1.5", "walkout_after"), ("boulware:walkout_after=two", "walkout_after"),
    ("boulware:accept=prev:0.5", "accept"), ("boulware:accept=combi", "accept"), ("boulware:accept=combi:x", "accept"),
    ("boulware:accept=combi:1.5", "accept"), ("boulware:accept=combi:0.9:0", "accept"),
    ("boulware:accept=combi:0.9:nan", "accept"), ("boulware:accept=combi:0.9:0.1:0.2", "accept"),
])
def test_malformed_or_out_of_range_values_are_refused_naming_the_parameter(spec, parameter):
    with pytest.raises(InvalidInput, match=f"the '{parameter}' parameter of strategy") as caught:
        make_strategy(spec)
    assert caught.value.parameter == parameter


def test_constructors_check_the_same_declared_parameters():
    """The declared table is the one rule: constructor arguments are refused with the spec's message."""
    for bad in (0, -1.0, float("nan"), "0.5", True):
        with pytest.raises(InvalidInput, match="the 'exponent' parameter of strategy 'boulware' must be a number > 0"):
            Boulware(exponent=bad)
    with pytest.raises(InvalidInput, match="'walkout_after' parameter"):
        Boulware(walkout_after=2.5)
    assert Boulware(walkout_after=3.0).walkout_after == 3 and isinstance(Boulware(exponent=1).exponent, float)


def test_spec_values_are_converted_by_the_declared_types():
    """Numbers of every declared numeric parameter are converted by their type, not by name."""
    built = make_strategy("conceder:exponent=2,walkout_after=4,accept=time:0.75")
    assert (built.exponent, built.walkout_after, built.acceptance) == (2.0, 4, AcceptTime(0.75))
    assert type(built.exponent) is float and type(built.walkout_after) is int

    class Patient(Strategy):
        name = "patient"
        parameters = (Parameter("patience", int, low=2), Parameter("margin", float, 0.0, 0.5))

        def __init__(self, patience: int = 3, margin: float = 0.1, **kwargs):
            super().__init__(**kwargs)
            self.patience, self.margin = self._checked("patience", patience), self._checked("margin", margin)

    STRATEGIES["patient"] = Patient
    try:
        found = make_strategy("patient:patience=7,margin=0.25")
        assert (found.patience, found.margin) == (7, 0.25) and type(found.patience) is int
        assert found.spec() == "patient:patience=7,margin=0.25"
        with pytest.raises(InvalidInput, match="the 'margin' parameter of strategy 'patient' must be a number >= 0 and <= 0.5"):
            make_strategy("patient:margin=0.9")
        with pytest.raises(InvalidInput, match="its parameters are: patience, margin, accept, walkout_after"):
            make_strategy("patient:patients=4")
    finally:
        del STRATEGIES["patient"]


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_spec_round_trips(name):
    """``make_strategy(s.spec())`` rebuilds an equal strategy, for defaults and for changed parameters."""
    strategy = make_strategy(name)
    assert strategy.spec() == name
    changed = make_strategy(f"{name}:walkout_after=6,accept=constant:0.4")
    again = make_strategy(changed.spec())
    assert (again.walkout_after, again.acceptance) == (6, AcceptConstant(0.4))
    assert again.spec() == changed.spec() != name


# -- the deterministic rule, checked behaviourally ---------------------------------------------------------

class _Spy:
    """Wraps a numpy Generator and records whether anything drew from it."""

    def __init__(self, rng, log):
        self._rng, self._log = rng, log

    def __getattr__(self, name):
        self._log.append(name)
        return getattr(self._rng, name)


def _traces(monkeypatch, scenario, strategies, seeds, **options):
    """Per seed: the full result (trace included) and whether any generator of the run was drawn from."""
    from accord.simulation import engine

    used: list[str] = []
    real = np.random.default_rng
    monkeypatch.setattr(engine.np.random, "default_rng", lambda *a, **k: _Spy(real(*a, **k), used))
    found = []
    for seed in seeds:
        del used[:]
        result = simulate(scenario, strategies=strategies, seed=seed, **options)
        found.append((json.dumps(result.to_json() | {"seed": None}, sort_keys=True), bool(used)))
    monkeypatch.undo()
    return found


OPPONENTS = ("hardliner", "conceder", "tit-for-tat", "random")


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_declared_determinism_holds_behaviourally(name, monkeypatch):
    """Every registered strategy, against several opponents (one of them random) on two scenarios, over 6 seeds:

    - declared deterministic (``Traits.stochastic`` False): it never draws from its generator, and against a
      deterministic opponent every seed gives the identical trace (what batches and tournaments rely on to
      play once and count N times);
    - a strategy that draws from its generator must declare ``stochastic=True``, and then some seed changes
      the trace.
    """
    strategy = make_strategy(name)
    full = strategy.traits.full_information
    scenarios = [from_document(split_doc(step=0.05, reservation_a=0.1)), from_document(two_issue_doc())]
    seeds = range(6)
    varied = drew = False
    for scenario in scenarios:
        a, b = scenario.parties
        for opponent in (OPPONENTS if not full else (name,)):
            runs = _traces(monkeypatch, scenario, {a: name, b: opponent}, seeds, rounds=25, full_information=full)
            own_draws = [used for _, used in runs]
            if not make_strategy(opponent).traits.stochastic and not strategy.traits.stochastic:
                assert len({trace for trace, _ in runs}) == 1, f"{name} vs {opponent}: traces differ across seeds"
                assert not any(own_draws), f"{name} declares no randomness but drew from its generator"
            if not make_strategy(opponent).traits.stochastic:
                drew |= any(own_draws)
                varied |= len({trace for trace, _ in runs}) > 1
    if drew or varied:
        assert strategy.traits.stochastic, f"{name} uses its random generator but does not declare stochastic=True"
    if strategy.traits.stochastic:
        assert varied, f"{name} declares stochastic=True but no seed changed its negotiation"


def test_declared_determinism_of_mediators(monkeypatch):
    from accord.simulation import MEDIATORS

    scenario = accord.load(variant="phased-ceasefire")
    for name, cls in MEDIATORS.items():
        runs = _traces(monkeypatch, scenario, {p: "hardliner" for p in scenario.parties}, range(4), protocol="mediated",
                       mediator=name, rounds=30, events=False)
        changes, drew = len({trace for trace, _ in runs}) > 1, any(used for _, used in runs)
        if changes or drew:
            assert cls.traits.stochastic, f"mediator {name} uses its random generator but does not declare it"


# -- the BOA parts: offering on the iso-utility curve, opponent models ---------------------------------------


def test_offer_on_the_curve_is_the_best_for_the_other_side_under_full_information():
    """Among the outcomes at or above the target, the exact model picks the other side's best (Pareto-efficient)."""
    from accord.simulation.opponent import ExactModel, NoModel
    from accord.simulation.strategies import offer_on_curve

    scenario = from_document(two_issue_doc())
    table = build_table(scenario)
    view = view_at(scenario, "X", 5, full=True)
    b = table.utilities[table.party_index("Y")]
    for target in (0.9, 0.6, 0.3, view.floor):
        pick = offer_on_curve(view, target, ExactModel())
        pool = np.flatnonzero(table.allowed[0] & (table.utilities[0] >= target - 1e-9))
        if pool.size == 0:
            continue
        allowed_b = pool[table.allowed[1][pool]]
        assert table.utilities[0][pick] >= target - 1e-9
        if allowed_b.size:
            assert b[pick] == pytest.approx(b[allowed_b].max())
        # without a model: the outcome nearest the target (lowest own utility at or above it)
        plain = offer_on_curve(view, target, NoModel())
        assert table.utilities[0][plain] == pytest.approx(table.utilities[0][pool].min())


def test_model_parameter_by_name_and_back():
    from accord.simulation.opponent import Frequency, NoModel

    strategy = make_strategy("boulware:model=none")
    assert isinstance(strategy.model, NoModel) and strategy.spec() == "boulware:model=none"
    assert make_strategy("linear:model=auto").model is None and make_strategy("linear").spec() == "linear"
    assert isinstance(make_strategy(make_strategy("conceder:model=frequency").spec()).model, Frequency)
    with pytest.raises(SimulationError, match=r"'model' parameter of strategy 'boulware' must be an opponent model, "
                                              r"one of 'auto', 'frequency'.*got 'psychic'"):
        make_strategy("boulware:model=psychic")
    with pytest.raises(SimulationError, match="'model' parameter"):
        Boulware(model="frequency")


def test_the_exact_model_needs_full_information():
    scenario = from_document(split_doc(step=0.05))
    with pytest.raises(SimulationError, match="need other parties' utilities"):
        simulate(scenario, strategies={"A": "boulware:model=exact"})
    assert simulate(scenario, strategies={"A": "boulware:model=exact"}, full_information=True).status == "agreement"


def test_a_failing_user_model_is_one_line_naming_the_party_strategy_and_round():
    from accord.simulation.batch import run_batch
    from accord.simulation.opponent import OpponentModel

    class Broken(OpponentModel):
        name = "broken"

        def rate(self, view, outcomes):
            if view.round >= 3:
                raise ZeroDivisionError("division by zero\nsecond line")
            return np.zeros(outcomes.size)

    scenario = from_document(split_doc(step=0.05))
    with pytest.raises(SimulationError) as caught:
        simulate(scenario, strategies={"A": Boulware(model=Broken()), "B": "conceder:model=none"}, rounds=20)
    message = str(caught.value)
    assert "\n" not in message
    assert "'boulware(e=0.2)' of A failed in round" in message
    assert "the opponent model 'broken' raised ZeroDivisionError: division by zero" in message
    round_ = int(message.split("failed in round ")[1].split(":")[0])
    assert round_ >= 3 and round_ % 2 == 0  # A proposes in even rounds
    with pytest.raises(SimulationError, match="of A failed in round"):
        run_batch(scenario, seeds=range(3), strategies={"A": Boulware(model=Broken()), "B": "hardliner"}, rounds=20)


def test_learnt_models_rate_offered_outcomes_above_and_refused_ones_below():
    """What the offers say beyond any estimate: the other side's own offers first, this side's refused ones last."""
    from accord.simulation.opponent import Frequency

    scenario = from_document(two_issue_doc())
    table = build_table(scenario)
    history = History()
    theirs, mine = 3, 5
    history._append(Offer(0, "X", mine))
    history._append(Offer(1, "Y", theirs))
    model = Frequency()
    ratings = model.rate(view_at(scenario, "X", 2, history=history), np.arange(table.size))
    others = np.setdiff1d(np.arange(table.size), [theirs, mine])
    assert ratings[theirs] > ratings[others].max() >= ratings[others].min() > ratings[mine]
    # a new negotiation (a shorter history) starts afresh
    fresh = model.rate(view_at(scenario, "X", 0), np.arange(table.size))
    assert np.ptp(fresh) == 0.0


def test_one_strategy_object_for_two_parties_is_copied_not_shared():
    """Self-play with one instance: each party plays its own copy (state such as a model is per party)."""
    from accord.simulation import make_strategy

    scenario = from_document(split_doc(step=0.05))
    shared = make_strategy("micro")
    together = simulate(scenario, strategies={"A": shared, "B": shared}, seed=3)
    apart = simulate(scenario, strategies={"A": make_strategy("micro"), "B": make_strategy("micro")}, seed=3)
    assert together.to_json() == apart.to_json()
