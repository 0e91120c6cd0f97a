"""A base problem is reported once; a source file that cannot be read is an error for validate, a warning elsewhere."""

import json

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.scenario import ScenarioError, load
from accord.scenario.evidence import unchecked_quotes, unread_sources

runner = CliRunner()

BASE_PROBLEM = """\
accord: 1
name: t
issues:
  a: {options: [x, y]}
  b: {options: [x]}
actors:
  p: {role: party, preferences: {a: {values: {x: 1, y: 0}}}}
  q: {role: party, preferences: {a: {values: {x: 0, y: 1}}}}
variants:
  v1: {description: one, patch: {actors: {p: {power: 2}}}}
  v2: {description: two, patch: {actors: {q: {power: 2}}}}
  v3: {description: three, patch: {issues: {b: {options: [z]}}}}
  v4: {description: four, patch: {issues: {b: {options: [x, y]}}}}
"""

SOURCED = """\
accord: 1
name: sourced
sources:
  art: {file: article.txt}
issues:
  a: {options: [x, y]}
actors:
  p:
    role: party
    preferences:
      a: {values: {x: 1, y: 0}, evidence: [{source: art, quote: "we want x"}]}
  q: {role: party, preferences: {a: {values: {x: 0, y: 1}}}}
"""


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("variants", [0, 2, 6])
def test_a_base_problem_is_printed_once_whatever_the_number_of_variants(tmp_path, variants):
    body = BASE_PROBLEM.split("variants:")[0]
    if variants:
        body += "variants:\n" + "".join(f"  v{k}: {{description: d, patch: {{actors: {{p: {{power: {k + 2}}}}}}}}}\n"
                                        for k in range(variants))
    path = tmp_path / "t.yaml"
    path.write_text(body)
    code, _, err = run("validate", path)
    lines = err.strip().splitlines()
    assert code == 1 and lines == [f"error: {path}:5: issues.b.options: expected a list of at least two options, "
                                   "got 1 option(s)"]


def test_a_variant_that_changes_the_broken_part_is_still_checked(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(BASE_PROBLEM.replace("accord: 1\n", ""))
    with pytest.raises(ScenarioError) as caught:
        load(path)
    where = [(p.path, p.line) for p in caught.value.problems]
    assert where.count(("accord", 1)) == 1  # v1, v2, v3, v4 inherit it: not repeated
    assert ("issues.b.options", 4) in where  # the base's own problem
    assert ("variants.v3.patch -> issues.b.options", 11) in where  # v3 sets another bad value: its own line
    assert not any(p.startswith(("variants.v1", "variants.v2", "variants.v4")) for p, _ in where)


@pytest.fixture
def sourced(tmp_path):
    path = tmp_path / "talks.yaml"
    path.write_text(SOURCED)
    return path


def test_validate_fails_naming_a_source_file_that_does_not_exist(sourced):
    code, _, err = run("validate", sourced)
    assert code == 1
    (line,) = err.strip().splitlines()
    assert line.startswith(f"error: {sourced}: sources.art.file: source file 'article.txt' does not exist")
    assert "cannot be checked" in line
    code, out, _ = run("validate", sourced, "--json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False
    assert [p["path"] for p in data["files"][0]["problems"]] == ["sources.art.file"]


def test_with_the_file_present_the_quote_is_checked(sourced):
    (sourced.parent / "article.txt").write_text("They said: we want x, now.")
    assert run("validate", sourced)[0] == 0
    assert unread_sources(load(sourced)) == [] and unchecked_quotes(load(sourced)) == []
    (sourced.parent / "article.txt").write_text("Nothing of the kind.")
    code, _, err = run("validate", sourced)
    assert code == 1 and "quote does not occur in source 'art'" in err


@pytest.mark.parametrize("args", [["analyze"], ["compare", "--json"], ["forecast", "--model", "median"]])
def test_other_commands_warn_in_one_line_and_go_on(sourced, args):
    code, out, err = run(args[0], sourced, *args[1:])
    assert code == 0 and out
    (line,) = err.strip().splitlines()
    assert line.startswith(f"warning: {sourced}: sources.art.file: source file 'article.txt' does not exist")


def test_the_briefing_lists_the_quotes_it_could_not_check(sourced, tmp_path):
    assert unchecked_quotes(load(sourced)) == [{"parameter": "actors.p.preferences.a", "source": "art",
                                                "file": "article.txt", "quote": "we want x"}]
    code, _, err = run("report", sourced, "-o", tmp_path / "b.html")
    page = (tmp_path / "b.html").read_text()
    assert code == 0 and "warning:" in err
    assert "Quotes not checked" in page and "we want x" in page.split("Quotes not checked")[1]


def test_a_source_added_by_a_variant_is_checked_too(tmp_path):
    (tmp_path / "article.txt").write_text("we want x")
    path = tmp_path / "talks.yaml"
    path.write_text(SOURCED + "variants:\n  later:\n    description: a second article\n"
                              "    patch: {sources: {late: {file: later.txt}}}\n")
    problems = unread_sources(load(path))
    assert [(p.path, "later.txt" in p.message) for p in problems] == [("variants.later.patch.sources.late.file", True)]


def test_a_scenario_read_from_text_reads_no_file_and_is_not_flagged():
    from accord.scenario import loads

    assert unread_sources(loads(SOURCED)) == [] and unchecked_quotes(loads(SOURCED)) == []
