"""The local backend: this process, or a pool of worker processes on this machine."""

from __future__ import annotations

import signal
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

_WORKER: dict = {}


def start_worker(task: Callable, payload: Any) -> None:
    """Worker initializer: ignore Ctrl-C (the parent handles it) and keep the task and payload,
    handed over once per worker rather than once per item."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["task"], _WORKER["payload"] = task, payload


def call_in_worker(*item: Any) -> Any:
    """Run the worker's task on one item."""
    return _WORKER["task"](_WORKER["payload"], *item)


def worker_pool(task: Callable, payload: Any, workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers already hold ``task`` and ``payload``."""
    return ProcessPoolExecutor(max_workers=workers, initializer=start_worker, initargs=(task, payload))


def stream_local(task: Callable, payload: Any, items: Sequence[tuple],
                 workers: int) -> Generator[tuple[int, Any], None, None]:
    """Yield ``(position, task(payload, *item))`` as items finish, serially or across ``workers`` processes."""
    if workers <= 1 or len(items) <= 1:
        for position, item in enumerate(items):
            yield position, task(payload, *item)
        return
    pool = worker_pool(task, payload, workers)
    pending = {}
    try:
        pending = {pool.submit(call_in_worker, *item): position for position, item in enumerate(items)}
        for future in as_completed(list(pending)):
            yield pending.pop(future), future.result()
    finally:
        # closing early (Ctrl-C, a consumer that stops): drop what has not started
        pool.shutdown(wait=not pending, cancel_futures=True)
