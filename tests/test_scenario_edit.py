"""Editing a scenario's text by path (accord.scenario.edit): the text keeps its comments, the data is the edit."""

import json

import pytest

from accord.errors import InvalidInput
from accord.scenario import ScenarioError, example_path, loads
from accord.scenario.edit import REMOVE, Edit, edit_text, file_name, flow, form_fields
from accord.scenario.reader import parse

CAIRO = example_path("cairo-talks-2024").read_text(encoding="utf-8")
TRILOGUE = example_path("eu-nature-restoration-trilogue-2023").read_text(encoding="utf-8")
ISRAEL_CEASEFIRE = ("actors", "israel", "preferences", "ceasefire")


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    old, new = before.splitlines(), after.splitlines()
    return [line for line in old if line not in new], [line for line in new if line not in old]


def data(text, fmt=None):
    return parse(text, fmt=fmt)[0]


def test_a_weight_is_replaced_where_it_is_written_and_every_comment_stays():
    edited = edit_text(CAIRO, [Edit((*ISRAEL_CEASEFIRE, "weight"), 7)])
    assert edited.comments_kept and edited.format == "yaml"
    assert changed_lines(CAIRO, edited.text) == (["        weight: {triangular: [3, 4, 5]}"], ["        weight: 7"])
    assert loads(edited.text).actors["israel"].preferences["ceasefire"].weight == 7
    comments = [line for line in CAIRO.splitlines() if line.lstrip().startswith("#")]
    assert comments == [line for line in edited.text.splitlines() if line.lstrip().startswith("#")]


def test_a_value_inside_a_flow_mapping_and_a_distribution():
    edited = edit_text(CAIRO, [Edit((*ISRAEL_CEASEFIRE, "values", "phased"), 0.5),
                               Edit(("actors", "hamas", "reservation"), {"uniform": [0.3, 0.5]})])
    assert edited.comments_kept
    doc = data(edited.text)
    assert doc["actors"]["israel"]["preferences"]["ceasefire"]["values"] == {
        "none": 1, "temporary": 0.8, "phased": 0.5, "permanent": 0}
    assert doc["actors"]["hamas"]["reservation"] == {"uniform": [0.3, 0.5]}
    assert "    reservation: {uniform: [0.3, 0.5]}" in edited.text.splitlines()


def test_switching_a_red_line_removes_one_key_and_adds_the_other_beside_the_values():
    edited = edit_text(CAIRO, [Edit((*ISRAEL_CEASEFIRE, "reject"), REMOVE),
                               Edit((*ISRAEL_CEASEFIRE, "accept"), ["none", "temporary"])])
    assert edited.comments_kept
    pref = loads(edited.text).actors["israel"].preferences["ceasefire"]
    assert pref.red_line.kind == "accept" and set(pref.red_line.options) == {"none", "temporary"}
    lines = edited.text.splitlines()
    assert lines.index("        accept: [none, temporary]") == lines.index("        holds: 0.85") + 1


def test_a_new_point_of_a_numeric_issue_and_a_new_bound():
    path = ("actors", "parliament", "preferences", "habitats_2030")
    edited = edit_text(TRILOGUE, [Edit((*path, "values", "10"), 0.2), Edit((*path, "min"), 10)])
    assert edited.comments_kept
    pref = data(edited.text)["actors"]["parliament"]["preferences"]["habitats_2030"]
    assert pref["values"] == {0: 0, 30: 1, 10: 0.2} and pref["min"] == 10
    loads(edited.text)


def test_an_edit_through_an_alias_rewrites_the_document_and_says_so():
    text = example_path("eu-nature-restoration-2024").read_text(encoding="utf-8")
    actors = list(data(text)["actors"])
    supporters = [a for a in actors if data(text)["actors"][a].get("preferences", {}).get("habitats_2030", {})
                  .get("min") == 20]
    first, second = supporters[:2]
    edited = edit_text(text, [Edit(("actors", first, "preferences", "habitats_2030", "weight"), 3)])
    assert not edited.comments_kept  # the preferences are an anchor shared by every supporter
    doc = data(edited.text)
    assert doc["actors"][first]["preferences"]["habitats_2030"]["weight"] == 3
    assert doc["actors"][second]["preferences"]["habitats_2030"]["weight"] == 2  # only the edited actor changed


def test_json_text_stays_json():
    text = json.dumps(data(TRILOGUE), default=str)
    edited = edit_text(text, [Edit(("actors", "parliament", "reservation"), 0.1)])
    assert edited.format == "json"
    assert json.loads(edited.text)["actors"]["parliament"]["reservation"] == 0.1
    loads(edited.text)


def test_removing_a_missing_key_changes_nothing_and_bad_paths_are_clear():
    assert edit_text(CAIRO, [Edit((*ISRAEL_CEASEFIRE, "min"), REMOVE)]).text == CAIRO
    with pytest.raises(InvalidInput, match=r"actors\.israel\.name is not a mapping"):
        edit_text(CAIRO, [Edit(("actors", "israel", "name", "x"), 1)])
    with pytest.raises(InvalidInput, match="path"):
        edit_text(CAIRO, [Edit((), 1)])
    with pytest.raises(ScenarioError, match="invalid YAML"):
        edit_text("a: [", [])


def test_form_fields_give_each_number_as_its_yaml_text():
    fields = form_fields(data(CAIRO))
    israel = fields["actors"][0]
    assert israel["id"] == "israel" and israel["reservation"] == "{triangular: [0.4, 0.5, 0.6]}"
    ceasefire = israel["preferences"]["ceasefire"]
    assert ceasefire["weight"] == "{triangular: [3, 4, 5]}" and ceasefire["values"]["temporary"] == "0.8"
    assert ceasefire["red_line"] == "reject" and ceasefire["options"] == ["permanent"] and ceasefire["holds"] == "0.85"
    assert israel["preferences"]["hostages"]["unless"] == "{rafah: [full-offensive, limited]}"
    assert flow("yes") == "'yes'" and flow([1, 2]) == "[1, 2]"
    assert file_name("Cairo ceasefire & hostage talks!", "yaml") == "cairo-ceasefire-hostage-talks.yaml"
    assert file_name("", "json") == "scenario.json"
