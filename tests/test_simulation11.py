"""Simulation under format 1.1: unless, interactions, constituencies (ratification) and decision rules."""

import copy
import itertools

import numpy as np
import pytest
from test_format11 import oracle, random_document

from accord.scenario import from_document
from accord.simulation import TimeDependent, build_table, simulate
from accord.simulation.strategies import Strategy

TOL = 1e-9


# -- the table is the reference semantics, checked against a brute force straight from the document ---------

@pytest.mark.parametrize("seed", range(40))
def test_table_agrees_with_the_oracle(seed):
    doc = random_document(seed)
    s = from_document(copy.deepcopy(doc))
    rows, utils, allowed, accepting, _ = oracle(doc)
    table = build_table(s)
    assert table.size == len(rows)
    for a, actor in enumerate(table.actors):
        np.testing.assert_allclose(table.utilities[a], [u[actor] for u in utils], rtol=0, atol=1e-12)
    for j, party in enumerate(table.parties):
        assert table.allowed[j].tolist() == [row[party] for row in allowed]
        assert table.acceptable[j].tolist() == [party in yes for yes in accepting]
        body = doc["actors"][party]
        own = [allowed[k][party] and utils[k][party] >= body.get("reservation", 0) - TOL for k in range(len(rows))]
        assert table.satisfied[j].tolist() == own
        for k in range(len(rows)):
            expected = [c for c, b in doc["actors"].items() if b.get("role") == "constituency" and b["of"] == party
                        and not (allowed[k][c] and utils[k][c] >= b.get("reservation", 0) - TOL)]
            assert list(table.not_ratified(j, k)) == (expected if own[k] else [])


def test_table_honours_red_lines_that_do_not_bind():
    doc = random_document(7)
    s = from_document(copy.deepcopy(doc))
    lines = [(a, i) for a, actor in s.actors.items() for i, p in actor.preferences.items() if p.red_line is not None]
    called = set(lines[:2])
    skip: dict = {}
    for a, i in called:
        skip.setdefault(a, set()).add(i)
    rows, _, allowed, accepting, _ = oracle(doc, skip)
    table = build_table(s, not_binding=called)
    for j, party in enumerate(table.parties):
        assert table.allowed[j].tolist() == [row[party] for row in allowed]
        assert table.acceptable[j].tolist() == [party in yes for yes in accepting]
    assert build_table(s) is not table and build_table(s) is build_table(s)  # only the deterministic table is kept


# -- ratification ----------------------------------------------------------------------------------------

def ratification_doc(constituency=True):
    """Both parties like x = a best; israel's coalition partners reject it (two-level game).

    u_israel = (2 v_x + v_y) / 3, u_hamas = (2 v_x + v_y) / 3 with opposite y values.
    """
    doc = {
        "accord": 1.1, "name": "ratification",
        "issues": {"x": {"options": ["a", "b", "c"]}, "y": {"options": ["p", "q"]}},
        "actors": {
            "israel": {"reservation": 0.2, "preferences": {
                "x": {"weight": 2, "values": {"a": 1, "b": 0.6, "c": 0}},
                "y": {"weight": 1, "values": {"p": 1, "q": 0}}}},
            "hamas": {"reservation": 0.2, "preferences": {
                "x": {"weight": 2, "values": {"a": 1, "b": 0.7, "c": 0}},
                "y": {"weight": 1, "values": {"p": 0, "q": 1}}}},
        },
    }
    if constituency:
        doc["actors"]["coalition-partners"] = {
            "role": "constituency", "of": "israel",
            "preferences": {"x": {"values": {"a": 0, "b": 1, "c": 1}, "reject": ["a"]}}}
    return doc


class AcceptsAnything(Strategy):
    """Says yes to every offer (a careless negotiator): the protocol still asks the constituency."""

    name = "yes-man"

    def respond(self, view, offer):
        return True


@pytest.mark.parametrize("protocol", ["alternating", "mediated"])
@pytest.mark.parametrize("strategies", [None, {"israel": "conceder", "hamas": "boulware"},
                                        {"israel": AcceptsAnything(), "hamas": AcceptsAnything()}])
def test_coalition_partners_block_the_option_israel_accepts(protocol, strategies):
    free = simulate(from_document(ratification_doc(False)), protocol=protocol, strategies=strategies, rounds=30)
    if protocol == "alternating":
        assert free.status == "agreement" and free.agreement["outcome"]["x"] == "a"  # without them, a is agreed
    s = from_document(ratification_doc())
    result = simulate(s, protocol=protocol, strategies=strategies, rounds=30, first="hamas")
    assert result.status == "agreement" and result.agreement["outcome"]["x"] != "a"
    flagged = [row for row in result.trace if row.offer and row.offer["x"] == "a"]
    if protocol == "alternating":
        assert flagged, "hamas proposes x = a"
        assert all(row.proposer == "hamas" for row in flagged)  # israel never offers what its partners reject
    for row in flagged:
        # israel is satisfied with every x = a package here (u >= 1/3 + ...), its partners reject all of them
        assert row.not_ratified == {"israel": ["coalition-partners"]}
        assert row.to_json()["not_ratified"] == {"israel": ["coalition-partners"]}
        assert row.responses.get("israel", "reject") == "reject"
    for row in result.trace:
        if row.offer and row.offer["x"] != "a":
            assert not row.not_ratified and "not_ratified" not in row.to_json()
    if flagged:
        assert "israel not ratified by coalition-partners" in result.trace_csv()


def test_a_party_never_accepts_what_its_constituency_rejects_brute_force():
    s = from_document(ratification_doc())
    table = build_table(s)
    j = table.party_index("israel")
    for seed, strategy in itertools.product(range(3), ["random", "conceder", "linear"]):
        result = simulate(s, strategies={"israel": strategy, "hamas": strategy}, rounds=40, seed=seed)
        for row in result.trace:
            if row.responses.get("israel") == "accept":
                assert table.acceptable[j, table.index_of(row.offer)]
        if result.agreement:
            k = table.index_of(result.agreement["outcome"])
            assert table.acceptable[:, k].all()


# -- decision rules ----------------------------------------------------------------------------------------

def council_doc(rule=None):
    """Five members: four want plan a (and refuse b below their reservation), the fifth rejects a outright."""
    doc = {
        "accord": 1.1, "name": "council",
        "issues": {"plan": {"options": ["a", "b"]}, "date": {"options": ["now", "later"]}},
        "actors": {f"m{k}": {"reservation": 0.5, "preferences": {
            "plan": {"weight": 3, "values": {"a": 1, "b": 0}},
            "date": {"weight": 1, "values": {"now": k % 2, "later": 1 - k % 2}}}} for k in range(4)},
    }
    doc["actors"]["m4"] = {"preferences": {"plan": {"values": {"a": 0, "b": 1}, "reject": ["a"]},
                                           "date": {"values": {"now": 1, "later": 0}}}}
    if rule:
        doc["decision"] = rule
    return doc


@pytest.mark.parametrize("protocol", ["alternating", "mediated"])
def test_qualified_majority_council_agrees_with_four_of_five(protocol):
    s = from_document(council_doc({"rule": "qualified", "share": 0.8}))
    result = simulate(s, protocol=protocol, rounds=40)
    assert result.status == "agreement" and result.agreement["outcome"]["plan"] == "a"
    last = result.trace[-1]
    if protocol == "alternating":
        assert len(last.responses) == 4  # every party answers under a rule other than unanimity
        accepting = {p for p, r in last.responses.items() if r == "accept"} | {last.proposer}
    else:
        assert len(last.responses) == 5
        accepting = {p for p, r in last.responses.items() if r == "accept"}
    assert accepting == {"m0", "m1", "m2", "m3"} and last.responses["m4"] == "reject"
    # under unanimity the council cannot agree: m4 rejects a, the others refuse b
    assert simulate(from_document(council_doc()), protocol=protocol, rounds=40).status == "deadline"
    # a share the four cannot reach
    assert simulate(from_document(council_doc({"rule": "qualified", "share": 0.9})), protocol=protocol,
                    rounds=40).status == "deadline"


@pytest.mark.parametrize("protocol", ["alternating", "mediated"])
def test_veto_is_respected(protocol):
    vetoed = simulate(from_document(council_doc({"rule": "majority", "veto": ["m4"]})), protocol=protocol, rounds=40)
    assert vetoed.status == "deadline" and vetoed.agreement is None
    other = simulate(from_document(council_doc({"rule": "majority", "veto": ["m0"]})), protocol=protocol, rounds=40)
    assert other.status == "agreement" and other.agreement["outcome"]["plan"] == "a"


def test_unanimity_keeps_the_early_stop_at_the_first_rejection():
    s = from_document(council_doc())
    result = simulate(s, rounds=5)
    assert any(len(row.responses) < 4 for row in result.trace if row.offer)
    explicit = simulate(from_document(council_doc({"rule": "unanimity"})), rounds=5)
    assert [r.to_json() for r in explicit.trace] == [r.to_json() for r in result.trace]


def test_every_simulated_agreement_is_in_the_zopa_random_documents():
    """Whatever the rule, constituencies and unless: an agreement's accepting parties form a winning set."""
    from test_format11 import _winning

    checked = 0
    for seed in range(40):
        doc = random_document(seed)
        s = from_document(copy.deepcopy(doc))
        _, _, _, accepting, in_zopa = oracle(doc)
        table = build_table(s)
        for protocol in ("alternating", "mediated"):
            result = simulate(s, protocol=protocol, strategies={p: "conceder" for p in s.parties}, rounds=25,
                              seed=seed, events=False)
            if result.agreement:
                k = table.index_of(result.agreement["outcome"])
                last = result.trace[-1]
                yes = {p for p, r in last.responses.items() if r == "accept"}
                if protocol == "alternating" and table.acceptable[table.party_index(last.proposer), k]:
                    yes.add(last.proposer)
                assert yes <= accepting[k] and _winning(doc, list(s.parties), yes)
                assert in_zopa[k]
                checked += 1
    assert checked > 5


# -- unless -----------------------------------------------------------------------------------------------

def unless_doc(unless=True):
    """Israel rejects a permanent ceasefire unless every hostage is released; hamas wants it permanent."""
    cease = {"values": {"none": 1, "phased": 0.5, "permanent": 0}, "reject": ["permanent"]}
    if unless:
        cease["unless"] = {"hostages": ["all"]}
    return {
        "accord": 1.1, "name": "unless",
        "issues": {"cease": {"options": ["none", "phased", "permanent"]}, "hostages": {"options": ["none", "all"]}},
        "actors": {
            "israel": {"reservation": 0.3, "preferences": {"cease": {"weight": 1, **cease},
                                                           "hostages": {"weight": 2, "values": {"none": 0, "all": 1}}}},
            "hamas": {"reservation": 0.4, "preferences": {
                "cease": {"weight": 3, "values": {"none": 0, "phased": 0.2, "permanent": 1}, "reject": ["none"]},
                "hostages": {"weight": 1, "values": {"none": 1, "all": 0}}}},
        },
    }


@pytest.mark.parametrize("protocol", ["alternating", "mediated"])
def test_unless_waives_a_red_line_in_simulation(protocol):
    strict = simulate(from_document(unless_doc(False)), protocol=protocol, rounds=30)
    assert strict.status == "deadline"  # israel rejects permanent, hamas none, and no phased package suits both
    s = from_document(unless_doc())
    table = build_table(s)
    israel = table.party_index("israel")
    assert table.allowed[israel, table.index_of({"cease": "permanent", "hostages": "all"})]
    assert not table.allowed[israel, table.index_of({"cease": "permanent", "hostages": "none"})]
    result = simulate(s, protocol=protocol, strategies={p: "conceder" for p in s.parties}, rounds=30)
    assert result.status == "agreement"
    assert result.agreement["outcome"] == {"cease": "permanent", "hostages": "all"}


def test_objections_name_red_lines_after_unless_and_the_constituency():
    from accord.simulation.strategies import crossed_red_lines
    from accord.simulation.view import History, own_view

    s = from_document(unless_doc())
    table = build_table(s)

    def view(party):
        return own_view(table, party, 0, 10, History(), np.random.default_rng(0), {}, s.parties)

    assert crossed_red_lines(view("israel"), table.index_of({"cease": "permanent", "hostages": "none"})) == ("cease",)
    assert crossed_red_lines(view("israel"), table.index_of({"cease": "permanent", "hostages": "all"})) == ()
    r = from_document(ratification_doc())
    rt = build_table(r)
    v = own_view(rt, "israel", 0, 10, History(), np.random.default_rng(0), {}, r.parties)
    assert crossed_red_lines(v, rt.index_of({"x": "a", "y": "p"})) == ("x",)


# -- interactions ---------------------------------------------------------------------------------------

def test_interactions_enter_the_simulated_utilities():
    doc = unless_doc()
    doc["actors"]["hamas"]["interactions"] = [{"when": {"cease": ["permanent"], "hostages": ["none"]},
                                               "weight": 4, "value": 1}]
    s = from_document(doc)
    table = build_table(s)
    k = table.index_of({"cease": "permanent", "hostages": "none"})
    assert table.utilities[table.party_index("hamas"), k] == pytest.approx((3 * 1 + 1 * 1 + 4) / 8)
    k = table.index_of({"cease": "permanent", "hostages": "all"})
    assert table.utilities[table.party_index("hamas"), k] == pytest.approx(3 / 8)


# -- the vectorised engines follow the rule and the ratification -------------------------------------------

@pytest.mark.parametrize("rule", [None, {"rule": "qualified", "share": 0.5}, {"rule": "qualified", "share": 0.5,
                                                                               "veto": ["hamas"]}])
@pytest.mark.parametrize("model", ["frequency", "exact", "none"])
def test_vectorised_engines_equal_simulate_under_1_1(rule, model):
    from accord.simulation.batch import run_exponent_grid
    from accord.simulation.opponent import OPPONENT_MODELS
    from accord.simulation.vectorised import pair_rule, run_time_dependent_stacked

    docs = [ratification_doc(), unless_doc()]
    for doc in docs:
        if rule:
            doc["decision"] = rule
        s = from_document(doc)
        exponents = np.array([[0.2, 0.2], [1.0, 5.0], [5.0, 0.3], [0.5, 2.0], [3.0, 3.0]])
        grid = run_exponent_grid(s, exponents, rounds=30, model=model)
        table = build_table(s)
        stacked = run_time_dependent_stacked(
            np.repeat(table.utilities[None, :2], 5, axis=0), np.repeat(table.allowed[None], 5, axis=0),
            np.repeat(table.reservations[None], 5, axis=0), table.digits, exponents, 30, models=(model, model),
            acceptable=np.repeat(table.acceptable[None], 5, axis=0), rule=pair_rule(s),
            offerable=np.repeat(table.offerable[None], 5, axis=0))
        a, b = s.parties
        for r, (row, (ea, eb)) in enumerate(zip(grid.outcomes, exponents)):
            single = simulate(s, strategies={a: TimeDependent(ea, model=OPPONENT_MODELS[model]()),
                                             b: TimeDependent(eb, model=OPPONENT_MODELS[model]())},
                              rounds=30, events=False, trace=False, full_information=model == "exact")
            assert (row["status"], row["round"], row["agreement"]) == (single.status, single.round, single.agreement)
            assert (bool(stacked.agreed[r]), int(stacked.round[r])) == (single.status == "agreement", single.round)
            if single.agreement:
                assert table.index_of(single.agreement["outcome"]) == stacked.deal[r]


def test_pair_rule():
    from accord.simulation.vectorised import pair_rule

    doc = ratification_doc(False)
    assert pair_rule(from_document(doc)).tolist() == [[False, False], [False, True]]
    doc["decision"] = {"rule": "qualified", "share": 0.5, "veto": ["hamas"]}
    assert pair_rule(from_document(doc)).tolist() == [[False, True], [False, True]]
    doc["decision"] = {"rule": "majority"}
    assert pair_rule(from_document(doc)).tolist() == [[False, False], [False, True]]


def test_the_broadcast_table_of_a_separable_scenario_equals_the_reference_semantics():
    """The fast path (no unless, interactions or constituencies) gives the numbers of accord.scenario.outcomes."""
    import numpy as np

    import accord
    from accord.scenario import outcomes as semantics
    from accord.simulation.table import _broadcast_table, _separable

    # Cairo with Israel's hostage red line unconditional (its unless removed): separable
    cairo = accord.load().with_patch({"actors": {"israel": {"preferences": {"hostages": {"unless": None}}}}})
    assert not _separable(accord.load(), accord.load().evaluated_actors)
    for scenario in (cairo, cairo.with_variant("phased-with-pressure")):
        actors, parties = scenario.evaluated_actors, scenario.parties
        assert _separable(scenario, actors)
        reservations = np.array([scenario.actors[p].reservation for p in parties])
        for bluff in (frozenset(), frozenset({("hamas", "ceasefire")})):
            fast = _broadcast_table(scenario, actors, parties, reservations, bluff)
            digits = fast.digits
            assert np.array_equal(fast.utilities, semantics.utilities(scenario, digits, actors))
            for j, party in enumerate(parties):
                assert np.array_equal(fast.allowed[j], semantics.allowed(scenario, party, digits, bluff))
                assert np.array_equal(fast.acceptable[j], semantics.satisfied(scenario, party, digits, None, bluff))
