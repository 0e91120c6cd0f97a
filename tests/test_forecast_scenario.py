"""Forecasting from a scenario: inputs taken from preferences, outputs mapped back to options."""

import json
import re

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.forecast.scenario import forecast_scenario, issue_positions, nearest_option
from accord.scenario import default_path

runner = CliRunner()
EMISSIONS = default_path().parent.parent / "emission-standards" / "actors.csv"


def test_inputs_come_from_ideal_points_weights_and_power():
    scenario = accord.load()
    p = issue_positions(scenario, "ceasefire")
    assert "egypt" in p.actors and "united-states" in p.actors  # mediators and observers take part
    k = p.actors.index("israel")
    assert p.position[k] == 0.0  # 'none' is Israel's best ceasefire option: first of four on 0-100
    assert p.position[p.actors.index("hamas")] == 100.0  # 'permanent'
    assert p.position[p.actors.index("united-states")] == pytest.approx(200 / 3)  # 'phased'
    assert p.salience[k] == pytest.approx(scenario.actors["israel"].normalised_weight("ceasefire"))
    assert p.capability[k] == scenario.actors["israel"].power
    assert "hostage-families" not in issue_positions(scenario, "rafah").actors  # no weight on rafah


def test_forecasts_map_to_the_nearest_option():
    scenario = accord.load()
    assert nearest_option(scenario, "ceasefire", 60.0) == "phased"
    assert nearest_option(scenario, "ceasefire", 10.0) == "none"
    found = forecast_scenario(scenario, models=("compromise",))
    for issue_id, models in found.items():
        entry = models["compromise"]
        assert entry["option"] == nearest_option(scenario, issue_id, entry["position"])


def test_forecast_json_contract():
    result = runner.invoke(app, ["forecast", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    issue = data["issues"]["ceasefire"]
    assert set(issue) == {"compromise", "median", "nash", "pce", "challenge"}
    assert isinstance(issue["compromise"], float)
    assert {"position", "rounds"} <= set(issue["challenge"])
    assert {"median", "mean"} <= set(issue["challenge"]["rounds"][0])
    assert data["options"]["ceasefire"]["compromise"] in ("none", "temporary", "phased", "permanent")


def test_forecast_table_is_named_after_the_file():
    result = runner.invoke(app, ["forecast", "--table", str(EMISSIONS), "--model", "compromise", "--json"])
    assert result.exit_code == 0
    assert list(json.loads(result.stdout)["issues"]) == ["actors"]


def test_forecast_bad_table_is_one_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("actor,capability,position\nA,1,2\n")
    result = runner.invoke(app, ["forecast", "--table", str(bad)])
    assert result.exit_code in (1, 2) and "salience" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_forecast_under_uncertainty_reports_quantiles():
    result = runner.invoke(app, ["forecast", "--runs", "30", "--seed", "4", "--model", "compromise", "--json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["samples"] == 30
    spread = data["distribution"]["ceasefire"]["compromise"]
    assert spread["q05"] <= spread["q50"] <= spread["q95"] and spread["q05"] < spread["q95"]
    again = runner.invoke(app, ["forecast", "--runs", "30", "--seed", "4", "--model", "compromise", "--json"])
    assert json.loads(again.stdout) == data  # seeded


def test_forecast_table_over_the_size_limit_is_refused_in_one_line(tmp_path):
    from accord.scenario.reader import MAX_BYTES

    big = tmp_path / "big.csv"
    big.write_bytes(b"actor,capability,position,salience\n" + b"a,1,0.5,1\n" * (MAX_BYTES // 10 + 1))
    result = runner.invoke(app, ["forecast", "--table", str(big)])
    assert result.exit_code != 0
    assert "at most 2 MiB" in result.output and "Traceback" not in result.output


# -- format 1.1 documents --------------------------------------------------------------------------------

def _doc11():
    from test_format11 import base_doc

    return base_doc()


def test_forecasts_run_on_a_1_1_document(tmp_path):
    """Interactions, unless, holds, a decision rule, a constituency and a mediator without preferences."""
    from test_format11 import BASE

    from accord.scenario import from_document

    scenario = from_document(_doc11())
    found = forecast_scenario(scenario)
    assert set(found) == set(scenario.issues)
    for issue_id, models in found.items():
        assert set(models) == {"compromise", "median", "nash", "pce", "challenge"}
        for entry in models.values():
            assert entry["option"] == nearest_option(scenario, issue_id, entry["position"])
    path = tmp_path / "talks.yaml"
    path.write_text(BASE)
    result = runner.invoke(app, ["forecast", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert set(json.loads(result.stdout)["issues"]) == set(scenario.issues)


def test_constituencies_are_not_forecast_actors_and_interactions_leave_saliences_alone():
    from accord.scenario import from_document

    doc = _doc11()
    scenario = from_document(doc)
    cease = issue_positions(scenario, "cease")
    assert "coalition" in scenario.actors and "coalition" not in cease.actors
    # hamas has an interaction; its salience is its issue weight over its issue weights only
    hamas = scenario.actors["hamas"]
    weights = {i: p.weight for i, p in hamas.preferences.items()}
    assert cease.salience[cease.actors.index("hamas")] == pytest.approx(weights["cease"] / sum(weights.values()))
    assert hamas.normalised_weight("cease") < weights["cease"] / sum(weights.values())  # the utility's weight is smaller
    without = copy_without_interactions(doc)
    assert forecast_scenario(from_document(without)) == forecast_scenario(scenario)


def copy_without_interactions(doc):
    import copy

    doc = copy.deepcopy(doc)
    for body in doc["actors"].values():
        body.pop("interactions", None)
    return doc


def test_an_issue_only_a_constituency_weighs_is_left_out():
    from accord.scenario import from_document

    doc = _doc11()
    doc["issues"]["budget"] = {"options": ["low", "high"]}
    doc["actors"]["coalition"]["preferences"]["budget"] = {"values": {"low": 1, "high": 0}}
    scenario = from_document(doc)
    found = forecast_scenario(scenario)
    assert "budget" not in found and set(found) == set(scenario.issues) - {"budget"}


# -- red lines ---------------------------------------------------------------------------------------------

STAFFING = ["none", "one-writer", "two-writers", "three-writers"]


def labour_doc(union_rejects=("none", "one-writer", "two-writers")):
    """Union, studios and streamers on staffing and wages: the studios and the streamers pull staffing
    towards one or two writers, the union rejects everything short of ``union_rejects``."""
    return {
        "accord": 1, "name": "writers",
        "issues": {"wage": {"range": [0, 10], "step": 1, "unit": "% rise"}, "staffing": {"options": STAFFING}},
        "actors": {
            "union": {"power": 1, "reservation": 0.4, "preferences": {
                "wage": {"weight": 2, "values": {"0": 0, "10": 1}, "min": 3},
                "staffing": {"weight": 3, "values": {"none": 0, "one-writer": 0.2, "two-writers": 0.5,
                                                     "three-writers": 1}, "reject": list(union_rejects)}}},
            "studios": {"power": 1, "reservation": 0.4, "preferences": {
                "wage": {"weight": 2, "values": {"0": 1, "10": 0}},
                "staffing": {"weight": 3, "values": {"none": 1, "one-writer": 0.8, "two-writers": 0.5,
                                                     "three-writers": 0}}}},
            "streamers": {"power": 1, "reservation": 0.3, "preferences": {
                "wage": {"weight": 1, "values": {"0": 1, "10": 0}},
                "staffing": {"weight": 3, "values": {"none": 0.2, "one-writer": 0.6, "two-writers": 1,
                                                     "three-writers": 0.4}}}},
        },
        "variants": {"softer-union": {"description": "the union accepts two writers",
                                      "patch": {"actors": {"union": {"preferences": {"staffing": {
                                          "reject": ["none", "one-writer"]}}}}}}},
    }


def _write(tmp_path, doc):
    path = tmp_path / "writers.json"
    path.write_text(json.dumps(doc))
    return path


def _accepted_by_all(doc, issue):
    """Options of a categorical issue no party's red line rejects, read off the document."""
    rejected = {o for body in doc["actors"].values() for o in body["preferences"].get(issue, {}).get("reject", [])}
    return [o for o in doc["issues"][issue]["options"] if o not in rejected]


def test_a_forecast_on_an_option_the_union_rejects_says_so():
    from accord.scenario import from_document

    doc = labour_doc()
    found = forecast_scenario(from_document(doc))
    rejected = set(doc["actors"]["union"]["preferences"]["staffing"]["reject"])
    landed = {name: entry["option"] for name, entry in found["staffing"].items()}
    assert "two-writers" in landed.values()  # the case of the issue: the models land where the union says no
    for name, entry in found["staffing"].items():
        assert entry["red_lines_crossed"] == (["union"] if entry["option"] in rejected else [])
    for entry in found["wage"].values():  # the union's floor is 3 (per cent); nobody else has a red line
        assert entry["red_lines_crossed"] == (["union"] if float(entry["option"]) < 3 else [])


def test_within_red_lines_restricts_every_model_to_the_common_options():
    from accord.scenario import from_document

    doc = labour_doc()
    found = forecast_scenario(from_document(doc), within_red_lines=True)
    assert _accepted_by_all(doc, "staffing") == ["three-writers"]
    for issue in ("staffing", "wage"):
        for entry in found[issue].values():
            assert entry["red_lines_crossed"] == [] and entry["within_red_lines"] is True
    assert {e["option"] for e in found["staffing"].values()} == {"three-writers"}
    assert all(float(e["option"]) >= 3 for e in found["wage"].values())


def test_a_what_if_that_only_moves_a_red_line_changes_the_restricted_forecast():
    from accord.scenario import from_document

    doc = labour_doc()
    base = from_document(doc)
    softer = accord.load(doc, "softer-union")
    # unrestricted, red lines do not move any forecast (only which red lines are crossed)
    positions = lambda found: {i: {m: e["position"] for m, e in ms.items()} for i, ms in found.items()}  # noqa: E731
    assert positions(forecast_scenario(softer)) == positions(forecast_scenario(base))
    before = forecast_scenario(base, within_red_lines=True)["staffing"]
    after = forecast_scenario(softer, within_red_lines=True)["staffing"]
    assert _accepted_by_all(labour_doc(("none", "one-writer")), "staffing") == ["two-writers", "three-writers"]
    assert {e["option"] for e in before.values()} == {"three-writers"}
    assert {e["option"] for e in after.values()} <= {"two-writers", "three-writers"}
    assert any(after[m]["position"] != before[m]["position"] for m in before)
    assert any(after[m]["option"] != before[m]["option"] for m in before)


def test_without_a_common_option_the_restriction_is_not_applied():
    from accord.scenario import from_document

    doc = labour_doc()
    doc["actors"]["studios"]["preferences"]["staffing"]["reject"] = ["three-writers"]
    scenario = from_document(doc)
    restricted = forecast_scenario(scenario, within_red_lines=True)["staffing"]
    plain = forecast_scenario(scenario)["staffing"]
    for name, entry in restricted.items():
        assert entry["within_red_lines"] is False
        assert entry["position"] == plain[name]["position"] and entry["option"] == plain[name]["option"]
        assert entry["red_lines_crossed"]  # every option crosses someone's red line


def test_forecast_json_carries_red_lines_beside_the_issues(tmp_path):
    path = _write(tmp_path, labour_doc())
    data = json.loads(runner.invoke(app, ["forecast", str(path), "--json"]).stdout)
    assert set(data) == {"issues", "options", "red_lines_crossed"}
    for issue in ("wage", "staffing"):
        models = data["issues"][issue]
        assert all(isinstance(models[m], float) for m in ("compromise", "median", "nash", "pce"))
        assert {"position", "rounds"} <= set(models["challenge"])  # the issues document keeps its shape
        assert set(data["red_lines_crossed"][issue]) == set(models)
    for model, parties in data["red_lines_crossed"]["staffing"].items():
        assert parties == (["union"] if data["options"]["staffing"][model] != "three-writers" else [])
    restricted = json.loads(runner.invoke(app, ["forecast", str(path), "--json", "--within-red-lines"]).stdout)
    assert restricted["within_red_lines"] == {"wage": True, "staffing": True}
    assert all(p == [] for models in restricted["red_lines_crossed"].values() for p in models.values())
    assert set(restricted["options"]["staffing"].values()) == {"three-writers"}


def test_forecast_table_marks_crossed_red_lines(tmp_path):
    path = _write(tmp_path, labour_doc())
    result = runner.invoke(app, ["forecast", str(path), "--model", "median"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "!" in result.stdout and "on staffing, crosses red lines of: median (union)" in result.stdout
    clean = runner.invoke(app, ["forecast", str(path), "--model", "median", "--within-red-lines"],
                          env={"COLUMNS": "200"})
    assert "crosses red lines" not in clean.stdout
    refused = runner.invoke(app, ["forecast", "--table", str(EMISSIONS), "--within-red-lines"])
    assert refused.exit_code == 2 and "--within-red-lines needs a scenario" in refused.stderr


@pytest.mark.parametrize("option", ["--runs", "--samples"])
def test_runs_say_plainly_when_nothing_uncertain_feeds_the_models(tmp_path, option):
    doc = labour_doc()
    doc["actors"]["union"]["reservation"] = {"uniform": [0.3, 0.5]}  # uncertain, but not a model input
    path = _write(tmp_path, doc)
    result = runner.invoke(app, ["forecast", str(path), option, "20", "--model", "compromise"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "no uncertain number feeds these models" in result.stdout
    assert not re.search(r"staffing\s*│\s*[\d.]+ / [\d.]+ / [\d.]+", result.stdout)  # no quantile table
    data = json.loads(runner.invoke(app, ["forecast", str(path), option, "20", "--json"]).stdout)
    assert data["uncertain_inputs"] == {"wage": False, "staffing": False}
    for issue, models in data["distribution"].items():
        for name, spread in models.items():
            position = data["issues"][issue][name]
            position = position["position"] if isinstance(position, dict) else position
            assert spread["q05"] == spread["q95"] == pytest.approx(position)


def test_runs_with_an_uncertain_power_give_quantiles(tmp_path):
    doc = labour_doc()
    doc["actors"]["studios"]["power"] = {"uniform": [0.2, 3]}
    path = _write(tmp_path, doc)
    result = runner.invoke(app, ["forecast", str(path), "--runs", "20", "--model", "compromise"],
                           env={"COLUMNS": "200"})
    assert re.search(r"staffing\s*│\s*[\d.]+ / [\d.]+ / [\d.]+", result.stdout)  # 5% / median / 95%
    assert "no uncertain number" not in result.stdout
    data = json.loads(runner.invoke(app, ["forecast", str(path), "--runs", "20", "--json",
                                          "--model", "compromise"]).stdout)
    assert data["uncertain_inputs"] == {"wage": True, "staffing": True}
    spread = data["distribution"]["staffing"]["compromise"]
    assert spread["q05"] < spread["q95"]
