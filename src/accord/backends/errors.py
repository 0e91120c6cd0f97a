"""Errors of the execution backends (one line a user can act on)."""

from __future__ import annotations

from ..errors import AccordError


class BackendError(AccordError, RuntimeError):
    """A backend cannot be used as asked: unknown, not installed, or unreachable."""
