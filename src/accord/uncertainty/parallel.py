"""Running chunks of runs serially or across processes, with progress and Ctrl-C.

A task is a top-level function ``task(payload, start, stop, seed) -> part``
computing runs ``start .. stop - 1``. Because every run's draws depend only on
``(seed, run, path)`` (see ``sampling``), the parts are the same however the
runs are split, and concatenating them in run order gives the same result for
any chunk size and any number of workers.

With ``workers > 1`` chunks are whole blocks of ``sampling.BLOCK`` runs
(each worker takes whole blocks; ``align=False``, used by the simulation
Monte Carlo whose runs are costly, lifts this), no larger than needed to give
each worker two chunks, and run in a
``concurrent.futures.ProcessPoolExecutor`` whose workers ignore SIGINT, so
that Ctrl-C reaches only the parent.

``progress(done, total)`` is called after each chunk, in run order. A
``KeyboardInterrupt`` raised while waiting for a chunk or inside ``progress``
stops the work: the chunks finished so far (a prefix of the runs) are kept
and ``interrupted`` is reported.
"""

from __future__ import annotations

import signal
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable

from .sampling import BLOCK

DEFAULT_CHUNK = 4 * BLOCK

Progress = Callable[[int, int], Any] | None


_WORKER: dict = {}


def _start_worker(task: Callable, payload: Any) -> None:
    """Worker initializer: ignore Ctrl-C (the parent handles it) and keep the task and payload,
    handed over once per worker rather than once per chunk."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["task"], _WORKER["payload"] = task, payload


def _run_chunk(start: int, stop: int, seed: int) -> Any:
    return _WORKER["task"](_WORKER["payload"], start, stop, seed)


def check(runs: int, chunk: int, workers: int) -> None:
    for name, value, low in (("runs", runs, 0), ("chunk", chunk, 1), ("workers", workers, 1)):
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise ValueError(f"The '{name}' parameter must be an int >= {low}. Got {value!r} instead.")


def spans(runs: int, chunk: int) -> list[tuple[int, int]]:
    return [(start, min(runs, start + chunk)) for start in range(0, runs, chunk)]


def drive(task: Callable, payload: Any, runs: int, seed: int, *, chunk: int = DEFAULT_CHUNK, workers: int = 1,
          progress: Progress = None, align: bool = True,
          sink: Callable[[Any, int, int], None] | None = None) -> tuple[list, int, bool]:
    """Run ``task`` over runs ``0 .. runs - 1``; return (parts in run order, runs done, interrupted).

    With ``sink``, each part is handed to ``sink(part, start, stop)`` in run
    order instead of being kept (the returned list then holds None per part),
    so that a caller can copy it into preallocated arrays and let it go.

    With ``workers > 1`` the chunk is made small enough for every worker to
    get work (at least two chunks per worker when there are enough runs) and,
    with ``align``, a whole number of blocks.
    """
    check(runs, chunk, workers)
    if workers > 1:
        share = -(-runs // (2 * workers))  # ceil: two chunks per worker
        if align:
            chunk = max(BLOCK, min(-(-chunk // BLOCK) * BLOCK, -(-share // BLOCK) * BLOCK))
        else:
            chunk = max(1, min(chunk, share))
    pieces = spans(runs, chunk)
    parts: list = []
    interrupted = False

    def collect(part, start: int, stop: int) -> None:
        """Hand a finished chunk to the sink (or keep it) and report progress."""
        if sink is not None:
            sink(part, start, stop)
            part = None
        parts.append(part)
        if progress is not None:
            progress(stop, runs)

    if workers <= 1 or len(pieces) <= 1:
        try:
            for start, stop in pieces:
                collect(task(payload, start, stop, seed), start, stop)
        except KeyboardInterrupt:
            interrupted = True
        done = pieces[len(parts) - 1][1] if parts else 0
        return parts, done, interrupted
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(task, payload))
    try:
        futures = [pool.submit(_run_chunk, start, stop, seed) for start, stop in pieces]
        for (start, stop), future in zip(pieces, futures):
            collect(future.result(), start, stop)
    except KeyboardInterrupt:
        interrupted = True
        pool.shutdown(wait=False, cancel_futures=True)
    else:
        pool.shutdown(wait=True)
    done = pieces[len(parts) - 1][1] if parts else 0
    return parts, done, interrupted


__all__ = ["DEFAULT_CHUNK", "drive", "spans"]
