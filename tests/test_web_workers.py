"""Worker processes, overload answers, the body timeout and the frontier cap of the web API (in-process client).

The real server under load and slow-header connections is in test_web_load.py.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install 'accord[web]')")
try:
    from fastapi.testclient import TestClient
except (ImportError, RuntimeError) as exc:  # starlette raises RuntimeError when httpx2 is missing
    pytest.skip(f"FastAPI's test client needs httpx2 (pip install httpx2): {exc}", allow_module_level=True)

from accord.analysis._analyze import PARETO_LIMIT
from accord.cli._app import app as cli
from accord.web import create_app
from accord.web.app import Guard
from accord.web.workers import execute, worker_pids

# the scenario generator of the load benchmark (tests/test_web_load.py loads it the same way)
_spec = importlib.util.spec_from_file_location("web_load", Path(__file__).parents[1] / "benchmarks" / "web_load.py")
_load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_load)
zero_sum = _load.zero_sum


HEAVY = {"scenario": json.dumps(zero_sum(3000, 1000)), "unlock": False}  # 3x10^6 outcomes: seconds of work


def _stuck() -> dict:
    """A larger space with reservations no outcome meets: the unlock search takes about ten seconds here, long
    enough to still be running while the quick requests of a test are answered, even on a fast machine."""
    doc = zero_sum(3000, 2000)
    for actor in doc["actors"].values():
        actor["reservation"] = 0.6
    return {"scenario": json.dumps(doc), "unlock": True}


STUCK = _stuck()


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


# -- the frontier cap ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def big_frontier(tmp_path_factory):
    path = tmp_path_factory.mktemp("frontier") / "zero-sum.json"
    path.write_text(json.dumps(zero_sum(60, 30)), encoding="utf-8")  # 1,800 packages on the frontier
    return path


def test_the_analysis_json_caps_the_frontier_and_says_so(big_frontier):
    import accord

    result = accord.analyze(accord.load(big_frontier))
    capped, full = result.to_json(), result.to_json(pareto_limit=None)
    assert len(result.pareto) == 1800 and capped["pareto_size"] == full["pareto_size"] == 1800
    assert capped["pareto_truncated"] is True and full["pareto_truncated"] is False
    assert len(capped["pareto"]) == PARETO_LIMIT and capped["pareto"] == full["pareto"][:PARETO_LIMIT]
    first = [(d["utilities"]["X"], d["utilities"]["Y"]) for d in full["pareto"]]
    assert first == sorted(first, key=lambda u: (-u[0], -u[1]))  # the documented order
    small = accord.analyze(accord.load()).to_json()
    assert small["pareto_truncated"] is False and small["pareto_size"] == len(small["pareto"])


def test_the_cli_lifts_the_cap_on_request_and_the_web_never(big_frontier):
    runner = CliRunner()
    capped = json.loads(runner.invoke(cli, ["analyze", str(big_frontier), "--json"]).stdout)
    full = json.loads(runner.invoke(cli, ["analyze", str(big_frontier), "--json", "--full-frontier"]).stdout)
    assert len(capped["pareto"]) == PARETO_LIMIT and capped["pareto_truncated"]
    assert len(full["pareto"]) == full["pareto_size"] == 1800 and not full["pareto_truncated"]
    web = TestClient(create_app()).post("/api/analyze", json={"scenario": big_frontier.read_text()})
    assert web.status_code == 200 and web.json() == capped  # the same document as the CLI's default
    refused = TestClient(create_app()).post("/api/analyze", json={"scenario": big_frontier.read_text(),
                                                                  "full_frontier": True})
    assert refused.status_code == 422


# -- worker processes ----------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_an_overrun_kills_its_worker_and_a_fresh_one_serves_the_next_request():
    app = create_app(time_limit=3, workers=1)
    client = TestClient(app)
    assert client.post("/api/analyze", json={}).status_code == 200
    (before,) = worker_pids(app.state.pool)
    answer = client.post("/api/analyze", json=STUCK)
    assert answer.status_code == 503 and "was stopped" in answer.json()["error"]
    assert answer.headers["retry-after"] == "30"
    assert wait_until(lambda: not alive(before))  # the computation does not run on
    assert wait_until(lambda: app.state.pool.counts() == {"workers": 1, "idle": 1, "waiting": 0})
    assert worker_pids(app.state.pool) != [before]
    again = client.post("/api/analyze", json={})
    assert again.status_code == 200 and again.json()["acceptable"] == 0
    app.state.pool.shutdown()


def test_overload_is_a_json_503_with_retry_after_and_meta_does_not_wait():
    app = create_app(time_limit=30, workers=1, max_waiting=0)
    client = TestClient(app)
    assert client.post("/api/validate", json={}).status_code == 200  # the worker is up
    with ThreadPoolExecutor(1) as pool:
        heavy = pool.submit(client.post, "/api/analyze", json=STUCK)
        assert wait_until(lambda: app.state.pool.counts() == {"workers": 1, "idle": 0, "waiting": 0})
        busy = client.post("/api/analyze", json={})
        meta = client.get("/api/meta")
        page = client.get("/")
        builtins = client.get("/api/builtins")
        running = app.state.pool.counts()["idle"] == 0 and not heavy.done()
        app.state.pool.shutdown()  # stop the heavy computation now
        heavy.result()
    assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
    assert busy.headers["content-type"].startswith("application/json") and "busy" in busy.json()["error"]
    assert running  # all three answered while the only worker was still computing
    assert meta.status_code == 200 and page.status_code == 200 and builtins.status_code == 200


def test_a_worker_over_its_memory_cap_is_a_503_and_the_server_goes_on():
    app = create_app(time_limit=60, workers=1, memory_limit=400 << 20)
    client = TestClient(app)
    answer = client.post("/api/analyze", json=HEAVY)
    assert answer.status_code == 503 and "memory" in answer.json()["error"], answer.text
    assert client.post("/api/analyze", json={}).status_code == 200
    app.state.pool.shutdown()


def test_waiting_requests_are_served_in_turn():
    app = create_app(workers=1, max_waiting=8)
    client = TestClient(app)
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: client.post("/api/analyze", json={}), range(6)))
    assert [a.status_code for a in answers] == [200] * 6
    assert len({a.text for a in answers}) == 1
    app.state.pool.shutdown()


def test_execute_answers_bugs_as_500_and_results_as_json_bytes():
    from accord.web import service

    ok = execute("meta_json", (service.Limits(),))
    assert ok.status == 200 and json.loads(ok.body)["limits"]["time_limit_seconds"] == 20.0
    bad = execute("builtin_text", ("no-such-builtin",))
    assert bad.status == 404 and "no built-in scenario" in json.loads(bad.body)["error"]
    bug = execute("validate_json", (None, service.Limits()))
    assert bug.status == 500 and json.loads(bug.body)["error"].startswith("internal error (a bug in accord): ")


def test_the_workers_stop_with_the_app():
    app = create_app()
    with TestClient(app) as client:  # the lifespan starts them and stops them
        assert client.post("/api/validate", json={}).status_code == 200
        pids = worker_pids(app.state.pool)
        assert len(pids) == 2 and all(alive(pid) for pid in pids)
    assert wait_until(lambda: not any(alive(pid) for pid in pids))
    assert os.getpid() not in pids


# -- slow bodies ---------------------------------------------------------------------------------------------------

def test_a_body_that_does_not_arrive_in_time_is_a_408():
    sent = []

    async def never_finished():
        await asyncio.sleep(3600)

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):  # pragma: no cover - never reached
        raise AssertionError("the app saw a request whose body never arrived")

    guard = Guard(app, max_body=1000, body_timeout=0.05)
    scope = {"type": "http", "method": "POST", "headers": [(b"content-type", b"application/json")]}
    asyncio.run(guard(scope, never_finished, send))
    assert sent[0]["status"] == 408 and (b"connection", b"close") in sent[0]["headers"]
    assert "did not arrive within 0.05 s" in json.loads(sent[1]["body"])["error"]


def test_threads_are_not_left_behind():
    before = threading.active_count()
    app = create_app(workers=1)
    with TestClient(app) as client:
        client.post("/api/analyze", json={})
    assert wait_until(lambda: threading.active_count() <= before + 1, 10)
