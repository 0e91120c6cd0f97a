"""Where chunks of work run: this process, local worker processes, or a Ray cluster.

A *task* is a top-level function ``task(payload, *item)``; :func:`stream`
runs it on every item and yields ``(position, result)`` as results arrive
(completion order, not item order), so callers can store each result at
once and put them back in order themselves. Results depend only on the
payload and the item, so the backend and the number of workers never change
them, only how soon they come.

- ``local`` (default): with ``workers <= 1`` in this process, item by item;
  otherwise a ``concurrent.futures.ProcessPoolExecutor`` whose workers get
  the payload once (initializer) and ignore Ctrl-C, which reaches only the
  parent.
- ``ray``: tasks on a Ray cluster (``address``: ``HOST:PORT`` of a running
  head, or ``None`` for a private local instance with ``workers`` CPUs). The
  payload is put in the object store once. A task whose worker dies is
  retried by Ray (``max_retries``), so a lost worker costs time, never
  results. Needs the optional extra ``accord[ray]``.

:func:`using` chooses the backend for code that takes only ``workers``
(the Monte Carlo functions of ``accord.uncertainty``), in the manner of
joblib's ``parallel_backend``::

    with using("ray", address="127.0.0.1:6379"):
        monte_carlo(scenario, 100_000, seed=7, workers=8)

Stop early by closing the generator (``contextlib.closing`` or breaking out
of the loop): pending work is cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from .errors import BackendError
from .local import stream_local

BACKENDS = ("local", "ray")
_CURRENT: ContextVar[tuple[str, str | None]] = ContextVar("accord_backend", default=("local", None))


def current() -> tuple[str, str | None]:
    """The backend and address in effect (``("local", None)`` unless inside :func:`using`)."""
    return _CURRENT.get()


@contextmanager
def using(backend: str = "local", address: str | None = None) -> Iterator[None]:
    """Run chunked work inside the ``with`` block on ``backend`` (at ``address`` for Ray)."""
    if backend not in BACKENDS:
        raise BackendError(f"The 'backend' parameter must be one of {', '.join(BACKENDS)}. Got {backend!r} instead.")
    if backend == "local" and address is not None:
        raise BackendError("The 'address' parameter only applies to the ray backend.")
    token = _CURRENT.set((backend, address))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def stream(task: Callable, payload: Any, items: Sequence[tuple], *, backend: str = "local", workers: int = 1,
           address: str | None = None) -> Generator[tuple[int, Any], None, None]:
    """Run ``task(payload, *item)`` for every item; yield ``(position, result)`` as each finishes."""
    if backend not in BACKENDS:
        raise BackendError(f"The 'backend' parameter must be one of {', '.join(BACKENDS)}. Got {backend!r} instead.")
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise BackendError(f"The 'workers' parameter must be an int >= 1. Got {workers!r} instead.")
    if backend == "local":
        if address is not None:
            raise BackendError("The 'address' parameter only applies to the ray backend.")
        return stream_local(task, payload, items, workers)
    from .ray_cluster import stream_ray

    return stream_ray(task, payload, items, workers, address)


__all__ = ["BACKENDS", "BackendError", "current", "stream", "using"]
