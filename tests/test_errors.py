"""One error root, one exit-code table: every command, every class of failure, one line each."""

import pickle
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.analysis import OutcomeSpaceTooLarge, ProposalError
from accord.backends import BackendError
from accord.cli import app
from accord.cli.common import UsageProblem
from accord.errors import AccordError, ExitCode, InvalidInput, MissingExtra, UsageError, require
from accord.extract import ExtractionError
from accord.forecast import ForecastError
from accord.importers import ConversionError, MissingDependency
from accord.scenario import Problem, ScenarioError
from accord.simulation import SimulationError
from accord.store import NotAStore, StoreError
from accord.tournament import TournamentError

runner = CliRunner()
GENIUS = Path(__file__).parent / "data" / "genius" / "EnglandZimbabwe"
BROKEN = "name: broken\nissues:\n  a: {options: [x]}\nactors: {}\n"


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def error_lines(stderr: str) -> list[str]:
    """Every line of stderr is one ``error:`` line (no traceback, no wrapped message)."""
    lines = stderr.strip().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), stderr
    assert "Traceback" not in stderr
    return lines


# ------------------------------------------------------------------ the hierarchy
@pytest.mark.parametrize("cls, also", [
    (ScenarioError, ValueError), (ProposalError, ValueError), (OutcomeSpaceTooLarge, ValueError),
    (SimulationError, ValueError), (ForecastError, ValueError), (ConversionError, ValueError),
    (TournamentError, ValueError), (UsageProblem, ValueError), (MissingDependency, ImportError),
    (MissingDependency, RuntimeError), (BackendError, RuntimeError), (ExtractionError, RuntimeError),
    (StoreError, Exception), (NotAStore, StoreError),
])
def test_every_error_derives_from_the_one_root_and_keeps_its_old_base(cls, also):
    assert issubclass(cls, AccordError) and issubclass(cls, also)


@pytest.mark.parametrize("cls, code", [
    (ScenarioError, 1), (ProposalError, 1), (SimulationError, 1), (ForecastError, 1), (ConversionError, 1),
    (TournamentError, 1), (StoreError, 1), (BackendError, 1), (ExtractionError, 1),
    (UsageProblem, 2), (UsageError, 2), (MissingDependency, 4), (MissingExtra, 4),
])
def test_each_class_carries_its_exit_code(cls, code):
    assert cls.exit_code == code


def test_the_exit_code_table_is_the_documented_one():
    assert {c.name: int(c) for c in ExitCode} == {"OK": 0, "INVALID": 1, "USAGE": 2, "INTERNAL": 3,
                                                  "MISSING_EXTRA": 4, "INTERRUPTED": 130}
    doc = (Path(__file__).parents[1] / "docs" / "cli.md").read_text()
    for code in ExitCode:
        assert f"\n| {int(code)} |" in doc


@pytest.mark.parametrize("error", [
    ForecastError("salience[3]", "must be >= 0", -1.0),
    ConversionError("a.xml", "utility space type 'nonlinear'"),
    ScenarioError([Problem("no such file", file="x.yaml"), Problem("bad", "issues.a", 3, "x.yaml")]),
    InvalidInput("runs", "an integer >= 1", 0),
    MissingExtra("report", "plotly", "PDF output"),
    SimulationError("unknown protocol 'x'"),
])
def test_errors_survive_pickling_as_they_cross_process_boundaries(error):
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error) and back.__dict__ == error.__dict__


def test_invalid_input_names_the_parameter_rule_and_value():
    error = ForecastError("salience[3]", "must be >= 0", -1.0)
    assert (error.parameter, error.rule, error.value) == ("salience[3]", "must be >= 0", -1.0)
    assert str(ScenarioError([Problem("bad", "issues.a", 3, "x.yaml")])) == "x.yaml:3: issues.a: bad"


def test_require_names_the_extra_and_only_catches_the_missing_module(monkeypatch, tmp_path):
    for name in ("plotly", "plotly.offline"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(MissingExtra, match=r"figures needs plotly, which is not installed: pip install 'accord\[report\]'"):
        require("plotly.offline", "report", "figures")
    assert require("json", "none").dumps([]) == "[]"
    # an installed module that fails to import something else is a bug to see, not a missing extra
    (tmp_path / "accord_test_broken_extra.py").write_text("import accord_test_no_such_module\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError) as caught:
        require("accord_test_broken_extra", "report")
    assert not isinstance(caught.value, MissingExtra) and caught.value.name == "accord_test_no_such_module"


# ------------------------------------------------------------------ every command, every class of failure
@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    return path


INVALID = [  # (arguments, a word the message must hold): the input is wrong -> 1
    (["analyze", "{broken}"], "issues.a.options"),
    (["validate", "{broken}"], "issues.a.options"),
    (["evaluate", "{broken}", "-p", "a=x"], "issues.a.options"),
    (["compare", "{broken}"], "issues.a.options"),
    (["simulate", "{broken}"], "issues.a.options"),
    (["forecast", "{broken}"], "issues.a.options"),
    (["montecarlo", "{broken}", "--runs", "10"], "issues.a.options"),
    (["report", "{broken}", "-o", "{tmp}/b.html"], "issues.a.options"),
    (["export", "genius", "{broken}", "-o", "{tmp}/out"], "issues.a.options"),
    (["track", "add", "{broken}", "--db", "{tmp}/s.db"], "issues.a.options"),
    (["tournament", "--scenarios", "{broken}"], "issues.a.options"),
    (["evidence", "{tmp}/missing.yaml"], "no such file"),
    (["extract", "{tmp}/missing.txt"], "cannot read"),
    (["diff", "{tmp}/missing.yaml", "{broken}"], "no such file"),
    (["rerun", "7", "--db", "{tmp}/s.db"], "no run 7"),
    (["track", "list", "--db", "{broken}"], "not an accord store"),
    (["serve", "--db", "{tmp}/none.db"], "no such store file"),
    (["import", "genius", "{tmp}/none.xml", "{tmp}/p.xml", "-o", "{tmp}/x.yaml"], "none.xml"),
    (["evaluate", "-p", "ceasefire=forever,rafah=limited,hostages=phased"], "forever"),
    (["simulate", "--strategy", "israel=bluffer"], "bluffer"),
    (["forecast", "--table", "{broken}"], "actor"),
    (["report", "-o", "{tmp}/no/such/folder/b.html"], "does not exist"),
]

USAGE = [  # the command line itself is wrong -> 2
    ["analyze", "--no-such-option"],
    ["evaluate", "-p", "ceasefire"],
    ["simulate", "--trace", "t.csv", "--runs", "2"],
    ["simulate", "--rounds", "0"],
    ["forecast", "--model", "telepathy"],
    ["montecarlo", "--variant", "phased-ceasefire", "--all-variants"],
    ["montecarlo", "-o", "draws.xlsx"],
    ["report", "--format", "doc"],
    ["tournament", "--resume"],
    ["track", "run", "cairo", "--kind", "poll"],
    ["extract", "article.txt", "--engine", "magic"],
    ["import", "geniusweb", "d.json", "p.json", "-o", "x.txt"],
    ["no-such-command"],
]


@pytest.mark.parametrize("args, text", INVALID, ids=[" ".join(a[:2]) for a, _ in INVALID])
def test_invalid_input_exits_1_with_one_line_per_problem(args, text, broken, tmp_path):
    code, _, err = run(*(a.format(broken=broken, tmp=tmp_path) for a in args))
    assert code == ExitCode.INVALID, err
    assert any(text in line for line in error_lines(err)), err


@pytest.mark.parametrize("args", USAGE, ids=[" ".join(a[:2]) for a in USAGE])
def test_usage_problems_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*args)
    assert code == ExitCode.USAGE, err
    assert "Traceback" not in err


MISSING = [  # (modules made unimportable, arguments, the extra named)
    (["matplotlib"], ["report", "--format", "png", "-o", "{tmp}/b.png"], "report"),
    (["playwright", "playwright.sync_api"], ["report", "--format", "pdf", "-o", "{tmp}/b.pdf"], "pdf"),
    (["defusedxml", "defusedxml.ElementTree"],
     ["import", "genius", GENIUS / "EnglandZimbabwe_domain.xml", GENIUS / "England.xml", GENIUS / "Zimbabwe.xml",
      "-o", "{tmp}/x.yaml"], "genius"),
    (["fastapi"], ["serve"], "web"),
    (["sqlalchemy"], ["track", "list", "--db", "{tmp}/s.db"], "store"),
    (["spacy"], ["extract", Path(__file__).parent / "data" / "extraction" / "cairo-talks-2024.txt", "--engine", "spacy"], "nlp"),
    (["pyarrow"], ["montecarlo", "--runs", "5", "--sensitivity-runs", "0", "-o", "{tmp}/d.parquet"], "parquet"),
    (["ray"], ["montecarlo", "--runs", "5", "--sensitivity-runs", "0", "--backend", "ray"], "ray"),
]


@pytest.mark.parametrize("modules, args, extra", MISSING, ids=[m[2] for m in MISSING])
def test_a_missing_extra_exits_4_naming_it(modules, args, extra, tmp_path, monkeypatch):
    from accord.extract import spacy_engine

    monkeypatch.setattr(spacy_engine, "_PIPELINES", {})
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)
    code, _, err = run(*(str(a).format(tmp=tmp_path) for a in args))
    assert code == ExitCode.MISSING_EXTRA, err
    (line,) = error_lines(err)
    assert f"pip install 'accord[{extra}]'" in line


@pytest.mark.parametrize("raised, code, text", [
    (ZeroDivisionError("a bug"), ExitCode.INTERNAL, "internal error: ZeroDivisionError: a bug"),
    (KeyboardInterrupt(), ExitCode.INTERRUPTED, "interrupted"),
    (StoreError("the store is locked"), ExitCode.INVALID, "error: the store is locked"),
    (MissingExtra("report", "plotly"), ExitCode.MISSING_EXTRA, "pip install 'accord[report]'"),
])
def test_the_guard_maps_what_a_command_raises_to_the_table(raised, code, text, monkeypatch):
    from accord.cli import analysis

    def fail(*args, **kwargs):
        raise raised

    monkeypatch.delenv("ACCORD_DEBUG", raising=False)
    monkeypatch.setattr(analysis.jobs, "analyze", fail)
    result = runner.invoke(app, ["analyze"])
    assert result.exit_code == code
    assert result.stderr.count("\n") == 1 and text in result.stderr and "Traceback" not in result.stderr
