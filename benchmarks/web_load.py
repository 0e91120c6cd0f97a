"""Load and slow-client attacks on a real ``accord serve`` (loopback only), with what the server does under them.

    PYTHONPATH=src .venv/bin/python benchmarks/web_load.py            # every case, about 2-3 minutes
    PYTHONPATH=src .venv/bin/python benchmarks/web_load.py heavy slow  # some of them

Each case starts a fresh server (``accord.web.run`` on an ephemeral port, in
a subprocess) and prints one JSON line:

- ``heavy``: one ``/api/analyze`` of a ~400-byte zero-sum scenario with
  3x10^6 outcomes (every outcome on the frontier), while ``GET /`` is asked
  every 0.5 s: the heavy answer's status, time and size, the slowest ``GET /``
  and the server's peak memory (the process and its children);
- ``large``: the same with 6x10^5 outcomes, a frontier computed within the
  time limit whose whole answer would be tens of megabytes;
- ``abandoned``: with a 1 s time limit, two heavy requests that overrun it,
  then the Cairo analysis at once and every second for 10 s: how many of
  those got a 200, and their times;
- ``slow``: 80 connections that send a request head one byte every 2 s,
  while ``GET /`` and the Cairo analysis are asked every second for 15 s;
- ``burst``: 200 concurrent Cairo analyses: the answers by status and type.

Targets (this 2-core machine): ``GET /`` under a second in every case; no
500; overload answered as JSON 503 with ``Retry-After``; after abandoned
requests the next request succeeds at once; peak memory under 3 GiB.

Measured on the shared 2-core machine, before (worker threads, whole frontier,
uvicorn defaults) and after (worker processes, capped frontier, timeouts):

| case | before | after |
|---|---|---|
| large (6x10^5) | 200 in 28.7 s, 46 MB; slowest ``GET /`` 19.7 s | 200 in 0.5 s, 88 KB; 0.02 s |
| heavy (3x10^6) | 503 after 20 s (busy machine); peak 888 MiB | 200 in 2.7-11.5 s, 89 KB; slowest ``GET /`` 0.08 s |
| abandoned (1 s limit) | the next 10 analyses: all 503 | all 200 (0.08-0.26 s); peak 409 MiB |
| abandoned (20 s limit) | the next 3 analyses 503 after 20 s each; peak 4.2 GiB | one stopped at 20 s; the next 10 all 200 (0.3-0.5 s); peak 1.0 GiB |
| slow (80 connections) | 0 of 15 analyses, every ``GET /`` failed; all 80 held | 14 of 14, every ``GET /``; 0 left open |
| burst (200 at once) | 200 plain-text 503s | 10 results, 190 JSON 503s with Retry-After |
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HOST = "127.0.0.1"


def zero_sum(n: int = 3000, m: int = 1000) -> dict:
    """Two parties with opposed linear values on two numeric issues: n*m outcomes, all on the frontier."""
    def prefs(up: bool) -> dict:
        return {issue: {"weight": 1, "values": {0: 0 if up else 1, size - 1: 1 if up else 0}}
                for issue, size in (("a", n), ("b", m))}
    return {"accord": 1, "name": "zero-sum",
            "issues": {"a": {"range": [0, n - 1], "step": 1}, "b": {"range": [0, m - 1], "step": 1}},
            "actors": {"X": {"reservation": 0, "preferences": prefs(True)},
                       "Y": {"reservation": 0, "preferences": prefs(False)}}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(port: int, **options) -> subprocess.Popen:
    """``accord.web.run`` in a subprocess (the accord on PYTHONPATH); returns when it answers."""
    code = f"from accord.web import run; run({HOST!r}, {port}, log_level='warning', **{options!r})"
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/api/meta", timeout=2)[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start: " + process.stderr.read().decode()[-2000:])


def stop_server(process: subprocess.Popen) -> None:
    for pid in tree(process.pid)[1:]:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    process.kill()
    process.wait(timeout=10)


def request(port: int, method: str, path: str, body: dict | None = None, timeout: float = 120):
    """(status, headers, body bytes, seconds) of one request on a new connection."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Host": f"{HOST}:{port}"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=data, headers=headers)
        answer = connection.getresponse()
        content = answer.read()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, content, time.monotonic() - started
    finally:
        connection.close()


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def rss(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants, in bytes."""
    total = 0
    for member in tree(pid):
        try:
            with open(f"/proc/{member}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


class Sampler:
    """In a thread until stopped: the peak memory of a process tree, and ``GET /`` latencies."""

    def __init__(self, port: int, pid: int, every: float = 0.5):
        self.port, self.pid, self.every = port, pid, every
        self.peak, self.page = 0, []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self) -> None:
        while not self.stopped.is_set():
            self.peak = max(self.peak, rss(self.pid))
            try:
                status, _, _, seconds = request(self.port, "GET", "/", timeout=60)
                self.page.append((status, seconds))
            except OSError as exc:
                self.page.append((str(exc), None))
            self.stopped.wait(self.every)

    def stop(self) -> dict:
        self.stopped.set()
        self.thread.join()
        times = [s for _, s in self.page if s is not None]
        return {"page_requests": len(self.page), "page_failures": sum(1 for st, _ in self.page if st != 200),
                "page_slowest_s": round(max(times), 3) if times else None, "peak_rss_mib": self.peak >> 20}


def heavy(port: int, pid: int, n: int = 3000, case: str = "heavy") -> dict:
    sampler = Sampler(port, pid)
    status, headers, content, seconds = request(port, "POST", "/api/analyze",
                                                {"scenario": json.dumps(zero_sum(n)), "unlock": False}, timeout=300)
    result = {"case": case, "outcomes": n * 1000, "status": status, "seconds": round(seconds, 2), "bytes": len(content),
              "content_type": headers.get("content-type")}
    if status != 200:
        result["error"] = content[:200].decode(errors="replace")
    return {**result, **sampler.stop()}


def abandoned(port: int, pid: int) -> dict:
    sampler = Sampler(port, pid)
    heavy_body = {"scenario": json.dumps(zero_sum()), "unlock": False}
    with ThreadPoolExecutor(2) as pool:
        first = [f.result()[:1] + (round(f.result()[3], 2),)
                 for f in [pool.submit(request, port, "POST", "/api/analyze", heavy_body, 300) for _ in range(2)]]
    after = []
    for _ in range(10):
        status, _, _, seconds = request(port, "POST", "/api/analyze", {}, timeout=120)
        after.append((status, round(seconds, 2)))
        time.sleep(1)
    return {"case": "abandoned", "heavy": first, "after_ok": sum(1 for s, _ in after if s == 200),
            "after": after, **sampler.stop()}


def slow(port: int, pid: int, connections: int = 80, seconds: float = 15) -> dict:
    sockets, stop = [], threading.Event()
    for _ in range(connections):
        s = socket.create_connection((HOST, port))
        s.sendall(b"GET / HTTP/1.1\r\n")
        sockets.append(s)

    def drip():
        while not stop.wait(2):
            for s in sockets:
                try:
                    s.sendall(b"X")
                except OSError:
                    pass
    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    sampler = Sampler(port, pid, every=1)
    outcomes = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _, _, took = request(port, "POST", "/api/analyze", {}, timeout=60)
            outcomes.append((status, round(took, 2)))
        except OSError as exc:
            outcomes.append((str(exc), None))
        time.sleep(1)
    stop.set()
    open_left = 0
    for s in sockets:
        try:
            s.setblocking(False)
            open_left += s.recv(1) != b""
        except BlockingIOError:
            open_left += 1
        except OSError:
            pass
        s.close()
    return {"case": "slow", "analyses": len(outcomes), "analyses_ok": sum(1 for s, _ in outcomes if s == 200),
            "slow_connections_still_open": open_left, **sampler.stop()}


def burst(port: int, pid: int, count: int = 200) -> dict:
    sampler = Sampler(port, pid)
    barrier = threading.Barrier(count)

    def one(_):
        barrier.wait(timeout=60)
        try:
            status, headers, content, _ = request(port, "POST", "/api/analyze", {}, timeout=120)
        except OSError as exc:
            return f"{type(exc).__name__}", False, False
        is_json = headers.get("content-type", "").startswith("application/json")
        return status, is_json, "retry-after" in headers

    with ThreadPoolExecutor(count) as pool:
        answers = list(pool.map(one, range(count)))
    counts: dict[str, int] = {}
    for status, is_json, retry in answers:
        key = f"{status} {'json' if is_json else 'not-json'}{' retry-after' if retry else ''}"
        counts[key] = counts.get(key, 0) + 1
    return {"case": "burst", "requests": count, "answers": counts, **sampler.stop()}


def large(port: int, pid: int) -> dict:
    return heavy(port, pid, n=600, case="large")


CASES = {"heavy": heavy, "large": large, "abandoned": abandoned, "slow": slow, "burst": burst}
SERVER_OPTIONS = {"abandoned": {"time_limit": 1}}  # the heavy requests must overrun, however fast the machine


def main(names: list[str]) -> None:
    for name in names or list(CASES):
        port = free_port()
        server = start_server(port, **SERVER_OPTIONS.get(name, {}))
        try:
            print(json.dumps(CASES[name](port, server.pid)), flush=True)
        finally:
            stop_server(server)


if __name__ == "__main__":
    main(sys.argv[1:])
