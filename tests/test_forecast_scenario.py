"""Forecasting from a scenario: inputs taken from preferences, outputs mapped back to options."""

import json

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
