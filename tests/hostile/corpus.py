"""A corpus of hostile inputs, each built small by a generator: (name, files, command, expected exit code).

Every case once ended in exit 3 (internal error) or was wrongly accepted. ``files`` maps file names to bytes or
text, written to a temporary folder; ``{dir}`` in the command is that folder. Expected codes follow docs/cli.md:
1 invalid input or refused work, 2 usage (typer/click range checks), 4 a missing extra.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CAIRO = ROOT / "examples" / "cairo-talks-2024" / "scenario.yaml"
DATA = ROOT / "tests" / "data"


def cairo() -> dict:
    """The Cairo example as plain data, without its source file (so nothing else is read)."""
    doc = yaml.safe_load(CAIRO.read_text(encoding="utf-8"))
    doc.pop("sources", None)
    doc["date"] = str(doc["date"])

    def strip(node):
        if isinstance(node, dict):
            node.pop("evidence", None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)

    strip(doc)
    return doc


def mutated(change) -> str:
    doc = copy.deepcopy(cairo())
    change(doc)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def _set(path: tuple, value):
    def change(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


def _replace_in_yaml(old: str, new: str) -> str:
    text = yaml.safe_dump(cairo(), sort_keys=False)
    assert old in text, old
    return text.replace(old, new, 1)


BIG = 10**400  # an integer no float can hold
WALKOUT = ("events", "hamas-leaves-cairo", "walkout")


def scenario_cases() -> list[tuple[str, dict, list[str], int]]:
    """Hostile scenario files, each run through validate and analyze --json."""
    files = {
        "walkout-list": mutated(_set(WALKOUT, ["hamas"])),
        "walkout-mapping": mutated(_set(WALKOUT, {"hamas": 1})),
        "apply-list": mutated(lambda d: (d["events"]["hamas-leaves-cairo"].pop("walkout"),
                                         d["events"]["hamas-leaves-cairo"].update(apply=["phased-ceasefire"]))),
        "apply-mapping": mutated(lambda d: (d["events"]["hamas-leaves-cairo"].pop("walkout"),
                                            d["events"]["hamas-leaves-cairo"].update(apply={"a": 1}))),
        "bigint-power": mutated(_set(("actors", "israel", "power"), BIG)),
        "bigint-weight": mutated(_set(("actors", "israel", "preferences", "ceasefire", "weight"), BIG)),
        "bigint-value": mutated(_set(("actors", "israel", "preferences", "rafah", "values", "deferred"), -BIG)),
        "bigint-triangular": mutated(_set(("actors", "israel", "reservation"), {"triangular": [0, 0.5, BIG]})),
        "bigint-normal": mutated(_set(("actors", "israel", "reservation"), {"normal": [0.5, BIG]})),
        "bigint-round": mutated(_set(("events", "hamas-leaves-cairo", "round"), BIG)),
        "timestamp-bad": _replace_in_yaml("power: 0.6", "power: !!timestamp nope"),
        "timestamp-power": _replace_in_yaml("power: 0.6", "power: !!timestamp 2001-12-14 21:59:43"),
        "timestamp-offset": _replace_in_yaml("power: 0.6", "power: !!timestamp 2001-12-14t21:59:43-25:00"),
        "bool-bad": _replace_in_yaml("power: 0.6", "power: !!bool maybe"),
        "surrogate-yaml": _replace_in_yaml("name: Israel", 'name: "Isra\\ud800el"'),
    }
    cases = []
    for name, text in files.items():
        for command in (["validate"], ["analyze", "--json"]):
            cases.append((f"{name}-{command[0]}", {f"{name}.yaml": text}, [*command, f"{{dir}}/{name}.yaml"], 1))
    huge = json.dumps(cairo()).replace('"power": 0.6', '"power": ' + "9" * 5000, 1)
    surrogate = json.dumps(cairo()).replace('"name": "Israel"', '"name": "Isra\\ud800el"', 1)
    surrogate_key = json.dumps(cairo()).replace('"description":', '"x-\\udc80": 1, "description":', 1)
    for name, text in (("json-4301-digits", huge), ("surrogate-json", surrogate), ("surrogate-key", surrogate_key)):
        for command in (["validate"], ["analyze", "--json"], ["simulate", "--summary"]):
            cases.append((f"{name}-{command[0]}", {f"{name}.json": text}, [*command, f"{{dir}}/{name}.json"], 1))
    return cases


def frontier_doc(issues: int = 12, options: int = 10) -> str:
    """Zero-sum issues with equal weights: every one of options**issues packages is on the Pareto frontier."""
    doc = {"accord": 1, "name": "frontier", "issues": {f"i{k}": {"options": [f"o{j}" for j in range(options)]}
                                                       for k in range(issues)}, "actors": {}}
    for party, flip in (("a", False), ("b", True)):
        doc["actors"][party] = {"role": "party", "reservation": 0.1, "preferences": {
            f"i{k}": {"weight": 1, "values": {f"o{j}": (1 - j / (options - 1)) if flip else j / (options - 1)
                                              for j in range(options)}} for k in range(issues)}}
    return yaml.safe_dump(doc)


def importer_cases() -> list[tuple[str, dict, list[str], int]]:
    laptop = DATA / "genius" / "LaptopA"
    prof1 = (laptop / "Laptop-A-prof1.xml").read_text()
    domain = (laptop / "Laptop-A-domain.xml").read_text()
    prof2 = (laptop / "Laptop-A-prof2.xml").read_text()
    w308 = prof1.replace('value="0.4452125771655631"', 'value="1e308"').replace('value="0.37808251708013424"',
                                                                                   'value="1e308"')
    fitness = DATA / "geniusweb" / "Fitness"
    fdomain, f1, f2 = ((fitness / n).read_text() for n in ("fitness.json", "fitness1.json", "fitness2.json"))
    cases = []
    for name, profile, extra in (("genius-weights-1e308", w308, []),
                                 ("genius-weights-1e308-normalised", w308, ["--normalise-weights"]),
                                 ("genius-dtd-http", '<!DOCTYPE utility_space SYSTEM "http://127.0.0.1:9/x.dtd">\n'
                                  + prof1, ["--normalise-weights"]),
                                 ("genius-dtd-file", '<!DOCTYPE utility_space SYSTEM "file:///etc/passwd">\n'
                                  + prof1, ["--normalise-weights"]),
                                 ("genius-dtd-public", '<!DOCTYPE utility_space PUBLIC "-//x//EN" "http://x/y.dtd">\n'
                                  + prof1, ["--normalise-weights"])):
        files = {"domain.xml": domain, "p1.xml": profile, "p2.xml": prof2}
        cases.append((name, files, ["import", "genius", "{dir}/domain.xml", "{dir}/p1.xml", "{dir}/p2.xml",
                                    "-o", "{dir}/out.yaml", *extra], 1))
    for name, old, new in (("geniusweb-weight-1e999999999", '"type": 0.15', '"type": 1e999999999'),
                           ("geniusweb-weight-5000-digits", '"type": 0.15', '"type": 1' + "0" * 5000),
                           ("geniusweb-weights-1e308", '"type": 0.15', '"type": 1e308'),
                           ("geniusweb-value-tiny", '"swimming": 0.6', '"swimming": 1e-999999999')):
        assert old in f1
        files = {"domain.json": fdomain, "p1.json": f1.replace(old, new), "p2.json": f2}
        cases.append((name, files, ["import", "geniusweb", "{dir}/domain.json", "{dir}/p1.json", "{dir}/p2.json",
                                    "-o", "{dir}/out.yaml"], 1))
    return cases


def option_cases() -> list[tuple[str, dict, list[str], int]]:
    """Option abuses: ranges are checked by the command line before anything is read (exit 2)."""
    cases = []
    for command in (["simulate", "--summary"], ["montecarlo", "--runs", "10", "--json"], ["tournament", "--reps", "1"]):
        cases.append((f"{command[0]}-seed-negative", {}, [*command, "--seed", "-1"], 2))
        cases.append((f"{command[0]}-seed-huge", {}, [*command, "--seed", str(2**63)], 2))
    cases += [
        ("montecarlo-runs-1e11", {}, ["montecarlo", "--runs", "100000000000"], 2),
        ("simulate-runs-1e11", {}, ["simulate", "--runs", "100000000000"], 2),
        ("forecast-runs-1e11", {}, ["forecast", "--runs", "100000000000"], 2),
        ("report-runs-1e11", {}, ["report", "--runs", "100000000000", "-o", "{dir}/b.html"], 2),
        ("tournament-reps-1e11", {}, ["tournament", "--reps", "100000000000"], 2),
        ("simulate-rounds-1e11", {}, ["simulate", "--rounds", "100000000000"], 2),
        ("rerun-huge", {}, ["rerun", "99999999999999999999", "--db", "{dir}/s.db"], 2),
        ("montecarlo-out-missing-folder", {}, ["montecarlo", "--runs", "10", "-o", "{dir}/missing/x.csv"], 1),
        ("montecarlo-out-folder", {}, ["montecarlo", "--runs", "10", "-o", "{dir}"], 2),
        ("simulate-trace-missing-folder", {}, ["simulate", "--trace", "{dir}/missing/t.csv"], 1),
        ("report-output-is-folder", {"sub/keep": ""}, ["report", "-o", "{dir}/sub"], 1),
        ("tournament-plot-missing-folder", {}, ["tournament", "--reps", "1", "--plot", "{dir}/missing/p.png"], 1),
        ("tournament-db-folder", {"sub/keep": ""}, ["tournament", "--reps", "1", "--db", "{dir}/sub"], 1),
        ("forecast-table-dev-zero", {}, ["forecast", "--table", "/dev/zero"], 1),
        ("forecast-table-folder", {}, ["forecast", "--table", "{dir}"], 1),
        ("frontier-1e12-analyze", {"frontier.yaml": frontier_doc()}, ["analyze", "--json", "{dir}/frontier.yaml"], 1),
        ("frontier-1e12-compare", {"frontier.yaml": frontier_doc()}, ["compare", "{dir}/frontier.yaml"], 1),
        ("boulware-exponent-nan", {}, ["simulate", "-s", "israel=boulware:exponent=nan"], 1),
        ("boulware-exponent-inf", {}, ["simulate", "-s", "israel=boulware:exponent=1e999"], 1),
    ]
    return cases


def store_cases() -> list[tuple[str, dict, list[str], int]]:
    """References into a store holding the Cairo talks once (the test adds it first)."""
    name = "cairo-ceasefire-and-hostage-talks"
    return [
        ("track-show-superscript", {}, ["track", "show", f"{name}@²", "--db", "{dir}/s.db"], 1),
        ("track-show-arabic-digit", {}, ["track", "show", f"{name}@١", "--db", "{dir}/s.db"], 1),
        ("track-show-5000-digits", {}, ["track", "show", f"{name}@{'9' * 5000}", "--db", "{dir}/s.db"], 1),
        ("diff-superscript", {}, ["diff", f"{name}@1", f"{name}@²", "--db", "{dir}/s.db"], 1),
        ("diff-huge", {}, ["diff", f"{name}@1", f"{name}@{'9' * 30}", "--db", "{dir}/s.db"], 1),
    ]
