"""The HTML pages with hostile names, opened in headless Chromium: nothing injected runs, the charts draw; and the
briefing printed to PDF by the same Chromium has the sections, quotes and assumptions of the page.

Uses the Chromium and Playwright set-up of tests/test_web_browser.py (its ``browser`` fixture; skipped
with its reasons when Chromium, Playwright or the web extra is missing). Each page is written to a file
and opened from disk, as an analyst opens a briefing: only the policy the page states in its
``<meta>`` element applies. Every injected string sets ``window.__pwned`` or opens a dialog if it runs.
"""

import re

import pytest
from test_report_injection import HOSTILE, HOSTILE_FILE, timeline_rows
from test_web_browser import TIMEOUT, browser  # noqa: F401  (skips this module as it skips that one; the fixture)
from typer.testing import CliRunner

from accord.cli import app
from accord.report.timeline import timeline_html


def open_file(browser, path):  # noqa: F811
    """Open ``path``; return (tab, what went wrong: page errors, console errors, dialogs, requests elsewhere)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT)
    tab = context.new_page()
    problems = []
    tab.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    tab.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    tab.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    tab.on("request", lambda req: None if req.url.startswith(("file:", "data:", "blob:"))
           else problems.append(f"request: {req.url}"))
    tab.goto(path.as_uri())
    return context, tab, problems


def assert_drawn_and_nothing_ran(tab, problems):
    figures = tab.locator("div.figure")
    count = figures.count()
    assert count >= 1
    # plotly draws each figure into its div: wait until every one holds its chart
    tab.wait_for_function("n => [...document.querySelectorAll('div.figure')]"
                          ".filter(d => d.querySelector('svg.main-svg')).length === n", arg=count, timeout=TIMEOUT)
    assert tab.evaluate("[...document.querySelectorAll('div.figure')].every(d => d.childElementCount > 0)")
    # hover over each chart: plotly's hover labels render the user's text too
    for k in range(count):
        figures.nth(k).hover()
    assert tab.evaluate("typeof window.__pwned") == "undefined"
    assert tab.evaluate("document.querySelectorAll('body img, body a[href^=\"javascript\"], body iframe').length") == 0
    assert not problems, problems


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    briefing = folder / "briefing.html"
    result = CliRunner().invoke(app, ["report", str(HOSTILE_FILE), "-o", str(briefing), "--montecarlo", "200"])
    assert result.exit_code == 0, result.output
    timeline = folder / "timeline.html"
    timeline.write_text(timeline_html("talks " + HOSTILE[0], timeline_rows()), encoding="utf-8")
    return {"briefing": briefing, "timeline": timeline}


@pytest.mark.parametrize("name", ["briefing", "timeline"])
def test_hostile_names_do_not_run_and_the_charts_draw(browser, pages, name):  # noqa: F811
    context, tab, problems = open_file(browser, pages[name])
    try:
        assert HOSTILE[0] in tab.title()  # the name is shown as text
        assert_drawn_and_nothing_ran(tab, problems)
    finally:
        context.close()


def test_the_policy_stops_a_script_the_escaping_would_have_missed(browser, pages, tmp_path):  # noqa: F811
    """Second line of defence: markup slipped into the page's body (as if a value went unescaped) is refused
    by the page's Content Security Policy, and the page's own scripts still draw the charts."""
    text = pages["briefing"].read_text(encoding="utf-8")
    slipped = ('<script>window.__pwned=1</script><img src="data:," onload="window.__pwned=2">'
               '<img src=x onerror="window.__pwned=3">')
    tampered = tmp_path / "tampered.html"
    tampered.write_text(text.replace("<h2>", slipped + "<h2>", 1), encoding="utf-8")
    context, tab, problems = open_file(browser, tampered)
    try:
        tab.wait_for_function("document.querySelectorAll('div.figure svg.main-svg').length > 0", timeout=TIMEOUT)
        assert tab.evaluate("typeof window.__pwned") == "undefined"
        refused = [p for p in problems if "Content Security Policy" in p]
        assert refused and len(refused) == len(problems), problems  # the console says why, nothing else failed
    finally:
        context.close()


# -- the PDF: the same briefing, printed by Chromium ------------------------------------------------------------------


def pdf_text(path) -> str:
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF's text (a dev dependency)")
    reader = pypdf.PdfReader(str(path))
    # the ligatures of the printed fonts ("ﬁ", "ﬂ") as the two letters they stand for; lines joined
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\ufb01", "fi").replace("\ufb02", "fl").split())


def test_the_pdf_is_the_briefing_printed_with_its_sections_quotes_and_assumptions(browser, tmp_path):  # noqa: F811
    import accord
    from accord.report.pdf import print_pdf

    out = tmp_path / "briefing.pdf"
    out.write_bytes(b"old")
    result = CliRunner().invoke(app, ["report", "--format", "pdf", "-o", str(out), "--runs", "200"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:5] == b"%PDF-" and [p.name for p in tmp_path.iterdir()] == ["briefing.pdf"]
    text = pdf_text(out)
    html = (tmp_path / "b.html")
    assert CliRunner().invoke(app, ["report", "-o", str(html), "--runs", "200"]).exit_code == 0
    page = html.read_text(encoding="utf-8")
    for title in re.findall(r"<h2>([^<]+)</h2>", page):  # every section of the HTML briefing, in the same order
        assert title in text, title
    titles = re.findall(r"<h2>([^<]+)</h2>", page)
    assert [text.index(t) for t in titles] == sorted(text.index(t) for t in titles)
    assert {"Bottom line", "What rests on assumptions", "Simulation", "Uncertainty (Monte Carlo)",
            "Sources"} <= set(titles)
    assert "No evidence" in text or "Assumptions" in text
    quote = accord.load().actors["hamas"].preferences["ceasefire"].evidence[0].quote
    assert " ".join(quote.split())[:40] in text  # a quote of the positions table, collapsed or not
    # the charts are printed as vectors: plotly's SVG text (axis titles) is text in the PDF, not pixels
    assert "utility of israel" in text or "utility of hamas" in text
    # and the same function prints any briefing page: one rendering, from the same HTML
    assert print_pdf(page)[:5] == b"%PDF-"


def test_the_pdf_of_many_parties_opens_the_collapsed_positions(browser, tmp_path):  # noqa: F811
    from climate_scenario import climate_summit

    import accord
    from accord.report import briefing
    from accord.report.pdf import print_pdf

    scenario = accord.scenario.from_document(climate_summit(12))
    out = tmp_path / "summit.pdf"
    out.write_bytes(print_pdf(briefing(scenario, include_simulation=False)))
    text = pdf_text(out)
    assert "Parties and their stated positions" in text
    assert "salience" in text and text.count("salience") >= 12  # every party's table, printed open


BOXES = """() => [...document.querySelectorAll('div.figure')].map(d => {
    const box = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
    return {title: (d.querySelector('.gtitle') || {}).textContent || '',
            axis_titles: [...d.querySelectorAll('text')].filter(t => /^y\\d*title$/.test(t.getAttribute('class')))
                         .map(box),
            plots: [...d.querySelectorAll('.nsewdrag')].map(box),
            legend: d.querySelector('.legend') ? box(d.querySelector('.legend')) : null};
})"""


def overlap(a, b) -> bool:
    return a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


@pytest.mark.parametrize("width", [688, 1280])  # the printed page, a laptop's window
def test_thirty_parties_axis_titles_and_legends_stay_clear(browser, tmp_path, width):  # noqa: F811
    from climate_scenario import climate_summit

    import accord
    from accord.report import briefing

    page = tmp_path / "summit.html"
    page.write_text(briefing(accord.scenario.from_document(climate_summit(30, n_issues=7, clash=True)), seed=0),
                    encoding="utf-8")
    context, tab, problems = open_file(browser, page)
    try:
        tab.set_viewport_size({"width": width, "height": 900})
        count = tab.locator("div.figure").count()
        tab.wait_for_function("n => [...document.querySelectorAll('div.figure')]"
                              ".filter(d => d.querySelector('svg.main-svg')).length === n", arg=count, timeout=TIMEOUT)
        figures = tab.evaluate(BOXES)
        assert any(f["title"].startswith("Forecast") and len(f["axis_titles"]) == 7 for f in figures)
        for figure in figures:
            titles = figure["axis_titles"]
            assert not [(a, b) for k, a in enumerate(titles) for b in titles[k + 1:] if overlap(a, b)], figure["title"]
            if figure["legend"] is not None:
                assert not [p for p in figure["plots"] if overlap(p, figure["legend"])], figure["title"]
        assert not problems, problems
    finally:
        context.close()
