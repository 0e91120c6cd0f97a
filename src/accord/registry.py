"""One registry per extension point: a name -> entry mapping that refuses unknown names in one line.

accord's extension points are registries of small entries, each with a
``name``, a one-line ``description`` and a ``citation`` (empty when there is
none to give), plus what it does:

======================================  ==============================================
registry                                entries
======================================  ==============================================
``accord.simulation.STRATEGIES``        strategy classes (``accord.simulation.strategies``)
``accord.simulation.PROTOCOLS``         :class:`accord.simulation.protocols.Protocol`
``accord.simulation.OPPONENT_MODELS``   opponent-model classes (``accord.simulation.opponent``)
``accord.forecast.MODELS``              :class:`accord.forecast.registry.ForecastModel`
``accord.importers.IMPORTERS``          :class:`accord.importers.registry.Importer`
``accord.importers.EXPORTERS``          :class:`accord.importers.registry.Exporter`
======================================  ==============================================

Every place that dispatches by name (the CLI's choices and help, the web
schema, the store, the docs tables of ``python -m accord.docs_tables``) reads
these. Adding an entry is one module plus one ``REGISTRY.register(...)``
line; see docs/contributing.md.

>>> from accord.errors import InvalidInput
>>> colours = Registry("colour")
>>> _ = colours.register(type("Red", (), {"name": "red"}))
>>> list(colours)
['red']
>>> colours["blue"]
Traceback (most recent call last):
...
accord.errors.InvalidInput: the 'colour' parameter must be one of red; got 'blue'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .errors import InvalidInput

T = TypeVar("T")


class Registry(dict[str, T]):
    """Entries by name, in registration order. Looking up an unknown name raises ``error``
    (an :class:`~accord.errors.InvalidInput` by default) naming ``parameter`` and listing the valid names.

    ``error`` is called as ``error(parameter, rule, value)``, the signature of
    :class:`~accord.errors.InvalidInput`; a part with its own error type passes
    a subclass of both, so that existing handlers keep catching it.
    """

    def __init__(self, parameter: str, error: Callable[[str, str, Any], Exception] = InvalidInput) -> None:
        super().__init__()
        self.parameter = parameter
        self.error = error

    def register(self, entry: T) -> T:
        """Add ``entry`` under ``entry.name`` and return it (usable as a class decorator).
        A name already taken is refused: replace an entry by deleting it first."""
        name = getattr(entry, "name", None)
        if not isinstance(name, str) or not name:
            raise InvalidInput("name", "a non-empty string on every registry entry", name)
        if name in self:
            raise InvalidInput("name", f"new in the {self.parameter} registry (it already has {name!r})", name)
        self[name] = entry
        return entry

    def unknown(self, name: object, parameter: str | None = None) -> Exception:
        """The error for an unknown ``name`` (to raise): one line listing the valid names."""
        return self.error(parameter or self.parameter, f"one of {', '.join(self)}", name)

    def __missing__(self, name: str) -> T:
        raise self.unknown(name)

    def names(self) -> tuple[str, ...]:
        """The registered names, in registration order."""
        return tuple(self)


__all__ = ["Registry"]
