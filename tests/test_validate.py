"""Tests for scenario validation (accord.scenario.validate) and loading.

Most tests start from a small valid document and apply one mutation, then
check that a problem with the expected path and message comes back. The
document: two parties, one categorical issue (3 options) and one numeric issue
(range [0, 10], step 1) valued by points.
"""

from __future__ import annotations

import copy
import textwrap

import pytest

import accord
from accord.scenario import ScenarioError, from_document, load, loads, read_file

DELETE = object()  # sentinel: remove the key at this path


def make_doc() -> dict:
    return {
        "accord": 1,
        "name": "Validation test",
        "issues": {
            "cat": {"options": ["a", "b", "c"]},
            "num": {"range": [0, 10], "step": 1},
        },
        "actors": {
            "p1": {
                "preferences": {
                    "cat": {"weight": 1, "values": {"a": 1, "b": 0.5, "c": 0}},
                    "num": {"weight": 1, "values": {0: 0, 10: 1}},
                },
            },
            "p2": {
                "preferences": {
                    "cat": {"weight": 1, "values": {"a": 0, "b": 0.5, "c": 1}},
                    "num": {"weight": 1, "values": {0: 1, 10: 0}},
                },
            },
        },
    }


@pytest.fixture
def doc() -> dict:
    return make_doc()


def mutate(document: dict, changes) -> dict:
    """Apply ``[(path tuple, value or DELETE), ...]`` to a copy of ``document``."""
    document = copy.deepcopy(document)
    for path, value in changes:
        target = document
        for key in path[:-1]:
            target = target.setdefault(key, {})
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = copy.deepcopy(value)
    return document


def problems_of(document, **kwargs):
    with pytest.raises(ScenarioError) as info:
        from_document(document, **kwargs)
    return info.value.problems


def show(problems) -> list[str]:
    return [f"{p.path}: {p.message}" for p in problems]


P1 = ("actors", "p1")
P1_CAT = P1 + ("preferences", "cat")
P1_NUM = P1 + ("preferences", "num")
SOURCES = (("sources",), {"art": {"title": "An article", "url": "https://example.org/a"}})

# (id, changes, expected path, expected message fragment)
RULES = [
    # -- top level
    ("missing-accord", [(("accord",), DELETE)], "accord", "is required"),
    ("wrong-version", [(("accord",), 2)], "accord", "unsupported format version 2"),
    ("version-as-text", [(("accord",), "1")], "accord", "unsupported format version"),
    ("version-as-bool", [(("accord",), True)], "accord", "unsupported format version"),
    ("unknown-top-level-key", [(("bogus",), 1)], "bogus", "unknown key 'bogus'"),
    ("name-not-text", [(("name",), 5)], "name", "expected text"),
    ("bad-date", [(("date",), "5 May 2024")], "date", "ISO date"),
    ("issues-missing", [(("issues",), DELETE)], "issues", "is required"),
    ("issues-empty", [(("issues",), {})], "issues", "at least one issue"),
    ("issues-not-mapping", [(("issues",), ["cat"])], "issues", "expected a mapping"),
    # -- ids
    ("bad-issue-id", [(("issues", "bad id"), {"options": ["a", "b"]})], "issues.bad id", "must match"),
    ("bad-issue-id-leading-dash", [(("issues", "-x"), {"options": ["a", "b"]})], "issues.-x", "must match"),
    ("bad-actor-id", [(("actors", "p 3"), {"role": "observer"})], "actors.p 3", "must match"),
    ("bad-option-id", [(("issues", "cat", "options"), ["a", "b", "c d"])], "issues.cat.options[2]", "option id"),
    ("bad-source-id", [(("sources",), {"a/b": {"url": "https://x"}})], "sources.a/b", "must match"),
    ("bad-variant-id", [(("variants",), {"v!": {"patch": {}}})], "variants.v!", "must match"),
    # -- issues
    ("unknown-issue-key", [(("issues", "cat", "colour"), "red")], "issues.cat.colour", "unknown key 'colour'"),
    ("options-and-range", [(("issues", "cat", "range"), [0, 1])], "issues.cat", "exactly one of options"),
    ("neither-options-nor-range", [(("issues", "cat", "options"), DELETE)], "issues.cat", "exactly one of options"),
    ("one-option", [(("issues", "cat", "options"), ["a"])], "issues.cat.options", "at least two options"),
    ("options-not-list", [(("issues", "cat", "options"), "a, b, c")], "issues.cat.options", "at least two options"),
    ("repeated-options", [(("issues", "cat", "options"), ["a", "b", "a", "c"])], "issues.cat.options",
     "unique; repeated: a"),
    ("step-on-categorical", [(("issues", "cat", "step"), 1)], "issues.cat.step", "only a numeric issue"),
    ("range-low-above-high", [(("issues", "num", "range"), [10, 0])], "issues.num.range", "low < high"),
    ("range-low-equals-high", [(("issues", "num", "range"), [5, 5])], "issues.num.range", "low < high"),
    ("range-one-number", [(("issues", "num", "range"), [0])], "issues.num.range", "[low, high]"),
    ("range-not-numbers", [(("issues", "num", "range"), ["0", "10"])], "issues.num.range", "[low, high]"),
    ("step-zero", [(("issues", "num", "step"), 0)], "issues.num.step", "> 0"),
    ("step-negative", [(("issues", "num", "step"), -1)], "issues.num.step", "expected a number"),
    ("step-missing", [(("issues", "num", "step"), DELETE)], "issues.num.step", "is required"),
    ("step-distribution", [(("issues", "num", "step"), {"uniform": [1, 2]})], "issues.num.step",
     "expected a number"),
    ("too-many-grid-points", [(("issues", "num", "range"), [0, 10_000_000])], "issues.num.step",
     "limit is 1000000"),
    # -- actors
    ("actors-missing", [(("actors",), DELETE)], "actors", "is required"),
    ("actors-not-mapping", [(("actors",), ["p1", "p2"])], "actors", "expected a mapping"),
    ("one-party-only", [(("actors", "p2"), DELETE)], "actors", "at least two actors with role party, got 1"),
    ("second-is-mediator", [(("actors", "p2", "role"), "mediator")], "actors", "at least two actors with role party"),
    ("bad-role", [(P1 + ("role",), "king")], "actors.p1.role", "role must be one of party, mediator, observer"),
    ("power-negative", [(P1 + ("power",), -0.5)], "actors.p1.power", ">= 0"),
    ("power-text", [(P1 + ("power",), "high")], "actors.p1.power", "expected a number or a distribution"),
    ("reservation-above-1", [(P1 + ("reservation",), 1.5)], "actors.p1.reservation", "in [0, 1], got 1.5"),
    ("reservation-negative", [(P1 + ("reservation",), -0.1)], "actors.p1.reservation", "in [0, 1]"),
    ("reservation-bool", [(P1 + ("reservation",), True)], "actors.p1.reservation", "expected a number"),
    ("unknown-actor-key", [(P1 + ("colour",), "red")], "actors.p1.colour", "unknown key 'colour'"),
    ("party-without-preferences", [(P1 + ("preferences",), DELETE)], "actors.p1.preferences",
     "is required for a party"),
    ("party-with-no-positive-weight", [(P1_CAT + ("weight",), 0), (P1_NUM + ("weight",), 0)],
     "actors.p1.preferences", "at least one issue with weight > 0"),
    # -- preferences
    ("unknown-preference-key", [(P1_CAT + ("colour",), "red")], "actors.p1.preferences.cat.colour",
     "unknown key 'colour'"),
    ("preference-on-unknown-issue", [(P1 + ("preferences", "nope"), {"weight": 1})], "actors.p1.preferences.nope",
     "no issue 'nope'"),
    ("weight-negative", [(P1_CAT + ("weight",), -1)], "actors.p1.preferences.cat.weight", ">= 0"),
    ("values-missing-an-option", [(P1_CAT + ("values", "c"), DELETE)], "actors.p1.preferences.cat.values",
     "missing a value for c"),
    ("values-missing-entirely", [(P1_CAT + ("values",), DELETE)], "actors.p1.preferences.cat.values",
     "is required when weight > 0"),
    ("values-not-mapping", [(P1_CAT + ("values",), [1, 0.5, 0])], "actors.p1.preferences.cat.values",
     "expected a mapping"),
    ("value-above-1", [(P1_CAT + ("values", "a"), 1.5)], "actors.p1.preferences.cat.values.a", "in [0, 1]"),
    ("value-below-0", [(P1_CAT + ("values", "b"), -0.5)], "actors.p1.preferences.cat.values.b", "in [0, 1]"),
    ("value-text", [(P1_CAT + ("values", "b"), "half")], "actors.p1.preferences.cat.values.b", "expected a number"),
    ("value-for-unknown-option", [(P1_CAT + ("values", "zzz"), 0.5)], "actors.p1.preferences.cat.values.zzz",
     "no option 'zzz' in issue cat"),
    ("numeric-point-not-a-number", [(P1_NUM + ("values", "abc"), 0.5)], "actors.p1.preferences.num.values.abc",
     "point 'abc' is not a number"),
    ("numeric-value-out-of-range", [(P1_NUM + ("values", "2.5"), 1.5)], "actors.p1.preferences.num.values.2.5",
     "in [0, 1]"),
    ("numeric-values-empty", [(P1_NUM + ("values",), {})], "actors.p1.preferences.num.values", "at least one point"),
    ("numeric-values-missing", [(P1_NUM + ("values",), DELETE)], "actors.p1.preferences.num.values",
     "is required when weight > 0"),
    ("numeric-points-not-distinct", [(P1_NUM + ("values", "10.0"), 0.5)], "actors.p1.preferences.num.values",
     "distinct x"),
    # -- red lines
    ("reject-and-accept", [(P1_CAT + ("reject",), ["a"]), (P1_CAT + ("accept",), ["b"])],
     "actors.p1.preferences.cat", "never both"),
    ("reject-unknown-option", [(P1_CAT + ("reject",), ["zzz"])], "actors.p1.preferences.cat.reject[0]",
     "no option 'zzz'"),
    ("accept-unknown-option", [(P1_CAT + ("accept",), ["a", "zzz"])], "actors.p1.preferences.cat.accept[1]",
     "no option 'zzz'"),
    ("reject-not-list", [(P1_CAT + ("reject",), "a")], "actors.p1.preferences.cat.reject", "expected a list"),
    ("min-on-categorical", [(P1_CAT + ("min",), 1)], "actors.p1.preferences.cat.min", "applies to numeric issues"),
    ("max-on-categorical", [(P1_CAT + ("max",), 1)], "actors.p1.preferences.cat.max", "applies to numeric issues"),
    ("reject-on-numeric", [(P1_NUM + ("reject",), [3])], "actors.p1.preferences.num.reject",
     "applies to categorical issues"),
    ("accept-on-numeric", [(P1_NUM + ("accept",), [3])], "actors.p1.preferences.num.accept",
     "applies to categorical issues"),
    ("min-above-max", [(P1_NUM + ("min",), 6), (P1_NUM + ("max",), 2)], "actors.p1.preferences.num",
     "min (6) must not exceed max (2)"),
    ("min-not-a-number", [(P1_NUM + ("min",), "three")], "actors.p1.preferences.num.min", "expected a number"),
    # -- distributions
    ("dist-wrong-arity", [(P1 + ("reservation",), {"triangular": [0.1, 0.2]})], "actors.p1.reservation",
     "triangular expects a list of 3 numbers"),
    ("dist-wrong-arity-uniform", [(P1 + ("reservation",), {"uniform": [0.1, 0.2, 0.3]})], "actors.p1.reservation",
     "uniform expects a list of 2 numbers"),
    ("dist-params-not-numbers", [(P1 + ("power",), {"normal": ["a", 1]})], "actors.p1.power",
     "normal expects a list of 2 numbers"),
    ("dist-unknown-family", [(P1 + ("reservation",), {"beta": [1, 2]})], "actors.p1.reservation",
     "unknown distribution 'beta'"),
    ("dist-two-families", [(P1 + ("reservation",), {"uniform": [0, 1], "normal": [0.5, 0.1]})],
     "actors.p1.reservation", "expected a number or one of"),
    ("dist-uniform-low-above-high", [(P1 + ("reservation",), {"uniform": [0.6, 0.4]})], "actors.p1.reservation",
     "low <= high"),
    ("dist-triangular-mode-outside", [(P1 + ("reservation",), {"triangular": [0.2, 0.9, 0.5]})],
     "actors.p1.reservation", "low <= mode <= high"),
    ("dist-triangular-low-above-high", [(P1 + ("reservation",), {"triangular": [0.6, 0.5, 0.4]})],
     "actors.p1.reservation", "low <= mode <= high"),
    ("dist-normal-negative-sd", [(P1 + ("power",), {"normal": [1, -0.1]})], "actors.p1.power", "sd >= 0"),
    ("dist-reservation-outside-0-1", [(P1 + ("reservation",), {"uniform": [0.5, 1.5]})], "actors.p1.reservation",
     "distribution must stay in [0, 1]"),
    ("dist-power-normal-mean-negative", [(P1 + ("power",), {"normal": [-1, 0.1]})], "actors.p1.power",
     "distribution must stay >= 0"),
    ("dist-weight-below-0", [(P1_CAT + ("weight",), {"uniform": [-1, 2]})], "actors.p1.preferences.cat.weight",
     "distribution must stay >= 0"),
    ("dist-value-above-1", [(P1_CAT + ("values", "a"), {"triangular": [0.5, 0.9, 1.2]})],
     "actors.p1.preferences.cat.values.a", "distribution must stay in [0, 1]"),
    # -- evidence and sources
    ("evidence-not-list", [(P1 + ("evidence",), {"assumption": "x"})], "actors.p1.evidence", "expected a list"),
    ("evidence-entry-not-mapping", [(P1 + ("evidence",), ["just text"])], "actors.p1.evidence[0]",
     "expected {source: ID, quote: TEXT}"),
    ("evidence-unknown-source", [SOURCES, (P1 + ("evidence",), [{"source": "nope", "quote": "q"}])],
     "actors.p1.evidence[0].source", "no source 'nope' in sources (known: art)"),
    ("evidence-quote-without-source", [SOURCES, (P1 + ("evidence",), [{"quote": "q"}])],
     "actors.p1.evidence[0].source", "is required with a quote"),
    ("evidence-source-without-quote", [SOURCES, (P1 + ("evidence",), [{"source": "art"}])],
     "actors.p1.evidence[0].quote", "is required"),
    ("evidence-assumption-and-quote",
     [SOURCES, (P1 + ("evidence",), [{"source": "art", "quote": "q", "assumption": "guess"}])],
     "actors.p1.evidence[0]", "either a quote (source, quote) or an assumption, not both"),
    ("evidence-empty-assumption", [(P1 + ("evidence",), [{"assumption": "  "}])],
     "actors.p1.evidence[0].assumption", "expected text"),
    ("evidence-unknown-key", [(P1 + ("evidence",), [{"assumption": "a", "page": 3}])],
     "actors.p1.evidence[0].page", "unknown key 'page'"),
    ("preference-evidence-unknown-source", [(P1_CAT + ("evidence",), [{"source": "nope", "quote": "q"}])],
     "actors.p1.preferences.cat.evidence[0].source", "no source 'nope' in sources (known: none)"),
    ("source-unknown-key", [(("sources",), {"art": {"url": "https://x", "author": "me"}})],
     "sources.art.author", "unknown key 'author'"),
    ("sources-not-mapping", [(("sources",), ["art"])], "sources", "expected a mapping"),
    # -- variants (validated in the base document)
    ("variants-not-mapping", [(("variants",), ["v"])], "variants", "expected a mapping"),
    ("variant-patch-missing", [(("variants",), {"v": {"description": "no patch"}})], "variants.v.patch",
     "is required"),
    ("variant-patch-not-mapping", [(("variants",), {"v": {"patch": [1]}})], "variants.v.patch",
     "expected a mapping"),
    ("variant-patches-variants", [(("variants",), {"v": {"patch": {"variants": {"w": None}}}})],
     "variants.v.patch.variants", "cannot patch variants"),
    ("variant-unknown-key", [(("variants",), {"v": {"patch": {}, "colour": "red"}})], "variants.v.colour",
     "unknown key 'colour'"),
]


@pytest.mark.parametrize("changes, path, fragment", [pytest.param(*r[1:], id=r[0]) for r in RULES])
def test_rule(doc, changes, path, fragment):
    problems = problems_of(mutate(doc, changes))
    matching = [p for p in problems if p.path == path and fragment in p.message]
    assert matching, f"no problem at {path!r} containing {fragment!r}; got {show(problems)}"


def test_fixture_is_valid(doc):
    scenario = from_document(doc)
    assert scenario.parties == ("p1", "p2")
    assert scenario.issues["cat"].options == ("a", "b", "c")
    assert scenario.issues["num"].options == tuple(range(11))
    assert scenario.actors["p1"].preferences["num"].scores == pytest.approx([k / 10 for k in range(11)])
    assert scenario.actors["p2"].preferences["cat"].scores == (0.0, 0.5, 1.0)
    assert scenario.actors["p1"].reservation == 0.0 and scenario.actors["p1"].power == 1.0


def test_x_keys_are_allowed_everywhere(doc):
    changes = [
        (("x-notes",), {"anything": [1, 2]}),
        (("issues", "cat", "x-colour"), "red"),
        (P1 + ("x-internal",), True),
        (P1_CAT + ("x-why",), "because"),
        (P1 + ("evidence",), [{"assumption": "a guess", "x-reviewed": "no"}]),
        (("sources",), {"art": {"url": "https://example.org", "x-paywall": True}}),
    ]
    scenario = from_document(mutate(doc, changes))
    assert scenario.document["x-notes"] == {"anything": [1, 2]}
    assert scenario.actors["p1"].evidence[0].assumption == "a guess"


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param([(P1_CAT + ("weight",), 0), (P1_CAT + ("values", "c"), DELETE)], id="categorical-partial"),
        pytest.param([(P1_CAT + ("weight",), 0), (P1_CAT + ("values",), DELETE)], id="categorical-none"),
        pytest.param([(P1_NUM + ("weight",), 0), (P1_NUM + ("values",), DELETE)], id="numeric-none"),
    ],
)
def test_missing_values_allowed_when_weight_is_zero(doc, changes):
    scenario = from_document(mutate(doc, changes))
    pref = scenario.actors["p1"].preferences
    assert min(p.weight for p in pref.values()) == 0
    assert scenario.actors["p1"].has_preferences


def test_missing_value_with_weight_zero_scores_zero(doc):
    scenario = from_document(mutate(doc, [(P1_CAT + ("weight",), 0), (P1_CAT + ("values", "c"), DELETE),
                                          (P1_CAT + ("values", "b"), 0.25)]))
    assert scenario.actors["p1"].preferences["cat"].scores == (1.0, 0.25, 0.0)


def test_null_value_is_not_a_number(doc):
    """``values: {a: null, ...}`` gives option ``a`` no number although weight > 0.

    The format: "every option must be given a number in [0, 1] when the
    weight is > 0". A null must be a problem, not a silent 0 (numeric points
    already refuse null).
    """
    problems = problems_of(mutate(doc, [(P1_CAT + ("values", "a"), None)]))
    assert any(p.path == "actors.p1.preferences.cat.values.a" for p in problems), show(problems)


def test_numeric_null_point_value_is_a_problem(doc):
    problems = problems_of(mutate(doc, [(P1_NUM + ("values", 5), None)]))
    assert any("is required" in p.message for p in problems), show(problems)


def test_numeric_point_key_is_shown_as_a_mapping_key(doc):
    """Numeric points are mapping keys, so ``values: {10: 1.5}`` is at
    ``...values.10``; ``values[10]`` would read as the 11th item of a list."""
    problems = problems_of(mutate(doc, [(P1_NUM + ("values", 10), 1.5)]))
    assert [p.path for p in problems] == ["actors.p1.preferences.num.values.10"], show(problems)


def test_tiny_step_is_a_problem_not_a_crash(doc):
    """step: 1e-320 makes (hi - lo) / step overflow to infinity; that must be
    reported as too many grid points, not raise OverflowError."""
    problems = problems_of(mutate(doc, [(("issues", "num", "step"), 1e-320)]))
    assert [p.path for p in problems] == ["issues.num.step"], show(problems)


def test_grid_includes_last_point_only_when_reached(doc):
    scenario = from_document(mutate(doc, [(("issues", "num", "range"), [0, 1]), (("issues", "num", "step"), 0.3)]))
    assert scenario.issues["num"].options == (0, 0.3, 0.6, 0.9)
    scenario = from_document(mutate(doc, [(("issues", "num", "range"), [0, 1]), (("issues", "num", "step"), 0.1)]))
    assert len(scenario.issues["num"].options) == 11 and scenario.issues["num"].options[-1] == 1


@pytest.mark.slow
def test_grid_at_the_limit_is_allowed(doc):
    scenario = from_document(mutate(doc, [(("issues", "num", "range"), [1, 1_000_000])]))
    assert scenario.issues["num"].size == 1_000_000


def test_red_lines_are_built(doc):
    scenario = from_document(mutate(doc, [(P1_CAT + ("reject",), ["c", "a"]), (P1_NUM + ("min",), 2),
                                          (P1_NUM + ("max",), 7), (("actors", "p2", "preferences", "cat", "accept"),
                                                                    ["b"])]))
    p1, p2 = scenario.actors["p1"], scenario.actors["p2"]
    assert p1.preferences["cat"].red_line.kind == "reject"
    assert p1.preferences["cat"].red_line.options == ("a", "c")
    assert list(p1.preferences["num"].acceptable(scenario.issues["num"])) == [2 <= x <= 7 for x in range(11)]
    assert list(p2.preferences["cat"].acceptable(scenario.issues["cat"])) == [False, True, False]


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param([(P1 + ("role",), "king")], id="bad-role"),
        pytest.param([(P1 + ("power",), -1)], id="bad-power"),
        pytest.param([(P1 + ("reservation",), 1.5)], id="bad-reservation"),
    ],
)
def test_a_bad_field_on_a_party_does_not_also_claim_too_few_parties(doc, changes):
    """The document declares two parties; one bad field on one of them is one
    problem. (validate.py counts parties only among the actors that built
    without problems, so it also claims "at least two actors with role party,
    got 1" although two are declared.)"""
    problems = problems_of(mutate(doc, changes))
    assert not [p for p in problems if p.path == "actors"], show(problems)


def test_misspelt_issue_is_reported_even_if_a_similar_issue_is_invalid(doc):
    """``cat`` has a problem; a preference on ``ca`` (no such issue) must still
    be reported, not hidden because "issues.cat" starts with "issues.ca"."""
    problems = problems_of(mutate(doc, [(("issues", "cat", "options"), ["a"]),
                                        (P1 + ("preferences", "ca"), {"weight": 1})]))
    assert any(p.path == "actors.p1.preferences.ca" and "no issue 'ca'" in p.message for p in problems), show(problems)


def test_preference_on_an_invalid_issue_is_not_reported_twice(doc):
    problems = problems_of(mutate(doc, [(("issues", "cat", "options"), ["a"])]))
    assert [p.path for p in problems] == ["issues.cat.options"], show(problems)


# --------------------------------------------------------------------------- distributions

@pytest.mark.parametrize(
    "spec, central",
    [
        pytest.param({"triangular": [0.1, 0.2, 0.4]}, 0.2, id="triangular-mode"),
        pytest.param({"uniform": [0.2, 0.6]}, 0.4, id="uniform-midpoint"),
        pytest.param({"normal": [0.35, 0.1]}, 0.35, id="normal-mean"),
        pytest.param({"normal": [0.95, 0.5]}, 0.95, id="normal-wide-sd-is-clipped-not-refused"),
        pytest.param({"triangular": [0.3, 0.3, 0.3]}, 0.3, id="degenerate-triangular"),
    ],
)
def test_distribution_central_value_is_used(doc, spec, central):
    scenario = from_document(mutate(doc, [(P1 + ("reservation",), spec)]))
    assert scenario.actors["p1"].reservation == pytest.approx(central)
    [uncertain] = scenario.uncertain
    assert uncertain.path == ("actors", "p1", "reservation")
    assert uncertain.distribution.to_data() == {k: [float(x) for x in v] for k, v in spec.items()}


def test_distributions_everywhere_under_actors(doc):
    changes = [
        (P1 + ("power",), {"normal": [0.6, 0.1]}),
        (P1 + ("reservation",), {"triangular": [0.2, 0.3, 0.45]}),
        (P1_CAT + ("weight",), {"uniform": [2, 5]}),
        (P1_CAT + ("values", "b"), {"triangular": [0.5, 0.7, 0.8]}),
        (P1_NUM + ("values", 10), {"uniform": [0.6, 1.0]}),
        (P1_NUM + ("max",), {"uniform": [6, 8]}),
    ]
    scenario = from_document(mutate(doc, changes))
    p1 = scenario.actors["p1"]
    assert p1.power == pytest.approx(0.6)
    assert p1.reservation == pytest.approx(0.3)
    assert p1.preferences["cat"].weight == pytest.approx(3.5)
    assert p1.preferences["cat"].scores == pytest.approx((1.0, 0.7, 0.0))
    (x0, y0), (x1, y1) = p1.preferences["num"].points
    assert (x0, y0, x1) == (0, 0, 10) and y1 == pytest.approx(0.8)
    assert p1.preferences["num"].scores[5] == pytest.approx(0.4)
    assert p1.preferences["num"].red_line.max == pytest.approx(7)
    assert p1.normalised_weight("cat") == pytest.approx(3.5 / 4.5)
    assert len(scenario.uncertain) == 6


# --------------------------------------------------------------------------- evidence quotes

SOURCE_TEXT = (
    "Talks stalled on Sunday, an Israeli official said, describing them as being in a state of \u201ccrisis.\u201d\n"
    "Hamas\u2019s delegation insisted   that the ceasefire\n"
    "be \u201cpermanent and fixed.\u201d\u00a0Israel would discuss only a temporary halt.\n"
)

EVIDENCE_YAML = textwrap.dedent(
    """\
    accord: 1
    name: Evidence test
    sources:
      art:
        title: An article
        file: article.txt
    issues:
      cat:
        options: [a, b, c]
    actors:
      p1:
        evidence:
          - source: art
            quote: {quote1}
        preferences:
          cat:
            values: {{a: 1, b: 0.5, c: 0}}
            evidence:
              - source: art
                quote: {quote2}
              - assumption: The article gives no number for b.
      p2:
        preferences:
          cat: {{values: {{a: 0, b: 0.5, c: 1}}}}
    """
)


def evidence_file(tmp_path, quote1, quote2, write_source=True):
    if write_source:
        (tmp_path / "article.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(EVIDENCE_YAML.format(quote1=quote1, quote2=quote2), encoding="utf-8")
    return path


STRAIGHT = "'being in a state of \"crisis.\"'"  # straight double quotes; source has typographic ones
SPACED = "\"Hamas's delegation insisted that the ceasefire be \\\"permanent and fixed.\\\" Israel\""
MISSING = "'Hamas accepted a temporary truce'"


def test_quotes_that_occur_pass(tmp_path):
    scenario = read_file(evidence_file(tmp_path, STRAIGHT, SPACED))
    assert scenario.sources["art"].text == SOURCE_TEXT
    assert scenario.actors["p1"].evidence[0].quote == 'being in a state of "crisis."'
    quotes = scenario.actors["p1"].preferences["cat"].evidence
    assert quotes[0].source == "art" and quotes[1].assumption.startswith("The article")


def test_typographic_quote_in_scenario_matches_straight_source(tmp_path):
    (tmp_path / "article.txt").write_text("He said it was \"over\" and didn't return.", encoding="utf-8")
    path = tmp_path / "scenario.yaml"
    path.write_text(EVIDENCE_YAML.format(quote1="'it was \u201cover\u201d and didn\u2019t'",
                                         quote2="'return.'"), encoding="utf-8")
    assert read_file(path).actors["p1"].evidence[0].quote == "it was \u201cover\u201d and didn\u2019t"


def test_actor_quote_that_does_not_occur_fails(tmp_path):
    path = evidence_file(tmp_path, MISSING, SPACED)
    with pytest.raises(ScenarioError) as info:
        read_file(path)
    [problem] = info.value.problems
    assert problem.path == "actors.p1.evidence[0].quote"
    assert "does not occur in source 'art'" in problem.message
    assert problem.file == str(path)
    assert problem.line == 14


def test_preference_quote_that_does_not_occur_fails(tmp_path):
    path = evidence_file(tmp_path, STRAIGHT, MISSING)
    with pytest.raises(ScenarioError) as info:
        read_file(path)
    [problem] = info.value.problems
    assert problem.path == "actors.p1.preferences.cat.evidence[0].quote"
    assert "does not occur" in problem.message
    assert problem.line == 20


def test_quote_differing_in_words_fails(tmp_path):
    # Close but not the same words: a typo in a quote is an error.
    with pytest.raises(ScenarioError, match="does not occur"):
        read_file(evidence_file(tmp_path, "'being in a state of crisis'", SPACED))


def test_quotes_not_checked_without_base_dir(tmp_path):
    text = EVIDENCE_YAML.format(quote1=MISSING, quote2=MISSING)
    scenario = loads(text, file="net.yaml", base_dir=None)
    assert scenario.sources["art"].text is None
    assert scenario.actors["p1"].evidence[0].quote == "Hamas accepted a temporary truce"
    # ...whereas with the source file at hand the same text is refused.
    (tmp_path / "article.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        loads(text, file="net.yaml", base_dir=str(tmp_path))
    assert len(info.value.problems) == 2


def test_quotes_not_checked_when_source_file_is_missing(tmp_path):
    scenario = read_file(evidence_file(tmp_path, MISSING, MISSING, write_source=False))
    assert scenario.sources["art"].text is None


def test_quotes_not_checked_for_dict_documents(doc):
    changes = [(("sources",), {"art": {"file": "article.txt"}}),
               (P1 + ("evidence",), [{"source": "art", "quote": "anything at all"}])]
    assert from_document(mutate(doc, changes)).actors["p1"].evidence[0].quote == "anything at all"


# --------------------------------------------------------------------------- variants

def test_variant_making_the_document_invalid(doc):
    document = mutate(doc, [(("variants",), {"bad": {"patch": {"actors": {"p1": {"reservation": 2}}}}})])
    problems = problems_of(document)
    assert problems
    assert all(p.path.startswith("variants.bad.patch") for p in problems), show(problems)
    assert all("patched scenario" in p.message for p in problems), show(problems)
    assert any("actors.p1.reservation" in p.path and "in [0, 1]" in p.message for p in problems), show(problems)


def test_variant_deleting_a_required_key_is_invalid(doc):
    document = mutate(doc, [(("variants",), {"no-issues": {"patch": {"issues": None}}})])
    problems = problems_of(document)
    assert any(p.path.startswith("variants.no-issues.patch") and "issues" in p.path for p in problems), show(problems)


def test_valid_variant_applies(doc):
    document = mutate(doc, [(("variants",), {"soft": {"description": "p1 softens",
                                                       "patch": {"actors": {"p1": {"reservation": 0.4, "preferences": {
                                                           "cat": {"values": {"c": 0.3}}}}}}}})])
    scenario = from_document(document)
    assert scenario.actors["p1"].reservation == 0.0
    soft = scenario.with_variant("soft")
    assert soft.variant == "soft"
    assert soft.actors["p1"].reservation == 0.4
    assert soft.actors["p1"].preferences["cat"].scores == (1.0, 0.5, 0.3)
    assert load(document, variant="soft").actors["p1"].reservation == 0.4


def test_unknown_variant_name(doc):
    document = mutate(doc, [(("variants",), {"soft": {"patch": {"name": "Soft"}}})])
    with pytest.raises(ScenarioError) as info:
        load(document, variant="hard")
    [problem] = info.value.problems
    assert "no variant 'hard'" in problem.message and "soft" in problem.message
    with pytest.raises(ScenarioError, match="no variant 'x'"):
        load(make_doc(), variant="x")


def test_variant_problem_lines_point_into_the_patch(tmp_path):
    text = YAML_DOC + textwrap.dedent(
        """\
        variants:
          strict:
            patch:
              actors:
                p1:
                  reservation: 7
        """
    )
    path = tmp_path / "v.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_file(path)
    [problem] = [p for p in info.value.problems if p.path == "variants.strict.patch -> actors.p1.reservation"]
    assert problem.line == text.splitlines().index("          reservation: 7") + 1
    assert problem.file == str(path)


# --------------------------------------------------------------------------- reporting

YAML_DOC = textwrap.dedent(
    """\
    accord: 1
    name: Reporting test
    issues:
      cat:
        options: [a, b, c]
      num:
        range: [0, 10]
        step: 1
    actors:
      p1:
        preferences:
          cat: {weight: 1, values: {a: 1, b: 0.5, c: 0}}
          num: {weight: 1, values: {0: 0, 10: 1}}
      p2:
        preferences:
          cat: {weight: 1, values: {a: 0, b: 0.5, c: 1}}
          num: {weight: 1, values: {0: 1, 10: 0}}
    """
)


def broken_yaml() -> tuple[str, dict[str, int]]:
    """YAML_DOC with four independent errors; returns text and path -> line."""
    text = (YAML_DOC
            .replace("name: Reporting test\n", "name: Reporting test\ncolour: blue\n")   # line 3
            .replace("    step: 1\n", "    step: 0\n")                                   # line 9
            .replace("{a: 1, b: 0.5, c: 0}", "{a: 1, b: 1.5, c: 0}")                     # line 13
            .replace("{a: 0, b: 0.5, c: 1}", "{a: 0, b: 0.5, c: 1, d: 1}"))              # line 17
    return text, {
        "colour": 3,
        "issues.num.step": 9,
        "actors.p1.preferences.cat.values.b": 13,
        "actors.p2.preferences.cat.values.d": 17,
    }


def test_all_problems_reported_at_once(doc):
    document = mutate(doc, [(("bogus",), 1), (("issues", "num", "step"), 0), (P1_CAT + ("values", "a"), 3)])
    problems = problems_of(document)
    assert len(problems) >= 3
    assert {"bogus", "issues.num.step", "actors.p1.preferences.cat.values.a"} <= {p.path for p in problems}


def test_every_problem_of_a_yaml_file_has_file_and_line(tmp_path):
    text, expected = broken_yaml()
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_file(path)
    problems = info.value.problems
    assert len(problems) >= 4
    for problem in problems:
        assert problem.file == str(path)
        assert isinstance(problem.line, int) and problem.line >= 1
    lines = {p.path: p.line for p in problems}
    for where, line in expected.items():
        assert lines.get(where) == line, (where, show(problems))
    assert str(info.value).count(str(path)) == len(problems)


def test_problem_string_form(tmp_path):
    path = tmp_path / "s.yaml"
    text = YAML_DOC.replace("  p1:\n", "  p1:\n    reservation: 1.5\n")
    assert text.splitlines()[10] == "    reservation: 1.5"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_file(path)
    [problem] = [p for p in info.value.problems if p.path == "actors.p1.reservation"]
    assert str(problem) == f"{path}:11: actors.p1.reservation: expected a number in [0, 1], got 1.5"
    assert str(problem) == f"{problem.file}:{problem.line}: {problem.path}: {problem.message}"
    assert str(problem) in str(info.value).splitlines()


def test_problem_string_form_without_file_or_line(doc):
    [problem] = problems_of(mutate(doc, [(("accord",), 3)]))
    assert str(problem) == "<scenario>: accord: unsupported format version 3; expected 1"


def test_dict_documents_have_no_file_or_line(doc):
    [problem] = problems_of(mutate(doc, [(("accord",), 3)]))
    assert problem.file is None and problem.line is None


def test_loads_carries_the_file_name():
    with pytest.raises(ScenarioError) as info:
        loads(YAML_DOC.replace("accord: 1", "accord: 9"), file="given.yaml")
    [problem] = info.value.problems
    assert (problem.file, problem.line, problem.path) == ("given.yaml", 1, "accord")


# --------------------------------------------------------------------------- the embedded example

@pytest.mark.slow
def test_embedded_example_loads_and_every_variant_applies():
    scenario = accord.load()
    assert {"israel", "hamas"} <= set(scenario.parties)
    assert scenario.parties == ("israel", "hamas")
    assert scenario.sources and all(s.text for s in scenario.sources.values() if s.file), "quotes were not checked"
    assert scenario.variants
    for name in scenario.variants:
        patched = scenario.with_variant(name)
        assert patched.variant == name
        assert set(patched.parties) == {"israel", "hamas"}
        assert load(variant=name).variant == name


# ----------------------------------------------------------------- forecasting scale

def test_categorical_positions_place_options_on_a_scale():
    doc = {"accord": 1,
           "issues": {"a": {"options": ["x", "y", "z"], "positions": {"x": 0, "y": 3, "z": 10}},
                      "b": {"options": ["p", "q", "r"]}, "n": {"range": [2, 4], "step": 1}},
           "actors": {p: {"preferences": {"a": {"values": {"x": 1, "y": 0, "z": 0}}}} for p in ("A", "B")}}
    scenario = from_document(doc)
    assert scenario.issues["a"].scale == (0.0, 3.0, 10.0)
    assert scenario.issues["b"].scale == (0.0, 50.0, 100.0)  # equal spacing on 0-100 by default
    assert scenario.issues["n"].scale == (2.0, 3.0, 4.0)


@pytest.mark.parametrize("positions, fragment", [
    ({"x": 0}, "missing y, z"), ({"x": 0, "y": 1, "z": 2, "w": 3}, "no option 'w'"), ({"x": 0, "y": "far", "z": 2}, "number"),
])
def test_bad_positions(positions, fragment):
    doc = {"accord": 1, "issues": {"a": {"options": ["x", "y", "z"], "positions": positions}},
           "actors": {p: {"preferences": {"a": {"values": {"x": 1, "y": 0, "z": 0}}}} for p in ("A", "B")}}
    with pytest.raises(ScenarioError) as info:
        from_document(doc)
    assert len(info.value.problems) == 1 and fragment in info.value.problems[0].message
    assert info.value.problems[0].path.startswith("issues.a.positions")


def test_evidence_source_that_is_not_text_is_a_problem():
    doc = {"accord": 1, "sources": {"s": {"title": "t"}}, "issues": {"a": {"options": ["x", "y"]}},
           "actors": {p: {"preferences": {"a": {"values": {"x": 1, "y": 0},
                                                "evidence": [{"source": ["s"], "quote": "q"}]}}} for p in ("A", "B")}}
    with pytest.raises(ScenarioError) as info:
        from_document(doc)
    assert any(p.path.endswith("evidence[0].source") and "source id" in p.message for p in info.value.problems)
