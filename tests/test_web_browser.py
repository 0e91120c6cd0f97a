"""The workbench page in a real browser: uvicorn on 127.0.0.1 and headless Chromium via Playwright.

Needs the web extra (fastapi, uvicorn), Python playwright and a Chromium at
/usr/bin/chromium (Debian's ``chromium`` package; ``playwright install`` is
not used). Set ACCORD_CHROMIUM to use another binary. Skipped with a reason
when any of them is missing. Screenshots go to tests/artifacts/ (not in git).
"""

import os
import re
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install 'accord[web]')")
uvicorn = pytest.importorskip("uvicorn", reason="the web extra is not installed (pip install 'accord[web]')")
sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed (pip install playwright)")

CHROMIUM = os.environ.get("ACCORD_CHROMIUM", "/usr/bin/chromium")
if not os.access(CHROMIUM, os.X_OK):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set ACCORD_CHROMIUM)", allow_module_level=True)

from accord.web import create_app  # noqa: E402
from accord.web.service import features  # noqa: E402

expect = sync_api.expect
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
BROKEN = "accord: 1\nissues:\n  A: {options: [x]}\nactors:\n  X: {role: king}\n"
TIMEOUT = 15_000  # ms, for anything the page waits on
expect.set_options(timeout=TIMEOUT)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    yield from serve(create_app(allowed_hosts=["127.0.0.1"]))


def serve(app):
    """Serve ``app`` with uvicorn on a free loopback port (a generator for fixtures: yields the base URL)."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, name="accord-web-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        except Exception as exc:  # a broken or incompatible binary: say so rather than fail obscurely
            pytest.skip(f"Chromium at {CHROMIUM} could not be started by playwright: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    yield from open_page(browser, server)


def open_page(browser, server):
    """The workbench page of ``server``, loaded and ready; fails the test on page errors or outside requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT)
    tab = context.new_page()
    problems, elsewhere = [], []
    tab.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    tab.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    tab.on("request", lambda req: None if req.url.startswith((server, "data:", "blob:")) else elsewhere.append(req.url))
    tab.goto(server + "/")
    expect(tab.locator("body")).to_have_attribute("data-ready", "true")
    yield tab
    context.close()
    assert not elsewhere, f"the page reached outside its server: {elsewhere}"
    unexpected = [p for p in problems if "status of 422" not in p]  # the broken-scenario test provokes 422s
    assert not unexpected, unexpected


def artifacts() -> Path:
    """tests/artifacts/, which ignores itself in git (nothing there is meant to be committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    ignore = ARTIFACTS / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# screenshots of the browser tests\n*\n")
    return ARTIFACTS


def shoot(tab, name: str) -> None:
    tab.screenshot(path=str(artifacts() / name), full_page=True)


def test_the_default_scenario_shows_the_deadlock(page):
    expect(page.locator("#scenario-title")).to_have_text("Cairo ceasefire and hostage talks")
    expect(page.locator("#zopa-headline")).to_have_text("No zone of possible agreement.")
    expect(page.locator("#zopa-count")).to_contain_text("0 of 48 packages")
    expect(page.get_by_test_id("blocker")).to_have_text(["red lines of israel, hamas leave no common option on ceasefire"])
    expect(page.get_by_test_id("unlock").first).to_contain_text("hamas accepts ceasefire=phased")
    expect(page.locator("#compare-table tbody tr")).to_have_count(6)
    expect(page.get_by_test_id("compare-row-phased-ceasefire").get_by_test_id("compare-zopa")).to_have_text("2/48")
    expect(page.locator("#utility-chart svg circle").first).to_be_visible()
    shoot(page, "workbench-base.png")


def test_toggling_a_variant_changes_the_zopa(page):
    page.get_by_test_id("variant-phased-ceasefire").check()
    expect(page.locator("#zopa-headline")).to_have_text("A deal is possible.")
    expect(page.locator("#zopa-count")).to_contain_text("2 of 48 packages")
    expect(page.locator("#nash-deal")).to_contain_text("ceasefire=phased, rafah=deferred, hostages=all")
    expect(page.locator("#blockers-box")).to_be_hidden()
    expect(page.get_by_test_id("compare-row-phased-ceasefire")).to_have_class("current")
    page.get_by_test_id("variant-phased-with-pressure").check()
    expect(page.locator("#zopa-count")).to_contain_text("3 of 48 packages")
    page.get_by_test_id("compare-row-base").click()  # a row of the comparison switches too
    expect(page.locator("#zopa-headline")).to_have_text("No zone of possible agreement.")
    expect(page.get_by_test_id("variant-base")).to_be_checked()


def test_composing_a_proposal_updates_utilities_and_verdicts(page):
    page.get_by_test_id("variant-phased-ceasefire").check()
    expect(page.locator("#zopa-count")).to_contain_text("2 of 48")
    page.get_by_test_id("proposal-ceasefire").select_option("phased")
    page.get_by_test_id("proposal-rafah").select_option("deferred")
    page.get_by_test_id("proposal-hostages").select_option("all")
    expect(page.locator("#proposal-status")).to_have_text("Every party accepts this package.")
    expect(page.get_by_test_id("verdict-hamas")).to_have_attribute("data-accepts", "true")
    israel = page.get_by_test_id("verdict-israel")
    expect(israel.locator("td").nth(1)).to_have_text("0.570")
    page.get_by_test_id("proposal-ceasefire").select_option("permanent")
    expect(page.locator("#proposal-status")).to_have_text("Rejected by israel.")
    expect(israel).to_have_attribute("data-accepts", "false")
    expect(israel).to_contain_text("red line on ceasefire")
    expect(israel.locator("td").nth(1)).not_to_have_text("0.570")
    expect(page.get_by_test_id("verdict-egypt")).to_contain_text("mediator (no veto)")
    page.get_by_test_id("use-nash").click()
    expect(page.locator("#proposal-status")).to_have_text("Every party accepts this package.")
    expect(page.get_by_test_id("proposal-ceasefire")).to_have_value("phased")
    shoot(page, "workbench-proposal.png")


def test_a_broken_scenario_shows_its_problems_next_to_the_text(page, tmp_path):
    page.locator("#own-scenario summary").click()
    page.get_by_test_id("scenario-text").fill(BROKEN)
    page.get_by_test_id("load-text").click()
    errors = page.get_by_test_id("scenario-error")
    expect(errors.first).to_be_visible()
    first = page.locator('[data-testid=scenario-error][data-path="issues.A.options"]')
    expect(first).to_have_attribute("data-line", "3")
    expect(first).to_contain_text("expected a list of at least two options, got 1 option(s)")
    expect(page.locator('[data-testid=scenario-error][data-path="actors.X.role"]')).to_contain_text("line 5")
    expect(page.locator("#scenario-gutter .bad")).to_have_text(["3", "4", "5"])
    expect(page.locator("#editor")).to_have_class("editor invalid")
    expect(page.locator("#zopa-count")).to_contain_text("0 of 48")  # the loaded scenario stays in place
    page.locator("#scenario-panel").screenshot(path=str(artifacts() / "workbench-errors.png"))

    upload = tmp_path / "talks.yaml"  # the same through an upload
    upload.write_text(BROKEN.replace("[x]", "[x, y]"))
    page.get_by_test_id("scenario-file").set_input_files(str(upload))
    expect(page.locator('[data-testid=scenario-error][data-path="issues.A.options"]')).to_have_count(0)
    expect(page.locator('[data-testid=scenario-error][data-path="actors.X.role"]')).to_be_visible()
    expect(page.get_by_test_id("scenario-text")).to_have_value(BROKEN.replace("[x]", "[x, y]"))

    upload.write_text("accord: 1\nname: Two\nissues:\n  A: {options: [a, b]}\nactors:\n"
                      "  X: {preferences: {A: {values: {a: 1, b: 0}}}}\n  Y: {preferences: {A: {values: {a: 0, b: 1}}}}\n")
    page.get_by_test_id("scenario-file").set_input_files(str(upload))
    expect(page.locator("#scenario-title")).to_have_text("Two")
    expect(page.get_by_test_id("scenario-errors")).to_be_hidden()
    expect(page.locator("#zopa-count")).to_contain_text("2 of 2 packages")
    expect(page.get_by_test_id("source-label")).to_contain_text("your scenario")


COUNCIL = Path(__file__).parent / "data" / "council" / "scenario.yaml"


def test_a_council_shows_power_coalitions_conditions_and_ratification(page):
    """Format 1.1: majority with a veto, a constituency, a red line with ``unless`` and ``holds``."""
    page.locator("#own-scenario summary").click()
    page.get_by_test_id("scenario-text").fill(COUNCIL.read_text(encoding="utf-8"))
    page.get_by_test_id("load-text").click()
    expect(page.locator("#scenario-title")).to_have_text("Harbour council")
    expect(page.locator("#zopa-count")).to_contain_text(
        "acceptable to a winning set under the decision rule, majority (at least 2 of the 3 parties); veto: port")
    expect(page.locator("#zopa-count")).not_to_contain_text("every party")
    expect(page.get_by_test_id("power-box")).to_be_visible()
    # majority of three with the port's veto: the port is pivotal in 4 of the 6 orderings, and in 3 of the 5 swings
    expect(page.get_by_test_id("power-port").get_by_test_id("shapley-shubik")).to_have_text("0.667")
    expect(page.get_by_test_id("power-port").get_by_test_id("banzhaf")).to_have_text("0.600")
    expect(page.get_by_test_id("power-town").get_by_test_id("shapley-shubik")).to_have_text("0.167")
    expect(page.get_by_test_id("solution-nash").get_by_test_id("coalition")).to_have_text(
        re.compile(r"^port, (town|fishers)$"))
    town = page.get_by_test_id("red-line-town-berth")
    expect(town.get_by_test_id("unless")).to_have_text("fee in {high}")
    expect(town.get_by_test_id("holds")).to_have_text("holds with p 0.7")
    expect(page.get_by_test_id("ratification-text")).to_have_text("Ratification: port's yes needs board.")
    expect(page.get_by_test_id("compare-row-base").get_by_test_id("compare-coalition")).to_contain_text("winning set: port")
    page.get_by_test_id("variant-board-digs-in").check()
    expect(page.locator('[data-testid=blocker][data-kind="ratification"]')).to_contain_text(
        "port cannot ratify: board rejects berth=small & fee=low")
    expect(page.get_by_test_id("red-line-board-berth")).to_contain_text("rejects small, large")
    page.locator("#red-lines-panel").screenshot(path=str(artifacts() / "workbench-council.png"))


def test_simulation_forecast_and_monte_carlo_run_with_a_progress_state(page):
    page.get_by_test_id("variant-talks-resume").check()
    expect(page.get_by_test_id("variant-talks-resume")).to_be_checked()
    page.get_by_test_id("sim-seed").fill("7")
    page.get_by_test_id("run-simulation").click()
    expect(page.get_by_test_id("simulation-status")).to_have_attribute("data-state", "done")
    import accord
    from accord.simulation import simulate

    expected = simulate(accord.load(variant="talks-resume"), seed=7)  # what the CLI gives for the same request
    assert expected.status == "agreement"
    deal = ", ".join(f"{issue}={option}" for issue, option in expected.agreement["outcome"].items())
    expect(page.get_by_test_id("simulation-headline")).to_have_text(f"Agreement in round {expected.round}: {deal}")
    expect(page.locator("#simulation-notes li").first).to_contain_text("walks out")
    expect(page.locator("#simulation-chart polyline")).to_have_count(4)  # 2 proposers x 2 parties
    shoot(page, "workbench-simulation.png")

    page.get_by_test_id("sim-rounds").fill("20000")  # over the limit: a clear message, no crash
    page.get_by_test_id("run-simulation").click()
    expect(page.get_by_test_id("simulation-error")).to_contain_text("rounds: Input should be less than or equal to 10000")

    page.get_by_test_id("variant-phased-ceasefire").check()
    expect(page.locator("#zopa-count")).to_contain_text("2 of 48")
    expect(page.get_by_test_id("simulation-result")).to_be_hidden()  # it was about another variant
    if features()["forecast"]:
        page.get_by_test_id("run-forecast").click()
        expect(page.get_by_test_id("forecast-status")).to_have_attribute("data-state", "done")
        expect(page.get_by_test_id("forecast-ceasefire")).to_contain_text("phased")
    else:
        expect(page.get_by_test_id("forecast-unavailable")).to_be_visible()

    if features()["montecarlo"]:
        page.get_by_test_id("run-montecarlo").click()
        expect(page.get_by_test_id("montecarlo-status")).to_have_attribute("data-state", "done")
        import accord
        from accord.uncertainty import monte_carlo

        expected = monte_carlo(accord.load().with_variant("phased-ceasefire"), 2000, 0).p_zopa
        expect(page.get_by_test_id("montecarlo-p")).to_have_text(f"{100 * expected:.1f}%")
    else:
        expect(page.get_by_test_id("montecarlo-unavailable")).to_be_visible()
        expect(page.get_by_test_id("run-montecarlo")).to_be_disabled()
    shoot(page, "workbench-forecast.png")


def test_the_report_link(page, server):
    if not features()["report"]:
        expect(page.get_by_test_id("report-unavailable")).to_be_visible()
        return
    page.get_by_test_id("variant-us-pressure").check()
    link = page.get_by_test_id("report-link")
    expect(link).to_have_attribute("href", "/api/report?builtin=cairo-talks-2024&variant=us-pressure")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "cairo-talks-2024-us-pressure-briefing.html"


# -- the timeline panel (accord serve --db) -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def timeline_rows(tmp_path_factory):
    """A store holding the Cairo timeline (examples/cairo-timeline) with a Monte Carlo run per version."""
    pytest.importorskip("sqlalchemy", reason="the store extra (accord[store]) is not installed")
    pytest.importorskip("alembic", reason="the store extra (accord[store]) is not installed")
    import accord
    from accord.store import open_store
    from accord.store.runs import record, timeline

    folder = Path(accord.__file__).parent / "examples" / "cairo-timeline"
    path = tmp_path_factory.mktemp("store") / "accord.db"
    with open_store(str(path)) as store:
        for name in sorted(folder.glob("*.yaml")):
            store.add_version(accord.load(name), "cairo", note=name.stem[11:])
        for version in store.versions("cairo"):
            record(store, version, "montecarlo", {"variant": None, "runs": 300}, 7)
        return str(path), timeline(store, "cairo")


@pytest.fixture(scope="module")
def store_server(timeline_rows):
    yield from serve(create_app(allowed_hosts=["127.0.0.1"], store=timeline_rows[0]))


def test_the_timeline_panel_is_hidden_without_a_store(page):
    expect(page.get_by_test_id("timeline-panel")).to_be_hidden()


def test_the_timeline_panel_shows_the_stored_versions(browser, store_server, timeline_rows):
    _, rows = timeline_rows
    with contextmanager(open_page)(browser, store_server) as tab:
        panel = tab.get_by_test_id("timeline-panel")
        expect(panel).to_be_visible()
        expect(tab.get_by_test_id("timeline-select")).to_have_value("cairo")
        points = tab.get_by_test_id("timeline-point")
        expect(points).to_have_count(3)
        for point, row in zip(points.all(), rows):
            expect(point).to_have_attribute("data-zopa", str(row["zopa"]))
            expect(point).to_have_attribute("data-p", js_number(row["p_zopa"]))
            expect(point.locator("circle")).to_have_count(1)  # P(ZOPA) of the version's stored run
            expect(point.locator("text").first).to_have_text(row["as_of"])
        assert rows[0]["zopa"] > 0 and rows[1]["zopa"] == 0  # the deadlock closes the zone
        expect(points.nth(1)).to_have_attribute("data-changed", "true")
        expect(points.nth(2)).to_have_attribute("data-changed", "false")
        expect(points.nth(0).locator("title")).to_contain_text(
            "Nash deal: ceasefire=phased, rafah=deferred, hostages=all")
        expect(points.nth(1).locator("title")).to_contain_text("blocked by: red lines: ceasefire (israel, hamas)")
        expect(points.nth(1).locator("title")).to_contain_text("changed since cairo@1")
        expect(tab.get_by_test_id("timeline-row-2")).to_contain_text("red lines: ceasefire (israel, hamas)")
        expect(tab.get_by_test_id("timeline-row-1")).to_contain_text(f"{100 * rows[0]['p_zopa']:.1f}%")
        panel.screenshot(path=str(artifacts() / "workbench-timeline.png"))


def js_number(x: float) -> str:
    """How the page's script writes a number into an attribute."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def test_the_forecast_draws_smp_positions_turn_by_turn(page):
    import json

    from ktab_scenario import ktab_scenario

    from accord import jobs
    from accord.report.forecast_figures import SMP_NAMED, smp_ranking

    if not features()["forecast"]:
        pytest.skip("forecasting is not available on this server")
    cairo = jobs.forecast(__import__("accord").load()).to_json()["smp"]
    page.get_by_test_id("run-forecast").click()
    expect(page.get_by_test_id("forecast-status")).to_have_attribute("data-state", "done")
    charts = page.locator("[data-testid=smp-chart] svg")
    expect(charts).to_have_count(3)  # one panel per issue
    for k, issue in enumerate(["ceasefire", "rafah", "hostages"]):
        expect(charts.nth(k)).to_have_attribute("data-dimension", issue)
        expect(charts.nth(k).locator("polyline.smp-named")).to_have_count(len(cairo["positions"]))
        expect(charts.nth(k).locator("polyline.smp-likely")).to_have_count(1)
    expect(page.get_by_test_id("smp-legend")).not_to_contain_text("other actor")
    rows = page.locator("[data-testid=smp-table] tbody tr")
    expect(rows).to_have_count(len(cairo["positions"]))
    expect(rows.first).to_have_attribute("data-testid", f"smp-{smp_ranking(cairo)[0]}")
    expect(page.get_by_test_id("forecast-ceasefire")).to_be_visible()  # the issue-by-issue table stays
    page.get_by_test_id("forecast-result").screenshot(path=str(artifacts() / "workbench-smp.png"))

    doc = ktab_scenario()  # 13 actors: 8 named, 5 in grey
    page.locator("#own-scenario summary").click()
    page.get_by_test_id("scenario-text").fill(json.dumps(doc))
    page.get_by_test_id("load-text").click()
    expect(page.locator("#scenario-title")).to_have_text(doc["name"])
    smp = jobs.forecast(__import__("accord").load(doc)).to_json()["smp"]
    page.get_by_test_id("run-forecast").click()
    expect(page.get_by_test_id("forecast-status")).to_have_attribute("data-state", "done")
    expect(charts).to_have_count(2)
    others = len(doc["actors"]) - SMP_NAMED
    for k in range(2):
        panel = charts.nth(k)
        expect(panel.locator("polyline")).to_have_count(len(doc["actors"]) + 1)
        expect(panel.locator("polyline.smp-other")).to_have_count(others)
        named = panel.locator("polyline.smp-named")
        expect(named).to_have_count(SMP_NAMED)
        assert sorted(named.evaluate_all("lines => lines.map((l) => l.dataset.actor)")) == sorted(
            smp_ranking(smp)[:SMP_NAMED])  # the page ranks the actors as the briefing does
        expect(panel).to_contain_text("Policy Position (points)" if k == 0 else "Competitive Position (points)")
    expect(page.get_by_test_id("smp-legend")).to_contain_text(f"{others} other actors (grey)")
    expect(page.locator("[data-testid=smp-table] tbody tr")).to_have_count(len(doc["actors"]))
    page.get_by_test_id("forecast-result").screenshot(path=str(artifacts() / "workbench-smp-many.png"))


# -- the actors' form, the YAML download, every what-if's Monte Carlo, the pair picker -------------------------------

WEIGHT = '[data-path="actors.israel.preferences.ceasefire.weight"]'


def edit_field(page, selector, text):
    """Type ``text`` into a form field and leave it (its change is sent)."""
    field = page.locator(selector)
    field.fill(text)
    field.press("Tab")
    return field


def test_editing_a_weight_in_the_form_rewrites_the_yaml_and_updates_the_analysis(page):
    expect(page.get_by_test_id("form-actor")).to_have_value("israel")
    expect(page.locator(WEIGHT)).to_have_value("{triangular: [3, 4, 5]}")
    utility = page.get_by_test_id("verdict-israel").locator("td.num").first
    expect(utility).to_have_text("0.570")  # the first unlock's Nash deal, phased/deferred/all
    edit_field(page, WEIGHT, "9")
    expect(page.get_by_test_id("form-status")).to_have_attribute("data-state", "saved")
    text = page.get_by_test_id("scenario-text").input_value()
    assert "        weight: 9\n" in text and "weight: {triangular: [3, 4, 5]}" not in text
    assert "# Red line: no permanent ceasefire." in text  # the comments stay
    expect(page.get_by_test_id("source-label")).to_contain_text("your scenario")
    expect(page.locator(WEIGHT)).to_have_value("9")  # the form is rebuilt from the new text
    # israel's utility of the same package, with the ceasefire weighing 9 of 15 instead of 4 of 10
    import accord

    edited = accord.load().actors["israel"].preferences
    weights = {"ceasefire": 9, "rafah": edited["rafah"].weight, "hostages": edited["hostages"].weight}
    values = {"ceasefire": 0.45, "rafah": 0.3, "hostages": 1}
    expected = sum(weights[i] * values[i] for i in weights) / sum(weights.values())
    expect(utility).to_have_text(f"{expected:.3f}")

    page.get_by_test_id("form-actor").select_option("hamas")  # a red line: hamas also accepts a phased ceasefire
    page.get_by_test_id("red-line-option-ceasefire-phased").check()
    expect(page.locator("#zopa-headline")).to_have_text("A deal is possible.")
    assert "        accept: [phased, permanent]\n" in page.get_by_test_id("scenario-text").input_value()
    expect(page.get_by_test_id("form-actor")).to_have_value("hamas")
    shoot(page, "workbench-form.png")

    page.locator("#own-scenario summary").click()
    page.get_by_test_id("scenario-text").fill(  # and the other way: the text edited, the form follows
        page.get_by_test_id("scenario-text").input_value().replace("        weight: 9\n", "        weight: 6\n"))
    page.get_by_test_id("load-text").click()
    page.get_by_test_id("form-actor").select_option("israel")
    expect(page.locator(WEIGHT)).to_have_value("6")


def test_a_bad_form_value_gets_a_one_line_message_beside_the_field(page):
    field = edit_field(page, WEIGHT, "-2")  # refused in the page: nothing is sent
    note = page.locator(".field", has=page.locator(WEIGHT)).get_by_test_id("field-error")
    expect(note).to_have_text('expected a number >= 0, got -2')
    expect(field).to_have_attribute("aria-invalid", "true")
    edit_field(page, WEIGHT, "heavy")
    expect(note).to_contain_text('expected a number >= 0 (or a distribution such as')
    value = '[data-path="actors.israel.preferences.ceasefire.values.phased"]'
    edit_field(page, value, "{triangular: [0.9, 0.1, 0.5]}")  # the server's validation message, beside the field
    server_note = page.locator(".field", has=page.locator(value)).get_by_test_id("field-error")
    expect(server_note).to_have_text("triangular expects [low, mode, high] with low <= mode <= high")
    expect(page.get_by_test_id("form-status")).to_have_attribute("data-state", "failed")
    expect(page.locator("#zopa-headline")).to_have_text("No zone of possible agreement.")  # the page still stands
    expect(page.get_by_test_id("source-label")).to_contain_text("built-in cairo-talks-2024")  # nothing was changed
    edit_field(page, value, "0.5")
    expect(page.get_by_test_id("form-status")).to_have_attribute("data-state", "saved")
    expect(server_note).to_be_hidden()


def test_the_edited_scenario_downloads_as_yaml_that_validates(page, tmp_path):
    import accord
    from accord.scenario import example_path

    with page.expect_download() as download:  # the built-in, untouched: its own text
        page.get_by_test_id("download-yaml").click()
    assert download.value.suggested_filename == "cairo-ceasefire-and-hostage-talks.yaml"
    saved = tmp_path / "builtin.yaml"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == example_path("cairo-talks-2024").read_text(encoding="utf-8")

    page.get_by_test_id("form-actor").select_option("hamas")
    edit_field(page, '[data-path="actors.hamas.reservation"]', "0.3")
    expect(page.get_by_test_id("form-status")).to_have_attribute("data-state", "saved")
    with page.expect_download() as download:
        page.get_by_test_id("download-yaml").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert text == page.get_by_test_id("scenario-text").input_value()
    scenario = accord.load(saved)  # validates the file as `accord validate` does (its source file is not beside it)
    assert scenario.actors["hamas"].reservation == 0.3
    assert text.count("\n#") == example_path("cairo-talks-2024").read_text(encoding="utf-8").count("\n#")


def test_monte_carlo_of_every_what_if_with_p_deal(page):
    if not features()["montecarlo"]:
        expect(page.get_by_test_id("run-mc-variants")).to_be_disabled()
        return
    expect(page.get_by_test_id("mcv-runs")).to_have_value("100")  # the modest default
    page.get_by_test_id("mcv-runs").fill("40")
    page.get_by_test_id("run-mc-variants").click()
    expect(page.get_by_test_id("mcv-status")).to_have_attribute("data-state", "done", timeout=60_000)
    rows = page.get_by_test_id("mcv-table").locator("tbody tr")
    expect(rows).to_have_count(6)  # the base and five what-ifs
    import accord
    from accord import jobs

    expected = jobs.montecarlo(accord.load(), runs=40, seed=0, all_variants=True, simulate=True, sensitivity_runs=0,
                               strategies={"israel": "boulware", "hamas": "boulware"}).to_json()
    for name, found in [(None, expected), *expected["variants"].items()]:
        row = page.get_by_test_id(f"mcv-row-{name or 'base'}")
        assert float(row.get_by_test_id("mcv-p-zopa").get_attribute("data-value")) == found["p_zopa"]
        assert float(row.get_by_test_id("mcv-p-deal").get_attribute("data-value")) == found["p_agreement"]
    assert expected["variants"]["phased-ceasefire"]["p_agreement"] > expected["p_agreement"]
    shoot(page, "workbench-montecarlo-variants.png")


THREE = """accord: 1
name: three parties
issues:
  a: {options: [a1, a2, a3]}
  b: {options: [b1, b2]}
actors:
  x: {reservation: 0.1, preferences: {a: {values: {a1: 1, a2: 0.5, a3: 0}}, b: {values: {b1: 1, b2: 0}}}}
  y: {reservation: 0.1, preferences: {a: {values: {a1: 0, a2: 0.5, a3: 1}, reject: [a1, a2]}, b: {values: {b1: 0, b2: 1}}}}
  z: {reservation: 0.1, preferences: {a: {values: {a1: 1, a2: 0.5, a3: 0}, accept: [a1]}, b: {values: {b1: 1, b2: 0}}}}
"""


def test_the_scatter_plots_the_pair_in_conflict_and_the_user_can_choose_another(page):
    expect(page.get_by_test_id("pair-picker")).to_be_hidden()  # two parties: nothing to choose
    page.locator("#own-scenario summary").click()
    page.get_by_test_id("scenario-text").fill(THREE)
    page.get_by_test_id("load-text").click()
    expect(page.locator("#scenario-title")).to_have_text("three parties")
    expect(page.get_by_test_id("pair-x")).to_have_value("y")  # y's and z's red lines leave no option on a
    expect(page.get_by_test_id("pair-y")).to_have_value("z")
    expect(page.get_by_test_id("pair-why")).to_contain_text("the pair whose red lines conflict on a")
    expect(page.locator("#utility-chart svg")).to_have_attribute("aria-label", "Utility of y against z")
    page.get_by_test_id("pair-x").select_option("x")
    expect(page.locator("#utility-chart svg")).to_have_attribute("aria-label", "Utility of x against z")
    page.get_by_test_id("pair-y").select_option("x")  # the other axis's party: the two swap
    expect(page.locator("#utility-chart svg")).to_have_attribute("aria-label", "Utility of z against x")
    expect(page.get_by_test_id("pair-why")).to_contain_text("the pair you chose")
