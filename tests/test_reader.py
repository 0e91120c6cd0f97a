"""Tests for the guarded reader (accord.scenario.reader) and file reading.

Scenario files come from untrusted places, so these tests feed the reader
hostile and malformed input and check that every refusal is a ScenarioError
with a useful message (never a crash, a hang or code execution), and that
well-formed YAML and JSON come back as plain data with line numbers.
"""

from __future__ import annotations

import textwrap

import pytest

from accord.scenario import ScenarioError, loads, read_file, reader
from accord.scenario.reader import MAX_BYTES, MAX_DEPTH, MAX_NODES

# A small valid scenario in YAML. Line numbers matter for several tests:
#  1 accord / 2 name / 3 issues / 4 cat / 5 options / 6 num / 7 range / 8 step
#  9 actors / 10 p1 / 11 reservation / 12 preferences / 13 cat / 14 num
#  15 p2 / 16 preferences / 17 cat / 18 num
VALID_YAML = textwrap.dedent(
    """\
    accord: 1
    name: Reader test
    issues:
      cat:
        options: [a, b, c]
      num:
        range: [0, 10]
        step: 1
    actors:
      p1:
        reservation: 0.2
        preferences:
          cat: {weight: 1, values: {a: 1, b: 0.5, c: 0}}
          num: {weight: 1, values: {0: 0, 10: 1}}
      p2:
        preferences:
          cat: {weight: 1, values: {a: 0, b: 0.5, c: 1}}
          num: {weight: 1, values: {0: 1, 10: 0}}
    """
)

VALID_JSON = """\
{
  "accord": 1,
  "name": "Reader test",
  "issues": {
    "cat": {"options": ["a", "b", "c"]},
    "num": {"range": [0, 10], "step": 1}
  },
  "actors": {
    "p1": {
      "reservation": 0.2,
      "preferences": {
        "cat": {"weight": 1, "values": {"a": 1, "b": 0.5, "c": 0}},
        "num": {"weight": 1, "values": {"0": 0, "10": 1}}
      }
    },
    "p2": {
      "preferences": {
        "cat": {"weight": 1, "values": {"a": 0, "b": 0.5, "c": 1}},
        "num": {"weight": 1, "values": {"0": 1, "10": 0}}
      }
    }
  }
}
"""


def refusal(text: str, **kwargs) -> ScenarioError:
    """Parse ``text`` expecting a ScenarioError; return it."""
    with pytest.raises(ScenarioError) as info:
        reader.parse(text, "doc.yaml", **kwargs)
    return info.value


def only_problem(error: ScenarioError):
    assert len(error.problems) == 1, [str(p) for p in error.problems]
    return error.problems[0]


# --------------------------------------------------------------------------- nesting

def nested_mapping(levels: int) -> str:
    """A block mapping ``levels`` deep: k0: / k1: / ... / leaf value."""
    lines = [("  " * i) + f"k{i}:" for i in range(levels)]
    lines.append(("  " * levels) + "leaf")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "text, fmt",
    [
        pytest.param("[" * 10000, None, id="10000-open-brackets-yaml"),
        pytest.param("[" * 10000, "json", id="10000-open-brackets-json"),
        pytest.param("[" * 10000 + "]" * 10000, None, id="10000-closed-brackets-yaml"),
        pytest.param("[" * 10000 + "]" * 10000, "json", id="10000-closed-brackets-json"),
        pytest.param(nested_mapping(200), None, id="200-deep-block-mapping"),
        pytest.param('{"a": ' * 200 + "1" + "}" * 200, "json", id="200-deep-json-object"),
    ],
)
def test_deep_nesting_is_refused(text, fmt):
    problem = only_problem(refusal(text, fmt=fmt))
    assert "nested" in problem.message
    assert str(MAX_DEPTH) in problem.message
    assert problem.file == "doc.yaml"


@pytest.mark.parametrize("fmt", [None, "json"])
def test_nesting_limit_is_exact(fmt):
    # The root counts as level 1 and the innermost scalar as a level too.
    at_limit = "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1)
    data, _ = reader.parse(at_limit, "doc", fmt)
    depth = 1
    while isinstance(data, list):
        (data,) = data
        depth += 1
    assert (depth, data) == (MAX_DEPTH, 1)
    over = "[" + at_limit + "]"
    assert "nested" in only_problem(refusal(over, fmt=fmt)).message


def test_nesting_through_aliases_is_refused():
    """Depth must be capped after alias expansion too.

    Each anchor below is only 50 levels deep (under MAX_DEPTH when composed),
    but every one nests the previous one, so the expanded data is 1500 levels
    deep with only ~1500 nodes (far under MAX_NODES). It must be refused as
    too deeply nested, not crash with RecursionError.
    """
    text = "l0: &l0 " + "[" * 50 + "1" + "]" * 50 + "\n"
    for i in range(1, 30):
        text += f"l{i}: &l{i} " + "[" * 50 + f"*l{i - 1}" + "]" * 50 + "\n"
    problem = only_problem(refusal(text))
    assert "nested" in problem.message


def test_recursive_alias_is_refused():
    """An anchor that contains an alias to itself is an infinite document."""
    error = refusal("a: &x [1, *x]\n")
    assert error.problems


# --------------------------------------------------------------------------- alias bomb

def billion_laughs(levels: int = 9, fan_out: int = 10) -> str:
    text = "a0: &a0 [" + ", ".join(['"lol"'] * fan_out) + "]\n"
    for i in range(1, levels + 1):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan_out) + "]\n"
    return text


@pytest.mark.slow
def test_alias_bomb_is_refused_after_bounded_work():
    # 10**9 leaves once expanded; the reader must stop at MAX_NODES. That the
    # call returns at all (this test finishes) is the "no hang" check.
    text = billion_laughs(9, 10)
    assert len(text) < 1000
    problem = only_problem(refusal(text))
    assert "expan" in problem.message or "nodes" in problem.message
    assert str(MAX_NODES) in problem.message


@pytest.mark.slow
def test_alias_bomb_is_refused_through_loads():
    with pytest.raises(ScenarioError) as info:
        loads(billion_laughs(9, 10), file="bomb.yaml")
    assert "alias" in str(info.value) or "nodes" in str(info.value)
    assert info.value.problems[0].file == "bomb.yaml"


def test_modest_aliases_are_expanded():
    data, _ = reader.parse(billion_laughs(2, 3), "doc")
    assert data["a2"] == [[["lol"] * 3] * 3] * 3


# --------------------------------------------------------------------------- bytes

def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "scenario.yaml"
    path.write_bytes(b"accord: 1\nname: \x00\x01\x02binary\n")
    problem = only_problem(pytest.raises(ScenarioError, read_file, path).value)
    assert "binary" in problem.message
    assert problem.file == str(path)


def test_utf16_file_is_refused_as_binary(tmp_path):
    path = tmp_path / "scenario.yaml"
    path.write_bytes("accord: 1\n".encode("utf-16"))
    problem = only_problem(pytest.raises(ScenarioError, read_file, path).value)
    assert "binary" in problem.message


def test_non_utf8_file_is_refused(tmp_path):
    path = tmp_path / "scenario.yaml"
    path.write_bytes(b"accord: 1\nname: Caf\xe9 talks\n")  # Latin-1 e-acute
    problem = only_problem(pytest.raises(ScenarioError, read_file, path).value)
    assert "UTF-8" in problem.message
    assert problem.file == str(path)


def test_utf8_with_bom_is_read(tmp_path):
    path = tmp_path / "scenario.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID_YAML.replace("Reader test", "Caf\u00e9").encode("utf-8"))
    assert read_file(path).name == "Caf\u00e9"


def test_file_larger_than_max_bytes_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    problem = only_problem(pytest.raises(ScenarioError, read_file, path).value)
    assert "too large" in problem.message
    assert str(MAX_BYTES) in problem.message
    assert problem.file == str(path)


def test_decode_limits_are_checked_before_parsing():
    with pytest.raises(ScenarioError, match="too large"):
        reader.decode(b" " * (MAX_BYTES + 1), "x")
    assert reader.decode(b"accord: 1\n", "x") == "accord: 1\n"


# --------------------------------------------------------------------------- syntax errors

def test_invalid_yaml_reports_the_line():
    text = "accord: 1\nname: fine\nbad: a: b\nissues: {}\n"
    problem = only_problem(refusal(text))
    assert problem.message.startswith("invalid YAML")
    assert problem.line == 3
    assert problem.file == "doc.yaml"


def test_invalid_yaml_in_a_file_reports_file_and_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(VALID_YAML.replace("    step: 1\n", "    step: 1\n   oops: [\n"), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_file(path)
    problem = only_problem(info.value)
    assert problem.file == str(path)
    assert "invalid YAML" in problem.message
    assert problem.line == 9  # the badly indented line


def test_tab_indentation_reports_the_line():
    problem = only_problem(refusal("accord: 1\nname: x\n\tissues: {}\n"))
    assert "invalid YAML" in problem.message
    assert problem.line == 3


def test_invalid_json_reports_the_line():
    text = '{\n  "accord": 1,\n  "name": \n}\n'
    problem = only_problem(refusal(text, fmt="json"))
    assert problem.message.startswith("invalid JSON")
    assert problem.line == 4


@pytest.mark.parametrize(
    "text, line",
    [
        pytest.param("accord: 1\ndate: 2024-13-45\n", 2, id="impossible-date"),
        pytest.param("accord: 1\nx-n: !!int abc\n", 2, id="bad-explicit-int"),
        pytest.param("accord: 1\nx-f: !!float abc\n", 2, id="bad-explicit-float"),
    ],
)
def test_scalar_that_cannot_be_constructed_is_a_problem(text, line):
    """A scalar the safe constructor cannot build is a ScenarioError with a line.

    (Not a bare ValueError escaping from PyYAML's constructor.)
    """
    problem = only_problem(refusal(text))
    assert problem.line == line


# --------------------------------------------------------------------------- duplicate keys

def test_duplicate_key_in_yaml_is_reported_with_path_and_line():
    text = VALID_YAML.replace("    reservation: 0.2\n", "    reservation: 0.2\n    reservation: 0.3\n")
    with pytest.raises(ScenarioError) as info:
        loads(text, file="dup.yaml")
    problem = only_problem(info.value)
    assert "duplicate key 'reservation'" in problem.message
    assert problem.path == "actors.p1.reservation"
    assert problem.line == 12  # the second occurrence
    assert problem.file == "dup.yaml"


def test_duplicate_top_level_key_in_yaml():
    problem = only_problem(refusal("accord: 1\nname: a\nname: b\n"))
    assert "duplicate key 'name'" in problem.message
    assert (problem.path, problem.line) == ("name", 3)


def test_duplicate_key_in_json_is_reported():
    text = VALID_JSON.replace('"name": "Reader test",', '"name": "Reader test",\n  "name": "again",')
    with pytest.raises(ScenarioError) as info:
        loads(text, file="dup.json")
    problem = only_problem(info.value)
    assert "duplicate key 'name'" in problem.message
    assert problem.file == "dup.json"


def test_duplicate_nested_key_in_json_file(tmp_path):
    path = tmp_path / "dup.json"
    path.write_text(VALID_JSON.replace('"b": 0.5, "c": 0}', '"b": 0.5, "c": 0, "a": 0}'), encoding="utf-8")
    problem = only_problem(pytest.raises(ScenarioError, read_file, path).value)
    assert "duplicate key 'a'" in problem.message
    assert problem.file == str(path)


# --------------------------------------------------------------------------- Python tags

@pytest.mark.parametrize(
    "template",
    [
        pytest.param('x-payload: !!python/object/apply:os.system ["echo hi > {marker}"]\n', id="apply-flow-sequence"),
        pytest.param("x-payload: !!python/object/apply:os.system\n  args: ['echo hi > {marker}']\n",
                     id="apply-mapping-form"),
        pytest.param("x-payload: !!python/object/new:os.system ['echo hi > {marker}']\n", id="new"),
        pytest.param("x-payload: !!python/name:os.system\n", id="name-scalar"),
        pytest.param("x-payload: !!python/object:os.system {{}}\n", id="object-mapping"),
    ],
)
def test_python_object_tags_are_refused_and_not_executed(tmp_path, template):
    marker = tmp_path / "executed"
    text = VALID_YAML + template.format(marker=marker)
    try:
        loads(text, file="evil.yaml")
    except ScenarioError as exc:
        error = exc
    else:
        error = None
    assert not marker.exists(), "a Python tag was executed"
    assert error is not None, "a document with a !!python/... tag was accepted"
    assert "python" in str(error)
    assert error.problems[0].file == "evil.yaml"


# --------------------------------------------------------------------------- JSON

def test_json_parses_to_the_same_data_as_yaml():
    json_data, json_lines = reader.parse(VALID_JSON, "s.json")  # detected by the leading {
    assert json_data["issues"]["num"] == {"range": [0, 10], "step": 1}
    assert json_data["actors"]["p1"]["reservation"] == 0.2
    assert json_lines[("actors", "p1", "reservation")] == 10
    scenario = loads(VALID_JSON, file="s.json")
    assert scenario.parties == ("p1", "p2")
    assert scenario.actors["p1"].reservation == 0.2
    assert scenario.issues["num"].options == tuple(range(11))


def test_json_problems_carry_line_numbers(tmp_path):
    path = tmp_path / "scenario.json"
    path.write_text(VALID_JSON.replace('"reservation": 0.2', '"reservation": 1.5'), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_file(path)
    [problem] = [p for p in info.value.problems if p.path == "actors.p1.reservation"]
    assert problem.line == 10
    assert problem.file == str(path)
    assert "in [0, 1]" in problem.message


def test_json_without_yaml_compatible_layout_still_validates():
    # Tabs make the text invalid YAML, so no line numbers can be borrowed,
    # but the JSON itself is fine and must still parse and validate.
    text = VALID_JSON.replace("  ", "\t")
    assert loads(text, fmt="json").parties == ("p1", "p2")
    with pytest.raises(ScenarioError) as info:
        loads(text.replace('"reservation": 0.2', '"reservation": 1.5'), fmt="json", file="t.json")
    [problem] = [p for p in info.value.problems if p.path == "actors.p1.reservation"]
    assert problem.file == "t.json"


# --------------------------------------------------------------------------- files

def test_directory_gives_one_problem_naming_it(tmp_path):
    problem = only_problem(pytest.raises(ScenarioError, read_file, tmp_path).value)
    assert problem.file == str(tmp_path)
    assert "directory" in problem.message
    assert str(tmp_path) in str(problem)


def test_missing_file_gives_one_problem_naming_it(tmp_path):
    path = tmp_path / "nope.yaml"
    problem = only_problem(pytest.raises(ScenarioError, read_file, path).value)
    assert problem.file == str(path)
    assert "no such file" in problem.message
    assert str(path) in str(problem)


def test_valid_yaml_file_reads(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(VALID_YAML, encoding="utf-8")
    scenario = read_file(path)
    assert scenario.file == str(path)
    assert scenario.name == "Reader test"
    assert scenario.actors["p1"].reservation == 0.2


def test_yaml_lines_map_paths_to_lines():
    _, lines = reader.parse(VALID_YAML, "doc")
    assert lines[()] == 1
    assert lines[("accord",)] == 1
    assert lines[("issues", "num", "step")] == 8
    assert lines[("issues", "cat", "options", 2)] == 5
    assert lines[("actors", "p1", "reservation")] == 11
    assert lines[("actors", "p2", "preferences", "num", "values", 10)] == 18


# --------------------------------------------------------------------------- merge keys

MERGE_YAML = textwrap.dedent(
    """\
    accord: 1
    x-defaults:
      liked: &liked {weight: 2, values: {a: 1, b: 0.5, c: 0}}
      numeric: &numeric {weight: 1, values: {0: 0, 10: 1}}
    issues:
      cat: {options: [a, b, c]}
      num: {range: [0, 10], step: 1}
    actors:
      p1:
        preferences:
          cat: *liked
          num:
            <<: *numeric
      p2:
        preferences:
          cat:
            <<: *liked
            reject: [a]
          num:
            <<: [*numeric]
    """
)


def test_merge_keys_work():
    scenario = loads(MERGE_YAML, file="merge.yaml")
    p1, p2 = scenario.actors["p1"], scenario.actors["p2"]
    assert p1.preferences["cat"].weight == 2
    assert p2.preferences["cat"].weight == 2
    assert p2.preferences["cat"].scores == (1.0, 0.5, 0.0)
    assert p2.preferences["cat"].red_line.options == ("a",)
    assert p2.preferences["num"].points == ((0.0, 0.0), (10.0, 1.0))


def test_merge_key_can_be_overridden_by_an_explicit_key():
    """YAML merge semantics: keys written in the mapping override merged ones.

    ``<<: *liked`` followed by ``weight: 5`` must give weight 5; it is not a
    duplicate key.
    """
    text = MERGE_YAML.replace("        reject: [a]\n", "        weight: 5\n")
    assert text != MERGE_YAML
    scenario = loads(text, file="merge.yaml")
    assert scenario.actors["p2"].preferences["cat"].weight == 5


def test_merge_key_needs_a_mapping():
    problem = only_problem(refusal("a: 1\nb:\n  <<: [1, 2]\n"))
    assert "merge" in problem.message
    assert problem.line == 3


# --------------------------------------------------------------------------- empty

@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_document_gives_a_clear_problem(text):
    with pytest.raises(ScenarioError) as info:
        loads(text, file="empty.yaml")
    problem = only_problem(info.value)
    assert "top level" in problem.message and "nothing" in problem.message
    assert problem.file == "empty.yaml"


def test_empty_file_gives_a_clear_problem(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    problem = only_problem(pytest.raises(ScenarioError, read_file, path).value)
    assert "expected a scenario mapping" in problem.message
    assert problem.file == str(path)


@pytest.mark.parametrize("text", ["just text\n", "- a\n- b\n", "42\n"])
def test_non_mapping_document_is_a_problem(text):
    with pytest.raises(ScenarioError, match="expected a scenario mapping at the top level"):
        loads(text)


def test_control_characters_are_a_problem_not_a_crash():
    with pytest.raises(ScenarioError) as info:
        loads("accord: 1\nname: \x1f\n")
    assert "invalid YAML" in str(info.value)


def test_the_bounded_reader_refuses_a_file_over_its_limit(tmp_path):
    path = tmp_path / "data"
    path.write_bytes(b"x" * 10)
    assert reader.read_bounded(path, limit=10) == b"x" * 10
    path.write_bytes(b"x" * 11)
    with pytest.raises(reader.FileTooLarge, match="larger than 10 bytes"):
        reader.read_bounded(path, limit=10)
    with pytest.raises(FileNotFoundError):
        reader.read_bounded(tmp_path / "missing")
