"""The command line's shape: one module per group, one guard, one name per idea, choices from the registries."""

import ast
import inspect
import json
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from accord.backends import BACKENDS
from accord.cli import app
from accord.cli.common import guarded
from accord.forecast import MODELS
from accord.simulation import PROTOCOLS
from accord.simulation.strategies import STRATEGIES
from accord.store import RUN_KINDS

runner = CliRunner()
CLI = Path(__file__).parents[1] / "src" / "accord" / "cli"
GENIUS = Path(__file__).parent / "data" / "genius" / "EnglandZimbabwe"


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def leaves(group=None, prefix=()):
    """(name path, click command) of every command, sub-commands included."""
    group = group or get_command(app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from leaves(command, prefix + (name,))
        else:
            yield prefix + (name,), command


def options(command) -> set[str]:
    return {opt for param in command.params for opt in getattr(param, "opts", ())}


COMMANDS = dict(leaves())


# ------------------------------------------------------------------ structure
def test_every_command_runs_inside_the_one_guard():
    wrapper = guarded(lambda: None).__code__
    assert len(COMMANDS) >= 20
    for name, command in COMMANDS.items():
        found = inspect.unwrap(command.callback, stop=lambda f: f.__code__ is wrapper)  # through typer's own wrapper
        assert found.__code__ is wrapper, name


def test_no_cli_module_imports_app():
    for path in CLI.glob("*.py"):
        if path.name == "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert not (node.level == 1 and node.module == "_app"), path.name
                assert node.module != "accord.cli._app", path.name


def test_app_only_assembles():
    tree = ast.parse((CLI / "_app.py").read_text())
    functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    # every command is registered by its own module: _app.py only builds the root and installs the groups
    assert functions == ["version_callback", "root", "assemble", "group_of", "__getattr__"]


def test_the_groups_table_names_what_each_module_registers():
    """`accord NAME ...` assembles only the module the table gives for NAME, so the table must hold every
    top-level name each module registers, in the order of `accord --help`."""
    import importlib

    from accord.cli._app import GROUPS

    registered = {group: tuple(name for name, _, _ in importlib.import_module(f"accord.cli.{group}").commands._entries)
                  for group in GROUPS}
    assert registered == GROUPS
    assert sorted(get_command(app).commands) == sorted(name for names in GROUPS.values() for name in names)


def test_a_command_imports_only_its_own_module(tmp_path):
    """`accord extract` runs without loading the analysis, the simulation, the forecasts, the reports, the store or
    the web server; a command line that names no command (here the root help) assembles them all."""
    import subprocess
    import sys

    article = tmp_path / "a.txt"
    article.write_text("Talks resume\n\nThe minister said the talks would resume on Monday.\n", encoding="utf-8")
    probe = ("import sys\nfrom accord.cli import main\ncode = main(sys.argv[1:])\n"
             "heavy = ('accord.analysis', 'accord.forecast', 'accord.jobs', 'accord.report', 'accord.simulation', "
             "'accord.store', 'accord.tournament', 'accord.uncertainty', 'accord.web')\n"
             "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)")
    extract = subprocess.run([sys.executable, "-c", probe, "extract", str(article), "--jsonl"], capture_output=True,
                             text=True, check=True)
    assert extract.stderr.strip() == "0 []" and '"attributions"' in extract.stdout
    whole = subprocess.run([sys.executable, "-c", probe, "--help"], capture_output=True, text=True, check=True)
    assert whole.stderr.strip().startswith("0 [") and "accord.forecast" in whole.stderr and "extract" in whole.stdout


# ------------------------------------------------------------------ the README's claims
def test_every_command_but_serve_takes_json():
    missing = [" ".join(name) for name, command in COMMANDS.items() if "--json" not in options(command)]
    assert missing == ["serve"]
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert "takes `--json` for\nmachines, except `accord serve`" in readme


@pytest.mark.parametrize("old, new", [("--out", "--output"), ("--store", "--db"), ("--samples", "--runs"),
                                      ("--montecarlo", "--runs"), ("--report", "--output")])
def test_old_option_names_are_hidden_everywhere(old, new):
    for name, command in COMMANDS.items():
        for param in command.params:
            if old in getattr(param, "opts", ()):
                assert param.hidden, (name, old)
                assert new in options(command), (name, new)


def test_files_written_are_output_and_stores_are_db():
    for name in [("report",), ("extract",), ("import", "genius"), ("import", "geniusweb"), ("export", "genius"),
                 ("montecarlo",), ("tournament",), ("track", "timeline")]:
        assert {"-o", "--output"} <= options(COMMANDS[name]), name
    for name in [("serve",), ("tournament",), ("diff",), ("rerun",), *[k for k in COMMANDS if k[0] == "track"]]:
        assert "--db" in options(COMMANDS[name]), name


# ------------------------------------------------------------------ one name per idea, in use
def test_runs_is_the_number_of_draws_for_forecast_montecarlo_and_report(tmp_path):
    code, out, err = run("forecast", "--runs", "12", "--seed", "3", "--model", "median", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["samples"] == 12 and set(data["distribution"]) == {"ceasefire", "rafah", "hostages"}
    code, out, _ = run("montecarlo", "--runs", "12", "--sensitivity-runs", "0", "--json")
    assert code == 0 and json.loads(out)["runs"] == 12
    code, out, _ = run("report", "--runs", "20", "-o", tmp_path / "b.html", "--json")
    assert code == 0 and json.loads(out)["runs"] == 20 and "Monte Carlo" in (tmp_path / "b.html").read_text()


def test_an_old_name_still_works_with_one_warning_and_not_beside_the_new_one(tmp_path):
    new = run("forecast", "--runs", "6", "--model", "median", "--json")
    old = run("forecast", "--samples", "6", "--model", "median", "--json")
    assert old[0] == 0 and json.loads(old[1]) == json.loads(new[1])
    assert old[2] == "warning: --samples is deprecated; use --runs\n"
    code, _, err = run("forecast", "--samples", "6", "--runs", "6")
    assert code == 2 and "--samples is the old name of --runs" in err
    code, _, err = run("montecarlo", "--runs", "8", "--sensitivity-runs", "0", "--out", tmp_path / "d.csv")
    assert code == 0 and len((tmp_path / "d.csv").read_text().splitlines()) == 9 and "--out is deprecated" in err


def test_montecarlo_and_tournament_write_their_tables_with_output(tmp_path):
    code, _, _ = run("montecarlo", "--runs", "8", "--sensitivity-runs", "0", "-o", tmp_path / "d.csv")
    assert code == 0 and len((tmp_path / "d.csv").read_text().splitlines()) == 9
    code, out, _ = run("tournament", "--reps", "1", "--rounds", "10", "--strategies", "boulware,conceder",
                       "--db", tmp_path / "t.db", "-o", tmp_path / "t.csv", "--json")
    assert code == 0 and (tmp_path / "t.db").exists()
    assert len((tmp_path / "t.csv").read_text().splitlines()) == json.loads(out)["negotiations"] + 1


def test_simulate_summary_hides_the_trace_but_not_the_outcome(tmp_path):
    code, full, _ = run("simulate", "--variant", "talks-resume", "--seed", "7")
    assert code == 0 and "Trace" in full
    code, short, _ = run("simulate", "--variant", "talks-resume", "--seed", "7", "--summary",
                         "--trace", tmp_path / "t.csv")
    assert code == 0 and "Trace" not in short and (tmp_path / "t.csv").read_text().startswith("round")
    outcome = [line for line in full.splitlines() if "Agreement" in line or "No agreement" in line]
    assert outcome and all(line in short for line in outcome)


def test_report_import_and_export_print_what_they_wrote_as_json(tmp_path):
    code, out, _ = run("report", "-o", tmp_path / "b.html", "--json")
    assert code == 0 and json.loads(out) == {"scenario": "Cairo ceasefire and hostage talks", "variant": None,
                                             "format": "html", "runs": 0, "seed": 0,
                                             "written": [str(tmp_path / "b.html")]}
    code, out, _ = run("import", "genius", GENIUS / "EnglandZimbabwe_domain.xml", GENIUS / "England.xml",
                       GENIUS / "Zimbabwe.xml", "-o", tmp_path / "ez.yaml", "--json")
    data = json.loads(out)
    assert code == 0 and data["written"] == [str(tmp_path / "ez.yaml")] and data["parties"] == 2
    assert data["outcomes"] == data["outcomes"] > 0 and (tmp_path / "ez.yaml").exists()
    code, out, _ = run("export", "genius", tmp_path / "ez.yaml", "-o", tmp_path / "g", "--json")
    written = json.loads(out)["written"]
    assert code == 0 and len(written) == 3 and all(Path(p).exists() for p in written)


# ------------------------------------------------------------------ choices from the registries
@pytest.mark.parametrize("command, option, names", [
    (("forecast",), "--model", (*MODELS, "all")),
    (("simulate",), "--protocol", PROTOCOLS),
    (("montecarlo",), "--protocol", PROTOCOLS),
    (("tournament",), "--protocol", PROTOCOLS),
    (("track", "run"), "--protocol", PROTOCOLS),
    (("montecarlo",), "--backend", BACKENDS),
    (("tournament",), "--backend", BACKENDS),
    (("track", "run"), "--kind", RUN_KINDS),
    (("simulate",), "--strategy", tuple(STRATEGIES)),
])
def test_help_lists_the_registry(command, option, names):
    (param,) = [p for p in COMMANDS[command].params if option in getattr(p, "opts", ())]
    assert all(name in param.help for name in names), (command, option, param.help)


def test_a_registered_strategy_appears_in_the_help_without_editing_the_cli():
    epilog = COMMANDS[("simulate",)].epilog + COMMANDS[("tournament",)].epilog
    assert all(name in epilog for name in STRATEGIES)


def test_typer_sub_apps_keep_help_for_their_groups():
    assert isinstance(app, typer.Typer)
    code, out, _ = run("track", "--help")
    assert code == 0 and "Follow a negotiation over time" in out


@pytest.mark.parametrize("args, text", [
    (["simulate", "--seed", "-1"], "--seed"),
    (["montecarlo", "--runs", "0"], "--runs"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["analyze", "--bogus"], "No such option: --bogus"),
])
@pytest.mark.slow
def test_usage_errors_of_the_program_are_one_line_exit_2(args, text):
    # the console script's own handling (the CliRunner tests above call the app, not the program)
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "accord", *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], done.stderr
    assert "Traceback" not in done.stderr and "╭" not in done.stderr


@pytest.mark.slow
def test_the_program_without_arguments_prints_its_help_once_exit_0():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "accord"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.count("Usage: accord") == 1 and "analyze" in done.stdout
