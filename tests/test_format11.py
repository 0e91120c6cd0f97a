"""Tests for the scenario format's version 1.1 additions: reading, validation and the reference semantics.

- Reading: every 1.1 key reaches the model (``unless``, ``holds``, ``interactions``, ``decision``,
  ``vote_weight``, ``role: constituency`` with ``of``), under ``accord: 1.1`` and under ``accord: 1``.
- Validation: every rule of the 1.1 additions, each problem with its path and line (YAML text), and
  hostile documents refused in one line.
- Semantics (:mod:`accord.scenario.outcomes`) against a plain-Python oracle written from the format's
  definitions, one outcome at a time, on seeded random scenarios that use every addition; and version 1
  documents evaluated exactly as the analysis evaluates them.
"""

from __future__ import annotations

import copy
import itertools
import json
import random
import textwrap

import numpy as np
import pytest

import accord
from accord.analysis import analyze
from accord.analysis.space import utilities_of
from accord.errors import InvalidInput
from accord.scenario import Condition, Decision, ScenarioError, from_document, loads
from accord.scenario import outcomes as oc
from accord.scenario.validate import MAX_INTERACTIONS

TOL = 1e-9


# -- a small 1.1 document ---------------------------------------------------------------------------

BASE = textwrap.dedent("""\
    accord: 1.1
    name: Format 1.1 test
    issues:
      cease: {options: [none, temporary, phased, permanent]}
      hostages: {options: [none, phased, all]}
      weeks: {range: [0, 12], step: 4}
    decision:
      rule: qualified
      share: 0.6
      weight_share: 0.5
      veto: [israel]
    actors:
      israel:
        vote_weight: 2
        preferences:
          cease:
            values: {none: 1, temporary: 0.8, phased: 0.4, permanent: 0}
            reject: [permanent]
            unless: {hostages: [all], weeks: {min: 8}}
            holds: 0.7
          hostages: {values: {none: 0, phased: 0.5, all: 1}}
      hamas:
        preferences:
          cease:
            values: {none: 0, temporary: 0.2, phased: 0.7, permanent: 1}
            reject: [none]
            holds: {uniform: [0.4, 0.8]}
          hostages: {values: {none: 1, phased: 0.6, all: 0}}
        interactions:
          - when: {cease: [phased, permanent], hostages: [phased]}
            weight: {triangular: [1, 2, 3]}
            value: 1
            description: the package
      egypt:
        vote_weight: 0.5
        preferences:
          weeks: {values: {0: 0, 12: 1}}
      coalition:
        role: constituency
        of: israel
        reservation: 0.3
        preferences:
          cease: {values: {none: 1, temporary: 0.6, phased: 0.2, permanent: 0}, reject: [permanent]}
      qatar:
        role: mediator
        vote_weight: 7
    """)


def base_doc() -> dict:
    doc, _ = accord.scenario.reader.parse(BASE)
    return doc


def test_every_key_reaches_the_model():
    s = loads(BASE)
    israel, hamas, coalition = s.actors["israel"], s.actors["hamas"], s.actors["coalition"]
    cease = israel.preferences["cease"]
    assert cease.unless == (Condition("hostages", ("all",)), Condition("weeks", (), 8.0, None))
    assert cease.holds == 0.7
    assert hamas.preferences["cease"].holds == pytest.approx(0.6)  # the uniform's midpoint
    assert israel.preferences["hostages"].holds == 1.0 and israel.preferences["hostages"].unless == ()
    [term] = hamas.interactions
    assert term.when == (Condition("cease", ("phased", "permanent")), Condition("hostages", ("phased",)))
    assert (term.weight, term.value, term.description) == (2.0, 1.0, "the package")
    assert term.issues == ("cease", "hostages")
    assert s.decision == Decision("qualified", 0.6, 0.5, ("israel",))
    assert s.decision_rule is s.decision
    assert (israel.vote_weight, hamas.vote_weight, s.actors["egypt"].vote_weight) == (2.0, 1.0, 0.5)
    assert coalition.role == "constituency" and coalition.of == "israel" and coalition.is_constituency
    assert not coalition.is_party and s.parties == ("israel", "hamas", "egypt")
    assert s.constituencies == {"israel": ("coalition",), "hamas": (), "egypt": ()}
    paths = {u.path for u in s.uncertain}
    assert ("actors", "hamas", "preferences", "cease", "holds") in paths
    assert ("actors", "hamas", "interactions", 0, "weight") in paths
    assert accord.scenario.errors.format_path(("actors", "hamas", "interactions", accord.scenario.errors.Index(0),
                                               "weight")) in {accord.scenario.errors.format_path(p) for p in paths}
    assert dict(s.holds_paths) == {("actors", "israel", "preferences", "cease", "holds"): 0.7,
                                   ("actors", "hamas", "preferences", "cease", "holds"): pytest.approx(0.6)}


def test_interaction_distributions_and_defaults():
    doc = base_doc()
    doc["actors"]["hamas"]["interactions"] = [{"when": {"cease": ["phased"], "weeks": {"max": 4}},
                                               "value": {"normal": [0.5, 0.1]}}]
    s = from_document(doc)
    [term] = s.actors["hamas"].interactions
    assert (term.weight, term.value) == (1.0, 0.5)  # weight defaults to 1; a distribution gives its centre
    assert ("actors", "hamas", "interactions", 0, "value") in {u.path for u in s.uncertain}
    assert ("actors", "hamas", "interactions", 0, "weight") not in {u.path for u in s.uncertain}


def test_total_weight_counts_interactions():
    s = loads(BASE)
    hamas = s.actors["hamas"]
    assert hamas.total_weight == 1 + 1 + 2
    assert hamas.normalised_weight("cease") == 1 / 4 and hamas.interaction_weight(0) == 2 / 4


@pytest.mark.parametrize("version", [1, 1.1])
def test_version_1_and_1_1_accept_the_keys(version):
    doc = base_doc()
    doc["accord"] = version
    assert from_document(doc).decision.rule == "qualified"


@pytest.mark.parametrize("version, expected", [(1.2, "expected 1 or 1.1"), (2, "expected 1"), ("1.1", "1 or 1.1")])
def test_other_versions_are_refused(version, expected):
    doc = base_doc()
    doc["accord"] = version
    with pytest.raises(ScenarioError) as info:
        from_document(doc)
    [problem] = info.value.problems
    assert problem.path == "accord" and "unsupported format version" in problem.message
    assert expected in problem.message


def test_json_document_reads_the_same():
    text = json.dumps(base_doc())
    s = loads(text, fmt="json")
    assert s.actors["hamas"].interactions[0].weight == 2.0 and s.decision.veto == ("israel",)


def test_defaults_without_a_decision():
    doc = base_doc()
    del doc["decision"]
    s = from_document(doc)
    assert s.decision is None and s.decision_rule == Decision() and s.decision_rule.is_unanimity


def test_unless_cycles_are_legitimate_and_couple_issues():
    doc = base_doc()
    doc["actors"]["hamas"]["preferences"]["hostages"]["reject"] = ["all"]
    doc["actors"]["hamas"]["preferences"]["hostages"]["unless"] = {"cease": ["permanent"]}
    s = from_document(doc)
    groups = s.coupled_groups()
    assert [g.issues for g in groups] == [("cease", "hostages", "weeks")]
    assert groups[0].size == 4 * 3 * 4 and groups[0].coupled


def test_coupled_groups_union_find():
    doc = base_doc()
    # drop every coupling but hamas's interaction (cease, hostages)
    del doc["actors"]["israel"]["preferences"]["cease"]["unless"]
    s = from_document(doc)
    assert [(g.issues, g.size) for g in s.coupled_groups()] == [(("cease", "hostages"), 12), (("weeks",), 4)]
    assert [g.issues for g in s.coupled_groups(actors=["israel", "egypt"])] == [("cease",), ("hostages",), ("weeks",)]
    assert not s.coupled_groups(actors=["israel"])[2].coupled


# -- validation: each rule, with path and line ------------------------------------------------------

def _problems(text: str) -> list:
    with pytest.raises(ScenarioError) as info:
        loads(text, file="t.yaml")
    return info.value.problems


def _line_of(text: str, marker: str) -> int:
    [line] = [k + 1 for k, row in enumerate(text.splitlines()) if marker in row]
    return line


def _replace(*changes: tuple[str, str]) -> str:
    text = BASE
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


CASES = [
    ("unless-own-issue", ("unless: {hostages: [all], weeks: {min: 8}}", "unless: {cease: [none]}"),
     "unless: {cease", "actors.israel.preferences.cease.unless.cease", "names the preference's own issue 'cease'"),
    ("unless-without-red-line", ("hostages: {values: {none: 0, phased: 0.5, all: 1}}",
                                 "hostages: {values: {none: 0, phased: 0.5, all: 1}, unless: {cease: [none]}}"),
     "unless: {cease: [none]}", "actors.israel.preferences.hostages.unless", "this preference has none"),
    ("unless-unknown-issue", ("unless: {hostages: [all], weeks: {min: 8}}", "unless: {hostage: [all]}"),
     "unless: {hostage:", "actors.israel.preferences.cease.unless.hostage", "no issue 'hostage' in issues"),
    ("unless-unknown-option", ("unless: {hostages: [all], weeks: {min: 8}}", "unless: {hostages: [most]}"),
     "unless: {hostages: [most]}", "actors.israel.preferences.cease.unless.hostages[0]",
     "no option 'most' in issue hostages"),
    ("unless-min-above-max", ("weeks: {min: 8}}", "weeks: {min: 9, max: 3}}"),
     "weeks: {min: 9", "actors.israel.preferences.cease.unless.weeks", "min (9) must not exceed max (3)"),
    ("unless-numeric-as-list", ("weeks: {min: 8}}", "weeks: [8]}"),
     "weeks: [8]}", "actors.israel.preferences.cease.unless.weeks", "expected {min: x, max: y}"),
    ("unless-categorical-as-mapping", ("unless: {hostages: [all],", "unless: {hostages: {min: 1},"),
     "unless: {hostages: {min", "actors.israel.preferences.cease.unless.hostages", "expected a list of options"),
    ("unless-empty-list", ("unless: {hostages: [all],", "unless: {hostages: [],"),
     "unless: {hostages: []", "actors.israel.preferences.cease.unless.hostages", "got an empty list"),
    ("unless-empty", ("unless: {hostages: [all], weeks: {min: 8}}", "unless: {}"),
     "unless: {}", "actors.israel.preferences.cease.unless", "expected at least 1 issue"),
    ("unless-bound-unknown-key", ("weeks: {min: 8}}", "weeks: {least: 8}}"),
     "weeks: {least", "actors.israel.preferences.cease.unless.weeks.least", "unknown key 'least'"),
    ("holds-above-one", ("holds: 0.7", "holds: 1.5"), "holds: 1.5",
     "actors.israel.preferences.cease.holds", "expected a number in [0, 1], got 1.5"),
    ("holds-distribution-outside", ("holds: {uniform: [0.4, 0.8]}", "holds: {uniform: [0.4, 1.8]}"),
     "holds: {uniform", "actors.hamas.preferences.cease.holds", "distribution must stay in [0, 1]"),
    ("holds-without-red-line", ("weeks: {values: {0: 0, 12: 1}}", "weeks: {values: {0: 0, 12: 1}, holds: 0.5}"),
     "holds: 0.5", "actors.egypt.preferences.weeks.holds", "this preference has none"),
    ("interaction-one-issue", ("when: {cease: [phased, permanent], hostages: [phased]}", "when: {cease: [phased]}"),
     "when: {cease: [phased]}", "actors.hamas.interactions[0].when", "expected at least 2 issues"),
    ("interaction-negative-weight", ("weight: {triangular: [1, 2, 3]}", "weight: -1"),
     "weight: -1", "actors.hamas.interactions[0].weight", "expected a number >= 0, got -1"),
    ("interaction-value-above-one", ("value: 1\n", "value: 1.2\n"),
     "value: 1.2", "actors.hamas.interactions[0].value", "expected a number in [0, 1], got 1.2"),
    ("interaction-unknown-option", ("hostages: [phased]}", "hostages: [some]}"),
     "hostages: [some]}", "actors.hamas.interactions[0].when.hostages[0]", "no option 'some' in issue hostages"),
    ("interaction-unknown-issue", ("hostages: [phased]}", "hostage: [phased]}"),
     "hostage: [phased]}", "actors.hamas.interactions[0].when.hostage", "no issue 'hostage'"),
    ("interaction-without-when", ("- when: {cease: [phased, permanent], hostages: [phased]}", "- x-note: x"),
     "- x-note: x", "actors.hamas.interactions[0].when", "is required"),
    ("interaction-unknown-key", ("description: the package", "descripton: the package"),
     "descripton: the package", "actors.hamas.interactions[0].descripton", "unknown key 'descripton'"),
    ("interactions-not-a-list", ("interactions:\n", "interactions: 3\n    x-old:\n"),
     "interactions: 3", "actors.hamas.interactions", "expected a list"),
    ("of-non-party", ("of: israel", "of: qatar"), "of: qatar", "actors.coalition.of",
     "of must name a party (parties: israel, hamas, egypt); 'qatar' is a mediator"),
    ("of-unknown", ("of: israel", "of: isreal"), "of: isreal", "actors.coalition.of", "no actor 'isreal'"),
    ("of-missing", ("    of: israel\n", ""), "coalition:", "actors.coalition.of", "is required for a constituency"),
    ("of-on-a-party", ("vote_weight: 0.5", "vote_weight: 0.5\n    of: hamas"), "    of: hamas", "actors.egypt.of",
     "of: applies to role constituency only"),
    ("constituency-of-constituency", ("qatar:\n    role: mediator", "qatar:\n    role: constituency\n    of: coalition"),
     "of: coalition", "actors.qatar.of", "itself a constituency"),
    ("share-above-one", ("share: 0.6", "share: 1.5"), "share: 1.5", "decision.share",
     "expected a number in (0, 1], got the number 1.5"),
    ("share-zero", ("share: 0.6", "share: 0"), "  share: 0", "decision.share", "in (0, 1]"),
    ("weight-share-negative", ("weight_share: 0.5", "weight_share: -0.1"), "weight_share: -0.1",
     "decision.weight_share", "in (0, 1]"),
    ("share-under-majority", ("rule: qualified", "rule: majority"), "  share: 0.6", "decision.share",
     "applies to rule qualified only"),
    ("qualified-without-share", ("  share: 0.6\n", ""), "rule: qualified", "decision.share", "is required for rule qualified"),
    ("veto-unknown", ("veto: [israel]", "veto: [isreal]"), "veto: [isreal]", "decision.veto[0]", "no actor 'isreal'"),
    ("veto-non-party", ("veto: [israel]", "veto: [coalition]"), "veto: [coalition]", "decision.veto[0]",
     "'coalition', a constituency; only parties vote"),
    ("unknown-rule", ("rule: qualified", "rule: plurality"), "rule: plurality", "decision.rule",
     "unknown rule 'plurality'; expected one of unanimity, majority, qualified"),
    ("decision-unknown-key", ("veto: [israel]", "vetoes: [israel]"), "vetoes:", "decision.vetoes", "unknown key"),
    ("vote-weight-negative", ("vote_weight: 2", "vote_weight: -2"), "vote_weight: -2", "actors.israel.vote_weight",
     "expected a number >= 0, got -2"),
    ("vote-weight-distribution", ("vote_weight: 2", "vote_weight: {uniform: [1, 2]}"), "vote_weight: {uniform",
     "actors.israel.vote_weight", "expected a number >= 0, got a mapping"),
    ("weight-share-no-weight", ("vote_weight: 2", "vote_weight: 0"), ("vote_weight: 0.5", "vote_weight: 0"),
     ("  hamas:\n", "  hamas:\n    vote_weight: 0\n"), "weight_share: 0.5", "decision.weight_share",
     "vote_weight adds up to more than 0"),
    ("constituency-needs-weight", ("      cease: {values: {none: 1, temporary: 0.6, phased: 0.2, permanent: 0}, "
                                   "reject: [permanent]}",
                                   "      cease: {weight: 0, reject: [permanent]}"),
     "cease: {weight: 0", "actors.coalition.preferences",
     "a constituency with reservation > 0 needs"),
]


@pytest.mark.parametrize("name, changes, marker, path, message", [(c[0], c[1:-3], *c[-3:]) for c in CASES],
                         ids=[c[0] for c in CASES])
def test_each_rule_is_reported_with_path_and_line(name, changes, marker, path, message):
    text = _replace(*changes)
    problems = _problems(text)
    hits = [p for p in problems if p.path == path]
    assert hits, [str(p) for p in problems]
    [problem] = hits
    assert message in problem.message
    expected_line = _line_of(text, marker)
    if name == "of-missing":  # the key is absent: the nearest located ancestor, the actor
        expected_line = _line_of(text, "coalition:")
    if name == "constituency-needs-weight":
        expected_line = _line_of(text, "cease: {weight: 0") - 1  # the preferences key
    if name == "qualified-without-share":
        expected_line = _line_of(text, "decision:")
    if name == "interaction-without-when":
        expected_line = _line_of(text, "- x-note: x")
    assert problem.line == expected_line, str(problem)
    assert str(problem) == f"t.yaml:{expected_line}: {path}: {problem.message}"


def test_a_valid_change_of_the_base_is_accepted():
    loads(BASE, file="t.yaml")  # the cases above each break one rule of a valid document


def test_problems_in_a_variant_name_the_patch():
    doc = base_doc()
    doc["variants"] = {"bad": {"patch": {"decision": {"veto": ["qatar"]}}}}
    with pytest.raises(ScenarioError) as info:
        from_document(doc)
    [problem] = info.value.problems
    assert problem.path == "variants.bad.patch -> decision.veto[0]" and "a mediator" in problem.message


def test_variant_changing_an_issue_revalidates_conditions():
    # the preference with unless is unchanged by the patch, but the option it names is gone
    doc = base_doc()
    doc["variants"] = {"fewer": {"patch": {"issues": {"hostages": {"options": ["none", "phased"]}},
                                           "actors": {"israel": {"preferences": {"hostages": {"values": {"all": None}}}},
                                                      "hamas": {"preferences": {"hostages": {"values": {"all": None}}}}}}}}
    with pytest.raises(ScenarioError) as info:
        from_document(doc)
    paths = [p.path for p in info.value.problems]
    assert "variants.fewer.patch -> actors.israel.preferences.cease.unless.hostages[0]" in paths


def test_variant_can_switch_rule_and_add_constituency():
    doc = base_doc()
    doc["variants"] = {"majority": {"patch": {"decision": {"rule": "majority", "share": None, "weight_share": None}}}}
    s = from_document(doc).with_variant("majority")
    assert s.decision.rule == "majority" and s.decision.veto == ("israel",)


# -- hostile documents ----------------------------------------------------------------------------------

def _interactions_yaml(count: int) -> str:
    term = "      - {when: {cease: [phased], hostages: [phased]}, weight: 1, value: 1}\n"
    return BASE.replace("    interactions:\n", "    interactions:\n" + term * count, 1)


def test_ten_thousand_interaction_terms_are_refused_in_one_line():
    problems = _problems(_interactions_yaml(10_000))
    [problem] = problems
    assert problem.path == "actors.hamas.interactions"
    assert f"refused: 10001 interaction terms; the limit is {MAX_INTERACTIONS} per scenario" == problem.message


def test_interaction_cap_counts_all_actors():
    doc = base_doc()
    term = {"when": {"cease": ["phased"], "hostages": ["phased"]}, "weight": 1, "value": 1}
    doc["actors"]["hamas"]["interactions"] = [term] * (MAX_INTERACTIONS // 2 + 1)
    doc["actors"]["israel"]["interactions"] = [term] * (MAX_INTERACTIONS // 2 + 1)
    with pytest.raises(ScenarioError) as info:
        from_document(doc)
    [problem] = info.value.problems
    assert problem.path == "actors" and "the limit is 1000 per scenario" in problem.message


def test_at_the_cap_is_accepted():
    doc = base_doc()
    term = {"when": {"cease": ["phased"], "hostages": ["phased"]}, "weight": 1, "value": 1}
    doc["actors"]["hamas"]["interactions"] = [term] * MAX_INTERACTIONS
    assert len(from_document(doc).actors["hamas"].interactions) == MAX_INTERACTIONS


def test_deep_nesting_inside_unless_is_refused_by_the_reader():
    deep = "[" * 200 + "]" * 200
    problems = _problems(_replace(("unless: {hostages: [all], weeks: {min: 8}}", f"unless: {{hostages: {deep}}}")))
    [problem] = problems
    assert "refused" in problem.message and "nested" in problem.message


def test_alias_bomb_in_conditions_is_refused():
    lines = ["a0: &a0 [all, all, all, all, all, all, all, all, all, all]"]
    for k in range(1, 8):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 10) + "]")
    text = "x-bomb:\n" + textwrap.indent("\n".join(lines), "  ") + "\n" + _replace(
        ("unless: {hostages: [all], weeks: {min: 8}}", "unless: {hostages: *a7}"))
    [problem] = _problems(text)
    assert "refused" in problem.message


def test_non_mapping_decision_and_bad_types():
    problems = _problems(BASE.replace("decision:\n  rule: qualified\n  share: 0.6\n  weight_share: 0.5\n  veto: [israel]\n",
                                      "decision: [majority]\n"))
    assert [p.path for p in problems] == ["decision"]
    problems = _problems(_replace(("veto: [israel]", "veto: israel")))
    assert [p.path for p in problems] == ["decision.veto"]
    problems = _problems(_replace(("of: israel", "of: [israel]")))
    assert [p.path for p in problems] == ["actors.coalition.of"]


# -- version 1 documents mean what they meant -----------------------------------------------------------

EXAMPLES = [accord.scenario.example_path("cairo-talks-2024"),
            *sorted(accord.scenario.example_path("cairo-timeline").parent.glob("2024-*.yaml"))]


def _as_version_1(doc: dict) -> dict:
    """The document without its 1.1 keys (``unless``, ``holds``), saying ``accord: 1``: the Cairo examples
    use only these two, on red lines, so what is left is a version 1 document."""
    doc = copy.deepcopy(doc)
    doc["accord"] = 1
    bodies = [doc, *(v.get("patch", {}) for v in doc.get("variants", {}).values())]
    for body in bodies:
        for actor in (body.get("actors") or {}).values():
            for pref in ((actor or {}).get("preferences") or {}).values():
                if isinstance(pref, dict):
                    pref.pop("unless", None)
                    pref.pop("holds", None)
    return doc


def _version_1_cairo():
    return from_document(_as_version_1(accord.load().document))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_version_1_examples_evaluate_exactly_as_the_analysis(path):
    s = from_document(_as_version_1(accord.load(path).document))
    assert s.decision is None and all(not a.interactions and a.vote_weight == 1 and a.of is None
                                      for a in s.actors.values())
    for actor in s.actors.values():
        assert actor.total_weight == sum(p.weight for p in actor.preferences.values())
        assert all(p.unless == () and p.holds == 1 for p in actor.preferences.values())
    _, rows = next(oc.iter_outcomes(s))
    assert np.array_equal(oc.utilities(s, rows), utilities_of(s, rows))  # bit for bit
    for variant in [None, *s.variants]:
        v = s.with_variant(variant)
        assert oc.count_zopa(v) == analyze(v, unlock=False).acceptable


def test_version_1_accepts_is_red_lines_and_reservations():
    s = _version_1_cairo()
    _, rows = next(oc.iter_outcomes(s))
    u = utilities_of(s, rows, s.parties)
    expected = np.ones((len(s.parties), rows.shape[0]), dtype=bool)
    for p, pid in enumerate(s.parties):
        for j, issue in enumerate(s.issues.values()):
            pref = s.actors[pid].preferences.get(issue.id)
            if pref is not None:
                expected[p] &= pref.acceptable(issue)[rows[:, j]]
        expected[p] &= u[p] >= s.actors[pid].reservation - TOL
    assert np.array_equal(oc.accepts(s, rows), expected)


# -- semantics against a per-outcome oracle ---------------------------------------------------------------

def _random_condition(rng: random.Random, iid: str, spec: dict):
    if "options" in spec:
        return rng.sample(spec["options"], rng.randint(1, len(spec["options"])))
    lo, hi = spec["range"]
    kind = rng.choice(["min", "max", "both"])
    a, b = sorted(rng.choice(range(lo, hi + 1, spec["step"])) for _ in range(2))
    return {"min": a} if kind == "min" else {"max": b} if kind == "max" else {"min": a, "max": b}


def random_document(seed: int) -> dict:
    """A random valid 1.1 document: 2-4 issues (categorical and numeric), 2-4 parties, constituencies,
    mediators, red lines with unless and holds, interactions, and any decision rule."""
    rng = random.Random(seed)
    issues: dict[str, dict] = {}
    for k in range(rng.randint(2, 4)):
        if rng.random() < 0.6:
            issues[f"i{k}"] = {"options": [f"o{m}" for m in range(rng.randint(2, 4))]}
        else:
            step = rng.choice([1, 2, 5])
            issues[f"i{k}"] = {"range": [0, step * rng.randint(1, 3)], "step": step}
    grid = {iid: spec["options"] if "options" in spec else list(range(spec["range"][0], spec["range"][1] + 1, spec["step"]))
            for iid, spec in issues.items()}
    nice = [0, 0.25, 0.5, 0.75, 1, 0.1, 0.3]

    def preferences(require_weight: bool) -> dict:
        prefs = {}
        for iid in rng.sample(list(issues), rng.randint(1, len(issues))):
            pref: dict = {"weight": rng.choice([0, 1, 2, 3, 0.5])}
            if "options" in issues[iid]:
                pref["values"] = {o: rng.choice(nice) for o in grid[iid]}
                if rng.random() < 0.4:
                    key = rng.choice(["reject", "accept"])
                    pref[key] = rng.sample(grid[iid], rng.randint(1, len(grid[iid]) - 1))
            else:
                xs = sorted(rng.sample(grid[iid], rng.randint(1, len(grid[iid]))))
                pref["values"] = {x: rng.choice(nice) for x in xs}
                if rng.random() < 0.4:
                    pref.update(_random_condition(rng, iid, issues[iid]))
            has_line = any(k in pref for k in ("reject", "accept", "min", "max"))
            others = [i for i in issues if i != iid]
            if has_line and rng.random() < 0.6:
                pref["unless"] = {o: _random_condition(rng, o, issues[o]) for o in rng.sample(others, rng.randint(1, len(others)))}
            if has_line and rng.random() < 0.3:
                pref["holds"] = rng.choice([0, 0.5, 1])
            prefs[iid] = pref
        if require_weight and not any(p["weight"] > 0 for p in prefs.values()):
            next(iter(prefs.values()))["weight"] = 1
        return prefs

    def interactions() -> list:
        terms = []
        for _ in range(rng.choice([0, 0, 1, 2])):
            named = rng.sample(list(issues), rng.randint(2, len(issues)))
            terms.append({"when": {i: _random_condition(rng, i, issues[i]) for i in named},
                          "weight": rng.choice([0, 1, 2, 0.5]), "value": rng.choice(nice)})
        return terms

    actors: dict[str, dict] = {}
    n_parties = rng.randint(2, 4)
    for p in range(n_parties):
        body = {"preferences": preferences(True), "reservation": rng.choice([0, 0.2, 0.25, 0.4, 0.5]),
                "vote_weight": rng.choice([0, 1, 2, 3.5])}
        if terms := interactions():
            body["interactions"] = terms
        actors[f"p{p}"] = body
    for c in range(rng.randint(0, 3)):
        body = {"role": "constituency", "of": f"p{rng.randrange(n_parties)}",
                "reservation": rng.choice([0, 0, 0.2, 0.3]), "preferences": preferences(True)}
        if terms := interactions():
            body["interactions"] = terms
        actors[f"c{c}"] = body
    if rng.random() < 0.5:
        actors["m"] = {"role": "mediator", "preferences": preferences(False), "interactions": interactions()}
    doc = {"accord": 1.1, "name": f"random {seed}", "issues": issues, "actors": actors}
    rule = rng.choice(["none", "unanimity", "majority", "qualified"])
    if rule != "none":
        decision: dict = {"rule": rule}
        if rule == "qualified":
            decision["share"] = rng.choice([0.5, 0.6, 2 / 3, 1, 0.25])
            if rng.random() < 0.5 and any(actors[f"p{p}"]["vote_weight"] > 0 for p in range(n_parties)):
                decision["weight_share"] = rng.choice([0.5, 0.65, 1, 0.3])
        if rng.random() < 0.4:
            decision["veto"] = rng.sample([f"p{p}" for p in range(n_parties)], rng.randint(1, 2))
        doc["decision"] = decision
    return doc


def _interp(points: dict, x: float) -> float:
    xs = sorted(float(k) for k in points)
    ys = [points[k] for k in sorted(points, key=float)]
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    for (x0, y0), (x1, y1) in zip(zip(xs, ys), zip(xs[1:], ys[1:])):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    raise AssertionError


def _meets(conditions: dict, outcome: dict) -> bool:
    for iid, cond in conditions.items():
        x = outcome[iid]
        if isinstance(cond, list):
            if x not in cond:
                return False
        elif ("min" in cond and x < cond["min"] - TOL) or ("max" in cond and x > cond["max"] + TOL):
            return False
    return True


def _utility(body: dict, issues: dict, outcome: dict) -> float:
    num = den = 0.0
    for iid, pref in body.get("preferences", {}).items():
        w = pref.get("weight", 1)
        v = pref["values"][outcome[iid]] if "options" in issues[iid] else _interp(pref["values"], outcome[iid])
        num += w * v
        den += w
    for term in body.get("interactions", []):
        num += term["weight"] * term["value"] * _meets(term["when"], outcome)
        den += term["weight"]
    return num / den if den > 0 else 0.0


def _allowed(body: dict, outcome: dict, skip: set = frozenset()) -> bool:
    for iid, pref in body.get("preferences", {}).items():
        if iid in skip:
            continue
        x = outcome[iid]
        ok = not (("reject" in pref and x in pref["reject"]) or ("accept" in pref and x not in pref["accept"])
                  or ("min" in pref and x < pref["min"] - TOL) or ("max" in pref and x > pref["max"] + TOL))
        if not ok and not ("unless" in pref and _meets(pref["unless"], outcome)):
            return False
    return True


def _says_yes(body: dict, issues: dict, outcome: dict, skip: set = frozenset()) -> bool:
    return _allowed(body, outcome, skip) and _utility(body, issues, outcome) >= body.get("reservation", 0) - TOL


def _winning(doc: dict, parties: list, accepting: set) -> bool:
    decision = doc.get("decision", {})
    rule, n = decision.get("rule", "unanimity"), len(parties)
    if any(v not in accepting for v in decision.get("veto", [])):
        return False
    if rule == "unanimity":
        return len(accepting) == n
    if rule == "majority":
        return len(accepting) > n / 2
    if len(accepting) / n < decision["share"] - TOL:
        return False
    if "weight_share" in decision:
        weights = {p: doc["actors"][p].get("vote_weight", 1) for p in parties}
        return sum(weights[p] for p in accepting) / sum(weights.values()) >= decision["weight_share"] - TOL
    return True


def oracle(doc: dict, skip: dict | None = None):
    """Per outcome, straight from the document: utilities of every actor, accepting parties, ZOPA membership."""
    skip = skip or {}
    issues, actors = doc["issues"], doc["actors"]
    grid = [spec["options"] if "options" in spec else
            [spec["range"][0] + k * spec["step"] for k in range((spec["range"][1] - spec["range"][0]) // spec["step"] + 1)]
            for spec in issues.values()]
    parties = [a for a, b in actors.items() if b.get("role", "party") == "party"]
    rows, utils, accepting, in_zopa, allowed = [], [], [], [], []
    for digits in itertools.product(*[range(len(g)) for g in grid]):
        outcome = {iid: g[d] for iid, g, d in zip(issues, grid, digits)}
        rows.append(digits)
        utils.append({a: _utility(b, issues, outcome) for a, b in actors.items()})
        allowed.append({a: _allowed(b, outcome, skip.get(a, set())) for a, b in actors.items()})
        yes = {p for p in parties
               if _says_yes(actors[p], issues, outcome, skip.get(p, set()))
               and all(_says_yes(b, issues, outcome, skip.get(c, set())) for c, b in actors.items()
                       if b.get("role") == "constituency" and b["of"] == p)}
        accepting.append(yes)
        in_zopa.append(_winning(doc, parties, yes))
    return np.array(rows, dtype=np.int64), utils, allowed, accepting, in_zopa


SEEDS = range(60)


@pytest.mark.parametrize("seed", SEEDS)
def test_outcomes_agree_with_the_oracle(seed):
    doc = random_document(seed)
    s = from_document(copy.deepcopy(doc))
    rows, utils, allowed, accepting, in_zopa = oracle(doc)
    _, digits = next(oc.iter_outcomes(s))
    assert np.array_equal(digits, rows)  # row-major, first issue slowest
    actors = list(s.actors)
    u = oc.utilities(s, rows, actors)
    expected_u = np.array([[utils[k][a] for k in range(len(rows))] for a in actors])
    np.testing.assert_allclose(u, expected_u, rtol=0, atol=1e-12)
    for a in actors:
        assert oc.allowed(s, a, rows).tolist() == [allowed[k][a] for k in range(len(rows))], a
    table = oc.accepts(s, rows)
    assert [{p for r, p in enumerate(s.parties) if table[r, k]} for k in range(len(rows))] == accepting
    assert oc.winning(s, table).tolist() == in_zopa
    assert oc.zopa(s, rows).tolist() == in_zopa
    assert oc.count_zopa(s, chunk=7) == sum(in_zopa)


@pytest.mark.parametrize("seed", range(20))
def test_red_lines_not_binding(seed):
    doc = random_document(1000 + seed)
    s = from_document(copy.deepcopy(doc))
    lines = [(a, i) for a, actor in s.actors.items() for i, p in actor.preferences.items() if p.red_line is not None]
    rng = random.Random(seed)
    called = set(rng.sample(lines, min(len(lines), 2)))
    skip: dict = {}
    for a, i in called:
        skip.setdefault(a, set()).add(i)
    rows, _, allowed, _, in_zopa = oracle(doc, skip)
    for a in s.actors:
        assert oc.allowed(s, a, rows, not_binding=called).tolist() == [allowed[k][a] for k in range(len(rows))]
    assert oc.zopa(s, rows, not_binding=called).tolist() == in_zopa


@pytest.mark.parametrize("seed", range(30))
def test_meets_agrees_with_the_oracle(seed):
    doc = random_document(2000 + seed)
    s = from_document(copy.deepcopy(doc))
    rng = random.Random(seed)
    issues = doc["issues"]
    named = rng.sample(list(issues), rng.randint(1, len(issues)))
    raw = {i: _random_condition(rng, i, issues[i]) for i in named}
    conditions = [Condition(i, tuple(c)) if isinstance(c, list) else Condition(i, (), c.get("min"), c.get("max"))
                  for i, c in raw.items()]
    rows, *_ = oracle(doc)
    grid = {iid: s.issues[iid].options for iid in issues}
    expected = [_meets(raw, {iid: grid[iid][d] for iid, d in zip(issues, row)}) for row in rows]
    assert oc.meets(s, conditions, rows).tolist() == expected
    assert oc.meets(s, [], rows).all()


def _rule_doc(rule: dict, weights: list[float]) -> dict:
    doc = {"accord": 1.1, "issues": {"x": {"options": ["a", "b"]}},
           "actors": {f"p{k}": {"vote_weight": w, "preferences": {"x": {"values": {"a": 1, "b": 0}}}}
                      for k, w in enumerate(weights)}}
    if rule:
        doc["decision"] = rule
    return doc


RULES = [
    {}, {"rule": "unanimity"}, {"rule": "majority"}, {"rule": "majority", "veto": ["p0"]},
    {"rule": "qualified", "share": 0.55}, {"rule": "qualified", "share": 0.5, "weight_share": 0.65},
    {"rule": "qualified", "share": 0.6, "veto": ["p1", "p3"]}, {"rule": "qualified", "share": 1},
    {"rule": "qualified", "share": 0.2, "weight_share": 0.5},
]


@pytest.mark.parametrize("rule", RULES, ids=[json.dumps(r) for r in RULES])
def test_winning_over_every_coalition(rule):
    weights = [29, 29, 27, 14, 4, 1]
    doc = _rule_doc(rule, weights)
    s = from_document(doc)
    parties = list(s.parties)
    coalitions = list(itertools.product([False, True], repeat=len(parties)))
    table = np.array(coalitions, dtype=bool).T
    expected = [_winning(doc, parties, {p for p, yes in zip(parties, c) if yes}) for c in coalitions]
    got = oc.winning(s, table)
    assert got.tolist() == expected
    # every rule is monotone: adding a party to a winning set keeps it winning
    index = {c: k for k, c in enumerate(coalitions)}
    for c, k in index.items():
        if got[k]:
            for j in range(len(c)):
                assert got[index[c[:j] + (True,) + c[j + 1:]]]


def test_share_tolerance_counts_a_share_equal_on_paper():
    # 2 of 3 is 0.666..., and a share written as 0.6666666666 (below by 3e-11) or 2/3 passes; 0.667 does not
    for share, wins in [(2 / 3, True), (0.6666666666, True), (0.66666666667, True), (0.667, False)]:
        s = from_document(_rule_doc({"rule": "qualified", "share": share}, [1, 1, 1]))
        assert oc.winning(s, np.array([[True], [True], [False]])).tolist() == [wins], share


def test_winning_refuses_a_wrong_table():
    s = from_document(_rule_doc({"rule": "majority"}, [1, 1, 1]))
    with pytest.raises(InvalidInput, match="accepting"):
        oc.winning(s, np.ones((2, 4), dtype=bool))
    with pytest.raises(InvalidInput, match="digits"):
        oc.utilities(s, np.zeros((3, 2), dtype=np.int64))


def test_constituency_vetoes_its_party_only():
    s = loads(BASE)
    rows = np.array([[s.issues["cease"].options.index(c), s.issues["hostages"].options.index(h), 0]
                     for c in s.issues["cease"].options for h in s.issues["hostages"].options], dtype=np.int64)
    table = oc.accepts(s, rows)
    alone = oc.satisfied(s, "israel", rows)
    home = oc.satisfied(s, "coalition", rows)
    assert np.array_equal(table[0], alone & home)
    assert (alone & ~home).any()  # the ratification bites somewhere
    # and the constituency does not vote: the other parties' rows are their own
    assert np.array_equal(table[1], oc.satisfied(s, "hamas", rows))


def test_unless_waives_the_red_line_exactly_where_met():
    s = loads(BASE)
    issues = list(s.issues.values())
    rows = next(oc.iter_outcomes(s))[1]
    permanent = rows[:, 0] == issues[0].options.index("permanent")
    all_back = rows[:, 1] == issues[1].options.index("all")
    late = np.asarray(issues[2].options, dtype=float)[rows[:, 2]] >= 8
    assert np.array_equal(oc.allowed(s, "israel", rows), ~permanent | (all_back & late))


def test_interaction_adds_to_the_utility():
    s = loads(BASE)
    rows = np.array([[2, 1, 0], [2, 0, 0]], dtype=np.int64)  # phased ceasefire with phased / no hostages
    u = oc.utilities(s, rows, ["hamas"])[0]
    assert u[0] == pytest.approx((0.7 + 0.6 + 2 * 1) / 4) and u[1] == pytest.approx((0.7 + 1) / 4)


def test_iteration_is_chunked_and_complete():
    s = loads(BASE)
    full = next(oc.iter_outcomes(s))[1]
    pieces = list(oc.iter_outcomes(s, chunk=5))
    assert [start for start, _ in pieces] == list(range(0, len(full), 5))
    assert all(len(rows) <= 5 for _, rows in pieces)
    assert np.array_equal(np.vstack([rows for _, rows in pieces]), full)
    restricted = [np.array([1, 3]), np.arange(3), np.array([0, 2])]
    rows = np.vstack([r for _, r in oc.iter_outcomes(s, restricted, chunk=4)])
    assert rows.tolist() == [list(t) for t in itertools.product([1, 3], range(3), [0, 2])]
    assert oc.chunk_rows(4) * 4 <= oc.CHUNK_CELLS and oc.chunk_rows(1) == oc.MAX_CHUNK


def test_count_zopa_refuses_beyond_the_limit():
    s = loads(BASE)
    with pytest.raises(InvalidInput, match="exact enumeration covers at most"):
        oc.count_zopa(s, limit=10)


@pytest.mark.parametrize("bound, met", [({"min": 8 + 5e-10}, True), ({"min": 8 + 2e-9}, False),
                                         ({"max": 8 - 5e-10}, True), ({"max": 8 - 2e-9}, False),
                                         ({"min": 8 - 5e-10, "max": 8 + 5e-10}, True)])
def test_numeric_conditions_have_a_tolerance_of_1e_9(bound, met):
    doc = base_doc()
    doc["actors"]["israel"]["preferences"]["cease"]["unless"] = {"weeks": bound}
    s = from_document(doc)
    eight = s.issues["weeks"].options.index(8)
    rows = np.array([[3, 0, eight]], dtype=np.int64)  # a permanent ceasefire, israel's red line
    assert oc.meets(s, s.actors["israel"].preferences["cease"].unless, rows).tolist() == [met]
    assert oc.allowed(s, "israel", rows).tolist() == [met]
