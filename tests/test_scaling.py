"""Work that grows with the square of the input (issue 14, item 4): extraction, GENIUS import, validation.

Counting tests measure work (match attempts, characters handed to a regex,
allocated bytes, message lengths) for an input of size n and 2n; the timing
tests (marked ``slow``) compare the minimum of three runs for n and 2n with a
generous margin (at most 4x per doubling; quadratic work gives 4x and more).
The exact targets are in ``benchmarks/scaling_bench.py``. The hostile inputs
come from ``benchmarks/hostile_inputs.py``; none is committed.
"""

from __future__ import annotations

import random
import re
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import hostile_inputs as hostile

from accord.extract import attributions as attributions_module
from accord.extract import draft as draft_module
from accord.extract import extract
from accord.importers import errors as errors_module
from accord.importers.errors import unique_ids
from accord.importers.genius import read_genius
from accord.scenario import ScenarioError
from accord.scenario._load import loads


def _fastest(work, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def _doubling_ratio(make, work, n: int) -> float:
    small, large = make(n), make(2 * n)
    work(small)  # warm up (regex compilation, imports)
    return _fastest(lambda: work(large)) / max(_fastest(lambda: work(small)), 1e-4)


# --------------------------------------------------------------------------
# extraction
# --------------------------------------------------------------------------
def test_draft_name_patterns_start_only_at_token_starts():
    # a match starting inside a run of word characters is what made these patterns quadratic on one long
    # capitalised word (each capital of the run rescanned the rest of it): every match must start a token
    rng = random.Random(14)
    pieces = ["A", "b", "Ab", "Mc", "D", " ", "  ", ".", "-", "'s ", "\u2019s ", "x", "Q.", "\n", "\u00e9", "_", "1",
              "Jo", "hn", "Minister ", "Hamas official ", "Israel's ", " government", " Union", " of ", "&"]
    matched = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        for pattern in (draft_module._TITLED, draft_module._GOVERNMENT, draft_module._NAMED_ORG):
            for match in pattern.finditer(text):
                matched += 1
                assert match.start() == 0 or not re.match(r"[\w.'\u2019&-]", text[match.start() - 1]), text
    assert matched > 100  # the check covered matches, not only failures


class _CountingPattern:
    """A compiled pattern that records the match attempts and the characters each could examine."""

    def __init__(self, pattern):
        self.pattern, self.attempts, self.chars = pattern, 0, 0

    def match(self, text, pos=0, endpos=None):
        self.attempts += 1
        self.chars += (len(text) if endpos is None else endpos) - pos
        return self.pattern.match(text, pos, *(() if endpos is None else (endpos,)))

    def finditer(self, text, pos=0, endpos=None):
        self.attempts += 1
        self.chars += (len(text) if endpos is None else endpos) - pos
        return self.pattern.finditer(text, pos, *(() if endpos is None else (endpos,)))


def test_subject_search_is_bounded_per_verb(monkeypatch):
    chars = {}
    for n in (1500, 3000):  # one sentence (under MAX_SENTENCE) of n // 5 reporting verbs
        counting = _CountingPattern(attributions_module._CLAUSE_BREAK)
        monkeypatch.setattr(attributions_module, "_CLAUSE_BREAK", counting)
        extract(hostile.said(n) + ".")
        chars[n] = counting.chars
        assert counting.chars <= counting.attempts * attributions_module.SUBJECT_WINDOW
    # the clause before each verb was rescanned from the start of the sentence: 4x per doubling
    assert chars[3000] <= 2.5 * chars[1500]


@pytest.mark.parametrize("make", [hostile.he_said, hostile.said])
def test_extraction_memory_grows_linearly(make):
    peaks = {}
    for n in (40_000, 80_000):
        text = make(n)
        tracemalloc.start()
        extract(text)
        peaks[n] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peaks[80_000] <= 2.5 * peaks[40_000]


@pytest.mark.slow
def test_long_word_after_a_verb_is_not_cubic():
    # "He said aaaa...": the word could be split in every way before a comma: O(len^3) (2,000 letters took 90 s)
    assert _doubling_ratio(lambda n: "He said " + "a" * n + ".", extract, 600) <= 4.0


@pytest.mark.slow
@pytest.mark.parametrize("make", [hostile.long_word, hostile.capitalised_words, hostile.said, hostile.he_said,
                                  hostile.initials, hostile.they_say, hostile.descriptions])
def test_extraction_time_doubles_at_most_4x(make):
    assert _doubling_ratio(make, extract, 50_000) <= 4.0


# --------------------------------------------------------------------------
# GENIUS import
# --------------------------------------------------------------------------
def test_unique_ids_are_unchanged_and_linear(monkeypatch):
    assert unique_ids(["a", "a", "a-2", "a", "b!", "b?", "a-3", "a"], "v") == \
        ["a", "a-2", "a-2-2", "a-3", "b", "b-2", "a-3-2", "a-4"]
    lookups = []

    class CountingSet(set):
        def __contains__(self, item):
            lookups.append(item)
            return super().__contains__(item)

    monkeypatch.setattr(errors_module, "set", CountingSet, raising=False)  # the module's global shadows the builtin
    counts = {}
    for n in (2000, 4000):
        names = ["x" + "!" * (1 + k % 3) + "?" * (k // 3 % 2) for k in range(n)]  # all sanitise to "x"
        lookups.clear()
        ids = unique_ids(names, "v")
        assert len(set(ids)) == n and ids[:3] == ["x", "x-2", "x-3"] and ids[-1] == f"x-{n}"
        counts[n] = len(lookups)
    assert counts[2000] <= 3 * 2000  # a restart from "x-2" for every name made n^2 / 2 lookups
    assert counts[4000] <= 2.2 * counts[2000]


@pytest.mark.slow
def test_genius_import_time_doubles_at_most_4x(tmp_path):
    def make(n):
        return hostile.genius_domain(n, tmp_path / str(n))

    assert _doubling_ratio(make, lambda files: read_genius(files[0], files[1]), 6000) <= 4.0


def test_genius_clashing_values_get_distinct_ids(tmp_path):
    # values that all sanitise to the same id (the suffix search restarted at 2 for each: n^2 lookups)
    n = 5000
    items = "".join(f'<item index="{k + 1}" value="v{"!" * (1 + k % 5)}{k}"/>' for k in range(n))
    domain = tmp_path / "d.xml"
    domain.write_text('<negotiation_template><utility_space><objective index="0" name="root" type="objective">'
                      f'<issue index="1" name="big" type="discrete">{items}</issue></objective></utility_space>'
                      '</negotiation_template>', encoding="utf-8")
    profile = tmp_path / "p.xml"
    profile.write_text('<utility_space><objective index="0" name="root" type="objective"><weight index="1" value="1"/>'
                       '<issue index="1" name="big" type="discrete">'
                       + "".join(f'<item index="{k + 1}" value="v{"!" * (1 + k % 5)}{k}" evaluation="{k + 1}"/>'
                                 for k in range(n)) + "</issue></objective></utility_space>", encoding="utf-8")
    other = tmp_path / "q.xml"
    other.write_text(profile.read_text(encoding="utf-8"), encoding="utf-8")
    doc = read_genius(domain, [profile, other])
    options = next(iter(doc["issues"].values()))["options"]
    assert len(set(options)) == n and options[:2] == ["v-0", "v-1"]


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------
@pytest.mark.slow
def test_validation_messages_do_not_list_every_option():
    n = 5000
    text = hostile.big_scenario(n, variants=0).replace('"o1": ', '"nope": ').replace('"o2": ', '"nada": ')
    with pytest.raises(ScenarioError) as info:
        loads(text, fmt="json")
    messages = [p.message for p in info.value.problems]
    assert any("no option 'nope'" in m for m in messages)
    assert all(len(m) < 400 for m in messages), max(map(len, messages))  # was 40 KB each: n problems x n options
    assert any(f"({n} options)" in m for m in messages)


def test_small_issue_messages_still_list_all_options():
    text = hostile.big_scenario(5, variants=0).replace('"o1": ', '"nope": ')
    with pytest.raises(ScenarioError) as info:
        loads(text, fmt="json")
    assert any("(options: o0, o1, o2, o3, o4)" in p.message for p in info.value.problems)


@pytest.mark.slow
def test_validation_time_doubles_at_most_4x():
    assert _doubling_ratio(lambda n: hostile.big_scenario(n, variants=2), lambda t: loads(t, fmt="json"), 3000) <= 4.0


@pytest.mark.slow
def test_variants_reuse_the_checks_of_unchanged_parts(monkeypatch):
    from accord.scenario.validate import Validator

    calls = []
    original = Validator.categorical_values

    def counting(self, issue, values, path, weight):
        calls.append(issue.size)
        return original(self, issue, values, path, weight)

    monkeypatch.setattr(Validator, "categorical_values", counting)
    big = {}
    for variants in (5, 40):
        calls.clear()
        scenario = loads(hostile.big_scenario(2000, variants), fmt="json")
        assert len(scenario.variants) == variants
        big[variants] = sum(1 for size in calls if size == 2000)
    # each party's values over the 2,000 options are checked once, not once per variant
    assert big[5] == big[40] == 2


def test_variant_problems_keep_their_paths_and_lines():
    text = hostile.big_scenario(50, 3)
    doc = __import__("json").loads(text)
    doc["variants"]["v1"]["patch"]["actors"]["a"]["preferences"]["price"]["weight"] = -1
    doc["variants"]["v2"]["patch"] = {"actors": {"b": {"preferences": {"big": {"values": {"o3": 7}}}}}}
    yaml_text = __import__("yaml").safe_dump(doc, sort_keys=False)
    with pytest.raises(ScenarioError) as info:
        loads(yaml_text)
    found = {(p.path, p.line is not None) for p in info.value.problems}
    assert ("variants.v1.patch -> actors.a.preferences.price.weight", True) in found
    assert ("variants.v2.patch -> actors.b.preferences.big.values.o3", True) in found
    assert len(info.value.problems) == 2


def test_patched_lines_view_matches_the_copy():
    from accord.scenario._load import _lines_by_variant, _patched_lines, _PatchedLines
    from accord.scenario.reader import parse

    doc = __import__("json").loads(hostile.big_scenario(20, 3))
    _, lines = parse(__import__("yaml").safe_dump(doc, sort_keys=False))
    by_variant = _lines_by_variant(lines)
    for vid in doc["variants"]:
        copy, view = _patched_lines(lines, vid), _PatchedLines(lines, by_variant.get(vid, {}))
        for key in list(lines) + [k[3:] for k in lines if len(k) > 3] + [("nowhere",)]:
            assert view.get(key) == copy.get(key), key
