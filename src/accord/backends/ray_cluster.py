"""The Ray backend (optional extra ``accord[ray]``): tasks on a Ray cluster, retried when a worker dies."""

from __future__ import annotations

import os
from typing import Any, Callable, Iterator, Sequence

from .errors import BackendError

MAX_RETRIES = 5  # attempts after a worker process or node dies mid-task


def _call(task: Callable, payload: Any, *item: Any) -> Any:
    return task(payload, *item)


def _ray():
    try:
        import ray
    except ImportError:
        raise BackendError("the ray backend needs Ray: pip install 'accord[ray]'") from None
    return ray


def stream_ray(task: Callable, payload: Any, items: Sequence[tuple], workers: int,
               address: str | None) -> Iterator[tuple[int, Any]]:
    """Yield ``(position, result)`` from Ray tasks as they finish.

    Connects to the cluster at ``address`` (a private local instance with
    ``workers`` CPUs when ``None``); disconnects at the end without stopping
    a cluster it did not start.
    """
    ray = _ray()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        if address is None:
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
        else:
            ray.init(address=address, log_to_driver=False, ignore_reinit_error=True)
    except Exception as exc:  # Ray raises ConnectionError, RuntimeError or its own types
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "auth" in repr(exc.__cause__).lower():
            reason += " (the cluster uses token authentication: set RAY_AUTH_MODE=token and make its token available)"
        raise BackendError(f"cannot reach the Ray cluster at {address or 'a new local instance'}: {reason}") from None
    remote = ray.remote(num_cpus=1, max_retries=MAX_RETRIES)(_call)
    pending: dict = {}
    try:
        shared = ray.put(payload)
        pending = {remote.remote(task, shared, *item): position for position, item in enumerate(items)}
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                yield pending.pop(ref), ray.get(ref)
    finally:
        for ref in pending:
            ray.cancel(ref, force=True)
        ray.shutdown()
