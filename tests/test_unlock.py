"""Unlock suggestions are monotone in the conceding party's values.

A widening that has a party accept an option also has it accept every option
it rejected and values at least as much on that issue: no suggestion has a
party accept an option while it keeps rejecting one it prefers. Expected
results come from a brute force over the outcomes written from the format's
definitions, never from the engine's own output.
"""

import copy
import itertools
import json
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accord
from accord.analysis import analyze
from accord.scenario import from_document

TOL = 1e-9


def strike_doc():
    """The writers value full residuals most, then a data study, then none, and reject both lesser options;
    the studios reject full residuals, and only `none` clears their reservation."""
    return {"accord": 1,
            "issues": {"residuals": {"options": ["full", "data-study", "none"]},
                       "ai": {"options": ["ban", "consent", "free"]}},
            "actors": {
                "wga": {"preferences": {
                    "residuals": {"weight": 2, "values": {"full": 1, "data-study": 0.6, "none": 0.2},
                                  "reject": ["data-study", "none"]},
                    "ai": {"weight": 1, "values": {"ban": 1, "consent": 0.7, "free": 0}}}},
                "studios": {"reservation": 0.6, "preferences": {
                    "residuals": {"weight": 2, "values": {"full": 0, "data-study": 0.3, "none": 1}, "reject": ["full"]},
                    "ai": {"weight": 1, "values": {"ban": 0, "consent": 0.5, "free": 1}}}}}}


def merge(doc, patch):
    """JSON Merge Patch (RFC 7396), written out for the tests."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(doc) if isinstance(doc, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(out.get(key), value)
    return out


def options_of(issue):
    """A categorical issue's options, or a numeric one's integer grid (the tests use step 1)."""
    if "options" in issue:
        return issue["options"]
    low, high = issue["range"]
    return list(range(low, high + 1))


def allowed(pref, option):
    if "min" in pref or "max" in pref:
        return pref.get("min", -math.inf) - TOL <= option <= pref.get("max", math.inf) + TOL
    if "reject" in pref:
        return option not in pref["reject"]
    if "accept" in pref:
        return option in pref["accept"]
    return True


def brute_zopa(doc):
    """(outcome, utilities) of every outcome every actor accepts, from the definitions (numeric values are
    given at every grid point)."""
    issues = list(doc["issues"])
    rows = []
    for combo in itertools.product(*(options_of(doc["issues"][i]) for i in issues)):
        outcome = dict(zip(issues, combo))
        utilities, ok = {}, True
        for name, actor in doc["actors"].items():
            prefs = actor["preferences"]
            total = sum(p.get("weight", 1) for p in prefs.values())
            u = sum(p.get("weight", 1) * p["values"][outcome[i]] for i, p in prefs.items()) / total
            utilities[name] = u
            ok &= all(allowed(p, outcome[i]) for i, p in prefs.items()) and u >= actor.get("reservation", 0) - TOL
        if ok:
            rows.append((outcome, utilities))
    return rows


def brute_nash(doc):
    zopa = brute_zopa(doc)
    def product(row):
        return math.prod(row[1][p] - doc["actors"][p].get("reservation", 0) for p in doc["actors"])
    best = max(product(row) for row in zopa)
    return [o for o, u in zopa if product((o, u)) >= best - TOL]


def test_a_widening_also_accepts_the_rejected_options_valued_more():
    doc = strike_doc()
    # only residuals=none, with the studios' reservation, opens the zone (brute force)
    for option in ("data-study", "none"):
        alone = copy.deepcopy(doc)
        alone["actors"]["wga"]["preferences"]["residuals"]["reject"].remove(option)
        assert bool(brute_zopa(alone)) == (option == "none")
    result = analyze(from_document(doc))
    (unlock,) = [u for u in result.unlock if u.party == "wga"]
    # accepting none while still rejecting data-study (valued 0.6 > 0.2) is not offered: both are accepted
    assert unlock.patch == {"actors": {"wga": {"preferences": {"residuals": {"reject": None}}}}}
    assert unlock.kind == "widen-red-line"
    assert unlock.description == "wga accepts residuals=none (and data-study, which it values more)"
    patched = merge(doc, unlock.patch)
    assert unlock.acceptable == len(brute_zopa(patched)) > 0
    assert unlock.nash.outcome in brute_nash(patched)


def test_options_valued_equally_lead_to_one_suggestion():
    doc = strike_doc()
    wga = doc["actors"]["wga"]["preferences"]["residuals"]
    wga["values"]["data-study"] = wga["values"]["none"] = 0.4
    doc["actors"]["studios"]["reservation"] = 0.5  # now data-study opens the zone too
    doc["actors"]["studios"]["preferences"]["residuals"]["reject"] = ["full"]
    result = analyze(from_document(doc))
    widen = [u for u in result.unlock if u.party == "wga"]
    # data-study and none are tied: accepting either means accepting both, one patch, listed once
    assert [u.patch for u in widen] == [{"actors": {"wga": {"preferences": {"residuals": {"reject": None}}}}}]
    assert widen[0].description == "wga accepts residuals=data-study (and none, which it values at least as much)"
    assert widen[0].acceptable == len(brute_zopa(merge(doc, widen[0].patch)))


def test_an_accept_list_widens_to_every_option_valued_more():
    doc = strike_doc()
    wga = doc["actors"]["wga"]["preferences"]["residuals"]
    del wga["reject"]
    wga["accept"] = ["full"]
    (unlock,) = [u for u in analyze(from_document(doc)).unlock if u.party == "wga"]
    assert unlock.patch == {"actors": {"wga": {"preferences": {"residuals": {"accept": ["full", "data-study", "none"]}}}}}
    assert unlock.description == "wga accepts residuals=none (and data-study, which it values more)"
    assert unlock.magnitude == 1 - 0.2


def numeric_doc():
    """Troops on a grid 0..4; X accepts only 3..4 and values 0 (0.9) above 1 and 2 (0.5, 0.2); Y accepts at most 1."""
    return {"accord": 1,
            "issues": {"troops": {"range": [0, 4], "step": 1}, "B": {"options": ["b1", "b2"]}},
            "actors": {"X": {"preferences": {"troops": {"values": {0: 0.9, 1: 0.5, 2: 0.2, 3: 0.6, 4: 1}, "min": 3},
                                             "B": {"values": {"b1": 1, "b2": 0}}}},
                       "Y": {"preferences": {"troops": {"values": {0: 1, 1: 0.75, 2: 0.5, 3: 0.25, 4: 0}, "max": 1},
                                             "B": {"values": {"b1": 0, "b2": 1}}}}}}


def test_a_moved_bound_goes_on_to_the_points_valued_more():
    result = analyze(from_document(numeric_doc()))
    (x,) = [u for u in result.unlock if u.party == "X"]
    # lowering the minimum to 1 (the nearest point Y accepts) takes in 1 and 2 (0.5, 0.2) while 0 (0.9) stays out:
    # the widening goes on to 0
    assert x.patch == {"actors": {"X": {"preferences": {"troops": {"min": 0}}}}}
    assert x.description == ("X lowers its minimum on troops from 3 to 1 (and further to 0: "
                             "it values those points at least as much as some it now accepts)")
    assert x.magnitude == 3 / 4
    patched = merge(numeric_doc(), x.patch)
    assert x.acceptable == len(brute_zopa(patched))
    assert x.nash.outcome in brute_nash(patched)


# Property: over random scenarios, every suggested widening is monotone in the conceding party's values, really
# opens the zone with the Nash deal of the patched scenario, and no two suggestions share a patch. For
# categorical issues the brute force also derives the full list of widenings from the definition.


@st.composite
def categorical_scenarios(draw):
    """Like tests/test_properties.py's scenarios, with red lines (reject or accept lists) far more often."""
    issues = {f"i{k}": {"options": [f"o{j}" for j in range(draw(st.integers(2, 4)))]} for k in range(draw(st.integers(1, 3)))}
    actors = {}
    for p in range(draw(st.integers(2, 3))):
        prefs = {}
        for iid, issue in issues.items():
            options = issue["options"]
            pref = {"weight": draw(st.integers(1, 4)), "values": {o: draw(st.integers(0, 20)) / 20 for o in options}}
            if draw(st.booleans()):
                kept = draw(st.lists(st.sampled_from(options), min_size=1, max_size=len(options) - 1, unique=True))
                pref["reject" if draw(st.booleans()) else "accept"] = kept
            prefs[iid] = pref
        actors[f"p{p}"] = {"reservation": draw(st.integers(0, 10)) / 20, "preferences": prefs}
    return {"accord": 1, "issues": issues, "actors": actors}


@st.composite
def numeric_scenarios(draw):
    """One or two numeric issues on a grid 0..n (values at every point, any shape) with range red lines, and
    sometimes a categorical issue."""
    issues = {f"n{k}": {"range": [0, draw(st.integers(2, 5))], "step": 1} for k in range(draw(st.integers(1, 2)))}
    if draw(st.booleans()):
        issues["c"] = {"options": ["a", "b", "c"]}
    actors = {}
    for p in range(draw(st.integers(2, 3))):
        prefs = {}
        for iid, issue in issues.items():
            grid = options_of(issue)
            pref = {"weight": draw(st.integers(1, 3)), "values": {x: draw(st.integers(0, 20)) / 20 for x in grid}}
            if "range" in issue and draw(st.integers(0, 2)):
                low = draw(st.one_of(st.none(), st.integers(0, grid[-1])))
                high = draw(st.one_of(st.none(), st.integers(low or 0, grid[-1])))
                pref.update({k: v for k, v in (("min", low), ("max", high)) if v is not None})
            prefs[iid] = pref
        actors[f"p{p}"] = {"reservation": draw(st.integers(0, 8)) / 20, "preferences": prefs}
    return {"accord": 1, "issues": issues, "actors": actors}


def widened(doc, unlock):
    """(issue, values, newly accepted, still rejected) of a widening, read from the documents."""
    ((issue, change),) = unlock.patch["actors"][unlock.party]["preferences"].items()
    before = doc["actors"][unlock.party]["preferences"][issue]
    after = merge(before, change)
    options = options_of(doc["issues"][issue])
    newly = [o for o in options if allowed(after, o) and not allowed(before, o)]
    rejected = [o for o in options if not allowed(after, o)]
    return issue, before["values"], newly, rejected


def check_unlocks(doc):
    result = analyze(from_document(doc))
    if result.acceptable:
        assert result.unlock == ()
        return result
    keys = [json.dumps(u.patch, sort_keys=True) for u in result.unlock]
    assert len(keys) == len(set(keys))
    for unlock in result.unlock:
        patched = merge(doc, unlock.patch)
        assert unlock.acceptable == len(brute_zopa(patched)) > 0
        assert unlock.nash.outcome in brute_nash(patched)
        assert analyze(from_document(patched), unlock=False).solutions["nash"] == unlock.nash
        if unlock.kind == "widen-red-line":
            _, values, newly, rejected = widened(doc, unlock)
            assert newly
            floor = min(values[o] for o in newly)
            assert all(values[o] < floor - TOL for o in rejected), (unlock.description, newly, rejected)
    return result


def expected_widenings(doc, party, issue):
    """Every monotone one-option widening of ``party``'s red line on ``issue`` that opens the zone, as the sets
    of options it newly accepts (from the definition, by brute force)."""
    pref = doc["actors"][party]["preferences"][issue]
    options = doc["issues"][issue]["options"]
    others = [a["preferences"][issue] for name, a in doc["actors"].items() if name != party]
    found = set()
    for x in options:
        if allowed(pref, x) or not all(allowed(o, x) for o in others):
            continue
        newly = {y for y in options if not allowed(pref, y) and pref["values"][y] >= pref["values"][x] - TOL}
        accepted = [o for o in options if allowed(pref, o) or o in newly]
        change = {"reject": [o for o in options if o not in accepted] or None, "accept": None}
        if brute_zopa(merge(doc, {"actors": {party: {"preferences": {issue: change}}}})):
            found.add(frozenset(newly))
    return found


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(categorical_scenarios())
def test_categorical_widenings_are_monotone_complete_and_open_the_zone(doc):
    result = check_unlocks(doc)
    if result.acceptable:
        return
    for party, actor in doc["actors"].items():
        for issue, pref in actor["preferences"].items():
            if "reject" not in pref and "accept" not in pref:
                continue
            listed = {frozenset(widened(doc, u)[2]) for u in result.unlock
                      if u.party == party and u.kind == "widen-red-line" and widened(doc, u)[0] == issue}
            assert listed == expected_widenings(doc, party, issue)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(numeric_scenarios())
def test_numeric_widenings_are_monotone_and_open_the_zone(doc):
    check_unlocks(doc)


def test_the_cairo_suggestions_are_monotone():
    scenario = accord.load()
    for unlock in analyze(scenario).unlock:
        if unlock.kind != "widen-red-line":
            continue
        ((issue_id, _),) = unlock.patch["actors"][unlock.party]["preferences"].items()
        issue = scenario.issues[issue_id]
        pref = scenario.actors[unlock.party].preferences[issue_id]
        after = scenario.with_patch(unlock.patch).actors[unlock.party].preferences[issue_id].acceptable(issue)
        values = np.array(pref.scores)
        newly = after & ~pref.acceptable(issue)
        assert newly.any() and np.all(values[~after] < values[newly].min())
    # Hamas values the ceasefire none < temporary < phased < permanent and accepts only permanent: accepting
    # temporary brings phased with it
    temporary = [u for u in analyze(scenario).unlock if "ceasefire=temporary" in u.description]
    assert [u.patch for u in temporary] == [
        {"actors": {"hamas": {"preferences": {"ceasefire": {"accept": ["temporary", "phased", "permanent"]}}}}}]
