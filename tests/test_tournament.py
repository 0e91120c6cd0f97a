"""Tournaments: plan, scoring, statistics, backends, the results store and resuming."""

from __future__ import annotations

import json
import math
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from accord import load
from accord.backends import BackendError, stream, using
from accord.backends.tournament import run_tournament
from accord.cli import app
from accord.report.tournament import ranking_figure, scenario_figure, tournament_page
from accord.simulation import Conceder, SimulationError, TimeDependent
from accord.simulation.opponent import OpponentModel
from accord.store.errors import NotAStore, StoreError
from accord.tournament import (
    Tournament,
    TournamentError,
    negotiation_seed,
    payload,
    plan,
    play_chunk,
    summarise,
    t_quantile,
    wilson,
)

runner = CliRunner()


@pytest.fixture(scope="module")
def scenarios():
    return (load(None, "phased-ceasefire"), load(None, "talks-resume"))


@pytest.fixture(scope="module")
def small(scenarios):
    return Tournament(("boulware", "conceder", "hardliner", "random"), scenarios, reps=3, rounds=40, seed=5,
                      labels=("phased", "resume"))


def test_plan_is_every_ordered_assignment_times_repetitions(small, scenarios):
    units = plan(small)
    assert len(units) == 2 * 4 ** 2 * 3
    pairs = {(u.scenario, u.assignment) for u in units}
    assert ("boulware", "conceder") in {a for _, a in pairs} and ("conceder", "boulware") in {a for _, a in pairs}
    no_self = Tournament(small.strategies, scenarios, reps=3, self_play=False)
    assert len(plan(no_self)) == 2 * 4 * 3 * 3
    assert all(len(set(u.assignment)) == 2 for u in plan(no_self))
    assert [u.index for u in units] == list(range(len(units)))


def test_seeds_depend_only_on_the_negotiation(small):
    more = Tournament(small.strategies, small.scenarios, reps=5, rounds=40, seed=5)
    seeds = {(u.scenario, u.assignment, u.rep): u.seed for u in plan(more)}
    for u in plan(small):
        assert seeds[(u.scenario, u.assignment, u.rep)] == u.seed
    assert negotiation_seed(5, 0, 0, 0) != negotiation_seed(6, 0, 0, 0)
    assert len({u.seed for u in plan(small)}) == len(plan(small))


def test_fingerprint_changes_with_what_decides_results(small, scenarios):
    base = small.fingerprint()
    assert Tournament(small.strategies, scenarios, reps=3, rounds=40, seed=5, labels=small.labels).fingerprint() == base
    for change in ({"reps": 4}, {"rounds": 41}, {"seed": 6}, {"events": False}):
        args = {"reps": 3, "rounds": 40, "seed": 5, "labels": small.labels, **change}
        assert Tournament(small.strategies, scenarios, **args).fingerprint() != base
    swapped = Tournament(small.strategies, (scenarios[0], load()), reps=3, rounds=40, seed=5, labels=small.labels)
    assert swapped.fingerprint() != base


@pytest.mark.parametrize("kwargs, message", [
    ({"strategies": ()}, "at least one strategy"),
    ({"strategies": ("boulware", "boulware")}, "twice"),
    ({"strategies": ("bluffer",)}, "unknown strategy"),
    ({"strategies": ("zeuthen",)}, "full information"),
    ({"reps": 0}, "'reps' parameter must be an int >= 1"),
    ({"protocol": "auction"}, "'protocol' parameter"),
])
def test_bad_parameters_say_which_and_what_was_expected(scenarios, kwargs, message):
    args = {"strategies": ("boulware",), "scenarios": scenarios, **kwargs}
    with pytest.raises(TournamentError, match=message):
        Tournament(**args)


def test_student_t_and_wilson_against_tables():
    # Student t 0.975 quantiles (standard tables) and Wilson (1927) intervals computed by hand
    for df, value in ((1, 12.7062), (3, 3.1824), (10, 2.2281), (31, 2.0395), (40, 2.0211), (60, 2.0003),
                      (120, 1.9799)):
        assert t_quantile(df) == pytest.approx(value, abs=1e-4)
    quantiles = [t_quantile(df) for df in range(1, 500)]
    assert all(a > b for a, b in zip(quantiles, quantiles[1:]))  # no jump where the table hands over
    assert quantiles[-1] == pytest.approx(1.9647, abs=1e-4)  # df = 499
    low, high = wilson(5, 10)
    assert (low, high) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    assert wilson(0, 20)[0] == 0.0 and wilson(20, 20)[1] == 1.0


def _open_market(reservation: float = 0.1) -> dict:
    """Two parties, two issues, no red lines; each side's best outcome is worth 0.15 > 0.1 to the other."""
    values = {"a": {"x": {"low": 1.0, "mid": 0.6, "high": 0.3}, "y": {"low": 0.0, "mid": 0.5, "high": 1.0}},
              "b": {"x": {"low": 0.3, "mid": 0.5, "high": 1.0}, "y": {"low": 1.0, "mid": 0.7, "high": 0.0}}}
    return {"accord": 1, "name": "open market",
            "issues": {i: {"options": ["low", "mid", "high"]} for i in ("x", "y")},
            "actors": {p: {"role": "party", "reservation": reservation,
                           "preferences": {i: {"weight": 1, "values": values[p][i]} for i in ("x", "y")}}
                       for p in ("a", "b")}}


def test_disagreement_scores_reservations_and_hardliner_takes_its_best(scenarios):
    market = load(_open_market())
    t = Tournament(("hardliner", "conceder"), (market,), reps=1, rounds=40)
    records = play_chunk(payload(t), plan(t))
    by_pair = {tuple(r["strategies"].values()): r for r in records}
    both_hard = by_pair[("hardliner", "hardliner")]
    assert both_hard["status"] == "deadline"
    assert both_hard["utilities"] == {"a": 0.1, "b": 0.1} and both_hard["welfare"] == pytest.approx(0.2)
    for k, party in enumerate(market.parties):
        record = by_pair[tuple("hardliner" if j == k else "conceder" for j in range(2))]
        assert record["status"] == "agreement" and record["utilities"][party] == pytest.approx(1.0)
    result = summarise(records, t.describe(), t.strategies)
    assert [r["strategy"] for r in result.ranking] == ["hardliner", "conceder"]
    # the Cairo base keeps its scripted walkout (round 12): no pairing reaches a deal before it
    cairo = Tournament(("hardliner", "conceder"), (load(None),), reps=1, rounds=40)
    walked = play_chunk(payload(cairo), plan(cairo))
    assert {r["status"] for r in walked} == {"walkout"}
    assert all(r["utilities"] == {p: scenarios[0].actors[p].reservation for p in scenarios[0].parties} for r in walked)


@pytest.mark.slow
def test_summary_statistics_match_the_records(small):
    records = play_chunk(payload(small), plan(small))
    result = summarise(records, small.describe(), small.strategies)
    for row in result.ranking:
        values = [r["utilities"][p] for r in records for p, s in r["strategies"].items() if s == row["strategy"]]
        assert row["observations"] == len(values) == 2 * 2 * 4 * 3  # scenarios x seats x opponents x reps
        mean, sd = np.mean(values), np.std(values, ddof=1)
        assert row["utility"]["mean"] == pytest.approx(mean, abs=1e-9)
        half = t_quantile(len(values) - 1) * sd / math.sqrt(len(values))
        assert row["utility"]["ci95"] == [pytest.approx(mean - half, abs=1e-9), pytest.approx(mean + half, abs=1e-9)]
    means = [r["utility"]["mean"] for r in result.ranking]
    assert means == sorted(means, reverse=True) and [r["rank"] for r in result.ranking] == [1, 2, 3, 4]


@pytest.mark.slow
def test_tournaments_take_strategy_objects_and_specs_alike(scenarios):
    from accord.simulation import Boulware, RandomStrategy, TitForTat

    objects = Tournament((Boulware(exponent=0.1), TitForTat(mode="absolute"), RandomStrategy()), scenarios, reps=2,
                         rounds=30, seed=3)
    specs = Tournament(("boulware:exponent=0.1", "tit-for-tat:mode=absolute", "random"), scenarios, reps=2, rounds=30,
                       seed=3)
    assert objects.strategies == specs.strategies and objects.fingerprint() == specs.fingerprint()
    assert isinstance(objects.players[0], Boulware) and objects.players[0].exponent == 0.1
    local = run_tournament(objects, chunk=5)
    assert local.records == run_tournament(specs, chunk=7).records
    assert run_tournament(objects, workers=2, chunk=4).records == local.records
    with pytest.raises(TournamentError, match="names a strategy twice"):
        Tournament((Boulware(), "boulware"), scenarios)
    with pytest.raises(TournamentError, match="has no parameter 'exponet'"):
        Tournament(("boulware:exponet=1",), scenarios)


@pytest.mark.slow
def test_reusing_deterministic_pairings_is_exact(small):
    units = plan(small)
    together = play_chunk(payload(small), units)
    alone = [record for unit in units for record in play_chunk(payload(small), [unit])]
    assert together == alone
    randoms = [r for r in together if "random" in r["strategies"].values()]
    assert len({json.dumps([r["status"], r["round"], r["outcome"]]) for r in randoms}) > 1  # seeds do matter there


@pytest.mark.slow
def test_same_table_for_any_workers_and_chunk(small):
    reference = run_tournament(small, workers=1, chunk=1000)
    for workers, chunk in ((2, 5), (2, 7), (1, 3)):
        found = run_tournament(small, workers=workers, chunk=chunk)
        assert found.records == reference.records
        assert found.result.to_json() == reference.result.to_json()


@pytest.mark.slow
def test_store_streams_and_resumes_without_recomputing(small, tmp_path):
    db = tmp_path / "runs.db"
    calls = []

    def stop_after_three_chunks(done, total):
        calls.append(done)
        if len(calls) == 4:  # the first call reports 0 done
            raise KeyboardInterrupt

    partial = run_tournament(small, store=db, chunk=10, progress=stop_after_three_chunks)
    assert partial.interrupted and len(partial.records) == 30
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM negotiations").fetchone()[0] == 30
    with pytest.raises(StoreError, match="--resume"):
        run_tournament(small, store=db)
    resumed = run_tournament(small, store=db, resume=True, chunk=10)
    assert resumed.reused == 30 and not resumed.interrupted
    assert resumed.records == run_tournament(small).records
    again = run_tournament(small, store=db, resume=True)
    assert again.reused == len(plan(small)) and again.records == resumed.records


@pytest.mark.slow
def test_store_refuses_foreign_files_and_other_tournaments(small, scenarios, tmp_path):
    foreign = tmp_path / "notes.db"
    foreign.write_bytes(b"my notes, not a database" * 10)
    before = foreign.read_bytes()
    with pytest.raises(NotAStore):
        run_tournament(small, store=foreign, resume=True)
    assert foreign.read_bytes() == before
    other_sqlite = tmp_path / "other.db"
    with sqlite3.connect(other_sqlite) as con:
        con.execute("CREATE TABLE things (x)")
    before = other_sqlite.read_bytes()
    with pytest.raises(NotAStore):
        run_tournament(small, store=other_sqlite, resume=True)
    assert other_sqlite.read_bytes() == before
    db = tmp_path / "runs.db"
    run_tournament(small, store=db)
    different = Tournament(small.strategies, scenarios, reps=2, rounds=40, seed=5, labels=small.labels)
    with pytest.raises(StoreError, match="different tournament"):
        run_tournament(different, store=db, resume=True)


@pytest.mark.slow
def test_killed_run_resumes_to_the_same_table(tmp_path):
    """kill -9 the CLI mid-tournament; --resume completes it with the table of an uninterrupted run."""
    db, folder = tmp_path / "runs.db", tmp_path / "scenarios"
    folder.mkdir()
    example = Path(load().file)
    (folder / "cairo.yaml").write_text(example.read_text())
    args = [sys.executable, "-m", "accord", "tournament", "--scenarios", str(folder), "--reps", "30",
            "--rounds", "60", "--chunk", "4", "--strategies", "boulware,conceder,random", "--json", "--quiet"]
    proc = subprocess.Popen([*args, "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=example.parent)
    deadline = time.monotonic() + 60
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as con:
                    done = con.execute("SELECT COUNT(*) FROM negotiations").fetchone()[0]
            except sqlite3.Error:
                continue
            if done >= 40:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as con:
        stored = con.execute("SELECT COUNT(*) FROM negotiations").fetchone()[0]
    total = 3 * 3 * 30  # scenario, strategies squared, repetitions
    assert 0 < stored < total
    resumed = subprocess.run([*args, "--db", str(db), "--resume"], capture_output=True, text=True,
                             cwd=example.parent, check=True)
    fresh = subprocess.run(args, capture_output=True, text=True, cwd=example.parent, check=True)
    got, want = json.loads(resumed.stdout), json.loads(fresh.stdout)
    assert got["reused"] == stored and got["negotiations"] == total
    assert got["ranking"] == want["ranking"]


@pytest.mark.slow
def test_cli_tournament_json_files_and_errors(tmp_path):
    out, plot, page = tmp_path / "records.csv", tmp_path / "rank.png", tmp_path / "rank.html"
    result = runner.invoke(app, ["tournament", "--reps", "2", "--rounds", "30", "--strategies", "boulware,conceder",
                                 "--json", "--out", str(out), "--plot", str(page)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["negotiations"] == (1 + len(load().variants)) * 4 * 2
    assert {r["strategy"] for r in data["ranking"]} == {"boulware", "conceder"}
    assert len(out.read_text().splitlines()) == data["negotiations"] + 1
    assert "Plotly.newPlot" in page.read_text() and "Tournament" in page.read_text()
    result = runner.invoke(app, ["tournament", "--reps", "1", "--rounds", "20", "--strategies", "boulware,linear",
                                 "--plot", str(plot), "--quiet"])
    assert result.exit_code == 0 and plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for argv, code, text in (
            (["--strategies", "boulware,bluffer"], 1, "unknown strategy"),
            (["--resume"], 2, "--db"),
            (["--scenarios", str(tmp_path / "missing")], 1, "no such file or folder"),
            (["--backend", "spark"], 1, "'backend' parameter"),
            (["--address", "127.0.0.1:1"], 2, "--backend ray"),
    ):
        result = runner.invoke(app, ["tournament", "--reps", "1", *argv])
        assert result.exit_code == code, (argv, result.output)
        assert text in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


@pytest.mark.slow
def test_ranking_figure_carries_the_means_and_intervals(small):
    result = run_tournament(small).result
    figure = ranking_figure(result)
    bars = figure["data"][0]
    assert bars["x"] == [r["strategy"] for r in result.ranking]
    assert bars["y"] == [r["utility"]["mean"] for r in result.ranking]
    for k, row in enumerate(result.ranking):
        assert bars["y"][k] + bars["error_y"]["array"][k] == pytest.approx(row["utility"]["ci95"][1])
        assert bars["y"][k] - bars["error_y"]["arrayminus"][k] == pytest.approx(row["utility"]["ci95"][0])
    heat = scenario_figure(result)["data"][0]
    assert heat["x"] == ["phased", "resume"]
    assert heat["z"][0][0] == result.by_scenario[0]["utility"][result.ranking[0]["strategy"]]
    assert "<table>" in tournament_page(result)


def _square(payload, x):
    return payload * x * x


def test_backends_stream_every_item_once_and_check_parameters():
    for workers in (1, 2):
        got = dict(stream(_square, 3, [(k,) for k in range(9)], workers=workers))
        assert got == {k: 3 * k * k for k in range(9)}
    with pytest.raises(BackendError, match="'workers' parameter"):
        list(stream(_square, 1, [(1,)], workers=0))
    with pytest.raises(BackendError, match="only applies to the ray backend"):
        with using("local", address="127.0.0.1:6379"):
            pass


def test_three_party_scenarios_get_every_assignment_to_every_seat():
    doc = _open_market()
    doc["actors"]["c"] = {"role": "party", "reservation": 0.0, "preferences": {
        "x": {"weight": 1, "values": {"low": 0.5, "mid": 1.0, "high": 0.5}},
        "y": {"weight": 1, "values": {"low": 0.5, "mid": 1.0, "high": 0.5}}}}
    market = load(doc)
    t = Tournament(("boulware", "conceder"), (market,), reps=2, rounds=30)
    units = plan(t)
    assert len(units) == 2 ** 3 * 2
    assert {u.assignment for u in units} == {(a, b, c) for a in t.strategies for b in t.strategies
                                              for c in t.strategies}
    records = play_chunk(payload(t), units)
    assert all(set(r["utilities"]) == {"a", "b", "c"} for r in records)
    result = summarise(records, t.describe(), t.strategies)
    assert {r["observations"] for r in result.ranking} == {3 * 4 * 2}  # seats x assignments per seat x reps
    assert result.to_json()["tournament"]["negotiations"] == len(units)


def test_cli_reads_genius_domain_folders_and_skips_inexact_ones():
    genius = Path(__file__).parent / "data" / "genius"
    result = runner.invoke(app, ["tournament", "--scenarios", str(genius), "--reps", "1", "--rounds", "30",
                                 "--strategies", "boulware,conceder", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["tournament"]["scenarios"] == ["EnglandZimbabwe", "IntegerDomain", "ItexvsCypress"]
    assert data["negotiations"] == 3 * 4
    assert "warning: skipped" in result.stderr and "LaptopA" in result.stderr and "nonlinear" in result.stderr
    named = runner.invoke(app, ["tournament", "--scenarios", str(genius / "LaptopA"), "--reps", "1"])
    assert named.exit_code == 1 and "weights sum to" in named.output and "Traceback" not in named.output
    normalised = runner.invoke(app, ["tournament", "--scenarios", str(genius / "LaptopA"), "--normalise-weights",
                                     "--reps", "1", "--rounds", "30", "--strategies", "boulware,linear", "--json"])
    assert normalised.exit_code == 0 and json.loads(normalised.stdout)["tournament"]["scenarios"] == ["LaptopA"]


def test_cli_tournament_plays_the_classic_agents_and_stores_every_negotiation(tmp_path):
    """The ANAC classics are read from the strategy registry by name; every negotiation lands in --db."""
    from accord.simulation.classics import CLASSICS

    itex = Path(__file__).parent / "data" / "genius" / "ItexvsCypress"
    names = [cls.name for cls in CLASSICS]
    db = tmp_path / "classics.db"
    argv = ["tournament", "--scenarios", str(itex), "--strategies", ",".join(names), "--reps", "1", "--rounds", "30",
            "--db", str(db), "--json", "--quiet"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["negotiations"] == len(names) ** 2  # every ordered pairing, self-play included, one repetition
    assert {row["strategy"] for row in data["ranking"]} == set(names)
    assert all(row["observations"] == 2 * len(names) for row in data["ranking"])  # both seats against each
    with sqlite3.connect(db) as con:
        stored = [json.loads(text) for (text,) in con.execute("SELECT record FROM negotiations ORDER BY idx")]
    assert len(stored) == data["negotiations"]
    assert {tuple(r["strategies"].values()) for r in stored} == {(a, b) for a in names for b in names}
    resumed = runner.invoke(app, [*argv, "--resume"])
    assert resumed.exit_code == 0, resumed.output
    again = json.loads(resumed.stdout)
    assert again["reused"] == data["negotiations"] and again["ranking"] == data["ranking"]


class _FailsInRound7(TimeDependent):
    """A user strategy with a bug: it cannot say what it wants from round 7 on."""

    name = "fails-in-round-7"

    def target(self, view):
        if view.round >= 7:
            raise ValueError("no target past round 6")
        return super().target(view)


class _BrokenModel(OpponentModel):
    """A user opponent model with a bug: it rates nothing from round 5 on."""

    name = "broken"

    def rate(self, view, outcomes):
        if view.round >= 5:
            raise RuntimeError("cannot rate")
        return np.zeros(outcomes.size)


def _stored(db: Path) -> dict[int, str]:
    with sqlite3.connect(db) as con:
        return dict(con.execute("SELECT idx, record FROM negotiations").fetchall())


def test_a_failing_strategy_or_model_stops_the_tournament_in_one_line_and_stores_nothing_of_it(tmp_path):
    scenarios = (load(None, "phased-ceasefire"),)
    faulty = Tournament(("boulware", "conceder", _FailsInRound7(0.2)), scenarios, reps=3, rounds=40, seed=5,
                        labels=("phased",))
    # a fresh store: the failed run leaves no file behind
    fresh = tmp_path / "fresh.db"
    with pytest.raises(SimulationError) as raised:
        run_tournament(faulty, store=fresh, chunk=3)
    message = str(raised.value)
    assert "fails-in-round-7" in message and "round 7" in message and "no target past round 6" in message
    assert len(message.splitlines()) == 1
    assert not fresh.exists()
    # a store already holding part of this tournament (an interrupted run): the failed resume keeps exactly that
    held = tmp_path / "held.db"
    calls = []

    def stop_after_one_chunk(done, total):
        calls.append(done)
        if len(calls) == 2:  # the first call reports 0 done
            raise KeyboardInterrupt

    partial = run_tournament(faulty, store=held, chunk=3, progress=stop_after_one_chunk)
    assert partial.interrupted and len(partial.records) == 3
    assert all("fails-in-round-7" not in r["strategies"].values() for r in partial.records)
    before = _stored(held)
    with pytest.raises(SimulationError, match="round 7"):
        run_tournament(faulty, store=held, resume=True, chunk=3)  # plays more chunks before the failing one
    assert _stored(held) == before
    # an opponent model that raises: the same line, naming the strategy that uses it and the round
    broken = Tournament(("boulware", Conceder(model=_BrokenModel())), scenarios, reps=2, rounds=40, seed=5,
                        labels=("phased",))
    with pytest.raises(StoreError, match="different tournament"):
        run_tournament(broken, store=held, resume=True)  # another tournament: refused before anything is played
    assert _stored(held) == before
    with pytest.raises(SimulationError) as raised:
        run_tournament(broken, store=tmp_path / "broken.db")
    message = str(raised.value)
    assert "conceder" in message and "round 5" in message and "RuntimeError: cannot rate" in message
    assert len(message.splitlines()) == 1 and not (tmp_path / "broken.db").exists()


def test_cli_reports_a_failing_user_strategy_in_one_line_and_keeps_no_store(tmp_path, monkeypatch):
    from accord.simulation import STRATEGIES

    monkeypatch.setitem(STRATEGIES, _FailsInRound7.name, _FailsInRound7)
    db = tmp_path / "runs.db"
    result = runner.invoke(app, ["tournament", "--strategies", "boulware,fails-in-round-7", "--reps", "1",
                                 "--rounds", "40", "--db", str(db), "--quiet"])
    assert result.exit_code == 1, result.output
    assert "fails-in-round-7" in result.output and "round 7" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not db.exists()


def test_self_play_gives_each_party_its_own_copy_of_the_strategy():
    """In self-play both seats play the same strategy, never the same object: a tournament negotiation is
    the negotiation simulate plays with two separate instances (MiCRO counts its own concessions, and every
    time-dependent agent's frequency model learns the other side's offers)."""
    from accord.importers import read_genius
    from accord.scenario import load as load_document
    from accord.simulation import simulate

    itex = Path(__file__).parent / "data" / "genius" / "ItexvsCypress"
    scenario = load_document(read_genius(itex / "ItexvsCypress_domain.xml",
                                         [itex / "ItexvsCypress_Itex.xml", itex / "ItexvsCypress_Cypress.xml"],
                                         normalise_weights=True))
    for name in ("micro", "boulware"):
        found = run_tournament(Tournament((name,), (scenario,), reps=2, rounds=100, seed=3, labels=("itex",)))
        for unit, record in zip(plan(Tournament((name,), (scenario,), reps=2, rounds=100, seed=3,
                                                labels=("itex",))), found.records):
            alone = simulate(scenario, strategies={p: name for p in scenario.parties}, seed=unit.seed,
                             rounds=100, trace=False)
            assert (record["status"], record["round"]) == (alone.status, alone.round), name
            assert record["outcome"] == (alone.agreement["outcome"] if alone.agreement else None), name


# -- bounded designs: lazy plans, refusals with the estimate, balanced samples ----------------------------------


def _summit(parties: int):
    from climate_scenario import climate_summit

    from accord.scenario import from_document

    return from_document(climate_summit(parties, 5))


FOUR = ("boulware", "conceder", "linear", "tit-for-tat")


def test_the_plan_is_lazy_and_in_itertools_order(small):
    import itertools

    t = Tournament(FOUR, (_summit(12),), reps=10, max_negotiations=10**9)
    units = plan(t)
    assert len(units) == 4 ** 12 * 10 and t.describe()["negotiations"] == len(units)  # nothing listed
    row = 9_876_543
    digits = np.base_repr(row, 4).zfill(12)
    assert units[row * 10 + 3].assignment == tuple(FOUR[int(d)] for d in digits) and units[row * 10 + 3].rep == 3
    assert units[-1].assignment == ("tit-for-tat",) * 12 and units[-1].index == len(units) - 1
    no_self = Tournament(small.strategies, small.scenarios, reps=1, self_play=False)
    assert [u.assignment for u in plan(no_self)][:12] == list(itertools.permutations(small.strategies, 2))
    assert [u.index for u in plan(small)[5:9]] == [5, 6, 7, 8]


def test_a_design_beyond_the_limit_is_refused_with_the_estimate_and_the_option():
    from accord.limits import WorkTooLarge

    summit = _summit(12)
    with pytest.raises(WorkTooLarge) as refused:
        Tournament(FOUR, (summit,), reps=2)
    text = str(refused.value)
    assert "33,554,432 negotiations" in text and "4^12" in text and "--assignments" in text
    assert "days" in text and "GiB" in text and "\n" not in text
    with pytest.raises(WorkTooLarge, match="lower --assignments or --reps"):
        Tournament(FOUR, (summit,), reps=100, assignments=400, max_negotiations=1000)
    estimate = Tournament(FOUR, (summit,), reps=3, assignments=8).estimate()
    assert estimate["negotiations"] == 24 and estimate["simulated"] == 8  # deterministic: one play per pairing


@pytest.mark.parametrize("self_play", [True, False])
def test_sampled_designs_put_each_strategy_in_each_seat_equally_often(self_play):
    from collections import Counter

    strategies = FOUR if self_play else (*FOUR, "hardliner", "random", "linear:exponent=2", "conceder:exponent=3",
                                         "boulware:exponent=0.1", "boulware:exponent=0.3", "tit-for-tat:mode=absolute",
                                         "linear:exponent=0.5")
    summit = _summit(12)
    t = Tournament(strategies, (summit,), reps=2, assignments=30, self_play=self_play, seed=3)
    k = len(strategies)
    design = t.design(0)
    assert design.sampled and design.rows == -(-30 // k) * k  # rounded up to whole blocks
    units = list(plan(t))
    assert len(units) == design.rows * 2
    counts = Counter((seat, strategy) for u in units for seat, strategy in enumerate(u.assignment))
    assert len(counts) == 12 * k and set(counts.values()) == {design.rows // k * 2}
    if not self_play:
        assert all(len(set(u.assignment)) == 12 for u in units)
    again = Tournament(strategies, (summit,), reps=2, assignments=30, self_play=self_play, seed=3)
    other = Tournament(strategies, (summit,), reps=2, assignments=30, self_play=self_play, seed=4)
    assert [u.assignment for u in plan(again)] == [u.assignment for u in units]
    assert [u.assignment for u in plan(other)] != [u.assignment for u in units]
    assert t.fingerprint() != Tournament(strategies, (summit,), reps=2, assignments=60, self_play=self_play,
                                         seed=3).fingerprint()
    small = Tournament(FOUR, (load(),), reps=1, assignments=1000)  # asking for more than the full design: full
    assert not small.design(0).sampled and len(plan(small)) == 16


def test_a_sampled_tournament_scores_each_strategy_over_its_seats(tmp_path):
    summit = _summit(6)
    t = Tournament(FOUR, (summit,), reps=2, rounds=20, assignments=4, seed=1)
    run = run_tournament(t, chunk=3)
    assert run.result.negotiations == 8
    for row in run.result.ranking:  # the same number of observations for each strategy: balanced seats
        assert row["observations"] == 8 * 6 // 4
        mine = [r["utilities"][p] for r in run.records for p, s in r["strategies"].items() if s == row["strategy"]]
        assert row["utility"]["mean"] == pytest.approx(float(np.mean(mine)), abs=1e-9)
    design = run.to_json()["tournament"]["design"]
    assert design["kind"] == "sampled" and design["scenarios"][0]["assignments"] == 4
    assert design["scenarios"][0]["full_assignments"] == 4 ** 6
    assert run_tournament(t, chunk=8, workers=2).records == run.records
    path = tmp_path / "summit6.json"
    path.write_text(json.dumps(summit.document))
    cli = runner.invoke(app, ["tournament", "--scenarios", str(path), "--reps", "2", "--rounds", "20", "--seed", "1",
                              "--assignments", "4", "--json"])
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.output)["ranking"] == run.to_json()["ranking"]
    refused = runner.invoke(app, ["tournament", "--scenarios", str(path), "--reps", "2", "--max-negotiations", "1000"])
    assert refused.exit_code == 1 and "--assignments" in refused.output and "4^6" in refused.output
    full = runner.invoke(app, ["tournament", "--scenarios", str(path), "--max-negotiations", "5", "--assignments",
                               "4", "--reps", "2"])
    assert full.exit_code == 1 and "--max-negotiations 5" in full.output
