"""The command line: the README's commands, JSON contracts, exit codes, no tracebacks."""

import json
import subprocess
import sys

import pytest
import yaml
from test_analysis import two_issue_doc
from typer.testing import CliRunner

from accord.cli import app

runner = CliRunner()


def run(*args):
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_analyze_default_is_the_cairo_deadlock():
    code, out, _ = run("analyze")
    assert code == 0
    assert "Cairo ceasefire and hostage talks" in out
    assert "No zone of possible agreement" in out
    assert "ceasefire" in out and "hamas accepts ceasefire=phased" in out


def test_analyze_json_is_the_contract():
    code, out, _ = run("analyze", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["scenario"] == "Cairo ceasefire and hostage talks"
    assert data["variant"] is None and data["parties"] == ["israel", "hamas"]
    assert data["outcomes"] == 48 and data["acceptable"] == 0 and data["pareto"] == []
    assert data["solutions"] == {"nash": None, "kalai_smorodinsky": None, "egalitarian": None, "utilitarian": None}
    assert data["blockers"] == [{"kind": "red-line", "issue": "ceasefire", "parties": ["israel", "hamas"],
                                  "minimal_conflicts": [["israel", "hamas"]], "minimal_conflicts_complete": True}]
    assert data["unlock"] and all(u["acceptable"] > 0 and u["nash"] for u in data["unlock"])


def test_analyze_variant_json():
    code, out, _ = run("analyze", "--variant", "phased-ceasefire", "--json")
    data = json.loads(out)
    assert code == 0 and data["variant"] == "phased-ceasefire"
    assert data["acceptable"] > 0 and data["unlock"] == [] and data["blockers"] == []
    assert list(data["solutions"]["nash"]["utilities"])[:2] == ["israel", "hamas"]


def test_analyze_a_file_with_a_deal(tmp_path):
    path = tmp_path / "hand.yaml"
    path.write_text(yaml.safe_dump(two_issue_doc()))
    code, out, _ = run("analyze", str(path))
    assert code == 0 and "A deal is possible" in out and "nash" in out


def test_validate_reports_every_problem_and_exits_non_zero(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(two_issue_doc()))
    bad = tmp_path / "bad.yaml"
    bad.write_text("accord: 1\nissues:\n  A: {options: [a1]}\nactors:\n  X: {role: king}\n")
    code, out, err = run("validate", str(good), str(bad))
    assert code == 1
    assert f"ok: {good}" in out
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) >= 3
    assert any("bad.yaml:3: issues.A.options" in line for line in lines)
    assert any("actors.X.role" in line for line in lines)


def test_validate_default_is_ok():
    code, out, _ = run("validate")
    assert code == 0 and "ok:" in out


def test_evaluate_readme_example():
    code, out, _ = run("evaluate", "--proposal", "ceasefire=phased,rafah=limited,hostages=phased",
                       "--variant", "phased-ceasefire")
    assert code == 0
    assert "israel" in out and "accepts" in out


def test_evaluate_json():
    code, out, _ = run("evaluate", "-p", "ceasefire=temporary,rafah=limited,hostages=phased", "--json")
    data = json.loads(out)
    assert code == 0 and data["accepted"] is False
    hamas = next(v for v in data["verdicts"] if v["party"] == "hamas")
    assert hamas["accepts"] is False and any("red line on ceasefire" in r for r in hamas["reasons"])


@pytest.mark.parametrize("proposal, fragment", [
    ("ceasefire", "ISSUE=OPTION"),
    ("ceasefire=phased", "missing rafah"),
    ("ceasefire=forever,rafah=limited,hostages=all", "no option 'forever'"),
])
def test_evaluate_bad_proposal_is_one_line(proposal, fragment):
    code, out, err = run("evaluate", "-p", proposal)
    assert code in (1, 2)
    assert fragment in err and "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def test_compare_lists_base_and_every_variant():
    code, out, _ = run("compare", "--json")
    data = json.loads(out)
    assert code == 0
    names = [row["variant"] for row in data["rows"]]
    assert names[0] is None and "phased-ceasefire" in names
    base = data["rows"][0]
    assert base["acceptable"] == 0 and base["nash"] is None
    assert any(row["acceptable"] > 0 and row["nash"] for row in data["rows"][1:])


def test_unknown_variant_and_missing_file_are_one_line_errors(tmp_path):
    code, _, err = run("analyze", "--variant", "nope")
    assert code == 1 and "no variant 'nope'" in err
    code, _, err = run("analyze", str(tmp_path / "missing.yaml"))
    assert code == 1 and "no such file" in err and "Traceback" not in err


def test_help_shows_examples():
    code, out, _ = run("analyze", "--help")
    assert code == 0 and "accord analyze --variant phased-ceasefire" in out


@pytest.mark.slow
def test_installed_entry_point_never_prints_a_traceback(tmp_path):
    hostile = tmp_path / "bomb.yaml"
    hostile.write_text('a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f'{chr(98 + k)}: &{chr(98 + k)} [*{chr(97 + k)},*{chr(97 + k)},*{chr(97 + k)},*{chr(97 + k)},*{chr(97 + k)},'
        f'*{chr(97 + k)},*{chr(97 + k)},*{chr(97 + k)},*{chr(97 + k)}]\n' for k in range(8)))
    proc = subprocess.run([sys.executable, "-m", "accord", "validate", str(hostile)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1
    assert "refused" in proc.stderr and "Traceback" not in proc.stderr


def test_simulate_json_contract_and_trace_file(tmp_path):
    trace = tmp_path / "trace.csv"
    code, out, _ = run("simulate", "--variant", "talks-resume", "--strategy", "israel=boulware",
                       "--strategy", "hamas=conceder", "--seed", "7", "--json", "--trace", str(trace))
    data = json.loads(out)
    assert code == 0 and data["status"] == "agreement" and data["walkout_by"] is None
    assert data["agreement"]["outcome"]["ceasefire"] == "phased"
    assert {"round", "proposer", "offer", "utilities", "responses"} <= set(data["trace"][0])
    assert trace.read_text().startswith("round,proposer,ceasefire,rafah,hostages")


def test_simulate_default_reports_the_walkout():
    code, out, _ = run("simulate")
    assert code == 0 and "Walkout by hamas" in out


@pytest.mark.slow
def test_simulate_batch_summary():
    code, out, _ = run("simulate", "--variant", "talks-resume", "--runs", "20", "-s", "hamas=random", "--json")
    data = json.loads(out)
    assert code == 0 and data["runs"] == 20 and 0 <= data["p_agreement"] <= 1
    assert abs(sum(d["share"] for d in data["deals"]) - data["p_agreement"]) < 1e-9


@pytest.mark.parametrize("args, fragment", [
    (["--strategy", "israel"], "PARTY=VALUE"),
    (["--strategy", "israel=nope"], "unknown strategy"),
    (["--strategy", "israel=zeuthen"], "full information"),
    (["--protocol", "auction"], "protocol"),
    (["--discount", "israel=fast"], "FACTOR"),
])
def test_simulate_errors_are_one_line(args, fragment):
    code, out, err = run("simulate", *args)
    assert code in (1, 2) and fragment in err and "Traceback" not in err + out


def test_montecarlo_json_contract():
    code, out, _ = run("montecarlo", "--runs", "2000", "--seed", "7", "--all-variants", "--sensitivity-runs", "128",
                       "--json")
    data = json.loads(out)
    assert code == 0 and data["runs"] == 2000 and data["seed"] == 7
    # a zone needs one of the ceasefire red lines to be a bluff (holds 0.85 and 0.75)
    assert data["p_zopa"] <= 1 - 0.85 * 0.75 and data["p_zopa_ci"][0] <= data["p_zopa"] < data["p_zopa_ci"][1]
    opened = data["variants"]["phased-ceasefire"]
    assert opened["p_zopa"] > 0.5 and opened["difference_ci"][0] > 0
    assert all({"parameter", "index"} <= set(row) for row in data["sensitivity"])
    assert [r["index"] for r in data["sensitivity"]] == sorted((r["index"] for r in data["sensitivity"]), reverse=True)


def test_montecarlo_same_results_for_any_worker_count(tmp_path):
    runs = [run("montecarlo", "--variant", "phased-ceasefire", "--runs", "9000", "--seed", "3", "--workers", w,
                "--sensitivity-runs", "0", "--json")[1] for w in ("1", "2")]
    assert json.loads(runs[0]) == json.loads(runs[1])


def test_montecarlo_simulation_and_table(tmp_path):
    import csv

    common = ("montecarlo", "--variant", "phased-ceasefire", "--no-events", "--runs", "40", "--sensitivity-runs", "0")
    plain, simulated = tmp_path / "plain.csv", tmp_path / "draws.csv"
    assert run(*common, "-o", str(plain), "--json")[0] == 0
    code, out, _ = run(*common, "--simulate", "-o", str(simulated), "--json")
    data = json.loads(out)
    assert code == 0 and 0 < data["p_agreement"] <= 1 and len(data["p_agreement_ci"]) == 2
    with open(plain, newline="") as handle:
        analysed = list(csv.DictReader(handle))
    with open(simulated, newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    # the analysis columns and values of every draw, then what the simulation found in that draw
    assert header[:len(analysed[0])] == list(analysed[0]) and len(rows) == 40
    assert [{k: row[k] for k in analysed[0]} for row in rows] == analysed
    issues, actors = ("ceasefire", "rafah", "hostages"), [c[2:] for c in analysed[0] if c.startswith("u_")]
    assert header[len(analysed[0]):] == ["sim_status", "sim_agreement", "sim_round", "sim_agreement_round",
                                         "sim_walkout_by", *[f"deal_{i}" for i in issues],
                                         *[f"deal_u_{a}" for a in actors]]
    agreed = [row for row in rows if row["sim_agreement"] == "True"]
    assert len(agreed) == round(data["p_agreement"] * 40) and all(r["sim_status"] == "agreement" for r in agreed)
    assert all(r["sim_agreement_round"] == r["sim_round"] and r["deal_u_israel"] for r in agreed)
    assert all(r["sim_agreement_round"] == "" and r["deal_ceasefire"] == "" for r in rows if r not in agreed)
    rounds = [int(r["sim_agreement_round"]) for r in agreed]
    assert min(rounds) == data["rounds_to_deal"]["min"] and max(rounds) == data["rounds_to_deal"]["max"]
    deals = {tuple(d["outcome"][i] for i in issues): d["count"] for d in data["deals"]}
    counted: dict = {}
    for r in agreed:
        key = tuple(r[f"deal_{i}"] for i in issues)
        counted[key] = counted.get(key, 0) + 1
    assert counted == deals


def test_montecarlo_bad_out_suffix():
    code, _, err = run("montecarlo", "--output", "draws.xlsx")
    assert code == 2 and ".csv or .parquet" in err


def test_serve_help_binds_loopback_by_default():
    code, out, _ = run("serve", "--help")
    assert code == 0 and "127.0.0.1" in out
