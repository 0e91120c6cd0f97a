"""Voting power (accord.analysis.power): exact methods against brute force, known values, sampling, bad input.

The reference is written from the scenario format's definitions ("Decision rules") alone: a set wins when it
meets the count, the weight share (1e-9 tolerance) and contains every veto party; Shapley–Shubik counts the
orderings in which a party is pivotal, Banzhaf the winning sets that lose without the party.
"""

from __future__ import annotations

import csv
import itertools
import math
import random
from fractions import Fraction
from pathlib import Path

import pytest

import accord.analysis.power as power
from accord.analysis import PowerIndices, power_indices
from accord.errors import InvalidInput

DATA = Path(__file__).parent / "data" / "power"


# -- brute force from the definitions -------------------------------------------------------------------------------

def winning(members: set[int], n: int, rule: str, share, weight_share, weights, veto) -> bool:
    if any(v not in members for v in veto):
        return False
    if rule == "unanimity":
        return len(members) == n
    if rule == "majority":
        return len(members) > n / 2
    ok = share is None or len(members) / n >= share - 1e-9
    if weight_share is not None:
        ok = ok and sum(weights[i] for i in members) / sum(weights) >= weight_share - 1e-9
    return ok


def brute_force(n, rule, share=None, weight_share=None, weights=None, veto=()):
    """(Shapley–Shubik, Banzhaf) as exact fractions, by enumerating all n! orderings and all 2^n sets."""
    weights = weights if weights is not None else [1] * n
    wins = {}
    for mask in range(1 << n):
        members = frozenset(i for i in range(n) if mask >> i & 1)
        wins[members] = winning(set(members), n, rule, share, weight_share, weights, veto)
    pivots = [0] * n
    for order in itertools.permutations(range(n)):
        for p in range(1, n + 1):
            if wins[frozenset(order[:p])]:
                pivots[order[p - 1]] += 1
                break
    swings = [0] * n
    for members, won in wins.items():
        if won:
            for i in members:
                if not wins[members - {i}]:
                    swings[i] += 1
    total = sum(swings)
    return [Fraction(p, math.factorial(n)) for p in pivots], [Fraction(s, total) for s in swings]


def random_game(rng: random.Random) -> dict:
    n = rng.randint(1, 7)
    rule = rng.choice(["unanimity", "majority", "qualified"])
    share = weight_share = None
    if rule == "qualified":
        share = rng.choice([None, 0.5, 2 / 3, 0.55, rng.uniform(0.05, 1.0), 1.0])
        weight_share = rng.choice([0.5, 0.65, rng.uniform(0.05, 1.0), 1.0] + ([None] if share is not None else []))
    kind = rng.choice(["integer", "decimal", "real"])
    weights = [rng.randint(0, 9) if kind == "integer" else round(rng.uniform(0, 90), 1) if kind == "decimal"
               else rng.uniform(0, 90) for _ in range(n)]
    if sum(weights) == 0:
        weights[0] = 1
    veto = sorted(rng.sample(range(n), min(n, rng.choice([0, 0, 1, 2, n]))))
    return dict(n=n, rule=rule, share=share, weight_share=weight_share, weights=weights, veto=veto)


def names(n: int) -> list[str]:
    return [f"p{i}" for i in range(n)]


def compute(game: dict, **options) -> PowerIndices:
    n = game["n"]
    parties = names(n)
    return power_indices(parties, game["rule"], share=game["share"], weight_share=game["weight_share"],
                         vote_weights=game["weights"], veto=[parties[v] for v in game["veto"]], **options)


def assert_matches(result: PowerIndices, expected_ss, expected_bz) -> None:
    parties = list(result.shapley_shubik)
    for party, ss, bz in zip(parties, expected_ss, expected_bz):
        assert result.shapley_shubik[party] == pytest.approx(float(ss), abs=1e-12), party
        assert result.banzhaf[party] == pytest.approx(float(bz), abs=1e-12), party


# -- exact against brute force ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(40))
def test_exact_methods_match_brute_force_on_random_small_games(seed, monkeypatch):
    rng = random.Random(seed)
    for _ in range(4):
        game = random_game(rng)
        ss, bz = brute_force(game["n"], game["rule"], game["share"], game["weight_share"], game["weights"],
                             game["veto"])
        result = compute(game)
        assert result.exact
        assert_matches(result, ss, bz)
        if game["weight_share"] is None:
            assert result.method == "closed form"
            continue
        # each weighted method on its own (the other switched off through its limit)
        with monkeypatch.context() as patch:
            patch.setattr(power, "MAX_TABLE_CELLS", 0)
            split = compute(game)
        assert split.method == "split enumeration"
        assert_matches(split, ss, bz)
        if all(float(w * 10).is_integer() for w in game["weights"]):
            with monkeypatch.context() as patch:
                patch.setattr(power, "MAX_HALF", -1)
                table = compute(game)
            assert table.method == "generating function"
            assert_matches(table, ss, bz)


def test_weights_without_weight_share_do_not_matter():
    plain = power_indices(names(5), "majority", veto=["p1"])
    weighted = power_indices(names(5), "majority", veto=["p1"], vote_weights=[9, 0, 3.3, 1, 7])
    assert plain == weighted


# -- known values ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 5, 9, 40])
def test_unanimity_gives_each_party_one_nth(n):
    result = power_indices(names(n), "unanimity")
    assert all(x == pytest.approx(1 / n) for x in result.shapley_shubik.values())
    assert all(x == pytest.approx(1 / n) for x in result.banzhaf.values())


def test_a_dictator_has_all_the_power():
    # 6 of 9 votes (2/3) meets a 60% weight share alone; the other three together have 3/9 < 60%
    result = power_indices(["d", "a", "b", "c"], "qualified", weight_share=0.6, vote_weights=[6, 1, 1, 1])
    assert result.shapley_shubik == {"d": 1.0, "a": 0.0, "b": 0.0, "c": 0.0}
    assert result.banzhaf == {"d": 1.0, "a": 0.0, "b": 0.0, "c": 0.0}


def test_a_veto_player_under_majority():
    # three parties, majority, a holds a veto: winning sets {a,b}, {a,c}, {a,b,c}.
    # Orderings: a is pivotal whenever it is not first (4 of 6); b after a first (a b c), c likewise (a c b).
    # Swings: a in all three winning sets, b only in {a,b}, c only in {a,c}.
    result = power_indices(["a", "b", "c"], "majority", veto=["a"])
    assert result.shapley_shubik == pytest.approx({"a": 4 / 6, "b": 1 / 6, "c": 1 / 6})
    assert result.banzhaf == pytest.approx({"a": 3 / 5, "b": 1 / 5, "c": 1 / 5})


@pytest.mark.parametrize("rule, options", [("majority", {}), ("qualified", {"share": 0.55}),
                                           ("qualified", {"share": 0.5, "weight_share": 0.7})])
def test_symmetric_games_give_equal_power(rule, options):
    result = power_indices(names(11), rule, vote_weights=[2.5] * 11, **options)
    assert all(x == pytest.approx(1 / 11) for x in result.shapley_shubik.values())
    assert all(x == pytest.approx(1 / 11) for x in result.banzhaf.values())


def test_renaming_and_reordering_parties_permutes_the_indices():
    rng = random.Random(7)
    weights = [rng.uniform(1, 50) for _ in range(9)]
    parties = names(9)
    base = power_indices(parties, "qualified", share=0.5, weight_share=0.6, vote_weights=weights, veto=["p3"])
    order = list(range(9))
    rng.shuffle(order)
    shuffled = power_indices([parties[i] for i in order], "qualified", share=0.5, weight_share=0.6,
                             vote_weights=[weights[i] for i in order], veto=["p3"])
    assert shuffled.shapley_shubik == pytest.approx(base.shapley_shubik, abs=1e-12)
    assert shuffled.banzhaf == pytest.approx(base.banzhaf, abs=1e-12)


def test_eec_council_of_ministers_1958_luxembourg_has_no_power():
    # Council of the EEC, 1958-1972: France, Germany, Italy 4 votes each, Belgium and the Netherlands 2,
    # Luxembourg 1; 12 of the 17 votes make a qualified majority. Luxembourg's vote never decides.
    # Values: S. J. Brams, Paradoxes in Politics (1976), ch. 7; D. S. Felsenthal & M. Machover, The Measurement
    # of Voting Power (1998), the EEC example: Shapley–Shubik 7/30 (large), 3/20 (medium), 0; Banzhaf 5/21,
    # 1/7, 0 (swings 10, 6 and 0 of 42, counted by hand: a large member swings when the others hold 8-11 votes).
    members = ["France", "Germany", "Italy", "Belgium", "Netherlands", "Luxembourg"]
    result = power_indices(members, "qualified", share=1 / 6, weight_share=12 / 17, vote_weights=[4, 4, 4, 2, 2, 1])
    expected_ss = [Fraction(7, 30)] * 3 + [Fraction(3, 20)] * 2 + [Fraction(0)]
    expected_bz = [Fraction(5, 21)] * 3 + [Fraction(1, 7)] * 2 + [Fraction(0)]
    assert result.exact
    assert_matches(result, expected_ss, expected_bz)
    assert result.shapley_shubik["Luxembourg"] == 0 and result.banzhaf["Luxembourg"] == 0
    assert_matches(result, *brute_force(6, "qualified", 1 / 6, 12 / 17, [4, 4, 4, 2, 2, 1]))


# -- the EU Council: 27 members, exact -------------------------------------------------------------------------------

def eu_council() -> tuple[list[str], list[int]]:
    lines = [line for line in (DATA / "eu_council_2024.csv").read_text().splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    return [row["member"] for row in rows], [int(row["population"]) for row in rows]


def test_eu_council_is_computed_exactly_with_real_populations():
    members, population = eu_council()
    assert len(members) == 27
    result = power_indices(members, "qualified", share=0.55, weight_share=0.65, vote_weights=population)
    assert result.exact and result.method != "sampling"
    for index in (result.shapley_shubik, result.banzhaf):
        assert sum(index.values()) == pytest.approx(1.0, abs=1e-12)
        assert all(x > 0 for x in index.values())
        ranked = sorted(members, key=lambda m: -population[members.index(m)])
        values = [index[m] for m in ranked]
        assert all(a >= b - 1e-12 for a, b in zip(values, values[1:])), "a larger population never has less power"
    assert result.to_json() == {"shapley_shubik": result.shapley_shubik, "banzhaf": result.banzhaf}


def test_eu_council_generating_function_and_split_enumeration_agree(monkeypatch):
    # populations in hundred-thousands (one decimal of millions, as in the format's example 83.2): the decimal
    # weights use the generating function; multiplied by pi (not decimals) the same game uses the split
    # enumeration, and a weight share does not change when all weights are scaled.
    members, population = eu_council()
    decimal = [round(p / 100_000) / 10 for p in population]
    table = power_indices(members, "qualified", share=0.55, weight_share=0.65, vote_weights=decimal)
    assert table.method == "generating function"
    split = power_indices(members, "qualified", share=0.55, weight_share=0.65,
                          vote_weights=[w * math.pi for w in decimal])
    assert split.method == "split enumeration"
    assert split.shapley_shubik == pytest.approx(table.shapley_shubik, abs=1e-12)
    assert split.banzhaf == pytest.approx(table.banzhaf, abs=1e-12)


# -- sampling --------------------------------------------------------------------------------------------------------

TWELVE = dict(rule="qualified", share=0.5, weight_share=0.62,
              vote_weights=[29, 23, 17.5, 13, 11, 9, 7.25, 5, 4, 3, 2, 1], veto=["p4"])


def test_sampling_intervals_hold_the_exact_values_on_a_twelve_party_game():
    # 24 intervals at 99.99%: a miss by chance has a probability of about 0.24%
    exact = power_indices(names(12), **TWELVE)
    assert exact.exact
    estimate = power_indices(names(12), **TWELVE, exact_limit=0, samples=40_000, seed=3, level=0.9999)
    assert not estimate.exact and estimate.method == "sampling" and estimate.samples == 40_000
    assert estimate.intervals is not None
    for index in ("shapley_shubik", "banzhaf"):
        for party in names(12):
            low, high = estimate.intervals[index][party]
            truth = getattr(exact, index)[party]
            assert low <= truth <= high, (index, party, low, truth, high)
            assert low <= getattr(estimate, index)[party] <= high
            assert high - low < 0.03
    assert sum(estimate.shapley_shubik.values()) == pytest.approx(1.0)
    assert sum(estimate.banzhaf.values()) == pytest.approx(1.0)


def test_sampling_intervals_at_95_percent_miss_about_one_time_in_twenty():
    exact = power_indices(names(12), **TWELVE)
    misses = total = 0
    for seed in range(60):
        estimate = power_indices(names(12), **TWELVE, exact_limit=0, samples=2_000, seed=seed)
        for index in ("shapley_shubik", "banzhaf"):
            for party, (low, high) in estimate.intervals[index].items():
                misses += not low <= getattr(exact, index)[party] <= high
                total += 1
    # 1440 intervals: 5% is 72 misses, with a binomial standard deviation of about 8
    assert 0.025 * total <= misses <= 0.08 * total


def test_sampling_intervals_narrow_with_more_samples_and_widen_with_the_level():
    few = power_indices(names(12), **TWELVE, exact_limit=0, samples=2_000)
    many = power_indices(names(12), **TWELVE, exact_limit=0, samples=32_000)
    wide = power_indices(names(12), **TWELVE, exact_limit=0, samples=2_000, level=0.999)
    for index in ("shapley_shubik", "banzhaf"):
        width = {name: {p: hi - lo for p, (lo, hi) in result.intervals[index].items()}
                 for name, result in (("few", few), ("many", many), ("wide", wide))}
        for party in ("p0", "p1", "p2"):
            assert width["many"][party] < width["few"][party] / 2
            assert width["wide"][party] > width["few"][party]


def test_sampling_is_seeded():
    first = power_indices(names(12), **TWELVE, exact_limit=0, samples=3_000, seed=11)
    again = power_indices(names(12), **TWELVE, exact_limit=0, samples=3_000, seed=11)
    other = power_indices(names(12), **TWELVE, exact_limit=0, samples=3_000, seed=12)
    assert first == again
    assert first.shapley_shubik != other.shapley_shubik


def test_sampling_under_unanimity_makes_the_last_party_pivotal():
    # every ordering's pivot is its last party, so each party's share is 1/6
    unanimity = power_indices(names(6), "unanimity", exact_limit=0, samples=6_000, level=0.999)
    assert sum(unanimity.shapley_shubik.values()) == pytest.approx(1.0)
    for index in ("shapley_shubik", "banzhaf"):
        for low, high in unanimity.intervals[index].values():
            assert low <= 1 / 6 <= high


def test_to_json_adds_intervals_only_when_estimated():
    exact = power_indices(names(4), "majority")
    assert exact.to_json() == {"shapley_shubik": exact.shapley_shubik, "banzhaf": exact.banzhaf}
    estimate = power_indices(names(4), "majority", exact_limit=0, samples=500).to_json()
    assert set(estimate) == {"shapley_shubik", "banzhaf", "intervals", "samples", "level"}
    assert set(estimate["intervals"]) == {"shapley_shubik", "banzhaf"}
    low, high = estimate["intervals"]["banzhaf"]["p0"]
    assert 0 <= low <= estimate["banzhaf"]["p0"] <= high <= 1


# -- larger games ----------------------------------------------------------------------------------------------------

def test_count_only_games_are_exact_for_many_parties():
    n = power.MAX_PARTIES - 1
    parties = names(n)
    result = power_indices(parties, "majority", veto=parties[:3])
    assert result.method == "closed form"
    assert sum(result.shapley_shubik.values()) == pytest.approx(1.0, abs=1e-9)
    assert sum(result.banzhaf.values()) == pytest.approx(1.0, abs=1e-9)
    # the three vetoes are alike, the others are alike, and a veto weighs more
    assert len({result.shapley_shubik[p] for p in parties[:3]}) == 1
    assert len({result.shapley_shubik[p] for p in parties[3:]}) == 1
    assert result.shapley_shubik["p0"] > result.shapley_shubik["p3"] > 0


def test_vetoes_that_reach_the_count_alone_leave_the_others_no_power():
    result = power_indices(names(5), "qualified", share=0.4, veto=["p0", "p1"])
    assert result.shapley_shubik == pytest.approx({"p0": 0.5, "p1": 0.5, "p2": 0, "p3": 0, "p4": 0})
    assert result.banzhaf == pytest.approx({"p0": 0.5, "p1": 0.5, "p2": 0, "p3": 0, "p4": 0})


# -- bad input -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("options, parameter", [
    ({"veto": ["nobody"]}, "veto"),
    ({"rule": "plurality"}, "rule"),
    ({"rule": "qualified", "share": 0}, "share"),
    ({"rule": "qualified", "share": 1.5}, "share"),
    ({"rule": "qualified", "share": -0.2}, "share"),
    ({"rule": "qualified", "share": math.nan}, "share"),
    ({"rule": "qualified", "share": 0.5, "weight_share": 0}, "weight_share"),
    ({"rule": "qualified", "share": 0.5, "weight_share": 1.01}, "weight_share"),
    ({"rule": "qualified", "weight_share": 0.6, "vote_weights": [1, -2, 3]}, "vote_weights"),
    ({"rule": "qualified", "weight_share": 0.6, "vote_weights": [1, math.inf, 3]}, "vote_weights"),
    ({"rule": "qualified", "weight_share": 0.6, "vote_weights": [1, 2]}, "vote_weights"),
    ({"rule": "qualified", "weight_share": 0.6, "vote_weights": [0, 0, 0]}, "vote_weights"),
    ({"rule": "qualified", "weight_share": 0.6, "vote_weights": [1, "2", 3]}, "vote_weights"),
    ({"rule": "majority", "share": 0.5}, "share"),
    ({"rule": "unanimity", "weight_share": 0.5}, "weight_share"),
    ({"rule": "qualified"}, "share"),
    ({"exact_limit": -1}, "exact_limit"),
    ({"samples": 0}, "samples"),
    ({"samples": 10**9}, "samples"),
    ({"exact_limit": math.nan}, "exact_limit"),
    ({"seed": -1}, "seed"),
    ({"level": 1.0}, "level"),
])
def test_bad_input_is_refused_naming_the_parameter(options, parameter):
    arguments = {"rule": "majority", **options}
    with pytest.raises(InvalidInput) as error:
        power_indices(["a", "b", "c"], **arguments)
    assert error.value.parameter == parameter
    assert repr(parameter) in str(error.value)


def test_sampling_work_is_bounded_by_samples_times_parties():
    parties = names(power.MAX_PARTIES)
    with pytest.raises(InvalidInput) as error:
        power_indices(parties, "majority", exact_limit=0, samples=power.MAX_SAMPLED // len(parties) + 1)
    assert error.value.parameter == "samples"


@pytest.mark.parametrize("parties", [[], ["a", "a"], "abc", ["a", 3], [f"p{i}" for i in range(power.MAX_PARTIES + 1)]])
def test_bad_parties_are_refused(parties):
    with pytest.raises(InvalidInput) as error:
        power_indices(parties, "majority")
    assert error.value.parameter == "parties"
