"""Monte Carlo and sensitivity analysis (accord.uncertainty): sampling, estimators, agreement with analyze."""

import json
import math
import re
from statistics import NormalDist

import numpy as np
import pytest

import accord
from accord import jobs
from accord.analysis import analyze
from accord.scenario import Distribution, from_document
from accord.simulation.table import build_table
from accord.uncertainty import (
    compare_variants,
    compile_model,
    monte_carlo,
    monte_carlo_simulation,
    paired_difference,
    realise,
    resolve_variants,
    sample_parameters,
    sensitivity,
    sobol_indices,
    tornado,
    wilson,
)
from accord.uncertainty.kernel import GAP_FLOOR
from accord.uncertainty.model import run_patch
from accord.uncertainty.normal import ndtri
from accord.uncertainty.sampling import BLOCK, ppf, run_values, stable_hash, uniforms
from accord.uncertainty.sobol import _indices, meaningful

RESERVATION = ("actors", "israel", "reservation")


@pytest.fixture(scope="module")
def cairo():
    return accord.load()


@pytest.fixture(scope="module")
def phased(cairo):
    return cairo.with_variant("phased-ceasefire")


def binding(scenario):
    """``scenario`` with every red line binding (format 1.1 ``holds`` removed, so 1): no bluffs."""
    actors: dict = {}
    for path, _ in scenario.holds_paths:
        actors.setdefault(path[1], {"preferences": {}})["preferences"][path[3]] = {"holds": None}
    return scenario.with_patch({"actors": actors}) if actors else scenario


def price_doc(reservation, weight=1, extra_issue=False):
    """Buyer and seller over one price issue (low/mid/high).

    u_buyer = (1, 0.5, 0), u_seller = (0, 0.5, 1); the seller's reservation
    0.5 leaves it mid and high, so the best the buyer can get is 0.5:
    a ZOPA exists exactly when the buyer's reservation is <= 0.5.

    With ``extra_issue``, both also care about extras (none/some), the buyer
    with weight 1 against ``weight`` on price: the seller accepts
    (low, none), (mid, *), (high, *); the buyer's best is (low, none), worth
    ``weight / (weight + 1)`` to it.
    """
    doc = {
        "accord": 1, "name": "price",
        "issues": {"price": {"options": ["low", "mid", "high"]}},
        "actors": {
            "buyer": {"reservation": reservation,
                      "preferences": {"price": {"weight": weight, "values": {"low": 1, "mid": 0.5, "high": 0}}}},
            "seller": {"reservation": 0.5,
                       "preferences": {"price": {"weight": 1, "values": {"low": 0, "mid": 0.5, "high": 1}}}},
        },
    }
    if extra_issue:
        doc["issues"]["extras"] = {"options": ["none", "some"]}
        doc["actors"]["buyer"]["preferences"]["extras"] = {"weight": 1, "values": {"none": 0, "some": 1}}
        doc["actors"]["seller"]["preferences"]["extras"] = {"weight": 1, "values": {"none": 1, "some": 0}}
    return doc


def numeric_doc():
    """Three parties, a numeric issue with uncertain points and an uncertain red-line bound, a categorical issue."""
    return {
        "accord": 1, "name": "numeric",
        "issues": {"weeks": {"range": [0, 20], "step": 2}, "scope": {"options": ["narrow", "mid", "wide"]}},
        "actors": {
            "a": {"reservation": {"uniform": [0.2, 0.6]}, "preferences": {
                "weeks": {"weight": {"triangular": [1, 2, 3]},
                          "values": {0: 0, 8: {"uniform": [0.3, 0.7]}, 20: 1},
                          "min": {"uniform": [2, 12]}},
                "scope": {"weight": 1, "values": {"narrow": 0, "mid": {"normal": [0.5, 0.2]}, "wide": 1}}}},
            "b": {"reservation": {"triangular": [0.2, 0.4, 0.6]}, "preferences": {
                "weeks": {"weight": 2, "values": {0: 1, 20: 0}, "max": 10},
                "scope": {"weight": {"uniform": [0.5, 2]}, "values": {"narrow": 1, "mid": 0.6, "wide": 0}}}},
            "c": {"reservation": 0.35, "preferences": {
                "weeks": {"weight": 1, "values": {"4": 0.2, "10": {"uniform": [0.5, 1]}, "18": 0.4}},
                "scope": {"weight": 1, "values": {"narrow": 0.3, "mid": 1, "wide": 0.6}}}},
            "watcher": {"role": "observer", "power": {"normal": [0.5, 0.3]},
                        "preferences": {"scope": {"weight": 1, "values": {"narrow": 0, "mid": 0.5, "wide": 1}}}},
        },
    }


# -- the inverse normal CDF and the inverse CDFs ---------------------------------------------------

def test_inverse_normal_matches_known_quantiles():
    assert abs(float(ndtri(0.975)) - 1.959963984540054) < 1e-9
    assert abs(float(ndtri(0.025)) + 1.959963984540054) < 1e-9
    assert abs(float(ndtri(0.95)) - 1.6448536269514722) < 1e-9
    assert abs(float(ndtri(0.999)) - 3.090232306167813) < 1e-9
    assert float(ndtri(0.5)) == 0.0
    p = np.concatenate([np.logspace(-300, -2, 500), np.linspace(0.001, 0.999, 4001), 1 - np.logspace(-15, -2, 300)])
    reference = np.array([NormalDist().inv_cdf(float(x)) for x in p])
    assert np.max(np.abs(ndtri(p) - reference) / np.maximum(1, np.abs(reference))) < 1e-12
    edges = ndtri([0.0, 1.0, -0.1, 1.1, np.nan])
    assert edges[0] == -np.inf and edges[1] == np.inf and np.isnan(edges[2:]).all()


def test_normal_cdf_takes_scalars_and_arrays_and_inverts_ndtri():
    from accord.uncertainty.normal import norm_cdf

    x = np.linspace(-8.0, 8.0, 161)
    reference = np.array([NormalDist().cdf(float(v)) for v in x])
    assert np.allclose(norm_cdf(x), reference, rtol=0, atol=1e-15)
    # the lower tail keeps its relative accuracy (tabulated Phi(-5) and Phi(-8))
    assert np.allclose(norm_cdf(np.array([-5.0, -8.0])), [2.866515718791939e-07, 6.220960574271784e-16], rtol=1e-12)
    assert abs(float(norm_cdf(1.0)) - NormalDist().cdf(1.0)) < 1e-15  # a scalar gives a scalar
    assert np.ndim(norm_cdf(-2.5)) == 0
    assert abs(float(norm_cdf(ndtri(0.3))) - 0.3) < 1e-15


def test_triangular_and_uniform_inverse_cdfs_invert_their_cdfs():
    u = np.linspace(0.001, 0.999, 999)
    a, c, b = 0.2, 0.3, 0.45
    x = ppf(Distribution("triangular", (a, c, b)), u)
    cdf = np.where(x <= c, (x - a) ** 2 / ((b - a) * (c - a)), 1 - (b - x) ** 2 / ((b - a) * (b - c)))
    assert np.allclose(cdf, u, atol=1e-12) and np.all(np.diff(x) > 0)
    assert np.allclose(ppf(Distribution("uniform", (2, 5)), u), 2 + 3 * u)
    assert np.all(ppf(Distribution("triangular", (1, 1, 1)), u) == 1)
    # degenerate modes at an end
    assert np.allclose(ppf(Distribution("triangular", (0, 0, 1)), u), 1 - np.sqrt(1 - u))
    assert np.allclose(ppf(Distribution("triangular", (0, 1, 1)), u), np.sqrt(u))


# -- sampling ----------------------------------------------------------------------------------------

def test_stable_hash_is_pinned():
    # run r's draws depend on this hash: changing it changes every published result
    assert stable_hash(RESERVATION) == 9549003196218973923


def test_sampling_is_seeded_and_independent_of_the_split(cairo):
    whole = sample_parameters(cairo, 10_000, 5)
    parts = [sample_parameters(cairo, 3_000, 5, start=0), sample_parameters(cairo, 4_500, 5, start=3_000),
             sample_parameters(cairo, 2_500, 5, start=7_500)]
    for path, values in whole.items():
        assert np.array_equal(values, np.concatenate([p[path] for p in parts]))
    again = sample_parameters(cairo, 10_000, 5)
    other = sample_parameters(cairo, 10_000, 6)
    assert all(np.array_equal(whole[p], again[p]) for p in whole)
    assert not np.array_equal(whole[RESERVATION], other[RESERVATION])
    for item in cairo.uncertain:
        low, high = item.distribution.support
        assert whole[item.path].min() >= low and whole[item.path].max() <= high
    # the paths draw from different streams
    assert not np.array_equal(whole[RESERVATION], whole[("actors", "hamas", "reservation")])


def test_streams_are_keyed_by_path_common_random_numbers(cairo):
    base = sample_parameters(cairo, 5_000, 11)
    pressure = sample_parameters(cairo.with_variant("us-pressure"), 5_000, 11)
    weight = ("actors", "israel", "preferences", "rafah", "weight")
    limited = ("actors", "israel", "preferences", "rafah", "values", "limited")  # the variant changes both
    assert set(base) == set(pressure)
    for path in base:
        if path not in (weight, limited):
            assert np.array_equal(base[path], pressure[path]), path
    # the variant changes the weight's distribution; the same uniforms go through its inverse CDF
    u = uniforms([weight], 5_000, 11)[weight]
    assert np.allclose(pressure[weight], ppf(Distribution("triangular", (1.5, 2, 3)), u))
    assert np.allclose(base[weight], ppf(Distribution("triangular", (2, 3, 4.5)), u))
    assert np.corrcoef(base[weight], pressure[weight])[0, 1] > 0.99


def test_draws_are_clipped_to_the_valid_range():
    doc = price_doc({"normal": [0.5, 2.0]}, weight={"normal": [0.5, 2.0]})
    scenario = from_document(doc)
    draws = sample_parameters(scenario, 20_000, 3)
    r = draws[("actors", "buyer", "reservation")]
    w = draws[("actors", "buyer", "preferences", "price", "weight")]
    assert r.min() == 0.0 and r.max() == 1.0 and np.mean((r > 0) & (r < 1)) > 0.1
    assert w.min() == 0.0 and w.max() > 3


# -- Monte Carlo over analysis ----------------------------------------------------------------------

def test_results_are_identical_for_any_chunk_size_and_worker_count(phased):
    runs = 2 * BLOCK + 1_808
    reference = monte_carlo(phased, runs, 42)
    fields = ("zopa", "zopa_size", "nash", "nash_options", "ks", "utilities", "surplus", "deal_gap", "blocker", "short")
    for options in ({"chunk": 1_000}, {"chunk": BLOCK}, {"chunk": 100_000}, {"workers": 2, "chunk": BLOCK}):
        other = monte_carlo(phased, runs, 42, **options)
        for name in fields:
            assert np.array_equal(getattr(reference, name), getattr(other, name), equal_nan=True), (options, name)
    assert monte_carlo(phased, runs, 43).zopa.tolist() != reference.zopa.tolist()


def test_probability_known_in_closed_form():
    # buyer's reservation ~ U[0.3, 0.9] against a best attainable utility of 0.5: P = 0.2 / 0.6 = 1/3
    scenario = from_document(price_doc({"uniform": [0.3, 0.9]}))
    result = monte_carlo(scenario, 20_000, 2024)
    lo, hi = result.p_zopa_ci
    assert lo < 1 / 3 < hi
    assert hi - lo < 0.015
    draws = sample_parameters(scenario, 20_000, 2024)[("actors", "buyer", "reservation")]
    assert result.zopa_count == int(np.count_nonzero(draws <= 0.5 + 1e-9))
    # the Nash deal is always "mid" (the only outcome both accept); the buyer's surplus is 0.5 - r
    assert set(result.nash_distribution()["price"]["mid"].values()) == {result.zopa_count, 1.0}
    assert np.allclose(result.surplus[result.zopa, 0], 0.5 - draws[result.zopa])
    # deal gap: max over low/mid/high of min(u_buyer - r, u_seller - 0.5) = min(0.5 - r, 0)
    assert np.allclose(result.deal_gap, np.minimum(0.5 - draws, 0.0))
    shortfalls = result.blocker_frequencies()
    assert shortfalls["reservation"] == pytest.approx(1 - result.p_zopa)
    assert shortfalls["short"]["buyer"] == pytest.approx(1 - result.p_zopa) and shortfalls["short"]["seller"] == 0


def test_vectorised_analysis_agrees_with_analyze_on_the_sampled_parameters(phased):
    phased = binding(phased)  # analyze takes red lines as binding: compare with draws without bluffs
    result = monte_carlo(phased, 400, 9, keep_parameters=True)
    # a handful of runs with a ZOPA and a few without
    picks = list(np.flatnonzero(result.zopa)[:6]) + list(np.flatnonzero(~result.zopa)[:3])
    assert len(picks) == 9
    for r in picks:
        values = run_values(result.parameters, r)
        exact = analyze(phased.with_patch(run_patch(values)), unlock=False)
        assert exact.acceptable == result.zopa_size[r]
        nash = exact.solutions["nash"]
        if nash is None:
            assert not result.zopa[r] and result.nash[r] == -1
            assert [b.kind for b in exact.blockers] == ["reservation"] and result.blocker[r] == 2
            assert set(exact.blockers[0].parties) == {p for j, p in enumerate(result.parties) if result.short[r, j]}
            continue
        row = next(x for k, x in enumerate(result.to_rows()) if k == r)
        assert {i: row[i] for i in nash.outcome} == nash.outcome
        assert all(math.isclose(row[f"u_{a}"], u, abs_tol=1e-9) for a, u in nash.utilities.items())
        ks = exact.solutions["kalai_smorodinsky"].outcome
        assert {issue.id: issue.options[k] for issue, k in zip(result.issues, result.ks_options[r])} == ks


def test_vectorised_and_per_sample_routes_agree_on_numeric_issues_and_uncertain_bounds():
    scenario = from_document(numeric_doc())
    fast = monte_carlo(scenario, 300, 4)
    slow = monte_carlo(scenario, 300, 4, max_outcomes=0)
    assert fast.method == "vectorised" and slow.method == "per-sample"
    assert 0 < fast.p_zopa < 1 and (fast.blocker == 1).any() and (fast.blocker == 2).any()
    for name in ("zopa", "zopa_size", "nash", "ks", "blocker", "clash", "short"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name)), name
    assert np.allclose(fast.deal_gap, slow.deal_gap, atol=1e-12)
    assert np.allclose(fast.utilities, slow.utilities, atol=1e-12, equal_nan=True)
    # and a few runs through the validated route
    values = sample_parameters(scenario, 300, 4)
    for r in range(0, 300, 60):
        exact = analyze(scenario.with_patch(run_patch(run_values(values, r))), unlock=False)
        assert exact.acceptable == fast.zopa_size[r]


def test_uncertain_red_line_bound_blocks_exactly_when_it_crosses_the_other_bound():
    doc = numeric_doc()
    # a's minimum ~ U[2, 12] against b's maximum, moved to 7
    doc["actors"]["b"]["preferences"]["weeks"]["max"] = 7
    scenario = from_document(doc)
    result = monte_carlo(scenario, 5_000, 8)
    minimum = sample_parameters(scenario, 5_000, 8)[("actors", "a", "preferences", "weeks", "min")]
    # grid 0, 2, ..., 20: some point in [min, 7] exists iff min <= 6
    assert np.array_equal(result.clash[:, 0], minimum > 6 + 1e-9)
    assert np.array_equal(result.blocker == 1, minimum > 6 + 1e-9)
    assert np.all(result.deal_gap[result.blocker == 1] == GAP_FLOOR)


def test_realise_gives_the_scenario_that_with_patch_validates():
    scenario = from_document(numeric_doc())
    values = run_values(sample_parameters(scenario, 5, 77), 3)
    cheap, checked = realise(scenario, values), scenario.with_patch(run_patch(values))
    for aid, actor in checked.actors.items():
        other = cheap.actors[aid]
        assert (other.power, other.reservation) == (actor.power, actor.reservation)
        for iid, pref in actor.preferences.items():
            mine = other.preferences[iid]
            assert mine.weight == pref.weight and mine.red_line == pref.red_line and mine.points == pref.points
            assert np.allclose(mine.scores, pref.scores, atol=1e-15)
    assert np.array_equal(build_table(cheap).utilities, build_table(checked).utilities)
    assert cheap.document["actors"]["a"]["reservation"] == values[("actors", "a", "reservation")]


def test_compiled_batch_reinterpolates_sampled_points_at_the_grid():
    scenario = from_document(numeric_doc())
    model = compile_model(scenario)
    values = sample_parameters(scenario, 50, 1)
    batch = model.batch(values)
    for r in (0, 17, 49):
        realised = realise(scenario, run_values(values, r))
        for a, aid in enumerate(model.actors):
            for i, issue in enumerate(model.issues):
                pref = realised.actors[aid].preferences.get(issue.id)
                expected = np.asarray(pref.scores) if pref else np.zeros(issue.size)
                got = batch.scores[i][r if batch.scores[i].shape[0] > 1 else 0, a]
                assert np.allclose(got, expected, atol=1e-14)
        view = batch.run(model, r)["actors"]
        assert view["a"]["reservation"] == values[("actors", "a", "reservation")][r]
        assert view["a"]["preferences"]["weeks"]["min"] == values[("actors", "a", "preferences", "weeks", "min")][r]
        assert view["b"]["preferences"]["weeks"]["max"] == 10 and "reservation" not in view["watcher"]


def test_cairo_base_is_blocked_in_every_draw_and_the_phased_text_opens_it(cairo, phased):
    base = monte_carlo(binding(cairo), 20_000, 1)  # when every red line binds (no bluff)
    assert base.p_zopa == 0.0 and base.p_zopa_ci[0] == 0.0 and base.p_zopa_ci[1] < 2e-4
    frequencies = base.blocker_frequencies()
    assert frequencies["red-line"] == 1.0 and frequencies["red_line_issues"]["ceasefire"] == 1.0
    assert np.all(base.nash == -1) and np.all(base.deal_gap == GAP_FLOOR)
    opened = monte_carlo(binding(phased), 20_000, 1)
    assert opened.p_zopa_ci[0] > 0.9
    assert opened.nash_distribution()["ceasefire"]["phased"]["share"] == 1.0
    # with central values the Nash deal is phased/deferred/all; it stays the most frequent
    assert opened.nash_deals(1)[0]["outcome"] == {"ceasefire": "phased", "rafah": "deferred", "hostages": "all"}


def test_paired_comparison_of_variants(cairo):
    cairo = binding(cairo)  # with bluffs us-pressure matters too; here every red line binds
    found = compare_variants(cairo, ["phased-ceasefire", "us-pressure"], 10_000, 3)
    rows = {row.variant: row for row in found.rows}
    lo, hi = rows["phased-ceasefire"].difference_ci
    assert 0 < lo < rows["phased-ceasefire"].difference < hi
    assert rows["phased-ceasefire"].difference == pytest.approx(rows["phased-ceasefire"].result.p_zopa - found.base.p_zopa)
    assert rows["us-pressure"].difference == 0.0
    # each row is exactly the single-scenario Monte Carlo with the same seed
    alone = monte_carlo(cairo.with_variant("phased-ceasefire"), 10_000, 3)
    assert np.array_equal(alone.nash, rows["phased-ceasefire"].result.nash)
    json.dumps(found.to_json(), allow_nan=False)


def test_paired_difference_and_wilson_formulas():
    mean, (lo, hi) = paired_difference(np.array([1, 1, 0, 1]), np.array([0, 1, 0, 0]))
    sd = np.std([1, 0, 0, 1], ddof=1)
    assert mean == 0.5 and hi - mean == pytest.approx(1.959963984540054 * sd / 2)
    lo, hi = wilson(30, 100)
    # Wilson (1927): centre (p + z^2/2n) / (1 + z^2/n)
    z = 1.959963984540054
    assert (lo + hi) / 2 == pytest.approx((0.3 + z * z / 200) / (1 + z * z / 100))
    assert lo == pytest.approx(0.2189489, abs=1e-6) and hi == pytest.approx(0.3958485, abs=1e-6)
    assert wilson(0, 50)[0] == 0.0 and wilson(50, 50)[1] == 1.0


def test_interrupt_between_chunks_returns_the_runs_done(phased):
    seen = []

    def progress(done, total):
        seen.append((done, total))
        if len(seen) == 2:
            raise KeyboardInterrupt

    partial = monte_carlo(phased, 10_000, 5, chunk=1_500, progress=progress)
    assert partial.interrupted and partial.runs == 3_000 and partial.requested == 10_000
    assert seen == [(1_500, 10_000), (3_000, 10_000)]
    full = monte_carlo(phased, 10_000, 5, chunk=1_500)
    assert not full.interrupted and full.runs == 10_000
    assert np.array_equal(partial.nash, full.nash[:3_000])
    assert partial.to_json()["interrupted"] is True


def test_interrupt_with_workers_keeps_whole_chunks(phased):
    calls = []

    def progress(done, total):
        calls.append(done)
        raise KeyboardInterrupt

    partial = monte_carlo(phased, 5 * BLOCK, 5, workers=2, progress=progress)
    assert partial.interrupted and calls == [partial.runs] and partial.runs % BLOCK == 0 and partial.runs < 5 * BLOCK
    assert np.array_equal(partial.nash, monte_carlo(phased, partial.runs, 5).nash)


def test_rows_and_json_are_tidy(phased):
    result = monte_carlo(phased, 500, 2, keep_parameters=True)
    rows = list(result.to_rows())
    assert len(rows) == 500
    first = rows[0]
    assert list(first)[:6] == ["run", "variant", "zopa", "zopa_size", "deal_gap", "blocker"]
    assert {"ceasefire", "rafah", "hostages", "u_israel", "u_hamas", "actors.israel.reservation"} <= set(first)
    closed = next(r for r in rows if not r["zopa"])
    assert closed["ceasefire"] is None and closed["u_israel"] is None and closed["blocker"] == "reservation"
    data = result.to_json()
    assert {"runs", "seed", "p_zopa", "p_zopa_ci"} <= set(data)
    assert data["runs"] == 500 and data["seed"] == 2
    json.dumps(data, allow_nan=False)
    assert sum(v["count"] for v in data["nash"]["rafah"].values()) == result.zopa_count


# -- sensitivity ---------------------------------------------------------------------------------------

def test_sobol_estimators_on_the_ishigami_function():
    # Ishigami (a=7, b=0.1), x ~ U[-pi, pi]^3: S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)
    rng = np.random.default_rng(0)
    n = 1 << 15
    A, B = rng.uniform(-np.pi, np.pi, (2, n, 3))

    def f(x):
        return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])

    ys = [f(A), f(B)]
    for i in range(3):
        ab = A.copy()
        ab[:, i] = B[:, i]
        ys.append(f(ab))
    first, total, _ = _indices(np.array(ys))
    assert np.allclose(first, [0.3139, 0.4424, 0.0], atol=0.03)
    assert np.allclose(total, [0.5576, 0.4424, 0.2437], atol=0.03)


def test_bootstrap_confidence_equals_resampling_the_rows():
    from accord.uncertainty.sobol import _BOOTSTRAP_KEY, _bootstrap

    rng = np.random.default_rng(3)
    y = rng.normal(size=(6, 500))
    y[2] += y[0]
    first_conf, total_conf, first_ci, total_ci = _bootstrap(y, 40, 11)
    draws = np.random.default_rng(np.random.SeedSequence(entropy=11, spawn_key=(_BOOTSTRAP_KEY,)))
    estimates = [_indices(y[:, draws.integers(0, 500, 500)]) for _ in range(40)]
    firsts = np.array([e[0] for e in estimates])
    totals = np.array([e[1] for e in estimates])
    assert np.allclose(first_conf, 1.959963984540054 * firsts.std(ddof=1, axis=0), rtol=1e-9)
    assert np.allclose(total_conf, 1.959963984540054 * totals.std(ddof=1, axis=0), rtol=1e-9)
    assert np.allclose(first_ci, np.percentile(firsts, [2.5, 97.5], axis=0), rtol=1e-9)
    assert np.allclose(total_ci, np.percentile(totals, [2.5, 97.5], axis=0), rtol=1e-9)


def test_sensitivity_ranks_the_dominant_input_first():
    # buyer's reservation ~ U[0.1, 0.9] (wide) against its best deal 3/4 moved by a price weight ~ U[3, 3.03]
    doc = price_doc({"uniform": [0.1, 0.9]}, weight={"uniform": [3, 3.03]}, extra_issue=True)
    scenario = from_document(doc)
    assert monte_carlo(scenario, 4_096, 7).p_zopa == pytest.approx(0.65 / 0.8, abs=0.03)
    found = sensitivity(scenario, 4_096, 7)
    for rows in (found.zopa, found.deal_gap):
        assert [r["parameter"] for r in rows] == ["actors.buyer.reservation", "actors.buyer.preferences.price.weight"]
        assert rows[0]["index"] > 0.8 and rows[1]["index"] < 0.05
        assert rows[0]["first"] > 0.7
    top, second = found.tornado
    assert top["parameter"] == "actors.buyer.reservation" and second["swing"] < 0.01 < top["swing"]
    assert sobol_indices(scenario, 4_096, 7, output="deal_gap", bootstrap=0)[0]["parameter"] == "actors.buyer.reservation"
    json.dumps(found.to_json(), allow_nan=False)


def test_sensitivity_is_split_invariant_and_handles_a_constant_output(cairo, phased, monkeypatch):
    one = sobol_indices(phased, 2_000, 3, chunk=700, bootstrap=0)
    two = sobol_indices(phased, 2_000, 3, chunk=2_000, bootstrap=0)
    assert one == two
    import accord.uncertainty.sobol as module

    monkeypatch.setattr(module, "STACK", 1)  # one matrix at a time
    assert sobol_indices(phased, 2_000, 3, chunk=700, bootstrap=0) == one
    blocked = sensitivity(binding(cairo), 500, 3)
    assert blocked.variance_zopa == 0 and all(r["index"] == 0 for r in blocked.zopa)
    assert all(r["swing"] == 0 and r["gap_low"] == GAP_FLOOR for r in blocked.tornado)


def test_tornado_uses_support_ends_and_normal_percentiles():
    rows = {r["parameter"]: r for r in tornado(from_document(numeric_doc()))}
    assert (rows["actors.a.reservation"]["low"], rows["actors.a.reservation"]["high"]) == (0.2, 0.6)
    mid = rows["actors.a.preferences.scope.values.mid"]
    assert mid["low"] == pytest.approx(0.5 - 0.2 * 1.6448536269514722)
    assert mid["high"] == pytest.approx(0.5 + 0.2 * 1.6448536269514722)
    swings = [r["swing"] for r in tornado(from_document(numeric_doc()))]
    assert swings == sorted(swings, reverse=True)


# -- Monte Carlo over simulation --------------------------------------------------------------------------

def test_simulation_monte_carlo_is_reproducible_and_split_invariant(phased):
    a = monte_carlo_simulation(phased, 40, 8, strategies={"israel": "linear", "hamas": "boulware"}, rounds=60)
    b = monte_carlo_simulation(phased, 40, 8, strategies={"israel": "linear", "hamas": "boulware"}, rounds=60, chunk=7)
    c = monte_carlo_simulation(phased, 40, 8, strategies={"israel": "linear", "hamas": "boulware"}, rounds=60, workers=2)
    for other in (b, c):
        for name in ("status", "round", "walkout_by", "deal_options"):
            assert np.array_equal(getattr(a, name), getattr(other, name))
        assert np.array_equal(a.utilities, other.utilities, equal_nan=True)
    data = a.to_json()
    assert a.runs == 40 and 0 <= data["p_agreement"] <= 1
    lo, hi = a.p_agreement_ci
    assert lo <= a.p_agreement <= hi
    shares = data["p_agreement"] + data["p_deadline"] + sum(v["p"] for v in data["p_walkout"].values())
    assert shares == pytest.approx(1.0)
    if a.agreements:
        assert data["rounds_to_deal"]["min"] <= data["rounds_to_deal"]["q50"] <= data["rounds_to_deal"]["max"]
        assert sum(d["count"] for d in data["deals"]) == a.agreements
    json.dumps(data, allow_nan=False)
    assert len(list(a.to_rows())) == 40


def test_simulation_monte_carlo_takes_strategy_objects_and_specs_alike(phased):
    from accord.simulation import Conceder, RandomStrategy, TitForTat

    objects = {"israel": TitForTat(mode="absolute", walkout_after=6), "hamas": RandomStrategy()}
    specs = {"israel": "tit-for-tat:mode=absolute,walkout_after=6", "hamas": "random"}
    a = monte_carlo_simulation(phased, 24, 5, strategies=objects, rounds=40, events=False)
    b = monte_carlo_simulation(phased, 24, 5, strategies=specs, rounds=40, events=False, workers=2, chunk=5)
    assert a.to_json() == b.to_json() and a.strategies == specs
    assert np.array_equal(a.deal_options, b.deal_options) and np.array_equal(a.walkout_by, b.walkout_by)
    assert objects["israel"]._target is None  # each run played a copy
    # an instance of a time-dependent strategy takes the stacked engine like its spec does
    fast = monte_carlo_simulation(phased, 30, 2, strategies={"israel": Conceder(), "hamas": "boulware"}, rounds=30,
                                  events=False)
    same = monte_carlo_simulation(phased, 30, 2, strategies={"israel": "conceder"}, rounds=30, events=False)
    assert np.array_equal(fast.round, same.round) and np.array_equal(fast.status, same.status)


def test_simulation_monte_carlo_plays_once_when_nothing_is_drawn_or_random(monkeypatch):
    from test_analysis import two_issue_doc

    from accord import simulation
    from accord.scenario import from_document
    from accord.uncertainty.simulation import STATUSES

    scenario = from_document(two_issue_doc())
    assert not scenario.uncertain
    calls = []
    real = simulation.simulate
    monkeypatch.setattr(simulation, "simulate", lambda *a, **k: calls.append(k["seed"]) or real(*a, **k))
    found = monte_carlo_simulation(scenario, 50, 3, strategies={"X": "tit-for-tat", "Y": "conceder"}, rounds=20,
                                   workers=2)
    assert found.runs == 50 and len(calls) == 2  # the fail-fast check, then the one negotiation
    assert len(set(found.round.tolist())) == 1 and len(set(found.status.tolist())) == 1
    single = real(scenario, strategies={"X": "tit-for-tat", "Y": "conceder"}, rounds=20, seed=12345, trace=False)
    assert STATUSES[int(found.status[0])] == single.status and int(found.round[-1]) == single.round
    calls.clear()
    monte_carlo_simulation(scenario, 6, 3, strategies={"X": "random"}, rounds=20)
    assert len(calls) == 1 + 6


@pytest.mark.slow
def test_each_simulated_run_uses_its_sampled_parameters(phased):
    # Boulware against Boulware is deterministic: only the sampled parameters make runs differ
    from accord.simulation import simulate
    from accord.uncertainty.simulation import simulation_seed

    phased = binding(phased)  # run_patch carries the numbers, not the bluffs
    found = monte_carlo_simulation(phased, 30, 4, rounds=30, events=False)
    assert 0 < found.agreements < 30
    values = sample_parameters(phased, 30, 4)
    for r in range(30):
        checked = phased.with_patch(run_patch(run_values(values, r)))
        single = simulate(checked, seed=simulation_seed(4, r), rounds=30, trace=False, events=False)
        assert single.status == ("agreement", "deadline", "walkout")[found.status[r]] and single.round == found.round[r]
        if single.agreement:
            assert single.agreement["outcome"] == {i.id: i.options[k] for i, k in zip(found.issues, found.deal_options[r])}


def test_variant_distributions_are_drawn_from_the_same_uniforms(cairo):
    weight = ("actors", "israel", "preferences", "rafah", "weight")
    limited = ("actors", "israel", "preferences", "rafah", "values", "limited")
    u = {weight: 0.9, limited: 0.1}
    resolved = resolve_variants(cairo, u)
    patch = resolved["us-pressure"].patch["actors"]["israel"]["preferences"]["rafah"]
    assert patch["weight"] == pytest.approx(float(ppf(Distribution("triangular", (1.5, 2, 3)), 0.9)))
    assert patch["values"]["limited"] == pytest.approx(float(ppf(Distribution("triangular", (0.55, 0.7, 0.85)), 0.1)))
    assert patch["values"]["deferred"] == 0.5
    # the base's variant is untouched
    assert cairo.variants["us-pressure"].patch["actors"]["israel"]["preferences"]["rafah"]["weight"] == {
        "triangular": [1.5, 2, 3]}


def test_bad_arguments_are_refused(phased):
    with pytest.raises(ValueError, match="runs"):
        monte_carlo(phased, -1, 0)
    with pytest.raises(ValueError, match="chunk"):
        monte_carlo(phased, 10, 0, chunk=0)
    with pytest.raises(ValueError, match="output"):
        sobol_indices(phased, 10, 0, output="nash")
    empty = monte_carlo(phased, 0, 0)
    assert empty.runs == 0 and empty.p_zopa_ci == (0.0, 1.0)
    json.dumps(empty.to_json(), allow_nan=False)


@pytest.mark.slow
def test_simulation_monte_carlo_vectorised_path_matches_run_by_run(monkeypatch):
    import numpy as np

    import accord
    import accord.uncertainty.simulation as sim
    from accord.uncertainty import monte_carlo_simulation

    scenario = accord.load(variant="phased-with-pressure")
    options = dict(events=False, strategies={"israel": "boulware", "hamas": "conceder"}, rounds=60)
    stacked, taken = sim._stacked_form, []
    monkeypatch.setattr(sim, "_stacked_form", lambda job: taken.append(stacked(job)) or taken[-1])
    fast = monte_carlo_simulation(scenario, 300, 11, **options)
    assert taken and all(exponents is not None for exponents in taken)  # the vectorised engine ran every chunk
    monkeypatch.setattr(sim, "_stacked_form", lambda job: None)  # force the one-by-one loop
    slow = monte_carlo_simulation(scenario, 300, 11, **options)
    assert np.array_equal(fast.status, slow.status) and np.array_equal(fast.round, slow.round)
    assert np.array_equal(fast.deal_options, slow.deal_options)
    assert np.allclose(fast.utilities, slow.utilities, equal_nan=True)
    assert 0 < fast.p_agreement < 1 or fast.p_agreement == 1


# -- larger spaces: the route, bounded sub-batches, the sensitivity default ----------------------------------

def _wide_doc(options=401):
    """Two parties, a numeric issue of ``options`` points with an uncertain point, and a three-option issue."""
    return {
        "accord": 1, "name": "wide",
        "issues": {"amount": {"range": [0, options - 1], "step": 1}, "form": {"options": ["a", "b", "c"]}},
        "actors": {
            "x": {"reservation": {"uniform": [0.2, 0.5]}, "preferences": {
                "amount": {"weight": {"uniform": [1, 3]}, "values": {0: 1, options - 1: 0}},
                "form": {"weight": 1, "values": {"a": 0, "b": 1, "c": 0.5}}}},
            "y": {"reservation": {"triangular": [0.2, 0.3, 0.5]}, "preferences": {
                "amount": {"weight": 2, "values": {0: 0, (options - 1) // 3: {"uniform": [0.2, 0.6]}, options - 1: 1}},
                "form": {"weight": 1, "values": {"a": 1, "b": 0.2, "c": 0.6}}}},
        },
    }


def test_the_vectorised_route_takes_any_space_one_run_of_which_fits_a_sub_batch():
    from accord.uncertainty.kernel import vectorised_fits

    scenario = from_document(_wide_doc())                       # 401 x 3 = 1,203 outcomes, two parties
    model = compile_model(scenario)
    assert vectorised_fits(model, 2 * 1_203) and not vectorised_fits(model, 2 * 1_203 - 1)
    assert monte_carlo(scenario, 10, 1, max_elements=2 * 1_203).method == "vectorised"
    assert monte_carlo(scenario, 10, 1, max_elements=2 * 1_203 - 1).method == "per-sample"
    # 120,004 outcomes (the benchmark's large space) go through the vectorised route by default
    big = from_document(_wide_doc(40_001))
    assert big.outcome_count == 120_003 and monte_carlo(big, 3, 1).method == "vectorised"


def test_sub_batches_bound_the_per_run_arrays_and_do_not_change_results(monkeypatch):
    """Uncertain points on a wide numeric issue give per-run score arrays: they are built a sub-batch at a time."""
    from accord.uncertainty.model import Model

    scenario = from_document(_wide_doc())
    whole = monte_carlo(scenario, 300, 5)
    sizes = []
    real = Model.batch
    monkeypatch.setattr(Model, "batch", lambda self, values, n=None: sizes.append(n) or real(self, values, n))
    small = monte_carlo(scenario, 300, 5, max_elements=2 * 1_203 * 7)  # 7 runs' utilities per sub-batch
    assert sizes and max(sizes) <= 7 and sum(sizes) == 300
    for name in ("zopa", "zopa_size", "nash", "ks", "blocker", "short"):
        assert np.array_equal(getattr(whole, name), getattr(small, name)), name
    assert np.array_equal(whole.deal_gap, small.deal_gap)
    assert np.array_equal(whole.utilities, small.utilities, equal_nan=True)
    slow = monte_carlo(scenario, 60, 5, max_outcomes=0)        # and the per-sample route agrees
    assert np.array_equal(whole.nash[:60], slow.nash) and np.allclose(whole.deal_gap[:60], slow.deal_gap, atol=1e-12)


def test_default_sensitivity_scales_with_the_runs_asked(monkeypatch):
    from accord.uncertainty.sobol import SENSITIVITY_RUNS, sensitivity_runs

    assert sensitivity_runs(20) == 20 and sensitivity_runs(10**6) == SENSITIVITY_RUNS == 1024
    assert sensitivity_runs(20, 4096) == 4096 and sensitivity_runs(10**6, 0) == 0
    from typer.testing import CliRunner

    from accord import uncertainty
    from accord.cli import app

    asked = []
    real = uncertainty.sensitivity
    monkeypatch.setattr(uncertainty, "sensitivity", lambda s, n, seed, **k: asked.append(n) or real(s, n, seed, **k))
    for extra, expected in (([], 30), (["--sensitivity-runs", "64"], 64)):
        result = CliRunner().invoke(app, ["montecarlo", "--variant", "phased-ceasefire", "--runs", "30", "--json", *extra])
        assert result.exit_code == 0, result.output
    assert asked == [30, 64]


def test_small_sensitivity_runs_raise_no_library_warning():
    """Few rows or few bootstrap resamples leave some resamples without variance: no numpy warning, no interval."""
    import warnings

    from accord.uncertainty.sobol import _spread

    phased = accord.load(variant="phased-ceasefire")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for runs, resamples in ((1, 100), (2, 100), (5, 1), (20, 2), (20, 100)):
            found = sensitivity(phased, runs, 3, bootstrap=resamples)
            json.dumps(found.to_json(), allow_nan=False)
            if resamples == 1:
                assert all(r["index_conf"] is None for r in found.deal_gap)
        spread = _spread(np.array([[1.0, np.nan, 2.0], [3.0, np.nan, np.nan], [np.nan, np.nan, np.nan]]))
    assert spread[0] == pytest.approx(np.std([1.0, 3.0], ddof=1)) and np.isnan(spread[1:]).all()


# -- honest sensitivity indices: intervals, and when they mean nothing ---------------------------------------

def almost_sure_doc():
    """Two parties, one issue; a's reservation ~ N(0.2, 0.12): P(ZOPA) about 99.5% (a ZOPA unless r_a > 0.5)."""
    return {"accord": 1, "name": "almost sure", "issues": {"price": {"options": ["low", "mid", "high"]}},
            "actors": {"a": {"reservation": {"normal": [0.2, 0.12]},
                             "preferences": {"price": {"values": {"low": 0, "mid": 0.5, "high": 1}}}},
                       "b": {"reservation": 0.2, "preferences": {"price": {"values": {"low": 1, "mid": 0.5, "high": 0}}}}}}


def test_indices_come_with_seeded_bootstrap_intervals():
    doc = price_doc({"uniform": [0.1, 0.9]}, weight={"uniform": [3, 3.03]}, extra_issue=True)
    scenario = from_document(doc)
    found = sensitivity(scenario, 1_024, 7)
    again = sensitivity(scenario, 1_024, 7)
    assert found.to_json() == again.to_json()  # the same seed, the same intervals
    other = sensitivity(scenario, 1_024, 8)
    assert other.zopa[0]["index_ci"] != found.zopa[0]["index_ci"]
    for row in (*found.zopa, *found.deal_gap):
        for key in ("index", "first"):
            low, high = row[f"{key}_ci"]
            assert low <= high and high - low < 0.5
    top = found.zopa[0]
    assert top["index_ci"][0] < top["index"] < top["index_ci"][1]
    assert found.to_json()["sobol"]["zopa"]["meaningful"] is True and found.to_json()["sobol"]["zopa"]["reason"] is None


def test_indices_of_an_output_that_barely_varies_are_flagged_not_meaningful():
    scenario = from_document(almost_sure_doc())
    found = sensitivity(scenario, 1_024, 0)
    p = found.mean_zopa
    assert p is not None and 0.98 < p < 1
    ok, reason = found.meaningful("zopa")
    assert not ok and "barely varies" in reason and f"{p:.1%}" in reason
    data = found.to_json()["sobol"]["zopa"]
    assert data["meaningful"] is False and data["reason"] == reason
    assert found.meaningful("deal_gap") == (True, None)  # the gap itself varies: its indices mean something
    report = jobs.montecarlo(scenario, runs=1_000, seed=0).to_json()
    assert report["sensitivity_meaningful"] is False and "barely varies" in report["sensitivity_reason"]
    assert all(row["index_ci"] is not None for row in report["sensitivity"])


def test_the_threshold_is_p_one_minus_p_of_one_percent():
    assert meaningful("zopa", 0.0099, 0.99, 1_024)[0] is False
    assert meaningful("zopa", 0.0196, 0.98, 1_024) == (True, None)
    assert meaningful("zopa", 0.25, 0.5, 4)[0] is False  # fewer than ten draws on the minority side
    assert meaningful("deal_gap", 1e-7, 0.3, 1_024)[0] is False
    assert meaningful("zopa", 0.0, None, 0) == (False, "no draws were made")


def test_the_terminal_says_when_indices_are_not_meaningful(tmp_path):
    from typer.testing import CliRunner

    from accord.cli import app

    path = tmp_path / "sure.json"
    path.write_text(json.dumps(almost_sure_doc()), encoding="utf-8")
    result = CliRunner().invoke(app, ["montecarlo", str(path), "--runs", "1000"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Sensitivity indices not meaningful: P(ZOPA) is" in text and "barely varies" in text
    assert "95% bootstrap intervals" in text and re.search(r"\d\.\d\d \[-?\d\.\d\d, -?\d\.\d\d\]", text)


# -- bounded memory of the Monte Carlo with simulation ------------------------------------------------------


def _uncertain_summit(parties: int) -> accord.Scenario:
    """The climate summit (tests/climate_scenario.py) with every party's reservation drawn uniformly."""
    from climate_scenario import climate_summit

    doc = climate_summit(parties, 5)
    for actor in doc["actors"].values():
        if actor.get("role", "party") == "party":
            actor["reservation"] = {"uniform": [0.0, 0.3]}
    return from_document(doc)


def test_simulation_results_do_not_depend_on_the_memory_budget_or_the_workers(cairo):
    """The vectorised bilateral path holds a chunk at once: a budget of one draw makes chunks of one, same JSON."""
    from accord.uncertainty.simulation import simulation_memory

    options = dict(strategies={"israel": "boulware", "hamas": "conceder"}, rounds=40, events=False)
    tight = simulation_memory(cairo, 30, chunk=256, stacked=True).per_draw + 30 * 64 * 8
    assert simulation_memory(cairo, 30, chunk=256, memory=tight, stacked=True).chunk == 1
    wide = monte_carlo_simulation(cairo, 30, 4, **options)
    narrow = monte_carlo_simulation(cairo, 30, 4, memory=tight, **options)
    assert json.dumps(wide.to_json()) == json.dumps(narrow.to_json())
    summit = _uncertain_summit(5)
    one = monte_carlo_simulation(summit, 6, 2, rounds=30, chunk=4)
    two = monte_carlo_simulation(summit, 6, 2, rounds=30, chunk=1, workers=2, memory=2**31)
    assert json.dumps(one.to_json()) == json.dumps(two.to_json()) and one.runs == 6


def test_simulation_memory_is_one_draw_at_a_time_and_below_the_estimate():
    """Counted bytes, not time: the peak of 1 and of 4 draws is the same (nothing kept per draw) and below the
    estimate of one draw; before, every draw's scenario kept its outcome-space tables alive."""
    import gc
    import tracemalloc
    import weakref

    from accord.simulation import simulate
    from accord.uncertainty.simulation import draw_bytes

    summit = _uncertain_summit(8)
    monte_carlo_simulation(summit, 1, 0, rounds=20)  # imports and first-use caches outside the measure
    peaks = []
    for runs in (1, 4):
        gc.collect()
        tracemalloc.start()
        monte_carlo_simulation(summit, runs, 0, rounds=20, chunk=256)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 1.25 * peaks[0] + 2**20, peaks
    assert peaks[1] < draw_bytes(summit), (peaks, draw_bytes(summit))
    run = realise(summit, {})
    alive = weakref.ref(run)
    simulate(run, rounds=5, trace=False)
    del run
    gc.collect()
    assert alive() is None  # the cached simulation table does not keep its scenario alive


def test_simulation_beyond_the_memory_budget_is_refused_before_it_starts(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from accord import simulation
    from accord.cli import app
    from accord.limits import WorkTooLarge
    from accord.uncertainty.simulation import draw_bytes, simulation_memory

    summit = _uncertain_summit(6)
    per_draw = draw_bytes(summit)
    calls: list = []
    monkeypatch.setattr(simulation, "simulate", lambda *a, **k: calls.append(1))
    with pytest.raises(WorkTooLarge, match="raise --memory to at least"):
        monte_carlo_simulation(summit, 10, 0, memory=per_draw // 2)
    with pytest.raises(WorkTooLarge, match="--workers 2"):
        simulation_memory(summit, 10, workers=3, memory=2 * per_draw + 2**16)
    assert not calls  # nothing ran
    estimate = simulation_memory(summit, 10, workers=2, memory=2**31)
    assert estimate.in_flight == 2 and estimate.total == 2 * per_draw + estimate.records
    monkeypatch.undo()
    runner = CliRunner()
    path = tmp_path / "summit.json"
    path.write_text(json.dumps(summit.document))
    refused = runner.invoke(app, ["montecarlo", str(path), "--simulate", "--runs", "5", "--memory", "1MiB"])
    assert refused.exit_code == 1 and "--memory" in refused.output and "MiB per draw" in refused.output
    malformed = runner.invoke(app, ["montecarlo", str(path), "--simulate", "--memory", "lots"])
    assert malformed.exit_code == 2


def test_memory_sizes_are_parsed_in_binary_and_si_units():
    from accord.cli.common import UsageProblem, parse_bytes

    assert parse_bytes("1GiB", "--memory") == parse_bytes("1g", "--memory") == 2**30
    assert parse_bytes("2GB", "--memory") == 2 * 10**9 and parse_bytes("512MiB", "--memory") == 2**29
    assert parse_bytes("1.5 KiB", "--memory") == 1536 and parse_bytes("100", "--memory") == 100
    for bad in ("", "1 parsec", "-1G", "0"):
        with pytest.raises(UsageProblem):
            parse_bytes(bad, "--memory")
