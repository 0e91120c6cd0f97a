"""The ANAC classics (HardHeaded, AgentK, Nice Tit-for-Tat, MiCRO) against scripted opponents, axelrod style.

A scripted opponent plays a fixed list of offers (then repeats its last) and never accepts; each test asserts
what the agent offers and answers in reply. The shared contract (declared traits, determinism, specs) is checked
for every registered strategy in tests/test_strategies.py.
"""

import numpy as np
import pytest
from test_analysis import two_issue_doc
from test_opponent import DOMAINS, GENIUS
from test_simulation import split_doc

from accord.errors import InvalidInput
from accord.importers import read_genius
from accord.scenario import from_document, load
from accord.simulation import STRATEGIES, SimulationError, Strategy, Traits, build_table, make_strategy, simulate
from accord.simulation.classics import CLASSICS
from accord.simulation.classics.agentk import AgentK
from accord.simulation.classics.hardheaded import HardHeaded
from accord.simulation.classics.micro import MiCRO
from accord.simulation.classics.nice_tit_for_tat import NiceTitForTat
from accord.simulation.view import History, Offer, own_view

NAMES = ("hardheaded", "agentk", "nice-tit-for-tat", "micro")


class Scripted(Strategy):
    """Plays ``offers`` (each ``{issue: option}``) in order, then repeats the last; never accepts."""

    name = "scripted"
    traits = Traits(concession="none")

    def __init__(self, offers):
        super().__init__()
        self.offers = list(offers)

    def propose(self, view):
        made = sum(1 for o in view.history if o.proposer == view.party)
        return view.table.index_of(self.offers[min(made, len(self.offers) - 1)])

    def accepts(self, view, offer):
        return False


def shares(*values):
    return [{"share": v} for v in values]


def play(agent, doc, offers, rounds=20, seed=0, first=None):
    """``agent`` as the scenario's first party against the script as its second."""
    scenario = from_document(doc)
    a, b = scenario.parties
    return simulate(scenario, strategies={a: agent, b: Scripted(offers)}, rounds=rounds, seed=seed, first=first)


def own_offers(result, party="A"):
    return [(row.round, row.utilities[party]) for row in result.trace if row.proposer == party and row.offer]


def view_of(scenario, party, round_, history, deadline, seed=0):
    return own_view(build_table(scenario), party, round_, deadline, history, np.random.default_rng(seed), {},
                    scenario.parties)


def three_party_doc():
    doc = split_doc(step=0.1)
    doc["actors"]["C"] = {"preferences": {"share": {"values": {0: 0.5, 1: 0.5}}}}
    return doc


def test_the_classics_are_registered_by_name():
    assert {cls.name for cls in CLASSICS} >= set(NAMES)
    for name in NAMES:
        strategy = make_strategy(name)
        assert type(strategy) is STRATEGIES[name] and not strategy.traits.full_information
        assert strategy.citation and strategy.description and "\n" not in strategy.description


@pytest.mark.parametrize("name", NAMES)
def test_more_than_two_parties_are_refused_naming_the_agent(name):
    with pytest.raises(SimulationError) as caught:
        simulate(from_document(three_party_doc()), strategies={"A": name}, rounds=10)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{name} is a bilateral strategy")


@pytest.mark.parametrize("spec, parameter", [
    ("hardheaded:exponent=0", "exponent"), ("hardheaded:k=1.5", "k"), ("hardheaded:minimum=-0.1", "minimum"),
    ("agentk:tremor=-1", "tremor"), ("nice-tit-for-tat:accept_after=2", "accept_after"),
    ("nice-tit-for-tat:opening=x", "opening"),
])
def test_bad_parameters_are_refused_naming_them(spec, parameter):
    with pytest.raises(InvalidInput, match=f"the '{parameter}' parameter of strategy '{spec.split(':')[0]}'"):
        make_strategy(spec)


def test_paper_defaults():
    assert (HardHeaded().exponent, HardHeaded().k, HardHeaded().minimum, HardHeaded().tolerance) == (0.05, 0.05, 0.585, 0.01)
    assert AgentK().tremor == 2.0
    assert (NiceTitForTat().opening, NiceTitForTat().accept_after) == (0.01, 0.98)


# -- MiCRO -----------------------------------------------------------------------------------------------------

def test_micro_does_not_concede_while_the_opponent_repeats_one_offer():
    result = play("micro", split_doc(step=0.1), shares(0.0), rounds=30, seed=3)
    offered = own_offers(result)
    assert offered[0] == (0, 1.0) and offered[1] == (2, pytest.approx(0.9))  # one new offer for B's one offer
    assert {round(u, 6) for _, u in offered} == {1.0, 0.9}  # then only repeats of its two proposals
    assert result.status == "deadline"


def test_micro_concedes_one_step_per_new_distinct_offer():
    result = play("micro", split_doc(step=0.1), shares(0.0, 0.1, 0.2, 0.3, 0.3, 0.2, 0.3), rounds=30, seed=1)
    offered = own_offers(result)
    assert [u for _, u in offered[:5]] == pytest.approx([1.0, 0.9, 0.8, 0.7, 0.6])
    assert min(u for _, u in offered) == pytest.approx(0.6)  # B made four distinct offers: A made five


def test_micro_repeats_differ_by_seed_but_not_for_one_seed():
    runs = [own_offers(play("micro", split_doc(step=0.1), shares(0.0), rounds=30, seed=s)) for s in (1, 1, 2, 3)]
    assert runs[0] == runs[1]
    assert len({tuple(r) for r in runs}) > 1


@pytest.mark.parametrize("last, accepted", [(0.6, True), (0.5, False)])
def test_micro_accepts_what_is_at_least_its_next_proposal(last, accepted):
    # after B's fourth distinct offer it would concede to 0.6 (its fifth outcome)
    result = play("micro", split_doc(step=0.1), shares(0.0, 0.1, 0.2, last), rounds=9)
    assert (result.status == "agreement" and result.round == 7) is accepted
    if accepted:
        assert result.agreement["outcome"]["share"] == pytest.approx(0.6)


def test_micro_never_proposes_below_its_reservation():
    script = shares(*np.round(np.arange(0.0, 0.7, 0.1), 1))  # seven distinct offers, none acceptable to A
    result = play("micro", split_doc(step=0.1, reservation_a=0.75), script, rounds=30)
    assert min(u for _, u in own_offers(result)) == pytest.approx(0.8)


def test_micro_prefers_an_equal_outcome_the_opponent_offered():
    # X ranks (a1, *) at 1, (a2, *) at 0.5, (a3, *) at 0 and is indifferent over B; Y opened with (a2, b1), so when
    # X comes down to 0.5 it proposes that one first among the three ties
    script = [{"A": "a2", "B": "b1"}] + [{"A": "a3", "B": b} for b in ("b1", "b2", "b3")]
    result = play("micro", indifferent_doc(), script, rounds=8, first="Y")
    offers = [row.offer for row in result.trace if row.proposer == "X"]
    assert [o["A"] for o in offers] == ["a1", "a1", "a1", "a2"]
    assert offers[3] == {"A": "a2", "B": "b1"}
    # without that opening offer (Y's fourth distinct one comes too late) its first 0.5 proposal is another tie
    script = [{"A": "a3", "B": b} for b in ("b1", "b2", "b3", "b1")]
    result = play("micro", indifferent_doc(), script, rounds=8, first="Y")
    assert [row.offer for row in result.trace if row.proposer == "X"][3] != {"A": "a2", "B": "b1"}


def test_micro_starts_afresh_after_an_event():
    scenario = from_document(split_doc(step=0.1))
    table = build_table(scenario)
    history = History()
    micro = MiCRO()
    micro.start(view_of(scenario, "A", 0, history, 20))
    for t, share in enumerate((0.0, 0.1, 0.2)):
        history._append(Offer(2 * t, "A", micro.propose(view_of(scenario, "A", 2 * t, history, 20))))
        history._append(Offer(2 * t + 1, "B", table.index_of({"share": share})))
    assert micro.target(view_of(scenario, "A", 6, history, 20)) == pytest.approx(0.7)
    micro.changed(view_of(scenario, "A", 7, history, 20))
    view = view_of(scenario, "A", 7, history, 20)
    assert micro.target(view) == pytest.approx(1.0) and view.utility[micro.propose(view)] == pytest.approx(1.0)


# -- HardHeaded -----------------------------------------------------------------------------------------------

def indifferent_doc():
    """X cares only about A (a1 1, a2 .5, a3 0) and is indifferent over B {b1, b2, b3}; Y cares about both."""
    doc = two_issue_doc()
    doc["issues"]["B"]["options"] = ["b1", "b2", "b3"]
    doc["actors"]["X"]["preferences"] = {"A": {"values": {"a1": 1, "a2": 0.5, "a3": 0}}}
    doc["actors"]["X"]["reservation"] = 0.0
    doc["actors"]["Y"]["preferences"]["B"]["values"] = {"b1": 0, "b2": 1, "b3": 0.5}
    return doc


@pytest.mark.parametrize("b", ["b1", "b2", "b3"])
def test_hardheaded_picks_among_equal_bids_the_opponents_most_frequent_options(b):
    others = [o for o in ("b1", "b2", "b3") if o != b]
    script = [{"A": "a3", "B": b}, {"A": "a2", "B": others[0]}, {"A": "a3", "B": b}, {"A": "a3", "B": b}]
    result = play("hardheaded", indifferent_doc(), script, rounds=12, first="Y")
    offers = [row.offer for row in result.trace if row.proposer == "X"]
    assert offers[0] == {"A": "a1", "B": b}  # after Y's first offer: b is all the model knows of Y
    assert offers[-1] == {"A": "a1", "B": b}  # b is Y's most frequent option on B


def test_hardheaded_without_offers_takes_the_first_of_equal_bids():
    result = play("hardheaded", indifferent_doc(), [{"A": "a3", "B": "b3"}], rounds=2)
    assert result.trace[0].offer == {"A": "a1", "B": "b1"}


def test_hardheaded_concedes_on_the_boulware_curve():
    """Its offers: first its best, then the lowest utility at or above p(t) = P_min + (1 - F(t)) (1 - P_min),
    F(t) = k + (1 - k) t^(1/e), with P_min = 0.585 (A's reservation is 0), e = k = 0.05."""
    result = play("hardheaded", split_doc(step=0.01), shares(0.0), rounds=100)
    offered = own_offers(result)
    assert offered[0] == (0, 1.0)
    for round_, u in offered[1:]:
        t = round_ / 99
        p = 0.585 + (1 - (0.05 + 0.95 * t ** 20)) * (1 - 0.585)
        assert u == pytest.approx(np.ceil(p * 100 - 1e-9) / 100), (round_, u, p)  # B's model rates them all 0
    assert offered[-1][1] < 0.7 and offered[40][1] > 0.95  # firm for long, towards P_min only at the deadline


@pytest.mark.parametrize("offer, accepted", [(0.99, True), (0.95, False)])
def test_hardheaded_accepts_at_least_its_next_offer(offer, accepted):
    # at round 41 (t = 0.41) it asks p = 0.98: 0.99 passes, 0.95 does not
    result = play("hardheaded", split_doc(step=0.01), shares(*[0.0] * 20, offer), rounds=100)
    assert (result.status == "agreement" and result.round == 41) is accepted


# -- AgentK ---------------------------------------------------------------------------------------------------

def agentk_acceptance_rate(round_, seeds=range(400), deadline=21):
    """Share of seeds for which AgentK accepts 0.9 in ``round_`` after B offered 0.5 and 0.9 in turn."""
    scenario = from_document(split_doc(step=0.05))
    table = build_table(scenario)
    history = History()
    for t in range(round_):
        history._append(Offer(t, "B", table.index_of({"share": 0.5 if t % 2 == 0 else 0.9})))
    history._append(Offer(round_, "B", table.index_of({"share": 0.9})))
    accepted = 0
    for seed in seeds:
        strategy = AgentK()
        view = view_of(scenario, "A", round_, history, deadline, seed)
        strategy.start(view)
        accepted += strategy.respond(view, table.index_of({"share": 0.9}))
    return accepted / len(seeds)


def test_agentk_accepts_with_higher_probability_as_time_runs_out():
    early, middle, late = (agentk_acceptance_rate(r) for r in (3, 13, 20))
    assert early == 0.0  # P below 0.1 counts as 0
    assert early <= middle < late < 1.0
    # at the deadline, t = 1: P = 1/5 + (0.9 - e_max) + (0.9 - target), with mu and sigma of B's 21 offers
    offers = np.array([0.5 if t % 2 == 0 else 0.9 for t in range(20)] + [0.9])
    mean, d = offers.mean(), np.sqrt(12 * offers.var())
    emax = mean + (1 - mean) * d
    pre = emax  # 1 - 1^alpha (1 - e_max)
    ratio = min(2.0, (d + 0.1) / (1 - pre))
    target = ratio * pre + 1 - ratio
    if target > emax:
        r = target - emax
        target -= r * min(100.0, 1 / r ** 2) / 100.0
    else:
        target = emax
    expected = 0.2 + (0.9 - emax) + (0.9 - target)
    assert late == pytest.approx(expected, abs=4 * np.sqrt(expected * (1 - expected) / 400))


def test_agentk_is_deterministic_per_seed():
    script = shares(0.1, 0.5, 0.2, 0.7, 0.3)
    runs = [play("agentk", split_doc(step=0.05), script, rounds=30, seed=s).to_json() for s in (4, 4, 5)]
    assert runs[0] == runs[1]
    assert runs[0]["trace"] != runs[2]["trace"]


def test_agentk_opens_with_its_best():
    result = play("agentk", split_doc(step=0.05), shares(0.0), rounds=10)
    assert own_offers(result)[0] == (0, 1.0)


@pytest.mark.parametrize("round_, back", [(10, False), (38, True)])
def test_agentk_offers_back_the_others_offer_once_it_beats_the_target(round_, back):
    """B alternates 0.7 and 0.9: mu = 0.8, d = sqrt(12 * 0.01), e_max = 0.8 + 0.2 d = 0.869 < 0.9. Late, the
    target falls to e_max and 0.9, the only offer above it, is offered back; early the target is near 1."""
    scenario = from_document(split_doc(step=0.05))
    table = build_table(scenario)
    history = History()
    for t in range(1, round_, 2):
        history._append(Offer(t, "B", table.index_of({"share": 0.7 if t % 4 == 1 else 0.9})))
    strategy = AgentK()
    view = view_of(scenario, "A", round_, history, 40, seed=round_)
    strategy.start(view)
    offered = float(view.utility[strategy.propose(view)])
    if back:
        assert strategy.target(view) < 0.9 and offered == pytest.approx(0.9)
    else:
        assert strategy.target(view) > 0.9 and offered > 0.9


# -- Nice Tit-for-Tat -----------------------------------------------------------------------------------------

def opposed_doc():
    """Three issues of five options: A wants high options (weights .5 .3 .2), B low ones (weights .2 .3 .5)."""
    up = {f"o{k}": k / 4 for k in range(5)}
    down = {f"o{k}": 1 - k / 4 for k in range(5)}
    issues = {i: {"options": [f"o{k}" for k in range(5)]} for i in ("x", "y", "z")}
    return {"accord": 1, "issues": issues, "actors": {
        "A": {"preferences": {i: {"weight": w, "values": up} for i, w in zip("xyz", (5, 3, 2))}},
        "B": {"preferences": {i: {"weight": w, "values": down} for i, w in zip("xyz", (2, 3, 5))}}}}


def b_offer(x, y=0, z=0):
    return {"x": f"o{x}", "y": f"o{y}", "z": f"o{z}"}


def test_nice_tit_for_tat_does_not_concede_while_the_opponent_does_not():
    result = play("nice-tit-for-tat", opposed_doc(), [b_offer(0)], rounds=100)
    levels = [u for r, u in own_offers(result) if 2 <= r < 90]  # before the end-game bonus (t > 0.91)
    assert levels and max(levels) - min(levels) < 1e-9
    assert levels[0] < 1.0  # the nice bonus: a tenth of the way to the Nash point at once


def test_nice_tit_for_tat_concedes_when_the_opponent_concedes():
    script = [b_offer(0)] * 10 + [b_offer(1), b_offer(2)]  # B concedes twice on x, the issue it cares least about
    result = play("nice-tit-for-tat", opposed_doc(), script, rounds=100)
    offered = dict(own_offers(result))
    assert offered[18] == offered[20]  # B still firm
    assert offered[22] < offered[20] and offered[24] < offered[20] - 0.1  # B conceded in rounds 21 and 23


@pytest.mark.parametrize("earlier, accepted", [(0.3, True), (0.4, False)])
def test_nice_tit_for_tat_accepts_near_the_deadline_what_beats_waiting(earlier, accepted):
    # deadline 20, B proposes in even rounds; from t = 0.5 (accept_after) an offer is taken unless an earlier
    # offer of the last window (t - (1 - t), t) was better; at round 10 that window holds rounds 2-8
    script = shares(0.3, 0.3, 0.3, earlier, 0.3, 0.3)
    result = play(NiceTitForTat(accept_after=0.5), split_doc(step=0.05), script, rounds=20, first="B")
    assert (result.status == "agreement" and result.round == 10) is accepted


# -- against a conceder on a corpus domain ----------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("domain", ["ItexvsCypress", "LaptopA"])
def test_each_agent_reaches_agreement_with_a_conceder_on_corpus_domains(name, domain):
    domain_file, profiles = DOMAINS[domain]
    folder = GENIUS / domain
    scenario = load(read_genius(folder / domain_file, [folder / p for p in profiles], normalise_weights=True))
    a, b = scenario.parties
    for strategies in ({a: name, b: "conceder"}, {a: "conceder", b: name}):
        result = simulate(scenario, strategies=strategies, rounds=100, seed=0)
        assert result.status == "agreement", (strategies, result.status)
        mine = a if strategies[a] == name else b
        table = build_table(scenario)
        assert result.agreement["utilities"][mine] >= table.reservations[table.party_index(mine)] - 1e-9
