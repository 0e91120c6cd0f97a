"""The web server under load and slow clients: a real ``accord serve`` on 127.0.0.1, bounded in count and time.

One server (uvicorn on an ephemeral port, in a subprocess) with a short time
limit, small worker memory and a short header timeout takes heavy, abandoned,
slow-header and burst requests. The assertions are outcomes, with generous
bounds: no 500, overload answered as JSON 503 with ``Retry-After``, ``GET /``
answered, memory bounded, and after abandoned requests the next one served.
``benchmarks/web_load.py`` measures the same cases at full size.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install 'accord[web]')")
pytest.importorskip("uvicorn", reason="the web extra is not installed (pip install 'accord[web]')")

pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location("web_load", Path(__file__).parents[1] / "benchmarks" / "web_load.py")
load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load)

TIME_LIMIT = 3.0
HEADER_TIMEOUT = 2.0
MEMORY_LIMIT = 1 << 30     # per worker process
MEMORY_BOUND = 3 << 30     # the server and its workers together, generously
HEAVY = {"scenario": json.dumps(load.zero_sum(3000, 1000)), "unlock": False}  # 3x10^6 outcomes, all on the frontier


def _stuck() -> dict:
    """The same space with reservations no outcome meets: the unlock search takes several times the time limit."""
    doc = load.zero_sum(3000, 1000)
    for actor in doc["actors"].values():
        actor["reservation"] = 0.6
    return {"scenario": json.dumps(doc), "unlock": True}


STUCK = _stuck()


@pytest.fixture(scope="module")
def server():
    port = load.free_port()
    process = load.start_server(port, time_limit=TIME_LIMIT, workers=2, max_waiting=4, memory_limit=MEMORY_LIMIT,
                                header_timeout=HEADER_TIMEOUT)
    peak = {"rss": 0}
    stop = threading.Event()

    def watch():
        while not stop.wait(0.2):
            peak["rss"] = max(peak["rss"], load.rss(process.pid))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    yield port, process, peak
    stop.set()
    watcher.join()
    load.stop_server(process)


def ask(port, method, path, body=None, timeout=60.0):
    status, headers, content, _ = load.request(port, method, path, body, timeout=timeout)
    return status, headers, content


def assert_json_503(status, headers, content):
    assert status == 503, (status, content[:300])
    assert headers["content-type"].startswith("application/json") and "retry-after" in headers
    assert isinstance(json.loads(content)["error"], str)


def test_a_heavy_request_does_not_stall_the_page(server):
    port, _, peak = server
    with ThreadPoolExecutor(1) as pool:
        heavy = pool.submit(ask, port, "POST", "/api/analyze", HEAVY)
        pages = []
        while not heavy.done():  # the page keeps answering while the computation runs
            pages.append(ask(port, "GET", "/", timeout=10)[0])
            pages.append(ask(port, "GET", "/api/meta", timeout=10)[0])
            time.sleep(0.2)
        status, headers, content = heavy.result()
    assert pages and set(pages) == {200}
    if status == 200:  # a fast machine: the answer is capped, whatever the frontier's size
        answer = json.loads(content)
        assert answer["pareto_truncated"] and len(answer["pareto"]) == 1000 and answer["pareto_size"] > 1000
    else:  # over the time or the memory limit: stopped, and said so
        assert_json_503(status, headers, content)
    assert peak["rss"] < MEMORY_BOUND


def test_a_large_frontier_is_answered_capped(server):
    port, _, _ = server
    status, _, content = ask(port, "POST", "/api/analyze", {"scenario": json.dumps(load.zero_sum(200, 100))})
    answer = json.loads(content)
    assert status == 200 and answer["pareto_size"] == 20_000 and answer["pareto_truncated"]
    assert len(answer["pareto"]) == 1000


def test_abandoned_requests_free_their_workers_at_once(server):
    port, _, peak = server
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: ask(port, "POST", "/api/analyze", STUCK), range(2)))
    for status, headers, content in answers:  # both over the time limit (or the memory cap): stopped
        assert_json_503(status, headers, content)
    # both workers were stopped and replaced: the next requests are served, not refused for a minute
    followers = [ask(port, "POST", "/api/analyze", {}) for _ in range(3)]
    assert [status for status, _, _ in followers] == [200, 200, 200], [c[:200] for _, _, c in followers]
    assert json.loads(followers[0][2])["scenario"] == "Cairo ceasefire and hostage talks"
    assert peak["rss"] < MEMORY_BOUND


def test_slow_header_connections_neither_block_nor_stay(server):
    port, _, _ = server
    slow = []
    try:
        for _ in range(80):
            connection = socket.create_connection((load.HOST, port), timeout=10)
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # a head that never ends
            slow.append(connection)
        assert ask(port, "GET", "/", timeout=10)[0] == 200
        assert ask(port, "POST", "/api/analyze", {})[0] == 200
        closed = 0
        for connection in slow:  # the server closes each one after the header timeout
            connection.settimeout(HEADER_TIMEOUT * 10)
            try:
                closed += connection.recv(1024) == b""
            except ConnectionResetError:
                closed += 1
        assert closed == len(slow)
    finally:
        for connection in slow:
            connection.close()


def test_a_burst_is_answered_with_results_or_json_503s(server):
    port, _, peak = server
    count = 40
    barrier = threading.Barrier(count)

    def one(_):
        barrier.wait(timeout=30)
        return ask(port, "POST", "/api/analyze", {})

    with ThreadPoolExecutor(count) as pool:
        answers = list(pool.map(one, range(count)))
    statuses = [status for status, _, _ in answers]
    assert set(statuses) <= {200, 503} and 200 in statuses, statuses
    for answer in answers:
        if answer[0] == 503:
            assert_json_503(*answer)
    assert ask(port, "GET", "/", timeout=10)[0] == 200
    assert peak["rss"] < MEMORY_BOUND


def test_beyond_the_connection_cap_the_oldest_slow_connections_make_way():
    port = load.free_port()
    process = load.start_server(port, workers=1, header_timeout=600, max_connections=20)
    slow = []
    try:
        for _ in range(40):
            connection = socket.create_connection((load.HOST, port), timeout=10)
            connection.sendall(b"GET / HTTP/1.1\r\n")
            slow.append(connection)
        assert ask(port, "GET", "/", timeout=10)[0] == 200  # a real request still gets in
        assert ask(port, "POST", "/api/analyze", {})[0] == 200
        closed = []
        for connection in slow:
            connection.settimeout(0.2)
            try:
                closed.append(connection.recv(1024) == b"")
            except TimeoutError:
                closed.append(False)  # still open: the header timeout is far away
            except ConnectionResetError:
                closed.append(True)
        assert sum(closed) >= 20 and closed[:20] == [True] * 20  # the oldest went first
        assert not closed[-1]  # the newest stayed
    finally:
        for connection in slow:
            connection.close()
        load.stop_server(process)
