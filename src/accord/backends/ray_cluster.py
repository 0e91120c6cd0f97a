"""The Ray backend (optional extra ``accord[ray]``): tasks on a Ray cluster, retried when a worker dies."""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Sequence
from typing import Any

from ..errors import require
from .errors import BackendError

MAX_RETRIES = 5  # attempts after a worker process or node dies mid-task


_PAYLOADS: dict[str, Any] = {}  # per worker process: the payload of the current run, deserialised once


def _call(task: Callable, boxed: list, *item: Any) -> Any:
    """Run one item. The payload's reference comes boxed in a list so that Ray does not deserialise it for
    every task: each worker fetches it once and keeps it, so caches keyed by its objects (outcome tables,
    frontiers) live across the tasks of a run."""
    import ray

    key = boxed[0].hex()
    if key not in _PAYLOADS:
        _PAYLOADS.clear()  # one run at a time per worker: drop the previous run's payload
        _PAYLOADS[key] = ray.get(boxed[0])
    return task(_PAYLOADS[key], *item)


def _ray():
    return require("ray", "ray", "the ray backend")


def stream_ray(task: Callable, payload: Any, items: Sequence[tuple], workers: int,
               address: str | None) -> Generator[tuple[int, Any], None, None]:
    """Yield ``(position, result)`` from Ray tasks as they finish.

    Connects to the cluster at ``address`` (a private local instance with
    ``workers`` CPUs when ``None``) and disconnects at the end. When this
    process is already connected to Ray (the caller ran ``ray.init``), that
    connection is used as it is and left open.
    """
    ray = _ray()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    owned = not ray.is_initialized()
    try:
        if owned and address is None:  # "local": a new private instance, never a cluster found on the machine
            ray.init(address="local", num_cpus=workers, include_dashboard=False, log_to_driver=False)
        elif owned:
            ray.init(address=address, log_to_driver=False)
    except Exception as exc:  # Ray raises ConnectionError, RuntimeError or its own types
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "auth" in repr(exc.__cause__).lower():
            reason += " (the cluster uses token authentication: set RAY_AUTH_MODE=token and make its token available)"
        raise BackendError(f"cannot reach the Ray cluster at {address or 'a new local instance'}: {reason}") from None
    remote = ray.remote(num_cpus=1, max_retries=MAX_RETRIES)(_call)
    pending: dict = {}
    try:
        shared = [ray.put(payload)]
        pending = {remote.remote(task, shared, *item): position for position, item in enumerate(items)}
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                yield pending.pop(ref), ray.get(ref)
    finally:
        for ref in pending:
            ray.cancel(ref, force=True)
        if owned:
            ray.shutdown()
