"""Running chunks of runs serially or across processes, with progress and Ctrl-C.

A task is a top-level function ``task(payload, start, stop, seed) -> part``
computing runs ``start .. stop - 1``. Because every run's draws depend only on
``(seed, run, path)`` (see ``sampling``), the parts are the same however the
runs are split, and concatenating them in run order gives the same result for
any chunk size and any number of workers.

With ``workers > 1`` chunks are whole blocks of ``sampling.BLOCK`` runs
(each worker takes whole blocks; ``align=False``, used by the simulation
Monte Carlo whose runs are costly, lifts this), no larger than needed to give
each worker two chunks, and run on the backend in effect
(``accord.backends.using``: local worker processes that ignore SIGINT, so
that Ctrl-C reaches only the parent, by default; or a Ray cluster). Chunks
may finish in any order; they are handed over in run order.

``progress(done, total)`` is called after each chunk, in run order. A
``KeyboardInterrupt`` raised while waiting for a chunk or inside ``progress``
stops the work: the chunks finished so far (a prefix of the runs) are kept
and ``interrupted`` is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from typing import Any, TypeVar, overload

from ..backends import current, stream
from .sampling import BLOCK

DEFAULT_CHUNK = 4 * BLOCK

Progress = Callable[[int, int], Any] | None
Payload = TypeVar("Payload")
Part = TypeVar("Part")


def check(runs: int, chunk: int, workers: int) -> None:
    for name, value, low in (("runs", runs, 0), ("chunk", chunk, 1), ("workers", workers, 1)):
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise ValueError(f"The '{name}' parameter must be an int >= {low}. Got {value!r} instead.")


def spans(runs: int, chunk: int) -> list[tuple[int, int]]:
    return [(start, min(runs, start + chunk)) for start in range(0, runs, chunk)]


@overload
def drive(task: Callable[[Payload, int, int, int], Part], payload: Payload, runs: int, seed: int, *,
          chunk: int = DEFAULT_CHUNK, workers: int = 1, progress: Progress = None, align: bool = True,
          sink: None = None) -> tuple[list[Part], int, bool]: ...
@overload
def drive(task: Callable[[Payload, int, int, int], Part], payload: Payload, runs: int, seed: int, *,
          chunk: int = DEFAULT_CHUNK, workers: int = 1, progress: Progress = None, align: bool = True,
          sink: Callable[[Part, int, int], None]) -> tuple[list[None], int, bool]: ...
def drive(task: Callable[[Payload, int, int, int], Part], payload: Payload, runs: int, seed: int, *,
          chunk: int = DEFAULT_CHUNK, workers: int = 1, progress: Progress = None, align: bool = True,
          sink: Callable[[Part, int, int], None] | None = None) -> tuple[list[Any], int, bool]:
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
    parts: list[Part | None] = []
    interrupted = False

    def collect(part: Part, start: int, stop: int) -> None:
        """Hand a finished chunk to the sink (or keep it) and report progress."""
        if sink is not None:
            sink(part, start, stop)
            del part  # the sink has it: let it go before progress runs
            parts.append(None)
        else:
            parts.append(part)
        if progress is not None:
            progress(stop, runs)

    backend, address = current()
    waiting: dict[int, Any] = {}  # chunks that finished ahead of an earlier one
    try:
        with closing(stream(task, payload, [(start, stop, seed) for start, stop in pieces], backend=backend,
                            workers=workers, address=address)) as results:
            for position, part in results:
                waiting[position] = part
                while len(parts) in waiting:  # hand chunks over in run order
                    start, stop = pieces[len(parts)]
                    collect(waiting.pop(len(parts)), start, stop)
    except KeyboardInterrupt:
        interrupted = True
    done = pieces[len(parts) - 1][1] if parts else 0
    return parts, done, interrupted


__all__ = ["DEFAULT_CHUNK", "drive", "spans"]
