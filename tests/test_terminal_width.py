"""Every command's terminal output at 80 columns, from 2 to 30 parties (docs/cli.md, "Tables at any width").

Rendered through the CLI with COLUMNS=80 for the embedded Cairo talks and the 12- and 30-party climate
summits (with a small ZOPA, and with a clash that leaves none): every line fits, no cell is cut to "…", and
the facts a reader needs are on the page.
"""

from __future__ import annotations

import json
import re

import pytest
from climate_scenario import climate_summit, with_small_zopa
from rich.console import Console
from typer.testing import CliRunner

from accord.analysis import analyze
from accord.cli import app
from accord.cli.render import Record, number, party_table
from accord.scenario import from_document, load

runner = CliRunner()
WIDTH = 80


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("summits")
    found = {"cairo": None}
    for name, doc in (("zopa12", with_small_zopa(climate_summit(12, 5), 30)),
                      ("zopa30", with_small_zopa(climate_summit(30, 7), 30)),
                      ("clash30", climate_summit(30, 7, clash=True))):
        path = folder / f"{name}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        found[name] = str(path)
    return found


def run(args: list[str]) -> str:
    result = runner.invoke(app, args, env={"COLUMNS": str(WIDTH)})
    assert result.exit_code == 0, result.output
    return result.output


def check_lines(text: str) -> None:
    long = [line for line in text.splitlines() if len(line) > WIDTH]
    assert not long, f"{len(long)} line(s) over {WIDTH} columns, e.g. {long[0]!r}"
    assert "…" not in text, "a cell was cut: " + next(line for line in text.splitlines() if "…" in line)


def scenario_of(path):
    return load(None) if path is None else from_document(json.loads(open(path, encoding="utf-8").read()))


def arguments(path) -> list[str]:
    return [] if path is None else [path]


@pytest.mark.parametrize("name", ["cairo", "zopa12", "zopa30", "clash30"])
def test_analyze_fits_and_shows_every_partys_nash_utility(files, name):
    path = files[name]
    text = run(["analyze", *arguments(path)])
    check_lines(text)
    scenario = scenario_of(path)
    found = analyze(scenario, unlock=False)
    if found.zopa_empty:
        assert "No zone of possible agreement" in text and "blocked:" in text
        return
    nash = found.solutions["nash"]
    lines = text.splitlines()
    for party in scenario.parties:  # the party and its utility of the Nash deal on one line
        assert any(re.search(rf"\b{re.escape(party)}\b.*{nash.utilities[party]:.3f}", line) for line in lines), party
    assert "Pareto frontier" in text


@pytest.mark.parametrize("name", ["cairo", "zopa12", "zopa30", "clash30"])
def test_compare_fits(files, name):
    path = files[name]
    text = run(["compare", *arguments(path)])
    check_lines(text)
    found = analyze(scenario_of(path), unlock=False)
    assert "(base)" in text and f"{found.acceptable:,}/{found.outcomes:,}" in text


@pytest.mark.parametrize("name", ["cairo", "zopa12", "zopa30"])
@pytest.mark.parametrize("protocol", ["alternating", "mediated"])
def test_simulate_fits_and_summary_hides_the_trace(files, name, protocol):
    path = files[name]
    args = ["simulate", *arguments(path), "--protocol", protocol, "--rounds", "30"]
    text = run(args)
    check_lines(text)
    assert "Trace" in text and "round" in text
    assert re.search(r"Agreement|No agreement|Walkout", text)
    short = run([*args, "--summary"])
    check_lines(short)
    assert "Trace" not in short and re.search(r"Agreement|No agreement|Walkout", short)
    assert len(short.splitlines()) < len(text.splitlines())


def test_the_trace_with_many_parties_names_the_lowest_surplus_and_counts_the_rest(files):
    text = run(["simulate", files["zopa30"], "--protocol", "mediated", "--rounds", "20"])
    assert "(+24 more parties hidden)" in text and "boulware(e=0.2) for every party" in text
    assert len(text.splitlines()) < 120


@pytest.mark.parametrize("name", ["cairo", "zopa12", "zopa30"])
def test_forecast_and_evaluate_fit(files, name):
    path = files[name]
    check_lines(run(["forecast", *arguments(path)]))
    scenario = scenario_of(path)
    nash = analyze(scenario, unlock=False).solutions["nash"]
    outcome = nash.outcome if nash is not None else {i: issue.options[0] for i, issue in scenario.issues.items()}
    proposal = ",".join(f"{k}={v}" for k, v in outcome.items())
    text = run(["evaluate", *arguments(path), "--proposal", proposal])
    check_lines(text)
    assert "accepts" in text


@pytest.mark.parametrize("name", ["cairo", "zopa12", "clash30"])
def test_montecarlo_fits(files, name):
    text = run(["montecarlo", *arguments(files[name]), "--runs", "200", "--sensitivity-runs", "64"])
    check_lines(text)
    assert "draws, seed 0" in text


def console(width: int = WIDTH) -> Console:
    return Console(width=width, record=True, emoji=False)


def test_party_table_chooses_wide_transposed_then_lines():
    parties = tuple(f"party-{k}" for k in range(3))
    records = [Record("nash", ("a / b",), {p: "0.500" for p in parties}, ("0.125",))]
    out = console()
    assert party_table(out, title="T", label="solution", headers=("package (i / j)",), parties=parties,
                       records=records, tail=("score",)) == "wide"
    many = tuple(f"party-{k}" for k in range(20))
    records = [Record(f"s{k}", ("a / b",), {p: "0.500" for p in many}) for k in range(4)]
    out = console()
    assert party_table(out, title="T", label="solution", headers=("package (i / j)",), parties=many,
                       records=records) == "transposed"
    text = out.export_text()
    check_lines(text)
    assert "package: i / j" in text and "1. solution s0 | package: a / b" in text
    records = [Record(f"s{k}", (), {p: "0.500" for p in many}, order=many) for k in range(15)]
    out = console()
    assert party_table(out, title=None, label="round", headers=(), parties=many, records=records) == "lines"
    text = out.export_text()
    check_lines(text)
    assert text.count("(+14 more parties hidden)") == 15


def test_a_transposed_table_without_any_party_value_is_left_out():
    many = tuple(f"party-{k}" for k in range(20))
    records = [Record(f"v{k}", ("blocked",), {}) for k in range(3)]
    out = console()
    assert party_table(out, title="T", label="variant", headers=("blocked by",), parties=many,
                       records=records) == "transposed"
    text = out.export_text()
    assert "1. variant v0 | blocked by: blocked" in text and "party-0" not in text  # no 20 rows of dashes


@pytest.mark.parametrize(("value", "text"), [(1300.0, "1,300"), (1234.5, "1,234"), (12.34, "12.3"), (0.5, "0.5"),
                                             (0.012345, "0.0123"), (-2.5e6, "-2,500,000"), (100.0, "100"),
                                             (0.0, "0")])
def test_numbers_read_without_scientific_notation(value, text):
    assert number(value) == text


def test_forecast_tables_print_thousands_with_separators(tmp_path):
    doc = {"accord": 1, "name": "budget", "issues": {"budget": {"range": [0, 3000], "step": 100}},
           "actors": {"a": {"power": 1, "preferences": {"budget": {"values": {"0": 0, "3000": 1}}}},
                      "b": {"power": 2, "preferences": {"budget": {"values": {"0": 0, "1300": 1, "3000": 0}}}},
                      "c": {"power": 1, "preferences": {"budget": {"values": {"0": 1, "3000": 0}}}}}}
    path = tmp_path / "budget.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    text = run(["forecast", str(path)])
    check_lines(text)
    assert not re.search(r"\de[+-]\d", text), text
    assert re.search(r"\d,\d{3}", text)
