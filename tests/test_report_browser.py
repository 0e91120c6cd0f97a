"""The HTML pages with hostile names, opened in headless Chromium: nothing injected runs, the charts draw.

Uses the Chromium and Playwright set-up of tests/test_web_browser.py (its ``browser`` fixture; skipped
with its reasons when Chromium, Playwright or the web extra is missing). Each page is written to a file
and opened from disk, as an analyst opens a briefing: only the policy the page states in its
``<meta>`` element applies. Every injected string sets ``window.__pwned`` or opens a dialog if it runs.
"""

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
