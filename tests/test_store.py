"""The store (issue 9): versions and runs, semantic diff, the Cairo timeline, reruns, safety, PostgreSQL."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

import accord
from accord.store import ImmutableVersion, NotAStore, StoreError, open_store, semantic_diff

pytest.importorskip("sqlalchemy", reason="the store extra (accord[store]) is not installed")
pytest.importorskip("alembic", reason="the store extra (accord[store]) is not installed")

from typer.testing import CliRunner  # noqa: E402

from accord.cli import app  # noqa: E402
from accord.store.runs import compute, record, rerun, timeline  # noqa: E402

TIMELINE = Path(accord.__file__).parent / "examples" / "cairo-timeline"
FILES = ["2024-05-01-positive-spirit.yaml", "2024-05-05-deadlock.yaml", "2024-05-07-us-pressure.yaml"]


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "accord.db")) as s:
        yield s


@pytest.fixture(scope="module")
def cairo():
    return accord.load()


def changed(doc: dict, *path, value) -> dict:
    doc = copy.deepcopy(doc)
    here = doc
    for key in path[:-1]:
        here = here[key]
    if value is None:
        here.pop(path[-1])
    else:
        here[path[-1]] = value
    return doc


# ------------------------------------------------------------------ round trips

def test_version_round_trip(store, cairo):
    version, created = store.add_version(cairo, "cairo", note="Hamas leaves Cairo")
    assert created and version.ref == "cairo@1" and version.as_of == dt.date(2024, 5, 5)
    again = store.resolve("cairo@1")
    assert again.document == json.loads(json.dumps(version.document))
    assert again.document["actors"]["hamas"]["preferences"]["ceasefire"]["accept"] == ["permanent"]
    assert again.sources["seed-article"]["text"].startswith("Israel-Hamas Talks Stumble")
    assert again.note == "Hamas leaves Cairo" and len(again.sha256) == 64
    assert again.scenario().document["name"] == cairo.name


def test_re_adding_the_same_document_is_a_no_op(store, cairo):
    first, created = store.add_version(cairo, "cairo")
    second, created_again = store.add_version(cairo, "cairo", as_of=dt.date(2024, 6, 1), note="again")
    assert created and not created_again and second.id == first.id and second.note is None
    assert store.counts()["versions"] == 1


def test_versions_and_runs_are_immutable(store, cairo):
    version, _ = store.add_version(cairo, "cairo")
    store.add_run(version, "analysis", {"variant": None}, None, {"x": 1})
    for sql in ("UPDATE versions SET note = 'rewritten'", "DELETE FROM versions", "UPDATE runs SET result = '{}'",
                "DELETE FROM runs"):
        with pytest.raises(ImmutableVersion, match="immutable"):
            store._write(lambda c, sql=sql: c.exec_driver_sql(sql))
    assert store.resolve("cairo@1").note is None and len(store.runs()) == 1


def test_run_round_trip(store, cairo):
    version, _ = store.add_version(cairo, "cairo")
    run = record(store, version, "montecarlo", {"variant": "phased-ceasefire", "runs": 300}, 5)
    back = store.run(run.id)
    assert back.kind == "montecarlo" and back.seed == 5 and back.parameters == {"variant": "phased-ceasefire", "runs": 300}
    assert back.accord_version == accord.__version__ and back.environment["numpy"]
    assert back.result["p_zopa"] > 0.5 and back.version_ref == "cairo@1"
    assert [r.id for r in store.runs(name="cairo")] == [run.id]


def test_references(store, cairo):
    store.add_version(cairo, "cairo", as_of=dt.date(2024, 5, 5))
    other = cairo.with_variant("positive-spirit")
    store.add_version(other, "cairo", as_of=dt.date(2024, 5, 9))
    assert store.resolve("cairo").number == 2 and store.resolve("cairo@latest").number == 2
    assert store.resolve("cairo@2024-05-06").number == 1
    with pytest.raises(StoreError, match="no version as of"):
        store.resolve("cairo@2024-01-01")
    with pytest.raises(StoreError, match="no negotiation"):
        store.resolve("nowhere@1")
    with pytest.raises(StoreError, match="has no version 7"):
        store.resolve("cairo@7")


# ------------------------------------------------------------------ semantic diff

def summaries(old, new) -> list[str]:
    return [c.summary for c in semantic_diff(old, new).changes]


def test_diff_identical(cairo):
    assert semantic_diff(cairo, cairo.document).empty


def test_diff_red_line_weight_value_reservation_power(cairo):
    doc = cairo.document
    new = changed(doc, "actors", "hamas", "preferences", "ceasefire", "accept", value=["phased", "permanent"])
    new = changed(new, "actors", "israel", "preferences", "hostages", "weight", value=5)
    new = changed(new, "actors", "israel", "preferences", "hostages", "values", "all", value=0.9)
    new = changed(new, "actors", "israel", "reservation", value=0.3)
    new = changed(new, "actors", "egypt", "power", value=0.5)
    found = semantic_diff(cairo, new)
    assert [c.summary for c in found.changes] == [
        "israel: reservation 0.5 (triangular 0.4/0.5/0.6) -> 0.3",
        "israel on hostages: weight 3 (triangular 2/3/4) -> 5",
        "israel on hostages: value of all 1 -> 0.9",
        "hamas on ceasefire: red line accepts only permanent -> accepts only phased, permanent",
        "egypt: power 0.3 -> 0.5",
    ]
    red = found.changes[3]
    assert (red.what, red.actor, red.issue, red.old, red.new) == (
        "red line", "hamas", "ceasefire", "accepts only permanent", "accepts only phased, permanent")


def test_diff_red_line_added_and_removed(cairo):
    doc = changed(cairo.document, "actors", "israel", "preferences", "ceasefire", "reject", value=None)
    doc = changed(doc, "actors", "israel", "preferences", "ceasefire", "holds", value=None)  # holds needs a red line
    doc = changed(doc, "actors", "hamas", "preferences", "hostages", "reject", value=["all"])
    found = semantic_diff(cairo, doc)
    assert {(c.kind, c.what, c.actor, c.issue) for c in found.changes} == {
        ("removed", "red line", "israel", "ceasefire"), ("added", "red line", "hamas", "hostages")}


def test_diff_evidence(cairo):
    quote = {"source": "seed-article", "quote": "The coming days will be crucial"}
    ev = cairo.document["actors"]["hamas"]["evidence"]
    doc = changed(cairo.document, "actors", "hamas", "evidence", value=[*ev[1:], quote])
    found = semantic_diff(cairo, doc)
    kinds = [(c.kind, c.what, c.actor) for c in found.changes]
    assert kinds == [("removed", "evidence", "hamas"), ("added", "evidence", "hamas")]
    assert "The coming days will be crucial" in found.changes[1].summary


def test_diff_issues_options_actors_variants_events(cairo):
    doc = copy.deepcopy(cairo.document)
    doc["issues"]["aid"] = {"options": ["none", "some"]}
    doc["issues"]["hostages"]["options"].append("bodies")
    for actor in doc["actors"].values():
        values = (actor.get("preferences") or {}).get("hostages", {}).get("values")
        if values is not None:
            values["bodies"] = 0.1
    doc["actors"]["qatar"] = {"role": "mediator", "power": 0.2}
    del doc["actors"]["gaza-civilians"]
    doc["variants"].pop("positive-spirit")
    doc["variants"]["ceasefire-first"] = {"description": "x", "patch": {"actors": {"israel": {"reservation": 0.4}}}}
    doc["events"]["hamas-leaves-cairo"]["round"] = 15
    found = semantic_diff(cairo, doc)
    got = {(c.kind, c.what, c.path.split(".")[-1] if c.what != "option" else c.new) for c in found.changes}
    for expected in [("added", "issue", "aid"), ("added", "option", "bodies"), ("added", "actor", "qatar"),
                     ("removed", "actor", "gaza-civilians"), ("removed", "variant", "positive-spirit"),
                     ("added", "variant", "ceasefire-first"), ("changed", "event", "hamas-leaves-cairo")]:
        assert expected in got, (expected, got)
    assert ("changed", "value", "bodies") in {(c.kind, c.what, c.path.split(".")[-1]) for c in found.changes}


def test_diff_refuses_an_invalid_document(cairo):
    bad = changed(cairo.document, "actors", "hamas", "reservation", value=7)
    with pytest.raises(accord.ScenarioError):
        semantic_diff(cairo, bad)


def test_diff_of_the_timeline_files():
    before, deadlock, pressure = (accord.load(TIMELINE / f) for f in FILES)
    first = summaries(before, deadlock)
    assert "hamas on ceasefire: red line accepts only phased, permanent -> accepts only permanent" in first
    assert "event hamas-leaves-cairo added" in first
    second = semantic_diff(deadlock, pressure)
    assert {(c.what, c.actor, c.issue) for c in second.changes if c.actor} >= {
        ("weight", "israel", "rafah"), ("value", "israel", "rafah"), ("evidence", "israel", "rafah")}
    assert not any(c.what == "red line" for c in second.changes)


# ------------------------------------------------------------------ the Cairo timeline

@pytest.mark.slow
def test_timeline_files_validate_and_the_deadlock_is_the_base_example(cairo):
    for name in FILES:
        model = accord.load(TIMELINE / name)
        assert str(model.date) == name[:10]
        assert model.sources["seed-article"].text  # the article is next to the files
    assert accord.load(TIMELINE / FILES[1]).document == cairo.document
    assert (TIMELINE / "cairo-talks-2024.txt").read_bytes() == \
        (TIMELINE.parent / "cairo-talks-2024" / "cairo-talks-2024.txt").read_bytes()


def test_cairo_timeline_zopa_closes_at_the_deadlock(store):
    for name in FILES:
        store.add_version(accord.load(TIMELINE / name), "cairo", note=name)
    for version in store.versions("cairo"):
        record(store, version, "montecarlo", {"variant": None, "runs": 400}, 7)
    rows = timeline(store, "cairo")
    assert [r["as_of"] for r in rows] == ["2024-05-01", "2024-05-05", "2024-05-07"]
    assert rows[0]["zopa"] > 0 and rows[0]["nash"]["outcome"]["ceasefire"] == "phased" and not rows[0]["blockers"]
    assert rows[0]["p_zopa"] > 0.5
    for row in rows[1:]:
        assert row["zopa"] == 0 and row["nash"] is None and row["p_zopa"] < rows[0]["p_zopa"]  # only bluffs open it
        assert row["blockers"] == [{"kind": "red-line", "issue": "ceasefire", "parties": ["israel", "hamas"],
                                   "minimal_conflicts": [["israel", "hamas"]], "minimal_conflicts_complete": True}]


# ------------------------------------------------------------------ rerun

@pytest.mark.parametrize("kind,params,seed", [
    ("analysis", {"variant": None}, None),
    ("analysis", {"variant": "phased-ceasefire", "unlock": False}, None),
    ("montecarlo", {"variant": "phased-ceasefire", "runs": 300}, 11),
    ("simulation", {"variant": "talks-resume", "rounds": 100}, 3),
    ("forecast", {"variant": None}, None),
])
def test_rerun_reproduces_bit_for_bit(store, cairo, kind, params, seed):
    version, _ = store.add_version(cairo, "cairo")
    run = record(store, version, kind, params, seed)
    found = rerun(store, run.id)
    assert found.reproduced is True and found.reasons == () and found.new_sha256 == run.result_sha256


def test_rerun_explains_a_different_accord_version_and_a_different_result(store, cairo):
    version, _ = store.add_version(cairo, "cairo")
    result = compute("analysis", cairo, {"variant": None}, None)
    same = store.add_run(version, "analysis", {"variant": None}, None, result, accord_version="0.0.1")
    found = rerun(store, same.id)
    assert found.reproduced is True and found.reasons == (f"stored by accord 0.0.1, this is accord {accord.__version__}",)
    altered = dict(result, acceptable=5)
    other = store.add_run(version, "analysis", {"variant": None}, None, altered, accord_version="0.0.1")
    found = rerun(store, other.id)
    assert found.reproduced is False
    assert found.reasons == (f"stored by accord 0.0.1, this is accord {accord.__version__}",
                             "first difference at $.acceptable: 5 -> 0")


def test_rerun_cannot_recompute_an_unknown_kind_or_parameters(store, cairo):
    version, _ = store.add_version(cairo, "cairo")
    future = store.add_run(version, "negotiation-dance", {}, 1, {"x": 1}, accord_version="9.0.0")
    found = rerun(store, future.id)
    assert found.reproduced is None and "kind 'negotiation-dance' is not known to accord" in found.reasons[0]
    assert "stored by accord 9.0.0" in found.reasons[0]
    odd = store.add_run(version, "analysis", {"variant": None, "precision": 3}, None, {"x": 1})
    found = rerun(store, odd.id)
    assert found.reproduced is None and "not understood" in found.reasons[-1]


# ------------------------------------------------------------------ safety: foreign and corrupt files

def _refused(path: Path, match: str) -> None:
    before = path.read_bytes()
    siblings = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(NotAStore, match=match):
        open_store(str(path))
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == siblings  # no -wal / -shm / journal left behind
    result = CliRunner().invoke(app, ["track", "list", "--db", str(path)])
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "not an accord store" in result.output \
        or "corrupt" in result.output
    assert path.read_bytes() == before


def test_a_text_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n")
    _refused(path, "not an SQLite database")


def test_random_bytes_are_refused_untouched(tmp_path):
    path = tmp_path / "noise.db"
    path.write_bytes(os.urandom(8192))
    _refused(path, "not an SQLite database")


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO customers (name) VALUES ('Ada')")
    con.commit()
    con.close()
    _refused(path, "tables customers")


@pytest.mark.slow
def test_a_corrupt_store_is_refused_untouched(tmp_path, cairo):
    path = tmp_path / "accord.db"
    with open_store(str(path)) as s:
        for k in range(30):
            s.add_version(cairo.with_patch({"description": f"copy {k}"}), "cairo")
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page + 10, len(data), page):  # scribble over every page's b-tree header
        data[offset:offset + 64] = os.urandom(64)
    path.write_bytes(bytes(data))
    _refused(path, "corrupt")


def test_an_empty_file_and_an_empty_sqlite_database_become_stores(tmp_path, cairo):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    fresh = tmp_path / "fresh.db"
    sqlite3.connect(fresh).close()
    for path in (empty, fresh):
        with open_store(str(path)) as s:
            s.add_version(cairo, "cairo")
        with open_store(str(path)) as s:
            assert s.counts() == {"negotiations": 1, "versions": 1, "runs": 0}


def test_wal_mode_and_missing_folder(tmp_path):
    path = tmp_path / "accord.db"
    open_store(str(path)).close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "missing" / "accord.db"))


# ------------------------------------------------------------------ safety: crashes and concurrency

WRITER = textwrap.dedent("""
    import sys, time
    import accord
    from accord.store import open_store
    store = open_store(sys.argv[1])
    version = store.resolve("cairo@1")
    mode = sys.argv[2]
    if mode == "long":          # one long transaction: many rows, then stall until killed
        import sqlalchemy as sa
        from accord.store import schema as t
        from accord.store._canonical import canonical
        def work(conn):
            for k in range(200):
                conn.execute(sa.insert(t.runs).values(version_id=version.id, kind="analysis", parameters="{}",
                    seed=k, accord_version="x", environment="{}", result=canonical({"k": k}) * 50,
                    result_sha256="0" * 64, created="now"))
            print("ready", flush=True)
            time.sleep(60)
        store._write(work)
    else:                       # many small transactions
        count = int(sys.argv[3])
        for k in range(count):
            store.add_run(version, "analysis", {"variant": None, "writer": mode}, k, {"k": k, "writer": mode})
        print("done", flush=True)
""")


def _writer(db: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, db, *args], stdout=subprocess.PIPE, text=True)


def _integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_writer_killed_mid_transaction_leaves_the_store_consistent(tmp_path, cairo, sig):
    path = tmp_path / "accord.db"
    with open_store(str(path)) as s:
        version, _ = s.add_version(cairo, "cairo")
        s.add_run(version, "analysis", {"variant": None}, None, {"before": True})
    proc = _writer(str(path), "long")
    assert proc.stdout.readline().strip() == "ready"  # 200 rows written inside the open transaction
    os.kill(proc.pid, sig)
    proc.wait(timeout=30)
    assert _integrity(path) == "ok"
    with open_store(str(path)) as s:
        assert s.counts() == {"negotiations": 1, "versions": 1, "runs": 1}  # the killed transaction left nothing
        s.add_run(version, "analysis", {"variant": None}, None, {"after": True})
        assert [r.result for r in s.runs()] == [{"before": True}, {"after": True}]


@pytest.mark.slow
def test_concurrent_writers_lose_nothing(tmp_path, cairo):
    path = tmp_path / "accord.db"
    with open_store(str(path)) as s:
        s.add_version(cairo, "cairo")
    procs = [_writer(str(path), name, "40") for name in ("a", "b", "c")]
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0 and out.strip() == "done"
    assert _integrity(path) == "ok"
    with open_store(str(path)) as s:
        runs = s.runs()
    assert len(runs) == 120 and len({r.id for r in runs}) == 120
    for name in "abc":
        assert sorted(r.seed for r in runs if r.parameters["writer"] == name) == list(range(40))


@pytest.mark.slow
def test_concurrent_first_opens_and_version_adds(tmp_path):
    path = tmp_path / "accord.db"
    script = textwrap.dedent("""
        import sys, accord
        from accord.store import open_store
        base = accord.load()
        with open_store(sys.argv[1]) as s:
            for k in range(8):
                s.add_version(base.with_patch({"description": f"{sys.argv[2]} {k}"}), "cairo")
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path), name]) for name in ("a", "b")]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    with open_store(str(path)) as s:
        assert sorted(v.number for v in s.versions("cairo")) == list(range(1, 17))


# ------------------------------------------------------------------ the command line

def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.slow
def test_cli_track_flow(tmp_path):
    db = str(tmp_path / "accord.db")
    for name, note in zip(FILES, ("before", "deadlock", "pressure")):
        result = invoke("track", "add", str(TIMELINE / name), "--name", "cairo", "--note", note, "--db", db)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("stored cairo@")
    again = invoke("track", "add", str(TIMELINE / FILES[0]), "--name", "cairo", "--db", db)
    assert again.exit_code == 0 and "already stored as cairo@1" in again.output and "nothing written" in again.output
    result = invoke("track", "run", "cairo", "--kind", "montecarlo", "--runs", "300", "--seed", "3", "--db", db)
    assert result.exit_code == 0 and result.output.count("stored run") == 3
    timeline_json = json.loads(invoke("track", "timeline", "cairo", "--json", "--db", db).output)
    assert [v["zopa"] > 0 for v in timeline_json["versions"]] == [True, False, False]
    assert [v["p_zopa"] is not None for v in timeline_json["versions"]] == [True, True, True]
    table = invoke("track", "timeline", "cairo", "--db", db)
    assert table.exit_code == 0 and "2024-05-0" in table.output
    listing = json.loads(invoke("track", "list", "--json", "--db", db).output)
    assert listing["negotiations"][0] == {**listing["negotiations"][0], "name": "cairo", "versions": 3, "runs": 3}
    shown = json.loads(invoke("track", "show", "cairo", "--json", "--db", db).output)
    assert [v["as_of"] for v in shown["versions"]] == ["2024-05-01", "2024-05-05", "2024-05-07"]
    one = json.loads(invoke("track", "show", "cairo@2", "--json", "--db", db).output)
    assert one["document"]["date"] == "2024-05-05" and len(one["runs"]) == 1
    diff = invoke("diff", "cairo@1", "cairo@2", "--db", db)
    assert diff.exit_code == 0
    assert "hamas on ceasefire: red line accepts only phased, permanent -> accepts only permanent" in diff.output
    mixed = json.loads(invoke("diff", "cairo@2", str(TIMELINE / FILES[1]), "--json", "--db", db).output)
    assert mixed["identical"] is True
    rerun_out = invoke("rerun", "1", "--db", db)
    assert rerun_out.exit_code == 0 and "reproduces bit for bit" in rerun_out.output


def test_track_run_simulation_takes_the_options_of_simulate_and_reruns(tmp_path):
    db = str(tmp_path / "accord.db")
    assert invoke("track", "add", str(TIMELINE / FILES[1]), "--name", "cairo", "--db", db).exit_code == 0
    options = ["--variant", "talks-resume", "--protocol", "mediated", "--strategy", "israel=conceder",
               "-s", "hamas=tit-for-tat", "--rounds", "60", "--discount", "hamas=0.95", "--first", "hamas",
               "--no-events", "--seed", "7"]
    stored = invoke("track", "run", "cairo@1", "--kind", "simulation", *options, "--json", "--db", db)
    assert stored.exit_code == 0, stored.output
    run = json.loads(stored.output)["runs"][0]
    assert run["seed"] == 7 and run["parameters"] == {
        "variant": "talks-resume", "protocol": "mediated", "strategies": {"israel": "conceder", "hamas": "tit-for-tat"},
        "rounds": 60, "discounts": {"hamas": 0.95}, "first": "hamas", "full_information": False, "events": False}
    with open_store(db) as s:
        result = s.run(run["id"]).result
    direct = invoke("simulate", *options, "--json")  # the same options mean the same negotiation
    assert result == json.loads(direct.output)
    assert result["protocol"] == "mediated" and result["rounds"] == 60
    assert result["strategies"]["hamas"].startswith("tit-for-tat")
    default = json.loads(invoke("track", "run", "cairo@1", "--kind", "simulation", "--variant", "talks-resume",
                                "--seed", "7", "--json", "--db", db).output)["runs"][0]
    with open_store(db) as s:
        assert s.run(default["id"]).result != result  # the options were not ignored
    again = invoke("rerun", str(run["id"]), "--db", db)
    assert again.exit_code == 0 and "reproduces bit for bit" in again.output


def test_track_run_refuses_simulation_options_for_other_kinds(tmp_path):
    db = str(tmp_path / "accord.db")
    assert invoke("track", "add", str(TIMELINE / FILES[1]), "--name", "cairo", "--db", db).exit_code == 0
    for args, text in [(("--kind", "analysis", "--strategy", "israel=conceder"),
                        "--strategy applies to --kind simulation or montecarlo --simulate only; got --kind analysis"),
                       (("--kind", "montecarlo", "--protocol", "mediated", "--no-events"),
                        "--protocol, --no-events apply to --kind simulation or montecarlo --simulate only"),
                       (("--kind", "simulation", "--discount", "hamas=much"), "--discount expects PARTY=FACTOR")]:
        result = invoke("track", "run", "cairo", *args, "--db", db)
        assert result.exit_code == 2 and text in result.output and result.output.count("\n") == 1, result.output
    bad = invoke("track", "run", "cairo", "--kind", "simulation", "--strategy", "israel=nosuch", "--db", db)
    assert bad.exit_code == 1 and "unknown strategy 'nosuch'" in bad.output
    with open_store(db) as s:
        assert s.runs(name="cairo") == []  # nothing stored by a refused run


@pytest.mark.slow
def test_track_timeline_report_is_a_self_contained_page(tmp_path):
    db = str(tmp_path / "accord.db")
    for name in FILES:
        assert invoke("track", "add", str(TIMELINE / name), "--name", "cairo", "--db", db).exit_code == 0
    assert invoke("track", "run", "cairo@1", "--kind", "montecarlo", "--runs", "200", "--db", db).exit_code == 0
    out = tmp_path / "timeline.html"
    result = invoke("track", "timeline", "cairo", "-o", str(out), "--db", db)
    assert result.exit_code == 0 and f"wrote {out}" in result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script src=" not in html and "Plotly.newPlot" in html
    call = html[html.index("Plotly.newPlot("):]
    decoder = json.JSONDecoder()
    _, end = decoder.raw_decode(call, len("Plotly.newPlot("))
    data, _ = decoder.raw_decode(call, end + 1)
    with open_store(db) as s:
        rows = timeline(s, "cairo")
    bars = data[0]
    assert bars["x"] == [r["as_of"] for r in rows] and bars["y"] == [r["zopa"] for r in rows]
    assert data[1]["x"] == ["2024-05-01"] and data[1]["y"] == [rows[0]["p_zopa"]]  # only version 1 has a run
    assert "<td>red lines: ceasefire (israel, hamas)</td>" in html and "<td>cairo@3</td>" in html
    as_json = invoke("track", "timeline", "cairo", "--json", "--output", str(tmp_path / "again.html"), "--db", db)
    assert json.loads(as_json.output)["versions"] == rows and (tmp_path / "again.html").exists()


def test_cli_errors_are_one_line(tmp_path):
    db = str(tmp_path / "accord.db")
    for args, code, text in [
        (("track", "show", "nothing", "--db", db), 1, "no negotiation 'nothing'"),
        (("rerun", "42", "--db", db), 1, "no run 42"),
        (("diff", "missing.yaml", "other.yaml", "--db", db), 1, "no such file"),
        (("track", "add", str(TIMELINE / FILES[0]), "--as-of", "May 1", "--db", db), 2, "YYYY-MM-DD"),
        (("track", "add", str(TIMELINE / FILES[0]), "--name", "has space", "--db", db), 1, "negotiation name"),
        (("track", "run", "cairo", "--kind", "poll", "--db", db), 2, "--kind must be one of"),
    ]:
        result = invoke(*args)
        assert result.exit_code == code, (args, result.output)
        assert text in result.output and result.output.count("\n") == 1, result.output


def test_cli_rerun_exit_status_when_it_does_not_reproduce(tmp_path, cairo):
    db = str(tmp_path / "accord.db")
    with open_store(db) as s:
        version, _ = s.add_version(cairo, "cairo")
        s.add_run(version, "analysis", {"variant": None}, None, {"acceptable": 3}, accord_version="0.0.1")
    result = invoke("rerun", "1", "--db", db, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["reproduced"] is False and data["reasons"][0].startswith("stored by accord 0.0.1")


# ------------------------------------------------------------------ PostgreSQL

def _pg_bin(name: str) -> str | None:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(found[-1]) if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL is not installed (no initdb/pg_ctl; Debian: apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'psycopg[binary]')")
    root = Path(tempfile.mkdtemp(prefix="accord-pg-"))
    os.chmod(root, 0o755)
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root)
            pytest.skip("running as root and there is no 'postgres' user to run a PostgreSQL cluster as")
        os.chown(root, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    try:
        subprocess.run([*prefix, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"],
                       check=True, capture_output=True, timeout=120)
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-l", str(root / "log"), "-w", "-t", "60", "-o",
                        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                       check=True, capture_output=True, timeout=120)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"could not start a throwaway PostgreSQL cluster: {exc} {detail.decode(errors='replace')[:200]}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_database(postgres_url):
    """A fresh database per test on the throwaway cluster."""
    import psycopg

    name = f"t{time.time_ns()}"
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    yield postgres_url.rsplit("/", 1)[0] + "/" + name


def test_postgres_round_trip_and_rerun(pg_database, cairo):
    with open_store(pg_database) as s:
        version, created = s.add_version(cairo, "cairo", note="pg")
        assert created and not s.add_version(cairo, "cairo")[1]
        run = record(s, version, "montecarlo", {"variant": "phased-ceasefire", "runs": 200}, 4)
    with open_store(pg_database) as s:  # reopening: migrations already at head
        assert s.resolve("cairo@1").document == version.document
        assert rerun(s, run.id).reproduced is True
        with pytest.raises(ImmutableVersion):
            s._write(lambda c: c.exec_driver_sql("UPDATE versions SET note = 'x'"))


def test_postgres_concurrent_writers(pg_database, cairo):
    with open_store(pg_database) as s:
        s.add_version(cairo, "cairo")
    procs = [_writer(pg_database, name, "25") for name in ("a", "b")]
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0 and out.strip() == "done"
    with open_store(pg_database) as s:
        assert len(s.runs()) == 50


def test_postgres_foreign_tables_are_refused(pg_database):
    import psycopg

    with psycopg.connect(pg_database, autocommit=True) as con:
        con.execute("CREATE TABLE versions (id int, label text)")
    with pytest.raises(NotAStore, match="without the accord-store marker"):
        open_store(pg_database)
    with psycopg.connect(pg_database, autocommit=True) as con:
        tables = [r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    assert tables == ["versions"]


@pytest.mark.slow
def test_montecarlo_runs_with_simulation_give_the_timeline_its_p_deal(tmp_path):
    db = str(tmp_path / "accord.db")
    for name in FILES:
        assert invoke("track", "add", str(TIMELINE / name), "--name", "cairo", "--db", db).exit_code == 0
    plain = invoke("track", "run", "cairo@1", "--kind", "montecarlo", "--runs", "64", "--db", db, "--json")
    assert plain.exit_code == 0
    sim = invoke("track", "run", "cairo@1", "--kind", "montecarlo", "--runs", "64", "--simulate",
                 "--strategy", "israel=conceder", "--rounds", "40", "--db", db, "--json")
    assert sim.exit_code == 0, sim.output
    run = json.loads(sim.output)["runs"][0]
    with open_store(db) as s:
        stored = s.run(run["id"])
    assert stored.parameters["simulate"]["strategies"] == {"israel": "conceder"}
    assert 0 <= stored.result["p_agreement"] <= 1 and len(stored.result["p_agreement_ci"]) == 2
    document = json.loads(invoke("track", "timeline", "cairo", "--json", "--db", db).output)
    first, later = document["versions"][0], document["versions"][1:]
    assert first["p_deal"] == stored.result["p_agreement"] and first["simulation_montecarlo_run"] == run["id"]
    assert first["montecarlo_run"] == run["id"]  # the latest Monte Carlo run gives P(ZOPA) too
    assert all(v["p_deal"] is None for v in later)
    again = invoke("rerun", str(run["id"]), "--db", db)
    assert again.exit_code == 0 and "reproduces bit for bit" in again.output
    refused = invoke("track", "run", "cairo", "--kind", "analysis", "--simulate", "--db", db)
    assert refused.exit_code == 2 and "--simulate applies to --kind montecarlo only" in refused.output
    from accord.report.timeline import timeline_figure

    figure = timeline_figure(document["versions"], "cairo")
    deal_trace = next(t for t in figure["data"] if t["name"].startswith("P(deal)"))
    assert deal_trace["y"] == [stored.result["p_agreement"]] and deal_trace["x"] == [first["as_of"]]


@pytest.mark.parametrize("kind, options, command", [
    ("montecarlo", ["--runs", "200", "--seed", "4"], ["montecarlo", "--runs", "200", "--seed", "4",
                                                      "--sensitivity-runs", "0"]),
    ("montecarlo", ["--runs", "50", "--seed", "4", "--simulate", "--strategy", "israel=conceder", "--rounds", "40"],
     ["montecarlo", "--runs", "50", "--seed", "4", "--sensitivity-runs", "0", "--simulate", "--strategy",
      "israel=conceder", "--rounds", "40"]),
    ("simulation", ["--seed", "3", "--strategy", "hamas=tit-for-tat", "--rounds", "50"],
     ["simulate", "--seed", "3", "--strategy", "hamas=tit-for-tat", "--rounds", "50"]),
    ("forecast", ["--rounds", "20"], ["forecast", "--rounds", "20"]),
    ("analysis", [], ["analyze"]),
])
def test_a_stored_run_is_what_the_command_prints(tmp_path, kind, options, command):
    db = str(tmp_path / "accord.db")
    scenario = str(TIMELINE / FILES[0])
    assert invoke("track", "add", scenario, "--name", "cairo", "--db", db).exit_code == 0
    stored = invoke("track", "run", "cairo@1", "--kind", kind, *options, "--db", db, "--json")
    assert stored.exit_code == 0, stored.output
    with open_store(db) as s:
        result = s.run(json.loads(stored.output)["runs"][0]["id"]).result
    printed = invoke(*command, scenario, "--json")
    assert printed.exit_code == 0, printed.output
    assert result == json.loads(printed.stdout)
