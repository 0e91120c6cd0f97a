"""accord.jobs: one function per kind of work, returning the result object whose to_json() every edge prints."""

import pytest

import accord
from accord import jobs
from accord.errors import InvalidInput


@pytest.fixture(scope="module")
def cairo():
    return accord.load()


def test_run_dispatches_by_kind_and_names_an_unknown_kind(cairo):
    assert jobs.run("analyze", cairo, unlock=False).to_json() == accord.analyze(cairo, unlock=False).to_json()
    with pytest.raises(InvalidInput, match="'kind' parameter must be one of analyze, evaluate"):
        jobs.run("negotiation-dance", cairo)
    with pytest.raises(TypeError):
        jobs.run("analyze", cairo, unlok=False)  # a misspelt parameter is not ignored


def test_simulate_is_one_negotiation_or_a_batch(cairo):
    talks = cairo.with_variant("talks-resume")
    one = jobs.simulate(talks, seed=7, trace=False)
    assert one.to_json()["trace"] == [] and one.to_json()["status"] == "agreement"
    batch = jobs.simulate(talks, seed=7, runs=3).to_json()
    assert batch["runs"] == 3


def test_forecast_result_owns_the_samples(cairo):
    plain = jobs.forecast(cairo, issue="rafah", models=["median"]).to_json()
    assert plain == {"issues": {"rafah": {"median": plain["issues"]["rafah"]["median"]}},
                     "options": {"rafah": {"median": plain["options"]["rafah"]["median"]}},
                     "red_lines_crossed": {"rafah": {"median": plain["red_lines_crossed"]["rafah"]["median"]}}}
    sampled = jobs.forecast(cairo, issue="rafah", models=["median"], samples=4, seed=2).to_json()
    assert sampled["samples"] == 4 and sampled["seed"] == 2
    assert set(sampled["distribution"]["rafah"]["median"]) == {"mean", "q05", "q25", "q50", "q75", "q95"}
    with pytest.raises(InvalidInput, match="'scenario'"):
        jobs.forecast(None)


def test_montecarlo_refuses_all_variants_on_a_variant(cairo):
    with pytest.raises(InvalidInput, match="all_variants"):
        jobs.montecarlo(cairo.with_variant("phased-ceasefire"), runs=10, all_variants=True)


def test_montecarlo_rows_join_the_simulation_to_the_draws_it_simulated(cairo):
    report = jobs.montecarlo(cairo, runs=12, seed=3, all_variants=True, simulate=True, events=False,
                             sensitivity_runs=0)
    rows = list(report.to_rows())
    variants = [None, *cairo.variants]
    assert len(rows) == 12 * len(variants) and [r["variant"] for r in rows[::12]] == variants
    base = [r for r in rows if r["variant"] is None]
    assert [r["run"] for r in base] == list(range(12))
    statuses = {"agreement": 0, "deadline": 1, "walkout": 2}
    assert [statuses[r["sim_status"]] for r in base] == report.simulation.status.tolist()
    for name, sim in report.variant_simulations.items():  # each variant's rows carry its own simulated talks
        mine = [r for r in rows if r["variant"] == name]
        assert [statuses[r["sim_status"]] for r in mine] == sim.status.tolist()
    assert set(report.variant_simulations) == set(cairo.variants)
    data = report.to_json()
    assert set(data["variants"]) == set(cairo.variants) and "p_agreement" in data and "sensitivity" not in data
    assert all(data["variants"][v]["p_agreement"] == report.variant_simulations[v].p_agreement for v in cairo.variants)
    assert data["interrupted"] is False
