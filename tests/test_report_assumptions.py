"""The briefing's "What rests on assumptions" and its sources; `accord evidence` on every part with evidence;
sources that keep both their local file and their URL."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.report import briefing
from accord.report._briefing import evidence_anchor
from accord.scenario.errors import ScenarioError
from accord.scenario.evidence import evidence_parameters, evidence_report

ARTICLE = "The union wants a raise of at least 4 percent. Management said it would not go above 3 percent."


def document(**extra) -> dict:
    """A small format 1.1 labour negotiation: one quoted preference, the rest assumed or unsupported."""
    doc = {
        "accord": 1.1, "name": "Harbour wage talks",
        "sources": {"art": {"title": "Wage talks stall", "file": "article.txt",
                            "url": "https://news.example.org/wage-talks", "date": "2026-03-02",
                            "publisher": "Harbour Gazette"}},
        "issues": {"raise": {"options": ["2", "3", "4", "5"]}, "term": {"options": ["1y", "2y", "3y"]}},
        "actors": {
            "union": {"reservation": 0.3, "evidence": [{"assumption": "Strike funds are low."}],
                      "preferences": {
                          "raise": {"weight": 3, "values": {"2": 0, "3": 0.4, "4": 0.8, "5": 1}, "reject": ["2"],
                                    "holds": 0.7,
                                    "evidence": [{"source": "art", "quote": "a raise of at least 4 percent"}]},
                          "term": {"values": {"1y": 1, "2y": 0.6, "3y": 0.2}}},
                      "interactions": [{"when": {"raise": ["4", "5"], "term": ["1y"]}, "weight": 1, "value": 1,
                                        "evidence": [{"assumption": "A short, rich deal is easy to sell."}]}]},
            "management": {"reservation": 0.2, "preferences": {
                "raise": {"weight": 2, "values": {"2": 1, "3": 0.7, "4": 0.3, "5": 0}},
                "term": {"values": {"1y": 0, "2y": 0.5, "3y": 1},
                         "evidence": [{"assumption": "Long terms bring labour peace."}]}}},
        },
        "decision": {"rule": "unanimity"},
        "events": {"strike-vote": {"round": 5, "walkout": "union",
                                   "evidence": [{"assumption": "The vote is called a week in."}]}},
        "variants": {"mediator": {"description": "A mediator tables 4 percent over two years",
                                  "patch": {"actors": {"management": {"preferences": {"raise": {"values": {"4": 0.5}}}}},
                                            "events": {"mediator-joins": {"round": 3, "return": "union"}}}}},
    }
    doc.update(extra)
    return doc


def write(tmp_path: Path, doc: dict, article: str | None = ARTICLE) -> Path:
    if article is not None:
        (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    path = tmp_path / "talks.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


class Links(HTMLParser):
    """Every element id and every link target of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])


def section(page: str) -> str:
    start = page.index("<h2>What rests on assumptions</h2>")
    return page[start:page.index("<h2>", start + 4)]


# -- the evidence of every parameter -------------------------------------------------------------------------------

def test_evidence_walks_decision_interactions_and_every_event():
    paths = [p for p, _ in evidence_parameters(document())]
    assert paths == ["actors.union", "actors.union.preferences.raise", "actors.union.preferences.term",
                     "actors.union.interactions[0]", "actors.management", "actors.management.preferences.raise",
                     "actors.management.preferences.term", "decision", "events.strike-vote",
                     "variants.mediator.events.mediator-joins"]
    report = evidence_report(document(), {"art": ARTICLE})
    # by hand from the document: no quote and no assumption on these
    assert report["no_evidence"] == ["actors.union.preferences.term", "actors.management",
                                     "actors.management.preferences.raise", "decision",
                                     "variants.mediator.events.mediator-joins"]
    by = {p["parameter"]: p for p in report["parameters"]}
    assert by["actors.union.interactions[0]"]["assumptions"] == ["A short, rich deal is easy to sell."]
    [quote] = by["actors.union.preferences.raise"]["quotes"]
    assert quote == {"source": "art", "file": "article.txt", "url": "https://news.example.org/wage-talks",
                     "quote": "a raise of at least 4 percent", "status": "ok"}
    # the quote is checked against the file, not trusted because a URL is given
    stale = evidence_report(document(), {"art": "Another article."})
    assert [m["parameter"] for m in stale["mismatches"]] == ["actors.union.preferences.raise"]


def test_cli_evidence_lists_decision_and_interactions(tmp_path):
    path = write(tmp_path, document())
    result = CliRunner().invoke(app, ["evidence", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "decision" in data["no_evidence"]
    assert "actors.union.interactions[0]" in [p["parameter"] for p in data["parameters"]]
    result = CliRunner().invoke(app, ["evidence", str(path), "--strict"])
    assert result.exit_code == 1 and "decision" in result.stdout


# -- sources: file and url together --------------------------------------------------------------------------------

def test_a_source_keeps_its_file_and_its_url(tmp_path):
    scenario = accord.load(write(tmp_path, document()))
    source = scenario.sources["art"]
    assert (source.file, source.url, source.date, source.publisher) == (
        "article.txt", "https://news.example.org/wage-talks", "2026-03-02", "Harbour Gazette")
    assert source.text == ARTICLE


def test_with_file_and_url_the_quote_is_checked_against_the_file(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        accord.load(write(tmp_path, document(), article="An article that says nothing of the kind."))
    assert "actors.union.preferences.raise.evidence[0].quote" in str(caught.value)
    assert "quote does not occur in source 'art'" in str(caught.value)


def test_a_yaml_date_on_a_source_is_kept_in_iso_form(tmp_path):
    path = write(tmp_path, document())
    path.write_text(path.read_text(encoding="utf-8").replace("'2026-03-02'", "2026-03-02"), encoding="utf-8")
    assert accord.load(path).sources["art"].date == "2026-03-02"


# -- the briefing --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def labour(tmp_path_factory):
    path = write(tmp_path_factory.mktemp("labour"), document())
    scenario = accord.load(path)
    return scenario, briefing(scenario, seed=1)


def test_every_parameter_without_evidence_and_every_assumption_is_listed_and_anchored(labour):
    scenario, page = labour
    report = evidence_report(document(), {"art": ARTICLE})
    part = section(page)
    assumed = [p["parameter"] for p in report["parameters"] if p["assumptions"]]
    assert assumed == ["actors.union", "actors.union.interactions[0]", "actors.management.preferences.term",
                       "events.strike-vote"]
    ids = Links(part).ids
    for path in report["no_evidence"] + assumed:
        assert evidence_anchor(path) in ids, path
    for text in ("Strike funds are low.", "A short, rich deal is easy to sell.", "Long terms bring labour peace.",
                 "The vote is called a week in."):  # the scripted event's assumption too
        assert text in part
    counts = re.search(r"Of the scenario's (\d+) parameters, <b>(\d+)</b> have no evidence at all and <b>(\d+)</b>",
                       part)
    assert counts.groups() == (str(len(report["parameters"])), str(len(report["no_evidence"])), str(len(assumed)))
    # the red line that may be a bluff is named with its probability
    assert "actors.union.preferences.raise.holds (p 0.7)" in part


def test_each_flagged_number_is_linked_from_where_it_is_used_and_back(labour):
    scenario, page = labour
    links = Links(page)
    internal = [h[1:] for h in links.hrefs if h.startswith("#")]
    assert internal and all(target in links.ids for target in internal), set(internal) - links.ids
    # from the positions table, the interaction terms, the decision rule, the what-if table and the simulation
    used_in = {
        "actors.union": "use-actors.union",
        "actors.management.preferences.raise": "use-actors.management.preferences.raise",
        "actors.union.interactions[0]": "use-actors.union.interactions-0-",
        "variants.mediator.events.mediator-joins": "use-variant-mediator",
        "events.strike-vote": "use-simulation-base",
    }
    for path, anchor in used_in.items():
        assert anchor in links.ids, anchor
        start = page.index(f"id='{anchor}'")
        assert f"href='#{evidence_anchor(path)}'" in page[max(0, start - 3000):start + 3000], path
        # and the entry links back to the place
        entry = page.index(f"id='{evidence_anchor(path)}'")
        assert f"href='#{anchor}'" in page[entry:page.index("</tr>", entry)], path


def test_sources_show_title_date_outlet_url_and_file(labour):
    _, page = labour
    sources = page[page.index("<h2>Sources</h2>"):]
    row = sources[sources.index("Wage talks stall"):sources.index("</tr>", sources.index("Wage talks stall"))]
    for text in ("2026-03-02", "Harbour Gazette", "href='https://news.example.org/wage-talks'", "article.txt", "read"):
        assert text in row, text


def test_a_scenario_with_no_evidence_at_all_still_renders_and_says_so(tmp_path):
    doc = {"accord": 1, "name": "Bare", "issues": {"x": {"options": ["a", "b"]}},
           "actors": {"p": {"preferences": {"x": {"values": {"a": 1, "b": 0}}}},
                      "q": {"preferences": {"x": {"values": {"a": 0, "b": 1}}}}}}
    page = briefing(accord.load(doc), include_simulation=False)
    part = section(page)
    assert "Every number in this briefing is the scenario author's judgement" in part
    assert all(evidence_anchor(p) in Links(part).ids for p in ("actors.p", "actors.p.preferences.x", "actors.q"))


def test_a_missing_source_file_still_renders_and_lists_the_unchecked_quotes(tmp_path):
    path = write(tmp_path, document(), article=None)
    scenario = accord.load(path)
    page = briefing(scenario, include_simulation=False)
    sources = page[page.index("<h2>Sources</h2>"):]
    assert "not read: its quotes are unchecked" in sources and "Quotes not checked" in sources
    assert "a raise of at least 4 percent" in sources


def test_a_source_url_that_is_not_a_web_address_is_not_a_link(tmp_path):
    doc = document()
    doc["sources"]["art"]["url"] = "javascript:alert(1)"
    page = briefing(accord.load(write(tmp_path, doc)), include_simulation=False)
    assert "javascript:alert(1)" in page and not [h for h in Links(page).hrefs if h.startswith("javascript")]


def test_the_report_command_on_a_scenario_without_its_source_warns_once_and_says_so_in_the_page(tmp_path):
    path = write(tmp_path, document(), article=None)
    out = tmp_path / "briefing.html"
    result = CliRunner().invoke(app, ["report", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1 and warnings[0].startswith("warning:") and "article.txt" in warnings[0]
    page = out.read_text(encoding="utf-8")
    assert "Quotes not checked" in page and "not read: its quotes are unchecked" in page
    assert "<h2>What rests on assumptions</h2>" in page
