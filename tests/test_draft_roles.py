"""The role evaluator of draft scenarios (accord.extract.roles) on synthetic actors and labels."""

from __future__ import annotations

import json

from accord.extract.evaluate import load_gold, main
from accord.extract.roles import compare, load_roles, match_actors, normalise, score

ENTITIES = [
    {"name": "United States", "aliases": ["U.S.", "State Department spokesman Ned Price"], "role": "party"},
    {"name": "Iran", "aliases": ["Iranian"], "role": "party"},
    {"name": "Intergovernmental Authority on Development", "aliases": ["IGAD"], "role": "mediator"},
    {"name": "Russia", "aliases": [], "role": "observer"},
]


def test_normalise_drops_case_punctuation_and_a_leading_the():
    assert normalise("The U.S. State-Department") == "us state department"
    assert normalise("Ethiopia's Foreign Ministry") == "ethiopia s foreign ministry"
    assert normalise("Theodore") == "theodore"  # "the" only as a word


def test_an_actor_matches_by_name_alias_id_or_words_contained():
    actors = {"us": {"name": "US", "role": "party"},  # alias "U.S." normalised
              "iran": {"name": "Iranian Foreign Ministry", "role": "party"},  # contains the alias "Iranian"
              "igad": {"name": "Regional bloc", "role": "mediator"},  # by its id
              "ned-price": {"name": "Ned Price", "role": "observer"},  # contained in an alias
              "rus": {"name": "Belarus", "role": "observer"},  # "rus" is not a word of "russia"
              "other": {"name": "Norway", "role": "observer"}}
    assert match_actors(actors, ENTITIES) == {"us": 0, "iran": 1, "igad": 2, "ned-price": 0, "rus": None,
                                              "other": None}


def test_an_equal_name_wins_over_a_contained_one():
    entities = [{"name": "South Sudan rebels", "aliases": [], "role": "party"},
                {"name": "South Sudan", "aliases": [], "role": "party"}]
    assert match_actors({"south-sudan": {"name": "South Sudan", "role": "party"}}, entities) == {"south-sudan": 1}


def test_scores_per_role_entities_found_and_duplicates():
    actors = {"united-states": {"name": "United States", "role": "party"},
              "us-state-department": {"name": "U.S. State Department", "role": "observer"},  # duplicate of the US
              "iran": {"name": "Iran", "role": "observer"},  # found, wrong role
              "norway": {"name": "Norway", "role": "mediator"}}  # spurious
    item = compare(actors, ENTITIES)
    assert item["found"] == 2 and item["duplicates"] == 1
    report = score([item])
    assert report["party"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "tp": 1, "drafted": 1, "labelled": 2}
    assert report["mediator"]["tp"] == 0 and report["mediator"]["drafted"] == 1 and report["mediator"]["labelled"] == 1
    assert report["observer"]["drafted"] == 2 and report["observer"]["tp"] == 0
    assert report["all"]["tp"] == 1 and report["all"]["drafted"] == 4 and report["all"]["labelled"] == 4
    assert report["found"] == 0.5 and report["duplicates"] == 1
    kinds = {next(iter(error)) for error in item["errors"]}
    assert kinds == {"entity", "spurious", "duplicate"}


def test_role_files_are_read_beside_attribution_labels_and_scored_from_the_command_line(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Talks\n\nTalks between Norway and Sweden resumed in Kenya.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"article": "a.txt", "attributions": []}), encoding="utf-8")
    (tmp_path / "a.roles.json").write_text(json.dumps({"article": "a.txt", "actors": [
        {"name": "Norway", "aliases": [], "role": "party"}, {"name": "Sweden", "aliases": [], "role": "party"},
        {"name": "Kenya", "aliases": [], "role": "mediator"}],
        "notes": ""}), encoding="utf-8")
    assert [name for name, _, _ in load_gold(tmp_path)] == ["a"]  # the roles file is not an attribution label
    assert [name for name, _, _ in load_roles(tmp_path)] == ["a"]
    assert main([str(tmp_path), "--roles"]) == 0
    out = capsys.readouterr().out
    assert "(2 / 2 / 2)" in out and "(3 / 3 / 3)" in out and "entities found 1.000; duplicate actors 0" in out


def test_an_actor_matches_through_its_x_aliases_its_own_name_first():
    entities = [{"name": "Sudanese rebels", "aliases": [], "role": "party"},
                {"name": "Sudan government", "aliases": [], "role": "party"},
                {"name": "U.S.", "aliases": [], "role": "party"}]
    actors = {"sudan": {"name": "Sudan", "role": "party", "x-aliases": ["Sudanese"]},  # own name before an alias
              "united-states": {"name": "United States", "role": "party", "x-aliases": ["U.S.", "American"]},
              "norway": {"name": "Norway", "role": "observer", "x-aliases": ["Oslo"]}}
    assert match_actors(actors, entities) == {"sudan": 1, "united-states": 2, "norway": None}
