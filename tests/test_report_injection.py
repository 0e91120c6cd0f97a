"""Hostile text in the HTML pages accord writes: it must come out as text, never as markup or script.

The scenario tests/data/hostile/report-names.json puts script-closing tags, event-handler attributes,
U+2028/U+2029, HTML entities, quotes, comment openers and ``javascript:`` links into every free-text
field (name, description, issue names and units, actor names, source title and URL, quotes,
assumptions, variant and event descriptions). Each page writer (the briefing, the timeline page, the
tournament page) must keep all of it inert: the only elements are the page's own, the only scripts are
the two it writes (plotly and the drawing calls), the data in them reads back unchanged, the visible
text shows the strings literally, and the page's Content Security Policy lets exactly those scripts
run (their SHA-256 hashes; no 'unsafe-inline', no 'unsafe-eval'). tests/test_report_browser.py opens
the same pages in Chromium.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.report import briefing, challenge_positions_figure
from accord.report._briefing import _Figures
from accord.report.safe_html import (
    content_security_policy,
    document,
    escape,
    policy_of,
    script_element,
    script_hash,
    script_json,
)
from accord.report.timeline import timeline_html
from accord.report.tournament import tournament_page

HOSTILE_FILE = Path(__file__).parent / "data" / "hostile" / "report-names.json"
HOSTILE = ["</script><script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=2">',
           "line\u2028separator\u2029paragraph", "&lt;script&gt;window.__pwned=3&lt;/script&gt; &amp;",
           "\"' onmouseover='window.__pwned=4' x=\"", "<!--<script>window.__pwned=5//",
           '<a href="javascript:window.__pwned=6">link</a>']
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "script", "h1", "h2", "h3", "p", "div", "span", "b",
             "br", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "a", "code", "details", "summary"}
SCRIPT_UNSAFE = ("<", ">", "&", "\u2028", "\u2029")


class Page(HTMLParser):
    """A page as the browser's parser sees it: its elements, script texts and visible text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts.append(data)
        elif self._in != "style":
            self.text.append(data)

    def visible(self) -> str:
        return "".join(self.text)


def calls(script: str) -> list[tuple[str, list, dict]]:
    """The (div id, data, layout) of each Plotly.newPlot call in the drawing script."""
    decoder, found, at = json.JSONDecoder(), [], 0
    while (at := script.find("Plotly.newPlot(", at)) >= 0:
        ident, end = decoder.raw_decode(script, at + len("Plotly.newPlot("))
        data, end = decoder.raw_decode(script, end + 1)
        layout, end = decoder.raw_decode(script, end + 1)
        found.append((ident, data, layout))
        at = end
    return found


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(k) + strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings(v)]
    return []


def check_page(text: str, figures: int) -> tuple[Page, list]:
    """Assert a page is inert whatever its data held; return it parsed and its plotly calls."""
    page = Page(text)
    assert {tag for tag, _ in page.tags} <= PAGE_TAGS, {tag for tag, _ in page.tags} - PAGE_TAGS
    assert not [(t, a) for t, a in page.tags for name in a if name.startswith("on")], "an event-handler attribute"
    # links go to an anchor of the page or to a web address (a source's URL), never to a script
    assert all(a["href"].startswith(("#", "http://", "https://")) for t, a in page.tags if "href" in a)
    assert sum(tag == "script" for tag, _ in page.tags) == len(page.scripts) == 2  # plotly, then the calls
    library, drawing = page.scripts
    assert "Plotly.newPlot" not in library and drawing.startswith("Plotly.newPlot(")
    assert not [c for c in SCRIPT_UNSAFE if c in drawing]
    policy = policy_of(text)
    assert policy == content_security_policy(page.scripts)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert set(directives["script-src"].split()) == {script_hash(library), script_hash(drawing)}
    assert "unsafe" not in directives["script-src"] and directives["default-src"] == "'none'"
    found = calls(drawing)
    assert len(found) == figures == sum(1 for t, a in page.tags if a.get("class") == "figure")
    assert [ident for ident, _, _ in found] == [a["id"] for t, a in page.tags if a.get("class") == "figure"]
    return page, found


@pytest.fixture(scope="module")
def hostile():
    return accord.load(str(HOSTILE_FILE))


@pytest.fixture(scope="module")
def hostile_briefing(hostile):
    return briefing(hostile, seed=3, montecarlo=200)


# -- the helper ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", HOSTILE + ["\u2028", "a</SCRIPT >b", "<!--", "]]>", "\\u003c", "\ud800"])
def test_script_json_escapes_and_reads_back_unchanged(value):
    nested = {value: [value, {"k": value}], "n": 1.5}
    text = script_json(nested)
    assert not [c for c in SCRIPT_UNSAFE if c in text]
    assert not re.search(r"</script|<!--", text, re.IGNORECASE) and text.isascii()
    assert json.loads(text) == nested
    assert script_element(f"f({text})") == f"<script>f({text})</script>"


def test_script_element_refuses_a_text_that_would_close_it():
    for bad in ("x</script>y", "x</SCRIPT", "<!-- x"):
        with pytest.raises(ValueError, match="must not contain"):
            script_element(bad)


def test_escape_covers_text_and_both_attribute_quotes():
    assert escape("<a href=\"x\" title='y'>&amp;</a>") == "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;amp;&lt;/a&gt;"


def test_the_policy_lists_exactly_the_page_scripts():
    page = document("t </title><script>", "p{}", "<p>x</p>", ["var a=1;", "var b=2;"])
    policy = policy_of(page)
    assert policy == content_security_policy(["var b=2;", "var a=1;"])
    assert f"script-src {' '.join(sorted([script_hash('var a=1;'), script_hash('var b=2;')]))};" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert Page(page).scripts == ["var a=1;", "var b=2;"]
    assert "<title>t &lt;/title&gt;&lt;script&gt;</title>" in page
    # the hash is of the exact text: a different script does not match
    assert script_hash("var a=1;") != script_hash("var a=1; ")
    assert "script-src 'none'" in content_security_policy([])


# -- every page writer -----------------------------------------------------------------------------------------------

def test_the_briefing_keeps_hostile_names_inert(hostile, hostile_briefing):
    page, found = check_page(hostile_briefing, figures=len(calls(Page(hostile_briefing).scripts[1])))
    names = {n for _, data, layout in found for n in strings([data, layout])}
    kinds = {layout["title"]["text"].split(" ")[0] for _, _, layout in found}
    # every kind of figure the briefing draws was exercised, Monte Carlo included
    assert {"Red", "Outcome", "What-ifs", "Forecast", "Concessions", "P(a", "How", "Utilities", "What",
            "Tornado:"} <= kinds, kinds
    money = hostile.issues["money"]
    # the issue's name and unit read back unchanged from the script (broken over lines at spaces to fit the panel)
    assert f"{money.name} ({money.unit})" in {n.replace("<br>", " ") for n in names}
    visible = page.visible()
    for field in (hostile.name, hostile.description, hostile.actors["A"].name, hostile.actors["B"].name,
                  hostile.issues["deal"].name, hostile.sources["s"].title, hostile.variants["tight"].description):
        assert field in visible  # shown literally, neither as markup nor escaped twice
    assert "&lt;script&gt;window.__pwned=3" in visible and "&amp;lt;" in hostile_briefing
    assert "window.__pwned=7" in visible  # an event's description in the simulation's notes, as text
    assert page.tags[0] == ("html", {"lang": "en"})
    assert [a.get("content") for t, a in page.tags if t == "title"] == [None]


def test_unchecked_quotes_are_listed_as_text(tmp_path):
    """A quote whose source file is missing is listed in the Sources section: escaped like the rest."""
    doc = json.loads(HOSTILE_FILE.read_text())
    doc["sources"]["f"] = {"title": HOSTILE[1], "file": "not-there.txt"}
    doc["actors"]["B"]["evidence"] = [{"source": "f", "quote": HOSTILE[0] + HOSTILE[2]}]
    path = tmp_path / "talks.json"
    path.write_text(json.dumps(doc))
    text = briefing(accord.load(str(path)), include_simulation=False)
    page, _ = check_page(text, figures=len(calls(Page(text).scripts[1])))
    visible = page.visible()
    assert "Quotes not checked" in visible and f"\u201c{HOSTILE[0] + HOSTILE[2]}\u201d" in visible


def test_the_cli_briefing_file_is_the_same_inert_page(tmp_path):
    out = tmp_path / "briefing.html"
    result = CliRunner().invoke(app, ["report", str(HOSTILE_FILE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    check_page(text, figures=len(calls(Page(text).scripts[1])))


def timeline_rows():
    bad = HOSTILE
    return [{"as_of": "2024-05-01" + bad[0], "ref": "talks@1" + bad[1], "note": bad[2] + bad[3], "zopa": 0,
             "outcomes": 33, "blockers": [{"kind": "red-line", "issue": bad[4], "parties": [bad[5], "B"]}],
             "nash": None, "p_zopa": 0.25, "p_zopa_ci": [0.2, 0.3], "montecarlo_run": 7},
            {"as_of": "2024-05-09", "ref": "talks@2", "note": bad[6], "zopa": 4, "outcomes": 33, "blockers": [],
             "nash": {"outcome": {bad[0]: bad[1], "money": 6}}}]


def test_the_timeline_page_keeps_hostile_names_inert():
    text = timeline_html("talks " + HOSTILE[0] + HOSTILE[4], timeline_rows())
    page, found = check_page(text, figures=1)
    (_, data, layout), = found
    assert data[0]["x"] == ["2024-05-01" + HOSTILE[0], "2024-05-09"]
    assert layout["title"]["text"].startswith("Timeline of talks " + HOSTILE[0])
    # the hover text is plotly's pseudo-HTML: the values in it are escaped, the <b>/<br> are the page's own
    hover = data[0]["text"][1]
    assert escape(HOSTILE[6]) in hover and HOSTILE[6] not in hover
    visible = page.visible()
    assert "talks@1" + HOSTILE[1] in visible and HOSTILE[2] + HOSTILE[3] in visible and HOSTILE[6] in visible


def test_the_tournament_page_keeps_hostile_names_inert():
    stat = {"mean": 0.5, "ci95": [0.4, 0.6]}
    ranking = [{"rank": 1, "strategy": name, "utility": stat, "agreement_rate": stat, "distance_to_pareto": stat,
                "distance_to_nash": None, "social_welfare": stat, "observations": 10} for name in HOSTILE[:3]]
    result = SimpleNamespace(description={"scenarios": HOSTILE[4], HOSTILE[5]: HOSTILE[6]}, ranking=ranking,
                             negotiations=30,
                             by_scenario=[{"scenario": HOSTILE[0], "utility": {n: 0.5 for n in HOSTILE[:3]}}])
    page, found = check_page(tournament_page(result), figures=2)
    assert found[0][1][0]["x"] == HOSTILE[:3] and found[1][1][0]["x"] == [HOSTILE[0]]
    assert all(name in page.visible() for name in HOSTILE[4:])


def test_a_figure_outside_the_pages_embeds_inertly_too():
    """challenge_positions_figure (not in a page today) through the same embedding path."""
    result = SimpleNamespace(actors=HOSTILE[:3], positions=[[0, 1, 2], [1, 1, 1]],
                             rounds=[{"median": 1.0}, {"median": 1.0}])
    figures = _Figures()
    body = figures.add(challenge_positions_figure(result))
    text = document(HOSTILE[0], "", body + figures.notice(), figures.scripts())
    _, found = check_page(text, figures=1)
    assert [t["name"] for t in found[0][1][:3]] == HOSTILE[:3]


def test_the_web_report_states_the_page_policy_in_its_header():
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    from fastapi.testclient import TestClient

    from accord.web import create_app
    from accord.web.service import features

    if not features()["report"]:
        pytest.skip("reports are not available in this installation")
    answer = TestClient(create_app()).post("/api/report", json={"scenario": HOSTILE_FILE.read_text()})
    assert answer.status_code == 200
    check_page(answer.text, figures=len(calls(Page(answer.text).scripts[1])))
    header = answer.headers["content-security-policy"]
    assert header == policy_of(answer.text) + "; frame-ancestors 'none'"
    assert "unsafe-inline" not in header.split("script-src")[1].split(";")[0] and "unsafe-eval" not in header
