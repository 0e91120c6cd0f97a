"""The HTTP side of ``accord serve``: uvicorn's h11 protocol with a header timeout and slow-client eviction.

uvicorn closes idle keep-alive connections (``timeout_keep_alive``) but sets
no limit on how long a client may take to send a request's headers, and
counts every open connection against ``limit_concurrency``: a few dozen
clients that send a header byte every few seconds (slowloris) made every new
request fail. :func:`protocol` adds two defences to uvicorn's h11 protocol:

- **header timeout**: a connection that has not sent a complete request head
  ``header_timeout`` seconds after it opened (or after its previous answer)
  is closed;
- **eviction**: when more than ``max_connections`` connections are open, the
  oldest ones still waiting for a request head are closed first, so that a
  client with a real request gets served.

The request body is bounded in time by the app's guard (:class:`accord.web.app.Guard`).
"""

from __future__ import annotations

HEADER_TIMEOUT = 10.0       # seconds to send a request's head (line and headers)
KEEP_ALIVE_TIMEOUT = 5      # seconds an idle keep-alive connection stays open
MAX_CONNECTIONS = 256       # open connections before the slowest are evicted
HARD_LIMIT = 1024           # uvicorn's limit_concurrency: beyond it, connections and requests are refused


def protocol(header_timeout: float = HEADER_TIMEOUT, max_connections: int = MAX_CONNECTIONS) -> type:
    """uvicorn's h11 protocol class with a header timeout and eviction of waiting connections (pass as ``http=``)."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11Protocol(H11Protocol):
        """H11Protocol that closes connections slow to send a request head, oldest first under pressure."""

        head_timer: object | None = None
        waiting_since: float = 0.0

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm_head_timer()
            if len(self.connections) > max_connections:
                self._evict()

        def connection_lost(self, exc) -> None:
            self._disarm_head_timer()
            super().connection_lost(exc)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm_head_timer()  # the next request's head has the same time

        def _waiting_for_head(self) -> bool:
            return self.conn.their_state is h11.IDLE and (self.cycle is None or self.cycle.response_complete)

        def _arm_head_timer(self) -> None:
            self._disarm_head_timer()
            self.waiting_since = self.loop.time()
            self.head_timer = self.loop.call_later(header_timeout, self._head_timeout)

        def _disarm_head_timer(self) -> None:
            if self.head_timer is not None:
                self.head_timer.cancel()  # type: ignore[attr-defined]
                self.head_timer = None

        def _head_timeout(self) -> None:
            self.head_timer = None
            if self._waiting_for_head() and not self.transport.is_closing():
                self.logger.info("closed a connection that sent no complete request head in %g s", header_timeout)
                self.transport.close()

        def _evict(self) -> None:
            waiting = sorted((c for c in self.connections if c is not self and isinstance(c, GuardedH11Protocol)
                              and c._waiting_for_head() and not c.transport.is_closing()),
                             key=lambda c: c.waiting_since)
            excess = sum(1 for c in self.connections if not c.transport.is_closing()) - max_connections
            for connection in waiting[:excess]:
                connection.transport.close()
            if waiting[:excess]:
                self.logger.warning("over %d open connections: closed %d waiting for a request head",
                                    max_connections, min(excess, len(waiting)))

    return GuardedH11Protocol


__all__ = ["HARD_LIMIT", "HEADER_TIMEOUT", "KEEP_ALIVE_TIMEOUT", "MAX_CONNECTIONS", "protocol"]
