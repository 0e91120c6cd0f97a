"""The ANAC classics CUHKAgent, Atlas3 and Gahboninho against scripted opponents (axelrod style).

A scripted opponent plays fixed offers; the tests read the agent's offers and answers and compare them with the
rules of the papers (formulas recomputed here from the papers, not read from the code).
"""

from pathlib import Path

import numpy as np
import pytest
from test_simulation import split_doc

from accord import load
from accord.errors import InvalidInput
from accord.importers import read_genius
from accord.scenario import from_document
from accord.simulation import CLASSICS, STRATEGIES, SimulationError, Strategy, Traits, make_strategy, simulate
from accord.simulation.classics.atlas3 import Atlas3
from accord.simulation.classics.cuhkagent import CUHKAgent
from accord.simulation.classics.gahboninho import Gahboninho
from accord.simulation.table import build_table
from accord.simulation.view import History, Offer, own_view

GENIUS = Path(__file__).parent / "data" / "genius"
NAMES = ("cuhkagent", "atlas3", "gahboninho")


class Scripted(Strategy):
    """Plays the given A-shares of the split, one per own turn (the last one repeated), and accepts nothing."""

    name = "scripted"
    traits = Traits(concession="none")

    def __init__(self, shares, **kwargs):
        super().__init__(**kwargs)
        self.shares, self.turn = list(shares), 0

    def start(self, view):
        self.turn = 0

    def propose(self, view):
        share = self.shares[min(self.turn, len(self.shares) - 1)]
        self.turn += 1
        return build_table(view.table.scenario).index_of({"share": share})

    def accepts(self, view, offer):
        return False


def split(reservation_a=0.1):
    return from_document(split_doc(step=0.05, reservation_a=reservation_a))


def share_of(row):
    return round(float(row.offer["share"]), 4)


def view_of(scenario, party, round_, deadline, offers=(), discount=None):
    """The view of ``party`` in ``round_`` after ``offers`` (round, proposer, A-share) were made."""
    table = build_table(scenario)
    history = History()
    for r, proposer, share in offers:
        history._append(Offer(r, proposer, table.index_of({"share": share})))
    discounts = {} if discount is None else {party: discount}
    return own_view(table, party, round_, deadline, history, np.random.default_rng(0), discounts, scenario.parties)


def three_party_doc():
    doc = split_doc(step=0.05)
    doc["actors"]["C"] = {"preferences": {"share": {"values": {0: 1, 1: 0.2}}}}
    return doc


def test_the_three_are_registered_by_name():
    for name, cls in zip(NAMES, (CUHKAgent, Atlas3, Gahboninho)):
        assert STRATEGIES[name] is cls and cls in CLASSICS
        assert cls.citation and cls.description and "\n" not in cls.description
        assert make_strategy(name).spec() == name


# -- CUHKAgent (ABiNeS) --------------------------------------------------------------------------------------------

def abines_start(d, lambda_min=0.08):
    beta = 1.8 if d > 0.75 else 1.5 if d > 0.5 else 1.2
    return lambda_min + (1 - lambda_min) * d ** beta


def test_cuhkagent_postpones_the_non_exploitation_point_against_a_conceding_opponent():
    """ABiNeS: an opponent that keeps making new bids is conceding, so it is exploited for longer (a later λ and a
    higher threshold at the same time); one that repeats its bid is not."""
    scenario, d, deadline = split(), 0.8, 21
    conceding = [(r, "B", 0.05 * k) for k, r in enumerate(range(1, 20, 2))]   # ten new bids
    repeating = [(r, "B", 0.0) for r in range(1, 20, 2)]                      # one bid, ten times
    agent = CUHKAgent()
    lam0 = abines_start(d)
    found = {}
    for label, offers in (("conceding", conceding), ("repeating", repeating)):
        view = view_of(scenario, "A", 6, deadline, offers, discount=d)
        agent.start(view)
        found[label] = (agent.non_exploitation_point(view), agent.target(view))
    assert found["conceding"][0] == pytest.approx(lam0 + 0.1 * (1 - lam0) * 1.0 ** 10)
    assert found["repeating"][0] == pytest.approx(lam0 + 0.1 * (1 - lam0) * 0.1 ** 10)
    assert found["conceding"][1] > found["repeating"][1]  # exploits the conceder longer: concedes less so far
    # the paper's curve before λ: u_max - (u_max - u_max d^(1-λ)) (t/λ)^2, with u_max = 1
    lam, t = found["conceding"][0], 6 / 20
    assert found["conceding"][1] == pytest.approx(1 - (1 - d ** (1 - lam)) * (t / lam) ** 2)


def test_cuhkagent_keeps_a_constant_discounted_threshold_after_the_non_exploitation_point():
    scenario, d, deadline = split(reservation_a=0.0), 0.5, 21
    agent = CUHKAgent()
    for round_ in (12, 14, 18, 20):   # λ ≈ 0.53 for d = 0.5 (β = 1.2): every t here is past it
        view = view_of(scenario, "A", round_, deadline, [(1, "B", 0.0)], discount=d)
        agent.start(view)
        assert view.time >= agent.non_exploitation_point(view)
        assert agent.target(view) * d ** view.time == pytest.approx(d)  # u_max δ^(1-t) is worth u_max δ now


def test_cuhkagent_offers_the_opponents_best_offer_once_it_reaches_the_threshold():
    """Undiscounted: the threshold falls from 1 towards floor + 0.7 (best - floor) = 0.73 at the deadline."""
    scenario, deadline = split(), 11
    agent = CUHKAgent()
    offers = [(1, "B", 0.75), (3, "B", 0.5)]
    early = view_of(scenario, "A", 5, deadline, offers)
    agent.start(early)
    threshold = 1 - (1 - 0.73) * 0.5 ** 2   # t = 0.5, λ = 1 without discounting
    assert agent.target(early) == pytest.approx(threshold)
    assert early.utility[agent.propose(early)] == pytest.approx(0.95)  # the outcome nearest above the threshold
    late = view_of(scenario, "A", 10, deadline, offers)
    assert agent.target(late) == pytest.approx(0.73)
    assert late.utility[agent.propose(late)] == pytest.approx(0.75)   # B's own best offer, above the threshold


def test_cuhkagent_answers_scripted_offers():
    """Rejects below its threshold, then in its last answer takes the best offer the opponent made."""
    result = simulate(split(), strategies={"A": "cuhkagent", "B": Scripted([0.3, 0.5, 0.4])}, rounds=12)
    answers = [(row.round, share_of(row), row.responses["A"]) for row in result.trace if row.proposer == "B"]
    assert all(answer == "reject" for r, _, answer in answers if r < 11)
    assert answers[-1] == (11, 0.4, "reject")  # 0.4 is not the best B made (0.5)
    result = simulate(split(), strategies={"A": "cuhkagent", "B": Scripted([0.3, 0.4, 0.5])}, rounds=12)
    assert (result.status, result.round, result.agreement["outcome"]["share"]) == ("agreement", 11, 0.5)


def test_cuhkagent_reads_offers_from_an_event_on():
    scenario, deadline = split(), 21
    agent = CUHKAgent()
    offers = [(r, "B", 0.05 * k) for k, r in enumerate(range(1, 12, 2))] + [(13, "B", 0.25), (15, "B", 0.25)]
    before = view_of(scenario, "A", 16, deadline, offers)
    agent.start(before)
    assert agent.concession_degree(before) == pytest.approx(6 / 8)  # six distinct bids among eight offers
    agent.changed(view_of(scenario, "A", 13, deadline, offers[:6]))  # an event in round 13
    assert agent.concession_degree(before) == pytest.approx(1 / 2)   # only rounds 13 and 15: one new bid of two


# -- Atlas3 --------------------------------------------------------------------------------------------------------

def atlas3_limit(best, r, u_max=1.0, d=1.0, t=0.0):
    """The paper's expected lower limit of concession, recomputed: ESS of the end-game hold-out / concede game."""
    a11, a12 = r * d, u_max * d
    a21 = best * d if best >= r else r * d
    a22 = 0.5 * a21 + 0.5 * a12
    q = 1 / (1 - (a11 - a21) / (a12 - a22))
    q = q if 0 <= q <= 1 else 1.0
    return (q * a21 + (1 - q) * a22) / d ** t


def test_atlas3_lower_limit_is_the_expected_utility_of_the_end_game():
    scenario, deadline = split(), 21
    agent = Atlas3()
    view = view_of(scenario, "A", 10, deadline, [(1, "B", 0.2), (3, "B", 0.5), (5, "B", 0.3)])
    agent.start(view)
    limit = atlas3_limit(0.5, 0.1)   # B's best offer so far is worth 0.5 to A, its reservation 0.1
    assert limit == pytest.approx(0.6538, abs=1e-4)
    assert agent.lower_limit(view) == pytest.approx(limit)
    assert agent.target(view) == pytest.approx(limit + (1 - limit) * 0.5)   # undiscounted: L + (u_max - L)(1 - t)
    stingier = view_of(scenario, "A", 10, deadline, [(1, "B", 0.2), (3, "B", 0.3)])
    assert agent.lower_limit(stingier) < agent.lower_limit(view)  # a better best offer raises the limit
    discounted = view_of(scenario, "A", 10, deadline, [(3, "B", 0.5)], discount=0.9)
    expected = max(1 - 0.5 / 0.9, atlas3_limit(0.5, 0.1, d=0.9, t=0.5))
    assert agent.target(discounted) == pytest.approx(expected)


def test_atlas3_offers_the_opponents_best_offers_near_the_deadline():
    """24 rounds, A proposes in even ones: with 3 bids kept, the end game starts with 4 own turns left (round 16).
    A offers B's three best offers (0.6, 0.5, 0.4, never the unacceptable 0.05), rejecting B's 0.2 while a better
    one of its list remains, and takes it once the list is used up."""
    script = Scripted([0.3, 0.5, 0.05, 0.4, 0.6, 0.2])
    result = simulate(split(), strategies={"A": "atlas3", "B": script}, rounds=24)
    own = {row.round: share_of(row) for row in result.trace if row.proposer == "A"}
    assert [own[r] for r in (16, 18, 20)] == [0.6, 0.5, 0.4]
    assert all(own[r] > 0.6 for r in range(0, 16, 2))   # before the end game it asks for more than B ever offered
    assert (result.status, result.round, result.agreement["outcome"]["share"]) == ("agreement", 21, 0.2)


def test_atlas3_searches_next_to_the_opponents_last_offer():
    """Among outcomes above its threshold it offers the one changing fewest issues of B's last offer."""
    doc = {"accord": 1,
           "issues": {"P": {"options": ["p0", "p1", "p2"]}, "Q": {"options": ["q0", "q1", "q2"]}},
           "actors": {"A": {"preferences": {"P": {"values": {"p0": 0, "p1": 0.5, "p2": 1}},
                                            "Q": {"values": {"q0": 0, "q1": 0.5, "q2": 1}}}},
                      "B": {"preferences": {"P": {"values": {"p0": 1, "p1": 0.5, "p2": 0}},
                                            "Q": {"values": {"q0": 1, "q1": 0.5, "q2": 0}}}}}}
    scenario = from_document(doc)
    table = build_table(scenario)
    history = History()
    history._append(Offer(1, "B", table.index_of({"P": "p0", "Q": "q2"})))   # worth 0.5 to A
    view = own_view(table, "A", 16, 21, history, np.random.default_rng(0), {}, scenario.parties)
    agent = Atlas3()
    agent.start(view)
    threshold = agent.target(view)
    assert 0.5 < threshold <= 0.75
    chosen = table.outcome(agent.propose(view))
    # above the threshold: (p1,q2) 0.75, (p2,q1) 0.75, (p2,q2) 1; only (p1,q2) keeps one of B's options
    assert chosen == {"P": "p1", "Q": "q2"}


def test_atlas3_walks_out_under_discounting_when_nothing_beats_its_reservation():
    hard = Scripted([0.0])
    discounted = simulate(split(reservation_a=0.5), strategies={"A": "atlas3", "B": hard}, rounds=40,
                          discounts={"A": 0.9})
    assert (discounted.status, discounted.walkout_by) == ("walkout", "A") and discounted.round < 39
    undiscounted = simulate(split(reservation_a=0.5), strategies={"A": "atlas3", "B": Scripted([0.0])}, rounds=40)
    assert undiscounted.status == "deadline"


def test_atlas3_negotiates_with_several_parties():
    scenario = from_document(three_party_doc())
    table = build_table(scenario)
    history = History()
    for r, party, share in ((1, "B", 0.6), (2, "C", 0.3), (4, "B", 0.2)):
        history._append(Offer(r, party, table.index_of({"share": share})))
    view = own_view(table, "A", 6, 30, history, np.random.default_rng(0), {}, scenario.parties)
    assert Atlas3().best_offered(view) == pytest.approx(0.3)  # the least of B's best (0.6) and C's (0.3)
    result = simulate(scenario, strategies={"A": "atlas3", "B": "conceder", "C": "conceder"}, rounds=60)
    assert result.status == "agreement"


# -- Gahboninho ----------------------------------------------------------------------------------------------------

def test_gahboninho_holds_firm_in_its_first_rounds_then_gives_way_by_its_schedule():
    """41 rounds: the firm phase is t < 0.15 (rounds 0-5). B offers 0.85 throughout and never moves, so Gahboninho
    asks for at least 0.1 + 0.925 * 0.9 in the firm phase, then for the stepped levels; 0.85 passes only once
    0.95 * (0.1 + 0.84 * 0.9) = 0.813 is enough, from t = 0.85 (round 34)."""
    result = simulate(split(), strategies={"A": "gahboninho", "B": Scripted([0.85])}, rounds=41)
    own = {row.round: share_of(row) for row in result.trace if row.proposer == "A"}
    assert all(own[r] >= 0.1 + 0.925 * 0.9 for r in (0, 2, 4))
    answers = {row.round: row.responses["A"] for row in result.trace if row.proposer == "B"}
    assert all(answers[r] == "reject" for r in answers if r < 34)
    assert (result.status, result.round) == ("agreement", 35)


def gahboninho_target(c, nu, level=0.9125, lo=0.1, reciprocity=0.5, exploitation=0.5, firm_level=0.925):
    share = max(1 - firm_level, min(1.0, reciprocity * (1 - exploitation * nu) * c), 1 - level)
    return lo + (1 - lo) * (1 - share)


def test_gahboninho_concedes_in_proportion_to_the_opponent_and_less_to_a_nice_one():
    scenario, deadline, agent = split(), 41, Gahboninho()
    late_conceder = [(1, "B", 0.0), (3, "B", 0.0), (5, "B", 0.0), (7, "B", 0.1), (9, "B", 0.2), (11, "B", 0.4)]
    nice_early = [(1, "B", 0.0), (3, "B", 0.2), (5, "B", 0.4), (7, "B", 0.4), (9, "B", 0.4), (11, "B", 0.4)]
    hard = [(r, "B", 0.0) for r in range(1, 12, 2)]
    targets = {}
    for label, offers in (("late", late_conceder), ("nice", nice_early), ("hard", hard)):
        view = view_of(scenario, "A", 12, deadline, offers)
        agent.start(view)
        targets[label] = agent.target(view)
    assert targets["hard"] == pytest.approx(gahboninho_target(0.0, 0.0))
    assert targets["late"] == pytest.approx(gahboninho_target(0.4, 0.0))
    assert targets["nice"] == pytest.approx(gahboninho_target(0.4, 0.4))
    assert targets["late"] < targets["nice"] < targets["hard"]


def test_gahboninho_chooses_among_its_acceptable_bids_by_the_opponent_model():
    doc = {"accord": 1,
           "issues": {"P": {"options": ["p1", "p2"]}, "Q": {"options": ["q1", "q2"]}},
           "actors": {"X": {"preferences": {"P": {"values": {"p1": 1, "p2": 0}}, "Q": {"values": {"q1": 1, "q2": 0}}}},
                      "Y": {"preferences": {"P": {"values": {"p1": 0, "p2": 1}}, "Q": {"values": {"q1": 0.4, "q2": 1}}}}}}
    scenario = from_document(doc)
    table = build_table(scenario)
    history = History()
    history._append(Offer(1, "Y", table.index_of({"P": "p2", "Q": "q2"})))   # worth 0 to X
    history._append(Offer(3, "Y", table.index_of({"P": "p2", "Q": "q1"})))   # worth 0.5: Y keeps p2
    view = own_view(table, "X", 4, 21, history, np.random.default_rng(0), {}, scenario.parties)
    agent = Gahboninho(firm_time=0.1, reciprocity=1.0, exploitation=0.0)
    agent.start(view)
    assert agent.target(view) == pytest.approx(0.5)   # Y closed half of X's gap
    # (p1,q2) and (p2,q1) are both worth 0.5 to X; the model has seen Y keep p2, so it rates (p2,q1) higher
    assert table.outcome(agent.propose(view)) == {"P": "p2", "Q": "q1"}


def test_gahboninho_offers_the_opponents_best_offer_in_its_last_turn():
    result = simulate(split(reservation_a=0.1), strategies={"A": "gahboninho", "B": Scripted([0.2, 0.35, 0.3])},
                      rounds=20)
    own = [share_of(row) for row in result.trace if row.proposer == "A"]
    assert own[-1] == 0.35 and min(own[:-1]) > 0.5


# -- every agent ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["cuhkagent", "gahboninho"])
def test_bilateral_agents_refuse_more_parties_in_one_line(name):
    with pytest.raises(SimulationError) as caught:
        simulate(from_document(three_party_doc()), strategies={"A": name}, rounds=10)
    assert str(caught.value).startswith(f"{name} is a bilateral agent") and "\n" not in str(caught.value)


@pytest.mark.parametrize("domain, files", [
    ("EnglandZimbabwe", ("EnglandZimbabwe_domain.xml", ["England.xml", "Zimbabwe.xml"])),
    ("ItexvsCypress", ("ItexvsCypress_domain.xml", ["ItexvsCypress_Itex.xml", "ItexvsCypress_Cypress.xml"])),
])
@pytest.mark.parametrize("name", NAMES)
def test_agreements_with_a_conceder_on_corpus_domains(name, domain, files):
    folder = GENIUS / domain
    scenario = load(read_genius(folder / files[0], [folder / p for p in files[1]], normalise_weights=True))
    a, b = scenario.parties
    for agent, other in ((a, b), (b, a)):
        result = simulate(scenario, strategies={agent: name, other: "conceder"}, rounds=100)
        assert result.status == "agreement", (agent, result.status)
        utility = result.agreement["utilities"][agent]
        assert utility >= scenario.actors[agent].reservation
        assert utility >= result.agreement["utilities"][other]  # a tough agent against an early conceder


@pytest.mark.parametrize("name", NAMES)
def test_a_given_acceptance_condition_replaces_the_papers_rule(name):
    scenario = split()
    offers = [(1, "B", 0.25)]
    view = view_of(scenario, "A", 2, 21, offers)
    own = make_strategy(name)
    given = make_strategy(f"{name}:accept=constant:0.2")
    own.start(view)
    given.start(view)
    offer = build_table(scenario).index_of({"share": 0.25})
    assert not own.respond(view, offer) and given.respond(view, offer)


@pytest.mark.parametrize("spec, parameter", [
    ("cuhkagent:alpha=0", "alpha"), ("cuhkagent:memory=0", "memory"), ("cuhkagent:lambda_min=1.5", "lambda_min"),
    ("atlas3:first_share=2", "first_share"), ("atlas3:final_offers=-1", "final_offers"),
    ("gahboninho:compromise=0", "compromise"), ("gahboninho:firm_time=x", "firm_time"),
])
def test_bad_parameters_are_refused_naming_them(spec, parameter):
    with pytest.raises(InvalidInput, match=f"the '{parameter}' parameter of strategy") as caught:
        make_strategy(spec)
    assert "\n" not in str(caught.value)
