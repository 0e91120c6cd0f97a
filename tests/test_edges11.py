"""Format 1.1 at the edges: the terminal, the briefing and the web API show decision rules, coalitions,
voting power, conditional red lines (``unless``), credibility (``holds``) and ratification.

The scenario is tests/data/council/scenario.yaml: three parties deciding by majority with a veto for the
port, whose yes needs its board (a constituency); the town's red line is waived when the fee is high and
holds with probability 0.7.
"""

import itertools
import json
import math
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.cli.render import condition_package_text
from accord.report import briefing
from accord.report.safe_html import policy_of, script_hash
from accord.report.words import power_rows, rule_text
from accord.scenario.model import Decision

COUNCIL = Path(__file__).parent / "data" / "council" / "scenario.yaml"
PARTIES = ("port", "town", "fishers")


def wins(members) -> bool:
    """The council's rule written out: a majority of the three, the port among them."""
    return len(members) >= 2 and "port" in members


def brute_force_power():
    """Shapley–Shubik over every ordering, normalised Banzhaf over every set (the definitions)."""
    pivots = dict.fromkeys(PARTIES, 0)
    for order in itertools.permutations(PARTIES):
        for k in range(len(order)):
            if wins(order[:k + 1]):
                pivots[order[k]] += 1
                break
    swings = dict.fromkeys(PARTIES, 0)
    for r in range(len(PARTIES) + 1):
        for members in itertools.combinations(PARTIES, r):
            for p in members:
                if wins(members) and not wins([q for q in members if q != p]):
                    swings[p] += 1
    total = sum(swings.values())
    return ({p: n / math.factorial(3) for p, n in pivots.items()}, {p: n / total for p, n in swings.items()})


def run(*argv):
    result = CliRunner().invoke(app, list(argv), env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_analyze_text_speaks_of_a_winning_set_and_shows_power_and_coalitions():
    text = run("analyze", str(COUNCIL))
    assert "every party" not in text
    assert "acceptable to a winning set: " in text
    assert "decision: majority (at least 2 of the 3 parties); veto: port" in text
    assert "ratification: port's yes needs board" in text
    assert "town on berth: rejects large, unless fee in {high}; holds with p 0.7" in text
    shapley, banzhaf = brute_force_power()
    for party in PARTIES:
        row = next(line for line in text.splitlines() if re.match(rf"[│|] {party}\s", line))
        assert f"{shapley[party]:.3f}" in row and f"{banzhaf[party]:.3f}" in row
    found = json.loads(run("analyze", str(COUNCIL), "--json"))
    coalition = found["solutions"]["nash"]["coalition"]
    assert set(coalition) in ({"port", "town"}, {"port", "fishers"})  # a minimal winning set of the rule
    assert f"nash, kalai-smorodinsky, egalitarian: {', '.join(coalition)}" in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_ratification_blocker_and_unlocks_are_readable_at_80_columns():
    text = run("analyze", str(COUNCIL), "--variant", "board-digs-in")
    assert "No zone of possible agreement." in text
    flat = " ".join(text.split())
    assert "blocked: port cannot ratify: board rejects berth=small & fee=low" in flat
    assert "(for the winning set port, town)" in flat
    assert "What would open it" in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_meet_condition_package_in_words():
    assert condition_package_text({"fee": ["high"], "weeks": {"min": 3, "max": None}}) == \
        "fee in {high} and weeks >= 3"
    assert condition_package_text({"weeks": {"min": 2, "max": 6}}) == "weeks >= 2 and <= 6"


def test_rule_in_words():
    assert rule_text(Decision(), PARTIES) == "unanimity (every party must accept)"
    assert rule_text(Decision("qualified", share=0.6, weight_share=0.65, veto=("a", "a")), ("a", "b", "c", "d", "e")) \
        == "qualified majority (at least 60% of the 5 parties and 65% of the vote weight); veto: a"


def test_power_rows_show_intervals_when_estimated():
    estimated = {"shapley_shubik": {"a": 0.5}, "banzhaf": {"a": 0.25},
                 "intervals": {"shapley_shubik": {"a": [0.49, 0.51]}, "banzhaf": {"a": [0.2, 0.3]}},
                 "samples": 1000, "level": 0.95}
    assert power_rows(estimated) == [("a", "0.500 (0.490-0.510)", "0.250 (0.200-0.300)")]


def test_compare_shows_power_and_the_nash_coalition_per_variant():
    data = json.loads(run("compare", str(COUNCIL), "--json"))
    analysed = json.loads(run("analyze", str(COUNCIL), "--json"))
    base, variant = data["rows"]
    assert base["power_indices"] == analysed["power_indices"] == variant["power_indices"]
    assert base["nash"]["coalition"] == analysed["solutions"]["nash"]["coalition"]
    assert variant["nash"] is None and variant["blockers"][0]["kind"] == "ratification"
    text = run("compare", str(COUNCIL))
    assert "Voting power (Shapley–Shubik / Banzhaf) and the Nash coalition" in text
    shapley, banzhaf = brute_force_power()
    base_row = next(line for line in text.splitlines() if "(base)" in line and " / " in line and "port" in line)
    assert f"{shapley['port']:.3f} / {banzhaf['port']:.3f}" in base_row
    assert all(len(line) <= 80 for line in text.splitlines())


def test_version_1_texts_do_not_change_wording():
    text = run("analyze")
    assert "acceptable to every party" in text
    assert "decision:" not in text and "Voting power" not in text and "Coalitions" not in text
    assert "power_indices" not in json.loads(run("compare", "--json"))["rows"][0]


def test_evidence_lists_conditions_and_credibility():
    text = run("evidence", str(COUNCIL))
    assert "red line: reject {large}; unless fee {high}; holds 0.7" in text


HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def council_page():
    text = COUNCIL.read_text(encoding="utf-8")
    text = text.replace("description: Majority of the three council members; the port authority can veto.",
                        f"description: \"{HOSTILE} council\"")
    text = text.replace("- assumption: The town may accept a large berth if the fee funds the promenade.",
                        f"- assumption: \"funds the <b>promenade</b> {HOSTILE}\"")
    scenario = accord.loads(text)
    return briefing(scenario, include_simulation=False)


def test_briefing_has_the_format_1_1_sections(council_page):
    page = council_page
    for heading in ("Conditional red lines and credibility", "Decision rule, coalitions and power"):
        assert f"<h2>{heading}</h2>" in page
    assert "fee in {high}" in page and "holds with p 0.7" in page
    assert "majority (at least 2 of the 3 parties); veto: port" in page
    assert "acceptable to every party" not in page and "acceptable to a winning set of parties" in page
    shapley, banzhaf = brute_force_power()
    power = page[page.index("<h3>Voting power</h3>"):page.index("<h3>Coalitions</h3>")]
    for party in PARTIES:
        assert f"<td>{party}</td><td>{shapley[party]:.3f}</td><td>{banzhaf[party]:.3f}</td>" in power
    coalitions = page[page.index("<h3>Coalitions</h3>"):page.index("<h3>Ratification</h3>")]
    assert "<td>nash</td><td>port, town</td>" in coalitions or "<td>nash</td><td>port, fishers</td>" in coalitions
    ratification = page[page.index("<h3>Ratification</h3>"):]
    assert "<td>Port board</td><td>port</td><td>fee: rejects low</td>" in ratification
    assert "Town &lt;council&gt;" in page  # the actor's name, escaped


def test_briefing_escapes_every_value_and_keeps_its_policy(council_page):
    page = council_page
    assert HOSTILE not in page and "<b>promenade</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; council" in page
    assert "funds the &lt;b&gt;promenade&lt;/b&gt;" in page
    policy = policy_of(page)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert all(script_hash(s) in policy for s in scripts)
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_version_1_briefing_has_no_format_1_1_section():
    from test_analysis import two_issue_doc

    from accord.scenario import from_document

    page = briefing(from_document(two_issue_doc()), include_simulation=False)  # a version 1 document
    assert "Conditional red lines" not in page and "Decision rule, coalitions" not in page
    assert "acceptable to every party" in page or "no package is acceptable to every party" in page


# -- the web API answers what the command line prints

def _client():
    pytest.importorskip("fastapi", reason="the web extra is not installed (pip install 'accord[web]')")
    try:
        from fastapi.testclient import TestClient
    except (ImportError, RuntimeError) as exc:
        pytest.skip(f"FastAPI's test client needs httpx2: {exc}")
    from accord.web import create_app

    return TestClient(create_app())


@pytest.mark.parametrize("endpoint, body, argv", [
    ("/api/analyze", {}, ["analyze"]),
    ("/api/analyze", {"variant": "board-digs-in"}, ["analyze", "--variant", "board-digs-in"]),
    ("/api/compare", {}, ["compare"]),
    ("/api/evaluate", {"proposal": {"berth": "large", "fee": "high"}}, ["evaluate", "-p", "berth=large,fee=high"]),
])
def test_web_answers_what_the_cli_prints_for_a_council(endpoint, body, argv):
    client = _client()
    printed = json.loads(run(argv[0], str(COUNCIL), *argv[1:], "--json"))
    answer = client.post(endpoint, json={"scenario": COUNCIL.read_text(encoding="utf-8"), **body})
    assert answer.status_code == 200, answer.text
    assert answer.json() == printed


def test_web_summary_lists_red_lines_with_conditions_and_the_rule():
    client = _client()
    text = COUNCIL.read_text(encoding="utf-8")
    summary = client.post("/api/validate", json={"scenario": text}).json()["scenario"]
    assert summary["decision"]["text"] == "majority (at least 2 of the 3 parties); veto: port"
    assert summary["constituencies"] == {"port": ["board"]}
    town = next(r for r in summary["red_lines"] if (r["actor"], r["issue"]) == ("town", "berth"))
    assert (town["red_line"], town["unless"], town["holds"], town["holds_uncertain"]) == \
        ("rejects large", "fee in {high}", 0.7, False)
    assert town["evidence"][0]["assumption"].startswith("The town may accept")
    board = next(r for r in summary["red_lines"] if r["actor"] == "board")
    assert (board["role"], board["of"], board["unless"], board["holds"]) == ("constituency", "port", None, 1.0)
    varied = client.post("/api/validate", json={"scenario": text, "variant": "board-digs-in"}).json()["scenario"]
    assert any(r["actor"] == "board" and r["issue"] == "berth" for r in varied["red_lines"])
