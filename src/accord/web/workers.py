"""Worker processes for the web server's computations: stopped for real at the time limit.

Each computation of the web API (validate, analyze, simulate, the briefing, a
store's timeline, ...) runs in one of a few worker processes, not in the
server's process:

- the answer is serialised to JSON in the worker, so a large answer never
  holds the server's event loop (``GET /`` and ``/api/meta`` answer at once);
- a computation over the time limit is stopped by killing its worker
  (SIGKILL) and a fresh worker takes its place: an abandoned request frees
  its capacity and its memory at once, instead of running on in a thread;
- each worker's address space is capped (``RLIMIT_AS``), so one request cannot
  take the machine's memory: an allocation beyond the cap is a ``MemoryError``
  answered as a 503 naming the cause;
- at most ``workers`` computations run at once and at most ``max_waiting``
  wait for a worker; a request beyond that is answered at once with a JSON 503
  and ``Retry-After`` (:class:`Busy`).

Workers are started by a fork server that has imported accord once, so a
replacement starts in milliseconds. Nothing is shared between requests: a
worker receives the request model, loads its own scenario and returns bytes.
"""

from __future__ import annotations

import asyncio
import collections
import json
import multiprocessing
import signal
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

JSON_TYPE = "application/json"
HTML_TYPE = "text/html; charset=utf-8"
MEMORY_LIMIT = 2 << 30  # bytes of address space per worker process (2 GiB)


@dataclass(frozen=True)
class Reply:
    """What a worker answers: the HTTP status, the body's type and bytes, and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class Busy(Exception):
    """Every worker is busy and the waiting line is full (answer 503 with Retry-After)."""


class Overrun(Exception):
    """The computation took longer than the time limit; its worker was stopped."""


class WorkerLost(Exception):
    """The worker stopped before answering (killed from outside, or crashed); it was replaced."""


def encode(body: Any) -> bytes:
    """The JSON bytes of an answer (UTF-8, no NaN)."""
    return json.dumps(body, ensure_ascii=False, allow_nan=False, default=str).encode("utf-8")


def execute(task: str, args: tuple) -> Reply:
    """Run ``accord.web.service.<task>(*args)`` and turn its result or failure into a :class:`Reply`.

    A dict is answered as JSON (serialised here, in the worker), a str as HTML;
    a :class:`~accord.web.service.WebError` gives its status and body; any
    other exception is a bug in accord (500, named).
    """
    from . import service

    try:
        result = getattr(service, task)(*args)
        if isinstance(result, str):
            return Reply(200, HTML_TYPE, result.encode("utf-8"))
        return Reply(200, JSON_TYPE, encode(result))
    except service.WebError as exc:
        return Reply(exc.status, JSON_TYPE, encode(exc.body), dict(exc.headers))
    except MemoryError:
        return Reply(503, JSON_TYPE, encode({"error": "the server ran out of memory for this request; "
                                                      "try a smaller scenario"}))
    except Exception as exc:  # a bug in accord, by definition; the worker lives on
        return Reply(500, JSON_TYPE, encode({"error": f"internal error (a bug in accord): {type(exc).__name__}: {exc}"}))


def _serve(conn, memory_limit: int | None) -> None:
    """A worker's loop: receive ``(task, args)``, send back a :class:`Reply`; stop when the server goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops its workers
    if memory_limit:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = memory_limit if hard == resource.RLIM_INFINITY else min(memory_limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    while True:
        try:
            task, args = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        conn.send(execute(task, args))


class _Worker:
    def __init__(self, context, memory_limit: int | None):
        parent, child = context.Pipe()
        self.conn = parent
        self.process = context.Process(target=_serve, args=(child, memory_limit), daemon=True,
                                       name="accord-web-worker")
        self.process.start()
        child.close()

    def exchange(self, task: str, args: tuple) -> Reply:
        """Send one task and wait for its reply (in an I/O thread, never on the event loop)."""
        self.conn.send((task, args))
        return self.conn.recv()

    def stop(self) -> None:
        try:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(timeout=5)
        except (OSError, ValueError, AssertionError):
            pass
        try:
            self.conn.close()
        except OSError:  # the pipe's descriptor already went with a reader thread that was stopped mid-read
            pass


def _stop_all(workers: list) -> None:
    for worker in list(workers):
        worker.stop()


class ProcessPool:
    """``size`` worker processes, started on first use (or by :meth:`start`) and again after :meth:`shutdown`.

    Usable from any event loop (the waiting line holds futures of their own
    loops); the blocking pipe I/O runs in a few threads of the pool's own.
    """

    def __init__(self, size: int, *, max_waiting: int, memory_limit: int | None = MEMORY_LIMIT,
                 start_method: str = "forkserver"):
        self.size = max(1, int(size))
        self.max_waiting = max(0, int(max_waiting))
        self.memory_limit = memory_limit
        self.start_method = start_method
        self.lock = threading.Lock()
        self.idle: list[_Worker] = []
        self.all: list[_Worker] = []
        self.waiting: collections.deque = collections.deque()
        self.io: ThreadPoolExecutor | None = None
        self.started = False
        self._finalizer = weakref.finalize(self, _stop_all, self.all)

    # -- life cycle ------------------------------------------------------------------------------------------------

    def _context(self):
        context = multiprocessing.get_context(self.start_method)
        if self.start_method == "forkserver":
            context.set_forkserver_preload(["accord.web.service"])
        return context

    def start(self) -> None:
        """Start the workers now (the server does this at start-up; otherwise the first request does)."""
        with self.lock:
            if self.started:
                return
            self.started = True
            self.io = ThreadPoolExecutor(max_workers=2 * self.size + 1, thread_name_prefix="accord-web-io")
            context = self._context()
            for _ in range(self.size):
                worker = _Worker(context, self.memory_limit)
                self.all.append(worker)
                self.idle.append(worker)

    def shutdown(self) -> None:
        """Stop every worker; waiting requests are told the server is busy."""
        with self.lock:
            workers, self.all[:], self.idle[:] = list(self.all), [], []
            waiting, self.waiting = list(self.waiting), collections.deque()
            io, self.io = self.io, None
            self.started = False
        for loop, future in waiting:
            loop.call_soon_threadsafe(_fail, future, Busy())
        _stop_all(workers)
        if io is not None:
            io.shutdown(wait=False, cancel_futures=True)

    def counts(self) -> dict[str, int]:
        """Workers, idle workers and waiting requests (for tests and diagnostics)."""
        with self.lock:
            return {"workers": len(self.all), "idle": len(self.idle), "waiting": len(self.waiting)}

    # -- one computation -------------------------------------------------------------------------------------------

    async def run(self, task: str, args: tuple, time_limit: float) -> Reply:
        """Run ``service.<task>(*args)`` in a worker within ``time_limit`` seconds (and as long to get one).

        Raises :class:`Busy` (no worker within the time limit, or the line is
        full), :class:`Overrun` (the worker was stopped) or :class:`WorkerLost`.
        """
        self.start()
        worker = await self._acquire(time_limit)
        loop = asyncio.get_running_loop()
        io = self.io
        try:
            if io is None:  # shut down meanwhile
                raise RuntimeError("the pool is shut down")
            exchange = loop.run_in_executor(io, worker.exchange, task, args)
        except RuntimeError:
            self._release(worker)
            raise Busy() from None
        try:
            reply = await asyncio.wait_for(exchange, timeout=time_limit)
        except TimeoutError:
            self._replace(worker)
            raise Overrun() from None
        except asyncio.CancelledError:  # the client went away: stop its computation too
            self._replace(worker)
            raise
        except (EOFError, OSError, ValueError):
            self._replace(worker)
            raise WorkerLost() from None
        self._release(worker)
        return reply

    async def _acquire(self, time_limit: float) -> _Worker:
        loop = asyncio.get_running_loop()
        with self.lock:
            if self.idle:
                return self.idle.pop()
            if len(self.waiting) >= self.max_waiting:
                raise Busy()
            future = loop.create_future()
            self.waiting.append((loop, future))
        try:
            return await asyncio.wait_for(future, timeout=time_limit)
        except TimeoutError:
            raise Busy() from None
        finally:
            with self.lock:
                try:
                    self.waiting.remove((loop, future))
                except ValueError:
                    pass

    def _release(self, worker: _Worker) -> None:
        """Give the worker to the first request still waiting, or back to the idle list."""
        with self.lock:
            if worker not in self.all:  # the pool was shut down meanwhile
                worker.stop()
                return
            while self.waiting:
                loop, future = self.waiting.popleft()
                if not future.done():
                    loop.call_soon_threadsafe(self._hand, future, worker)
                    return
            self.idle.append(worker)

    def _hand(self, future: asyncio.Future, worker: _Worker) -> None:
        if future.done():  # timed out or cancelled just now: the next one gets it
            self._release(worker)
        else:
            future.set_result(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill the worker and start another in its place (in an I/O thread; the caller answers at once)."""
        def swap() -> None:
            worker.stop()
            with self.lock:
                if worker not in self.all:
                    return
                self.all.remove(worker)
            try:
                fresh = _Worker(self._context(), self.memory_limit)
            except OSError:  # cannot start a process now; the pool runs one short
                return
            with self.lock:
                self.all.append(fresh)
            self._release(fresh)

        try:
            worker.process.kill()  # stop the computation now, whatever the thread does next
        except (OSError, ValueError, AttributeError):
            pass
        io = self.io
        if io is None:
            worker.stop()
            return
        try:
            io.submit(swap)
        except RuntimeError:  # the executor is shutting down
            worker.stop()


def _fail(future: asyncio.Future, exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)


def worker_pids(pool: ProcessPool) -> list[int]:
    """Process ids of the pool's workers (for tests)."""
    with pool.lock:
        return [w.process.pid for w in pool.all if w.process.pid is not None]


__all__ = ["MEMORY_LIMIT", "Busy", "Overrun", "ProcessPool", "Reply", "WorkerLost", "encode", "execute", "worker_pids"]
