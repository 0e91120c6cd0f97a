"""The packaged examples: every one validates, loads, is fully evidenced, and means what its comments say.

The zones of agreement are checked against a per-outcome oracle written from
the format's definitions (version 1.1: ``unless``, constituencies, decision
rules), not against the vectorised code; the expected counts and shares are
the hand checks written in each scenario's header. ``analyze`` and Monte Carlo
are checked against the same references.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import accord
from accord.analysis import analyze
from accord.analysis.power import power_indices
from accord.cli import app
from accord.scenario import example_path, from_document
from accord.scenario import outcomes as oc
from accord.scenario.model import Condition, Scenario

TOL = 1e-9
ROOT = Path(str(resources.files("accord") / "examples"))
SCENARIOS = sorted(ROOT.glob("*/scenario.yaml")) + sorted((ROOT / "cairo-timeline").glob("2024-*.yaml"))
IDS = [f"{p.parent.name}/{p.name}" for p in SCENARIOS]
NRL = example_path("eu-nature-restoration-2024")
TRILOGUE = example_path("eu-nature-restoration-trilogue-2023")


# -- a per-outcome oracle, from the format's definitions ------------------------------------------------------

def _meets(issues: dict, conditions: tuple[Condition, ...], outcome: dict) -> bool:
    for c in conditions:
        x = outcome[c.issue]
        if issues[c.issue].kind == "numeric":
            if (c.min is not None and x < c.min - TOL) or (c.max is not None and x > c.max + TOL):
                return False
        elif x not in c.options:
            return False
    return True


def _utility(s: Scenario, aid: str, outcome: dict) -> float:
    actor = s.actors[aid]
    num = sum(p.weight * p.value(s.issues[iid], outcome[iid]) for iid, p in actor.preferences.items())
    num += sum(t.weight * t.value for t in actor.interactions if _meets(s.issues, t.when, outcome))
    den = sum(p.weight for p in actor.preferences.values()) + sum(t.weight for t in actor.interactions)
    return num / den if den > 0 else 0.0


def _allowed(s: Scenario, aid: str, outcome: dict, not_binding: frozenset) -> bool:
    for iid, p in s.actors[aid].preferences.items():
        line = p.red_line
        if line is None or (aid, iid) in not_binding or (p.unless and _meets(s.issues, p.unless, outcome)):
            continue
        x = outcome[iid]
        if line.kind == "range":
            if (line.min is not None and x < line.min - TOL) or (line.max is not None and x > line.max + TOL):
                return False
        elif (x in line.options) == (line.kind == "reject"):
            return False
    return True


def _satisfied(s: Scenario, aid: str, outcome: dict, not_binding: frozenset) -> bool:
    return _allowed(s, aid, outcome, not_binding) and _utility(s, aid, outcome) >= s.actors[aid].reservation - TOL


def oracle_zopa(s: Scenario, not_binding: frozenset = frozenset()) -> list[tuple]:
    """Outcomes (tuples of options in issue order) whose accepting parties form a winning set."""
    parties = [a.id for a in s.actors.values() if a.role == "party"]
    ratifiers = {p: [a.id for a in s.actors.values() if a.role == "constituency" and a.of == p] for p in parties}
    rule = s.decision_rule
    weights = {p: s.actors[p].vote_weight for p in parties}
    found = []
    for combo in itertools.product(*[issue.options for issue in s.issues.values()]):
        outcome = dict(zip(s.issues, combo))
        yes = [p for p in parties if _satisfied(s, p, outcome, not_binding)
               and all(_satisfied(s, c, outcome, not_binding) for c in ratifiers[p])]
        if rule.rule == "unanimity":
            wins = len(yes) == len(parties)
        elif rule.rule == "majority":
            wins = 2 * len(yes) > len(parties)
        else:
            wins = len(yes) / len(parties) >= rule.share - TOL
            if rule.weight_share is not None:
                wins = wins and sum(weights[p] for p in yes) / sum(weights.values()) >= rule.weight_share - TOL
        if wins and all(v in yes for v in rule.veto):
            found.append(combo)
    return found


def zone(s: Scenario, not_binding=()) -> list[tuple]:
    """The reference semantics' ZOPA as tuples of options (accord.scenario.outcomes)."""
    names = [issue.options for issue in s.issues.values()]
    _, rows = next(oc.iter_outcomes(s))
    inside = oc.zopa(s, rows, frozenset(not_binding))
    return [tuple(n[k] for n, k in zip(names, row)) for row in rows[inside]]


# -- every example ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", SCENARIOS, ids=IDS)
def test_every_example_validates_loads_and_is_fully_evidenced(path):
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    s = accord.load(path)
    for variant in [None, *s.variants]:
        assert s.with_variant(variant).parties
    result = CliRunner().invoke(app, ["evidence", str(path), "--json", "--strict"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["no_evidence"] == [] and report["mismatches"] == []
    # every quote was checked against a stored source text
    assert all(q["status"] == "ok" for p in report["parameters"] for q in p["quotes"])


@pytest.mark.parametrize("path", SCENARIOS, ids=IDS)
def test_the_reference_zopa_is_the_oracle_on_every_example_and_variant(path):
    s = accord.load(path)
    for variant in [None, *s.variants]:
        v = s.with_variant(variant)
        expected = oracle_zopa(v)
        assert zone(v) == expected, variant
        assert oc.count_zopa(v) == len(expected), variant


def test_new_examples_store_their_sources_with_licence_and_address():
    for path in (NRL, TRILOGUE):
        s = accord.load(path)
        assert s.sources
        for source in s.sources.values():
            text = (path.parent / source.file).read_text(encoding="utf-8")
            header = text[:800]
            assert "Licence: " in header and "https://" in header, source.file
            assert "CC BY" in header, source.file


# -- Cairo: red lines that may be bluffs, a conditional red line -------------------------------------------------

CAIRO_ZONES = {  # from the scenario's hand check (central values)
    None: 0, "talks-resume": 0, "phased-ceasefire": 2, "us-pressure": 0, "positive-spirit": 0,
    "phased-with-pressure": 3,
}


def test_cairo_keeps_its_static_picture_in_format_1_1():
    s = accord.load()
    assert s.document["accord"] == 1.1
    for variant, count in CAIRO_ZONES.items():
        assert len(oracle_zopa(s.with_variant(variant))) == count, variant
    phased = oracle_zopa(s.with_variant("phased-ceasefire"))
    assert set(phased) == {("phased", "limited", "phased"), ("phased", "deferred", "all")}


def test_cairo_red_lines_carry_holds_with_a_quote_and_an_assumption():
    s = accord.load()
    holds = {(path[1], path[3]): h for path, h in s.holds_paths}
    assert holds == {("israel", "ceasefire"): 0.85, ("hamas", "ceasefire"): 0.75, ("israel", "hostages"): 0.8}
    for actor in s.actors.values():
        for pref in actor.preferences.values():
            if pref.red_line is None:
                continue
            assert "holds" in actor_doc(s, actor.id)["preferences"][pref.issue], (actor.id, pref.issue)
            assert any(e.quote for e in pref.evidence), (actor.id, pref.issue)
            assert any(e.assumption and "holds" in e.assumption.lower() for e in pref.evidence), (actor.id, pref.issue)


def actor_doc(s: Scenario, aid: str) -> dict:
    return s.document["actors"][aid]


def test_cairo_conditional_red_line_waives_on_the_rafah_operation():
    s = accord.load()
    pref = s.actors["israel"].preferences["hostages"]
    assert pref.red_line.kind == "reject" and set(pref.red_line.options) == {"none", "humanitarian"}
    assert pref.unless == (Condition("rafah", ("full-offensive", "limited")),)
    # the conditional changes no zone of the document: it only matters when a ceasefire red line is a bluff
    strict = s.document
    for variant in CAIRO_ZONES:
        assert len(oracle_zopa(s.with_variant(variant))) == len(oracle_zopa(_without(strict, variant))), variant


def _without(doc: dict, variant) -> Scenario:
    """The Cairo document without Israel's hostage red line and Hamas's Rafah red line."""
    import copy

    doc = copy.deepcopy(doc)
    for aid, iid, keys in (("israel", "hostages", ("reject", "unless", "holds")), ("hamas", "rafah", ("reject", "holds"))):
        for key in keys:
            doc["actors"][aid]["preferences"][iid].pop(key)
    return from_document(doc).with_variant(variant)


def test_cairo_bluffs_open_the_zones_the_header_lists():
    s = accord.load()
    hamas = oracle_zopa(s, frozenset({("hamas", "ceasefire")}))
    assert set(hamas) == {("temporary", "deferred", "phased"), ("phased", "limited", "phased"),
                          ("phased", "deferred", "all")}
    assert oracle_zopa(s, frozenset({("israel", "ceasefire")})) == []  # a permanent ceasefire is worth < 0.5 to Israel
    both = oracle_zopa(s, frozenset({("hamas", "ceasefire"), ("israel", "hostages")}))
    assert set(both) - set(hamas) == {("none", "deferred", "humanitarian"), ("temporary", "deferred", "humanitarian")}
    for nb in [(), ("hamas", "ceasefire"), ("israel", "ceasefire"), ("israel", "hostages")]:
        bluffs = frozenset([nb] if nb else [])
        assert zone(s, bluffs) == oracle_zopa(s, bluffs), nb


def test_cairo_timeline_deadlock_is_the_embedded_example():
    deadlock = ROOT / "cairo-timeline" / "2024-05-05-deadlock.yaml"
    assert accord.load(deadlock).document == accord.load().document


# -- the Council: a qualified majority by members and population --------------------------------------------------

def test_nature_restoration_council_is_27_members_deciding_by_double_majority():
    s = accord.load(NRL)
    assert len(s.parties) == 27 and s.decision.rule == "qualified"
    assert (s.decision.share, s.decision.weight_share) == (0.55, 0.65)
    assert s.constituencies["austria"] == ("austria-federal-states",)
    weights = {p: s.actors[p].vote_weight for p in s.parties}
    total = sum(weights.values())
    against = {"italy", "hungary", "netherlands", "poland", "finland", "sweden", "belgium"}
    supporters = [p for p in s.parties if p not in against]
    assert len(supporters) == 20
    # the header's hand check: without Austria the supporters fall short of 65% of the population, with it they pass
    without = [p for p in supporters if p != "austria"]
    assert len(without) / 27 >= 0.55 and sum(weights[p] for p in without) / total < 0.65
    assert sum(weights[p] for p in supporters) / total >= 0.65
    # the weights are Eurostat's 1 January 2024 populations (tests/data/power/eu_council_2024.csv), in millions
    table = Path(__file__).parent / "data" / "power" / "eu_council_2024.csv"
    rows = [line for line in table.read_text().splitlines() if not line.startswith("#")]
    population = {row["member"].lower(): int(row["population"]) for row in csv.DictReader(rows)}
    assert set(population) == set(weights)
    for member, persons in population.items():
        assert math.isclose(weights[member], persons / 1e6, abs_tol=0.005 + 1e-9), member


def test_nature_restoration_council_zones():
    s = accord.load(NRL)
    base = oracle_zopa(s)
    assert base == [(20, 60), (20, 70), (20, 80), (20, 90)]  # the adopted 30% text misses 65% of the population
    split = oracle_zopa(s.with_variant("federal-states-split"))
    assert len(split) == 8 and (30, 90) in split
    # the federal states' red line is what keeps Austria out: taken as a bluff, the adopted text passes
    bluff = zone(s, {("austria-federal-states", "habitats_2030")})
    assert (30, 90) in bluff and bluff == oracle_zopa(s, frozenset({("austria-federal-states", "habitats_2030")}))
    # under unanimity the adopted text could never pass (seven members reject it)
    unanimous = s.with_patch({"decision": None})
    assert all(o[0] <= 20 for o in oracle_zopa(unanimous))


def test_nature_restoration_council_voting_power_follows_population():
    s = accord.load(NRL)
    weights = [s.actors[p].vote_weight for p in s.parties]
    found = power_indices(s.parties, "qualified", share=0.55, weight_share=0.65, vote_weights=weights)
    assert found.exact
    for index in (found.shapley_shubik, found.banzhaf):
        assert math.isclose(sum(index.values()), 1.0, abs_tol=1e-9)
        # a larger population never gives less power under this rule (the rule is monotone in weight)
        ranked = sorted(s.parties, key=lambda p: s.actors[p].vote_weight)
        assert all(index[a] <= index[b] + 1e-12 for a, b in zip(ranked, ranked[1:]))
        assert max(index, key=index.get) == "germany" and min(index, key=index.get) == "malta"
    # every member has some power: the 55% of members condition gives even Malta swings
    assert min(found.banzhaf.values()) > 0


# -- ratification: the trilogue --------------------------------------------------------------------------------------

def test_trilogue_agreement_needs_both_institutions_to_ratify():
    s = accord.load(TRILOGUE)
    assert s.parties == ("parliament", "council")
    assert s.constituencies == {"parliament": ("parliament-plenary",), "council": ("council-member-states",)}
    assert oracle_zopa(s) == [(20, 70), (20, 80), (20, 90)]
    assert set(oracle_zopa(s.with_variant("council-ratifies"))) == {
        (20, 70), (20, 80), (20, 90), (30, 60), (30, 70), (30, 80), (30, 90)}
    # the negotiators alone (no ratification) would also take (10, 90), which the plenary refuses
    alone = s.with_patch({"actors": {"parliament-plenary": None, "council-member-states": None}})
    assert (10, 90) in oracle_zopa(alone) and len(oracle_zopa(alone)) == 8


# -- analysis and Monte Carlo on the examples -------------------------------------------------------------------

@pytest.mark.parametrize("path", SCENARIOS, ids=IDS)
def test_analyze_agrees_with_the_reference_zopa(path):
    s = accord.load(path)
    # a rule over more than 20 parties (the EU Council) is analysed by enumerating the outcomes
    for variant in [None, *s.variants]:
        v = s.with_variant(variant)
        assert analyze(v, unlock=False).acceptable == oc.count_zopa(v), variant
    result = CliRunner().invoke(app, ["analyze", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["acceptable"] == oc.count_zopa(s)
    if s.decision is not None:
        assert set(data["power_indices"]["shapley_shubik"]) == set(s.parties)


def test_cairo_montecarlo_gives_the_chance_of_a_zone_if_a_side_is_bluffing():
    from accord.uncertainty import monte_carlo
    from accord.uncertainty.model import realise
    from accord.uncertainty.sampling import run_values, sample_parameters

    s = accord.load()
    # oracle: draw the numbers with the engine's sampler, each bluff with its own generator, the ZOPA per outcome
    runs, rng = 1_500, np.random.default_rng(11)
    values = sample_parameters(s, runs, 5)
    hits = 0
    for r in range(runs):
        drawn = realise(s, run_values(values, r))
        bluffs = frozenset((path[1], path[3]) for path, h in s.holds_paths if rng.random() >= h)
        hits += bool(oracle_zopa(drawn, bluffs))
    expected = hits / runs
    assert 0.15 < expected < 1 - 0.85 * 0.75 * 0.8 + 0.05  # a zone needs a bluff
    found = monte_carlo(s, 6_000, 3).p_zopa
    spread = math.sqrt(expected * (1 - expected) * (1 / runs + 1 / 6_000))
    assert abs(found - expected) < 4 * spread
    assert monte_carlo(accord.load(variant="phased-ceasefire"), 2_000, 3).p_zopa > found
