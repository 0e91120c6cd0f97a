"""Errors of the store: each carries one line a user can act on."""

from __future__ import annotations

from ..errors import AccordError


class StoreError(AccordError):
    """A store cannot be opened, read or written as asked (one-line message)."""


class NotAStore(StoreError):
    """The file or database is not an accord store (foreign or corrupt); it was not touched."""


class ImmutableVersion(StoreError):
    """A stored version (or run) cannot be changed."""


class UnknownReference(StoreError):
    """A negotiation, version or run that the store does not hold."""
