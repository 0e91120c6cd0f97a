"""Hostile files: sources escaping the scenario's folder, FIFOs and devices as inputs, read-only and newer
stores, user text that looks like markup or emoji or holds control characters, and the one rule for output
files (checked before the work, replaced atomically, never an input).

Commands that could hang on a FIFO run in a subprocess with a timeout, so a regression fails instead of
blocking the test run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from accord._io import (
    FileTooLarge,
    InputRefused,
    NotARegularFile,
    check_output,
    inside,
    read_bounded,
    replacing,
    shown,
    staging,
)
from accord.cli import app
from accord.errors import InvalidInput
from accord.scenario import load, reader
from accord.scenario._load import default_path

runner = CliRunner()
CAIRO = default_path()
HANG = 60  # seconds: far more than any of these commands needs; reached only if a FIFO blocks


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def run_process(*args, timeout: float = HANG, prefix: tuple = ()) -> subprocess.CompletedProcess:
    """``accord ARGS`` in a child process, killed after ``timeout`` (a hang is a failure, not a stuck run)."""
    command = [*prefix, sys.executable, "-m", "accord", *map(str, args)]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "COLUMNS": "200"})
    except subprocess.TimeoutExpired:
        pytest.fail(f"accord {' '.join(map(str, args))} blocked for {timeout} s")


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of the Cairo scenario and its article in ``tmp_path/scenario``."""
    target = tmp_path / "scenario"
    shutil.copytree(CAIRO.parent, target)
    return target


def with_source(folder: Path, file: str, name: str = "s.yaml", quote: str | None = None) -> Path:
    """The Cairo scenario with its seed article's ``file:`` replaced (and, optionally, one quote)."""
    doc = yaml.safe_load((folder / "scenario.yaml").read_text())
    (sid,) = [sid for sid, s in doc["sources"].items() if s.get("file")]
    doc["sources"][sid]["file"] = file
    if quote is not None:
        for actor in doc["actors"].values():
            for item in actor.get("evidence", []):
                if item.get("source") == sid and "quote" in item:
                    item["quote"] = quote
    path = folder / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    return path


# ------------------------------------------------------------------ sources stay inside the scenario's folder
def test_a_dot_dot_source_is_refused_and_is_no_oracle(folder, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:hunter2\n")
    answers = []
    for quote in ("hunter2", "not in the file at all"):  # a quote that matches and one that does not
        path = with_source(folder, "../secret.txt", quote=quote)
        code, _, err = run("validate", path)
        assert code == 1 and "outside the scenario's folder" in err
        answers.append(err)
    assert answers[0] == answers[1]  # the same answer whatever the outside file holds
    assert "hunter2" not in answers[0]
    # a path that does not exist outside gets the same answer as one that does: no existence oracle either
    code, _, err = run("validate", with_source(folder, "../no-such-file.txt"))
    assert code == 1 and "outside the scenario's folder" in err and "does not exist" not in err


def test_a_deep_dot_dot_source_like_etc_passwd_is_refused(folder):
    code, _, err = run("validate", with_source(folder, "../../../../../../../../etc/passwd"))
    assert code == 1 and "outside the scenario's folder" in err


def test_a_symlink_pointing_outside_is_refused_and_not_stored(folder, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the outside text\n")
    (folder / "link.txt").symlink_to(secret)
    path = with_source(folder, "link.txt")
    code, _, err = run("validate", path)
    assert code == 1 and "'link.txt' is outside the scenario's folder" in err
    assert load(path).sources["seed-article"].text is None  # nothing of the outside file is read
    db = tmp_path / "store.db"
    code, _, err = run("track", "add", path, "--db", db)
    assert code == 0 and "warning:" in err and "outside the scenario's folder" in err
    con = sqlite3.connect(db)
    (sources,) = con.execute("SELECT sources FROM versions").fetchone()
    con.close()
    assert "the outside text" not in sources


def test_a_symlink_inside_the_folder_is_followed(folder):
    (folder / "sub").mkdir()
    shutil.move(folder / "cairo-talks-2024.txt", folder / "sub" / "article.txt")
    (folder / "link.txt").symlink_to(Path("sub") / "article.txt")
    code, _, err = run("validate", with_source(folder, "link.txt"))
    assert code == 0, err
    code, _, err = run("validate", with_source(folder, "sub/../sub/article.txt", name="t.yaml"))
    assert code == 0, err


def test_a_source_that_is_a_directory_or_too_large_is_refused(folder):
    (folder / "dir.txt").mkdir()
    code, _, err = run("validate", with_source(folder, "dir.txt"))
    assert code == 1 and "is a directory" in err
    with open(folder / "big.txt", "wb") as handle:
        handle.truncate(2 * 1024 * 1024 + 1)
    code, _, err = run("validate", with_source(folder, "big.txt", name="t.yaml"))
    assert code == 1 and "larger than" in err


def test_inside_refuses_escapes_before_looking_at_the_target(tmp_path):
    (tmp_path / "base").mkdir()
    assert inside(tmp_path / "base", "a/../b.txt") == (tmp_path / "base" / "b.txt").resolve()
    for name in ("../x", "/etc/passwd", "a/../../x"):
        with pytest.raises(InputRefused, match="outside"):
            inside(tmp_path / "base", name)


# ------------------------------------------------------------------ FIFOs and devices never block
@pytest.fixture
def fifo(tmp_path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    path = tmp_path / "scenario" / "fifo.txt"
    path.parent.mkdir(exist_ok=True)
    os.mkfifo(path)
    return path


@pytest.mark.slow
def test_a_fifo_source_is_refused_without_blocking(folder, fifo):
    path = with_source(folder, fifo.name)
    done = run_process("validate", path)
    assert done.returncode == 1 and "FIFO" in done.stderr
    done = run_process("analyze", path)
    assert done.returncode == 0 and "warning:" in done.stderr and "FIFO" in done.stderr


@pytest.mark.parametrize("args", [
    ("validate", "{fifo}"),
    ("analyze", "{fifo}"),
    ("forecast", "--table", "{fifo}"),
    ("extract", "{fifo}"),
    ("evidence", "{fifo}"),
    ("import", "genius", "{fifo}", "{data}/genius/EnglandZimbabwe/England.xml",
     "{data}/genius/EnglandZimbabwe/Zimbabwe.xml", "-o", "{tmp}/x.yaml"),
    ("import", "geniusweb", "{data}/geniusweb/Fitness/fitness.json", "{fifo}",
     "{data}/geniusweb/Fitness/fitness2.json", "-o", "{tmp}/x.yaml"),
    ("track", "list", "--db", "{fifo}"),
    ("tournament", "--db", "{fifo}", "--reps", "1", "--rounds", "2"),
], ids=lambda a: " ".join(a[:2]))
@pytest.mark.slow
def test_a_fifo_input_is_refused_without_blocking(args, fifo, tmp_path):
    data = Path(__file__).parent / "data"
    done = run_process(*(a.format(fifo=fifo, tmp=tmp_path, data=data) for a in args))
    assert done.returncode == 1, done.stderr
    assert "FIFO" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("args", [("forecast", "--table", "/dev/zero"), ("validate", "/dev/zero"),
                                  ("track", "list", "--db", "/dev/zero"), ("extract", "/dev/zero")])
def test_a_device_input_is_refused_unread(args):
    done = run_process(*args)
    assert done.returncode == 1 and "a device" in done.stderr, done.stderr


def test_read_bounded_reads_at_most_the_cap_and_refuses_what_is_not_a_regular_file(tmp_path, fifo):
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 1000)
    assert read_bounded(path, 1000) == b"x" * 1000
    with pytest.raises(FileTooLarge):
        read_bounded(path, 999)
    with pytest.raises(IsADirectoryError):
        read_bounded(tmp_path, 10)
    with pytest.raises(FileNotFoundError):
        read_bounded(tmp_path / "missing", 10)
    with pytest.raises(NotARegularFile, match="FIFO"):  # returns at once: opened without blocking
        read_bounded(fifo, 10)
    assert reader.read_bounded is read_bounded  # the scenario layer's reader is this one


# ------------------------------------------------------------------ stores: read-only, newer schema
def make_store(path: Path) -> None:
    code, _, err = run("track", "add", CAIRO, "--db", path)
    assert code == 0, err


def read_only_runner(folder: Path):
    """``python ARGS`` in a child process that sees ``folder`` read-only, by a means that works for the user
    running the tests.

    As a normal user, ``chmod 555``. As root (who ignores permission bits), a read-only bind mount of
    the folder in a private mount namespace (``unshare -m``). Skipped, with the reason, when neither is
    possible.
    """
    env = {**os.environ, "COLUMNS": "200"}

    def finish(command: list[str]) -> subprocess.CompletedProcess:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=HANG, env=env)
        except subprocess.TimeoutExpired:
            pytest.fail("blocked on a read-only store")

    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda *args: finish([sys.executable, *map(str, args)])
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("running as root, where permissions do not stop writes, and unshare is missing")
    mount = f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' '{folder}'"
    probe = subprocess.run([unshare, "-m", "sh", "-c", f"{mount} && ! touch '{folder}/probe' 2>/dev/null"],
                           capture_output=True, text=True, timeout=HANG)
    if probe.returncode != 0:
        pytest.skip(f"running as root, where permissions do not stop writes, and no read-only mount: {probe.stderr}")
    return lambda *args: finish([unshare, "-m", "sh", "-c", f'{mount} && exec "$0" "$@"', sys.executable,
                                 *map(str, args)])


@pytest.mark.slow
def test_a_wal_store_in_a_read_only_folder_is_read_and_refuses_writes(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "accord.db"
    make_store(db)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    before = sha(db)
    python = read_only_runner(folder)

    def accord(*args):
        return python("-m", "accord", *args)

    try:
        done = accord("track", "list", "--db", db)
        assert done.returncode == 0, done.stderr
        assert "cairo-ceasefire-and-hostage-talks" in done.stdout and "corrupt" not in done.stderr
        done = accord("track", "show", "cairo-ceasefire-and-hostage-talks", "--db", db, "--json")
        assert done.returncode == 0, done.stderr
        done = accord("track", "add", CAIRO.parent / "scenario.yaml", "--db", db, "--note", "x")
        assert done.returncode == 1 and "read-only" in one_line(done.stderr) and "corrupt" not in done.stderr
        done = accord("track", "run", "cairo-ceasefire-and-hostage-talks", "--db", db)
        assert done.returncode == 1 and "read-only" in one_line(done.stderr)
        done = accord("track", "timeline", "cairo-ceasefire-and-hostage-talks", "--db", db, "--json")
        assert done.returncode == 0, done.stderr
        pytest.importorskip("fastapi")
        web = ("from fastapi.testclient import TestClient; from accord.web import create_app; import sys; "
               "answer = TestClient(create_app(store=sys.argv[1])).get('/api/track'); "
               "print(answer.status_code, answer.text)")
        done = python("-c", web, db)  # what accord serve --db does
        assert done.returncode == 0 and done.stdout.startswith("200 ") and "cairo" in done.stdout, done.stderr
    finally:
        folder.chmod(0o755)
    assert sha(db) == before


def test_a_store_with_a_newer_schema_is_refused_without_writing_a_byte(tmp_path):
    db = tmp_path / "accord.db"
    make_store(db)
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.execute("PRAGMA journal_mode=DELETE")  # a switch back to WAL would rewrite the header
    con.close()
    assert not (tmp_path / "accord.db-wal").exists()
    before, stamp = sha(db), db.stat().st_mtime_ns
    for args in (("track", "list"), ("track", "add", CAIRO)):
        code, _, err = run(*args, "--db", db)
        assert code == 1 and "newer than this accord" in err and "9999_from_the_future" in err
    from accord.store import StoreError, open_store

    with pytest.raises(StoreError, match="newer"):
        open_store(str(db))
    assert sha(db) == before and db.stat().st_mtime_ns == stamp
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()


# ------------------------------------------------------------------ user text printed literally
def test_emoji_and_markup_in_names_are_printed_as_written(folder):
    doc = yaml.safe_load((folder / "scenario.yaml").read_text())
    doc["name"] = "root:x:0 :fire: [/b] [red]x"
    path = folder / "n.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    for command in ("analyze", "compare", "forecast", "simulate"):
        code, out, err = run(command, path)
        assert code == 0, err
        assert "root:x:0 :fire: [/b] [red]x" in out, out
        assert "❌" not in out and "🔥" not in out


def test_emoji_codes_in_an_error_stay_text():
    code, _, err = run("analyze", "--variant", "root:x:0:fire:")
    assert code == 1
    assert "'root:x:0:fire:'" in one_line(err) and "❌" not in err and "🔥" not in err


@pytest.mark.parametrize("bad", ["a\nb", "a\rb", "a\x1b[31mred", "a\u2028b", "a\x85b", "a\x0bb"])
def test_control_characters_keep_an_error_on_one_line(bad):
    code, _, err = run("analyze", "--variant", bad)
    assert code == 1
    line = one_line(err)
    assert "\x1b" not in line and "\r" not in line and line.startswith("error: ")


def test_control_characters_in_a_file_name_are_escaped(tmp_path):
    code, _, err = run("validate", tmp_path / "a\nb.yaml")
    assert code == 1 and "a\\nb.yaml" in one_line(err)


def test_shown_escapes_only_what_cannot_be_printed():
    assert shown("Ḥamās: root:x:0 [red]") == "Ḥamās: root:x:0 [red]"
    assert shown("a\nb\tc\x1b") == "a\\nb\\tc\\x1b"


# ------------------------------------------------------------------ output files: one rule
def test_replacing_keeps_the_old_file_when_the_work_fails(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    with pytest.raises(RuntimeError):
        with replacing(target, "w") as handle:
            handle.write("half a new file")
            raise RuntimeError("the work failed")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left
    with replacing(target, "w") as handle:
        handle.write("new\n")
    assert target.read_text() == "new\n" and stat.S_IMODE(target.stat().st_mode) == 0o640
    with pytest.raises(KeyboardInterrupt):
        with staging(target) as temporary:
            temporary.write_text("staged")
            raise KeyboardInterrupt
    assert target.read_text() == "new\n" and [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_check_output_refuses_before_the_work(tmp_path, fifo):
    with pytest.raises(InvalidInput, match="does not exist"):
        check_output(tmp_path / "missing" / "x.csv", "-o")
    with pytest.raises(InvalidInput, match="is a directory"):
        check_output(tmp_path, "-o")
    with pytest.raises(InvalidInput, match="FIFO"):
        check_output(fifo, "-o")
    data = tmp_path / "in.yaml"
    data.write_text("x")
    (tmp_path / "alias.yaml").symlink_to(data)
    with pytest.raises(InvalidInput, match="input of this command"):
        check_output(tmp_path / "alias.yaml", "-o", (data,))


@pytest.mark.parametrize("args", [
    ("report", "-o", "{out}"),
    ("simulate", "--trace", "{out}"),
    ("montecarlo", "--runs", "50", "--sensitivity-runs", "0", "-o", "{out}"),
    ("tournament", "--reps", "1", "--rounds", "5", "--strategies", "boulware,conceder", "-o", "{out}"),
    ("tournament", "--reps", "1", "--rounds", "5", "--strategies", "boulware,conceder", "--plot", "{out}"),
], ids=lambda a: " ".join(a[:1] + a[-2:-1]))
def test_every_output_replaces_an_existing_file_and_refuses_a_missing_folder(args, tmp_path):
    suffix = ".html" if args[0] == "report" or "--plot" in args else ".csv"
    out = tmp_path / f"out{suffix}"
    out.write_text("old content")
    code, _, err = run(*(a.format(out=out) for a in args))
    assert code == 0, err
    assert out.read_text() != "old content" and out.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # replaced in place, nothing left beside it
    # a missing folder: refused at once, before any work (exit 1, one line naming it)
    code, _, err = run(*(a.format(out=tmp_path / "no" / "such" / out.name) for a in args))
    assert code == 1 and "does not exist" in one_line(err)


def test_an_output_naming_an_input_is_refused_and_the_input_kept(folder, tmp_path):
    scenario = folder / "scenario.yaml"
    before = sha(scenario)
    as_csv = folder / "scenario.csv"  # a scenario file may have any name; YAML is read whatever the suffix
    shutil.copy(scenario, as_csv)
    for args in (("report", scenario, "-o", scenario), ("simulate", scenario, "--trace", scenario),
                 ("report", scenario, "-o", folder / ".." / "scenario" / "scenario.yaml"),
                 ("montecarlo", as_csv, "--runs", "10", "-o", as_csv)):
        code, _, err = run(*args)
        assert code == 1 and "input of this command" in one_line(err), err
    assert sha(scenario) == before and sha(as_csv) == before
    article = folder / "cairo-talks-2024.txt"
    code, _, err = run("extract", article, "-o", article)
    assert code == 1 and "input of this command" in one_line(err)
    db = tmp_path / "accord.db"
    make_store(db)
    stored = sha(db)
    code, _, err = run("track", "timeline", "cairo-ceasefire-and-hostage-talks", "--db", db, "-o", db)
    assert code == 1 and "input of this command" in one_line(err)
    code, _, err = run("tournament", "--db", db, "--reps", "1", "-o", db)
    assert code == 1 and "input of this command" in one_line(err)
    assert sha(db) == stored


def test_import_refuses_to_overwrite_its_own_input(tmp_path):
    source = Path(__file__).parent / "data" / "genius" / "EnglandZimbabwe"
    copy = tmp_path / "England.yaml"  # a profile that happens to end in .yaml, named as the output too
    shutil.copy(source / "England.xml", copy)
    before = sha(copy)
    code, _, err = run("import", "genius", source / "EnglandZimbabwe_domain.xml", copy, source / "Zimbabwe.xml",
                       "-o", copy)
    assert code == 1 and "input of this command" in one_line(err)
    assert sha(copy) == before


def test_a_failure_while_writing_keeps_the_old_output(tmp_path, monkeypatch):
    from accord.uncertainty.report import MonteCarloReport

    def broken_rows(self):
        yield from list(original(self))[:3]
        raise KeyboardInterrupt  # Ctrl-C half-way through the per-draw table

    original = MonteCarloReport.to_rows
    monkeypatch.setattr(MonteCarloReport, "to_rows", broken_rows)
    out = tmp_path / "draws.csv"
    out.write_text("the previous table\n")
    code, _, _ = run("montecarlo", "--runs", "50", "--sensitivity-runs", "0", "-o", out, "--json")
    assert code == 130
    assert out.read_text() == "the previous table\n"
    assert [p.name for p in tmp_path.iterdir()] == ["draws.csv"]


def test_a_note_with_markup_is_shown_as_written_in_the_store_tables(tmp_path):
    db = tmp_path / "accord.db"
    note = "root:x:0 [/b] :fire:"
    code, _, err = run("track", "add", CAIRO, "--db", db, "--note", note)
    assert code == 0, err
    for args in (("track", "show", "cairo-ceasefire-and-hostage-talks"),
                 ("track", "show", "cairo-ceasefire-and-hostage-talks@1"),
                 ("track", "timeline", "cairo-ceasefire-and-hostage-talks")):
        code, out, err = run(*args, "--db", db)
        assert code == 0, err
        assert "[/b]" in out and "❌" not in out and "🔥" not in out
