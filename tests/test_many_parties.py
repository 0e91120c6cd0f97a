"""Many parties (12 to 30): the Nash deal, minimal conflicting sets, holdouts and joint unlocks, batches of
identical runs; each checked against brute force over the whole outcome space.

The scenarios are the climate summit of ``climate_scenario`` (12 parties and 5 issues, 6,400 packages; 20
and 30 parties with 7 issues, 102,400 packages) and small random scenarios. The references are written
from the format's definitions (``accord.scenario.outcomes``: acceptance, utilities) with plain loops.
"""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from climate_scenario import all_rows, climate_summit, with_small_zopa
from typer.testing import CliRunner

from accord.analysis import analyze
from accord.analysis._analyze import Deal, significant
from accord.analysis.conflicts import minimal_sets
from accord.analysis.holdouts import group_unlocks, holdouts
from accord.cli import app
from accord.scenario import from_document
from accord.scenario import outcomes as reference

runner = CliRunner()


def outcome_of(scenario, row):
    return {issue.id: issue.options[int(k)] for issue, k in zip(scenario.issues.values(), row)}


def brute_nash(scenario):
    """The Nash deal by its definition: over the ZOPA, the largest product of surpluses, compared by the
    exact sum of logs (math.fsum); ties (within 1e-9 of the sum of logs) by the largest sum of utilities,
    then the first in row-major order. Returns (row, product, sorted sums of logs)."""
    rows = all_rows(scenario)
    zopa = np.flatnonzero(reference.zopa(scenario, rows))
    u = reference.utilities(scenario, rows[zopa], scenario.parties)
    r = [scenario.actors[p].reservation for p in scenario.parties]
    logs = [math.fsum(math.log(u[a, k] - r[a]) if u[a, k] - r[a] > 0 else -math.inf for a in range(len(r)))
            for k in range(zopa.size)]
    best = max(logs)
    tied = [k for k in range(zopa.size) if logs[k] >= best - 1e-9]
    pick = max(tied, key=lambda k: (round(math.fsum(u[:, k]) * 1e9), -k))
    product = math.prod(u[a, pick] - r[a] for a in range(len(r)))
    return rows[zopa[pick]], product, sorted(logs, reverse=True), zopa, u


@pytest.mark.parametrize("n_parties, n_issues, target", [(12, 5, 30), (20, 7, 267), (30, 7, 30)])
def test_nash_with_many_parties_is_the_brute_force_maximiser(n_parties, n_issues, target):
    scenario = from_document(with_small_zopa(climate_summit(n_parties, n_issues), target))
    row, product, logs, zopa, u = brute_nash(scenario)
    assert zopa.size > 1 and product < 1e-9  # every product is below the old absolute tie tolerance
    found = analyze(scenario, unlock=False)
    assert found.acceptable == zopa.size
    nash = found.solutions["nash"]
    assert nash is not None and nash.outcome == outcome_of(scenario, row)
    assert math.isclose(nash.score, product, rel_tol=1e-9)
    written = json.loads(json.dumps(found.to_json()))["solutions"]["nash"]["score"]
    assert written > 0 and math.isclose(written, product, rel_tol=1e-9)
    # an absolute 1e-9 tolerance would tie every candidate, though their products differ by a factor > e
    assert logs[0] - logs[-1] > 1


def test_the_issue_case_thirty_acceptable_packages_at_twelve_parties():
    scenario = from_document(with_small_zopa(climate_summit(12, 5), 30))
    row, _, logs, zopa, _ = brute_nash(scenario)
    assert zopa.size == 30
    assert logs[0] - logs[1] > 1e-6  # a strict best: the answer does not lean on the tie rule
    assert analyze(scenario, unlock=False).solutions["nash"].outcome == outcome_of(scenario, row)


@pytest.mark.parametrize("score", [2.0e-11, 5.5e-10, 4.3e-31, 0.123456789012345, 1234.5678901234])
def test_scores_are_written_with_significant_digits(score):
    written = json.loads(json.dumps(Deal({}, {"a": 0.5}, score).to_json()))["score"]
    assert written != 0.0 and math.isclose(written, score, rel_tol=1e-9)
    assert written == significant(score)


def test_utilities_keep_their_decimals_in_json():
    data = Deal({}, {"a": 0.1234567890123, "b": 1.0}).to_json()
    assert data["utilities"] == {"a": 0.123456789, "b": 1.0}


# -- minimal conflicting sets -----------------------------------------------------------------------------------

def brute_minimal(rejects):
    """Inclusion-minimal sets of rows of ``rejects`` that together reject every column, by enumerating every
    subset (smallest first, then lexicographic)."""
    m, n = rejects.shape
    conflicting = [s for k in range(1, m + 1) for s in itertools.combinations(range(m), k)
                   if all(any(rejects[p, o] for p in s) for o in range(n))]
    return [s for s in conflicting if not any(set(t) < set(s) for t in conflicting)]


def test_minimal_sets_match_brute_force_on_random_matrices():
    rng = np.random.default_rng(5)
    checked = 0
    for _ in range(400):
        m, n = int(rng.integers(1, 8)), int(rng.integers(1, 7))
        rejects = rng.random((m, n)) < rng.uniform(0.2, 0.8)
        expected = brute_minimal(rejects)
        sets, complete, _ = minimal_sets(rejects, max_sets=1000)
        assert complete
        assert sets == expected
        checked += bool(expected)
    assert checked > 100


def test_minimal_sets_are_bounded_and_still_name_one_minimal_set():
    rejects = np.eye(12, dtype=bool)  # each party rejects its own option: only all twelve together conflict
    sets, complete, searched = minimal_sets(rejects, max_subsets=200)
    assert sets == [tuple(range(12))] and not complete and searched < 12
    many = np.zeros((8, 2), dtype=bool)
    many[:4, 0] = many[4:, 1] = True  # 16 minimal pairs
    sets, complete, _ = minimal_sets(many, max_sets=5)
    assert sets == brute_minimal(many)[:5] and not complete


def random_red_line_doc(rng, kind):
    """3 to 6 parties; red lines only on issue ``a`` (categorical), ``n`` (numeric), or ``a`` with an
    ``unless`` on ``b`` (a composite issue)."""
    m = int(rng.integers(3, 7))
    issues = {"a": {"options": ["p", "q", "r", "s"]}, "b": {"options": ["x", "y", "z"]},
              "n": {"range": [0, 10], "step": 2}}
    actors = {}
    for k in range(m):
        prefs = {i: {"values": {o: round(float(rng.random()), 2) for o in issue["options"]}} if "options" in issue
                 else {"values": {0: round(float(rng.random()), 2), 10: round(float(rng.random()), 2)}}
                 for i, issue in issues.items()}
        if rng.random() < 0.85:
            if kind == "numeric":
                lo, hi = sorted(int(x) for x in rng.choice(range(0, 11, 2), 2))
                prefs["n"].update({"min": lo} if rng.random() < 0.5 else {"max": hi})
            else:
                rejected = [o for o in issues["a"]["options"] if rng.random() < 0.5][:3]
                if rejected:
                    prefs["a"]["reject"] = rejected
                    if kind == "composite" and rng.random() < 0.5:
                        prefs["a"]["unless"] = {"b": [str(rng.choice(["x", "y", "z"]))]}
        actors[f"p{k}"] = {"preferences": prefs}
    return {"accord": 1.1 if kind == "composite" else 1, "issues": issues, "actors": actors}


@pytest.mark.parametrize("kind", ["categorical", "numeric", "composite"])
def test_blockers_minimal_conflicts_match_brute_force(kind):
    rng = np.random.default_rng({"categorical": 1, "numeric": 2, "composite": 3}[kind])
    blocked = composites = 0
    for _ in range(120):
        scenario = from_document(random_red_line_doc(rng, kind))
        found = analyze(scenario, unlock=False)
        lines = [b for b in found.blockers if b.kind == "red-line"]
        if not lines:
            continue
        (blocker,) = lines  # red lines sit on one issue (or one composite)
        blocked += 1
        composites += blocker.issues is not None
        rows = all_rows(scenario)  # only that dimension carries red lines: the whole space is the reference
        allowed = np.stack([reference.allowed(scenario, p, rows) for p in blocker.parties])
        conflicting = [s for k in range(1, len(blocker.parties) + 1)
                       for s in itertools.combinations(range(len(blocker.parties)), k)
                       if not allowed[list(s)].all(axis=0).any()]
        expected = [tuple(blocker.parties[i] for i in s) for s in conflicting
                    if not any(set(t) < set(s) for t in conflicting)]
        assert list(blocker.minimal_conflicts) == expected
        assert blocker.conflicts_complete
        data = blocker.to_json()
        assert data["minimal_conflicts"] == [list(s) for s in expected] and data["parties"] == list(blocker.parties)
    assert blocked >= 10 and (composites >= 5 if kind == "composite" else composites == 0)


@pytest.mark.parametrize("n_parties, n_issues", [(12, 5), (20, 7), (30, 7)])
def test_climate_clash_names_the_two_parties_in_conflict(n_parties, n_issues):
    scenario = from_document(climate_summit(n_parties, n_issues, clash=True))
    (blocker,) = analyze(scenario, unlock=False).blockers
    assert blocker.minimal_conflicts == (("usa", "india"),) and blocker.conflicts_complete
    assert len(blocker.parties) > 2 and {"usa", "india"} <= set(blocker.parties)
    text = blocker.describe()
    assert text.startswith("the red lines of usa and india leave no common option on finance")
    assert f"{len(blocker.parties) - 2} more parties have red lines there" in text


# -- holdouts and joint unlocks ---------------------------------------------------------------------------------

def stuck_doc(n_parties=12, n_issues=5, raise_by=0.02):
    """The summit with reservations raised just past the last acceptable package: no single change opens it."""
    doc = with_small_zopa(climate_summit(n_parties, n_issues), 1)
    for actor in doc["actors"].values():
        if actor.get("role", "party") == "party":
            actor["reservation"] = round(actor["reservation"] + raise_by, 4)
    return doc


def check_holdouts(scenario, held):
    rows = all_rows(scenario)
    accepts = reference.accepts(scenario, rows)
    u = reference.utilities(scenario, rows, scenario.parties)
    count = len(scenario.parties) - accepts.sum(axis=0)
    assert held.outcomes == rows.shape[0] and held.parties == len(scenario.parties)
    assert held.by_count == {int(k): int(np.count_nonzero(count == k)) for k in np.unique(count)}
    assert held.fewest == count.min()
    for package in held.packages:
        k = int(np.ravel_multi_index(tuple(scenario.issues[i].index_of(o) for i, o in package.outcome.items()),
                                     tuple(i.size for i in scenario.issues.values())))
        assert count[k] == held.fewest and package.accepting == accepts[:, k].sum()
        assert package.holdouts == tuple(p for j, p in enumerate(scenario.parties) if not accepts[j, k])
    totals = [sum(u[:, k]) for k in np.flatnonzero(count == held.fewest)]
    listed = [sum(u[:, int(np.ravel_multi_index(tuple(scenario.issues[i].index_of(o) for i, o in
                                                      p.outcome.items()), tuple(i.size for i in
                                                                                scenario.issues.values())))])
              for p in held.packages]
    assert listed == sorted(totals, reverse=True)[:len(listed)]
    lone = np.flatnonzero(count == 1)
    assert held.minus_one == lone.size
    for entry in held.lone:
        j = scenario.parties.index(entry.party)
        mine = [k for k in lone if not accepts[j, k]]
        assert entry.packages == len(mine)
        assert math.isclose(entry.utility, max(u[j, k] for k in mine), abs_tol=1e-12)
    assert sum(e.packages for e in held.lone) == lone.size


@pytest.mark.parametrize("doc", [climate_summit(12, 5, clash=True), stuck_doc(), climate_summit(30, 7, clash=True)],
                         ids=["clash-12", "stuck-12", "clash-30"])
def test_holdouts_match_brute_force(doc):
    scenario = from_document(doc)
    check_holdouts(scenario, holdouts(scenario))


def check_joint(scenario, unlock):
    patched = scenario.with_patch(unlock.patch, label=None)
    assert set(unlock.patch["actors"]) == set(unlock.parties) and 2 <= len(unlock.parties) <= 3
    row, _, _, zopa, _ = brute_nash(patched)
    assert unlock.acceptable == zopa.size > 0
    assert unlock.nash.outcome == outcome_of(scenario, row)


def test_joint_unlocks_when_no_single_change_opens_the_zopa():
    scenario = from_document(stuck_doc())
    found = analyze(scenario)
    assert found.acceptable == 0 and found.unlock and all(u.kind == "joint" for u in found.unlock)
    assert [len(u.parties) for u in found.unlock] == sorted(len(u.parties) for u in found.unlock)
    for unlock in found.unlock:
        check_joint(scenario, unlock)
        for party in unlock.parties:  # no one of the movers opens it alone with its own part of the change
            alone = {"actors": {party: unlock.patch["actors"][party]}}
            assert not reference.zopa(scenario.with_patch(alone, label=None), all_rows(scenario)).any()
    data = found.to_json()
    assert data["unlock"][0]["parties"] == list(found.unlock[0].parties) and data["unlock"][0]["kind"] == "joint"
    check_holdouts(scenario, found.holdouts)
    assert data["holdouts"]["fewest"] == found.holdouts.fewest


def test_joint_unlocks_with_thirty_parties():
    scenario = from_document(stuck_doc(30, 7))
    found = group_unlocks(scenario)
    assert found and len(found[0].parties) == 2  # the closest packages have two holdouts
    for unlock in found[:2]:
        check_joint(scenario, unlock)


def test_two_party_unlock_on_a_small_scenario():
    """Four parties, three packages: a and d accept only x, b and c only z (their reservations), so every
    package has at least two holdouts and no single change opens the ZOPA. The cheapest joint change: b
    and c lower their reservations to x's utility (0.5 + 0.6 in all, against 0.9 + 0.8 for a and d)."""
    doc = {"accord": 1, "issues": {"i": {"options": ["x", "y", "z"]}}, "actors": {
        "a": {"reservation": 0.9, "preferences": {"i": {"values": {"x": 1, "y": 0.5, "z": 0}}}},
        "b": {"reservation": 0.8, "preferences": {"i": {"values": {"x": 0.3, "y": 0.6, "z": 1}}}},
        "c": {"reservation": 0.8, "preferences": {"i": {"values": {"x": 0.2, "y": 0.7, "z": 1}}}},
        "d": {"reservation": 0.9, "preferences": {"i": {"values": {"x": 1, "y": 0.4, "z": 0.1}}}}}}
    scenario = from_document(doc)
    found = analyze(scenario)
    assert [u.kind for u in found.unlock] == ["joint", "joint"]
    first, second = found.unlock
    assert first.parties == ("b", "c") and first.nash.outcome == {"i": "x"}
    assert first.patch == {"actors": {"b": {"reservation": 0.3}, "c": {"reservation": 0.2}}}
    assert second.parties == ("a", "d") and second.nash.outcome == {"i": "z"}
    assert math.isclose(first.magnitude, 1.1) and math.isclose(second.magnitude, 1.7)
    for unlock in found.unlock:
        check_joint(scenario, unlock)


# -- the terminal --------------------------------------------------------------------------------------------

def test_analyze_prints_holdouts_and_joint_unlocks(tmp_path):
    path = tmp_path / "summit.json"
    path.write_text(json.dumps(stuck_doc()), encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Holdouts: the closest packages have 3 holdout(s)" in text
    assert "changes by two or three parties together" in text and "move:" in text
    data = json.loads(runner.invoke(app, ["analyze", str(path), "--json"]).output)
    assert data["holdouts"]["by_count"] and all("parties" in u for u in data["unlock"])


def test_consensus_minus_one_in_the_terminal(tmp_path):
    path = tmp_path / "summit.json"
    path.write_text(json.dumps(climate_summit(12, 5, clash=True)), encoding="utf-8")
    text = " ".join(runner.invoke(app, ["analyze", str(path)]).output.split())
    assert "blocked: the red lines of usa and india leave no common option on finance" in text
    assert "Consensus minus one: 1,280 package(s)" in text
    assert "usa alone holds out on 640 (red line on finance)" in text


# -- batches of deterministic runs ----------------------------------------------------------------------------

def test_identical_runs_say_why_and_how_to_vary_them(tmp_path):
    path = tmp_path / "summit.json"
    path.write_text(json.dumps(with_small_zopa(climate_summit(12, 5), 30)), encoding="utf-8")
    result = runner.invoke(app, ["simulate", str(path), "--runs", "200"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "200 identical runs" in text and "nothing random is in play" in text
    assert "montecarlo --simulate" in text and "random" in text
    assert "walkout by" not in text  # no one walked out: no "walkout by X 0.0%" line per party


def test_batches_print_only_walkouts_that_happened():
    result = runner.invoke(app, ["simulate", "--runs", "20", "--strategy", "israel=random"])
    text = " ".join(result.output.split())
    assert result.exit_code == 0 and "identical" not in text
    walked = [p for p in ("israel", "hamas") if f"walkout by {p}" in text]
    data = json.loads(runner.invoke(app, ["simulate", "--runs", "20", "--strategy", "israel=random",
                                          "--json"]).output)
    assert walked == [p for p, share in data["p_walkout"].items() if share > 0]


def test_single_unlocks_skip_only_parties_that_cannot_open_the_zopa():
    """analyze tries single changes only for parties that are some package's lone holdout; every party's
    candidates (movers=None) give the same list."""
    from accord.analysis._analyze import find_blockers, scan
    from accord.analysis.unlock import find_unlocks

    rng = np.random.default_rng(11)
    docs = [climate_summit(12, 5, clash=True)]
    for _ in range(40):
        doc = random_red_line_doc(rng, str(rng.choice(["categorical", "numeric", "composite"])))
        for actor in doc["actors"].values():
            actor["reservation"] = round(float(rng.uniform(0, 0.7)), 2)
        docs.append(doc)
    compared = 0
    for doc in docs:
        scenario = from_document(doc)
        result = scan(scenario)
        if result.acceptable:
            continue
        every = find_unlocks(scenario, result, find_blockers(scenario, result))
        found = analyze(scenario)
        if every:
            compared += 1
            assert found.unlock == every
        else:
            assert all(u.kind == "joint" for u in found.unlock)
    assert compared >= 10
