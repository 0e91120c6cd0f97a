"""The registries of file formats: ``IMPORTERS`` (other tools' files -> accord) and ``EXPORTERS`` (back).

An :class:`Importer` reads a domain file and one profile file per party into
an accord scenario document (a plain dict, format version 1), exactly or not
at all (:class:`~accord.importers.ConversionError` naming the file). An
:class:`Exporter` writes a scenario as ``{file name: text}``. An exporter
registered under an importer's name writes files that importer reads back
(the round trip the contract tests check).

Adding a format: its reader (and writer) in its own module, like
:mod:`.geniusweb`, then one line at the end of this one::

    IMPORTERS.register(Importer("mine", "what it reads, in one line", "Author 2024", read_mine, suffix=".json"))

and a test from the template in docs/contributing.md (with a small sample
under ``tests/data/``). ``accord import``'s help and the docs table in
docs/interop.md follow.

>>> sorted(IMPORTERS), sorted(EXPORTERS)
(['genius', 'geniusweb'], ['genius'])
>>> IMPORTERS["negmas"]
Traceback (most recent call last):
...
accord.errors.InvalidInput: the 'format' parameter must be one of genius, geniusweb; got 'negmas'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..registry import Registry
from .genius import export_genius, genius_folder, read_genius
from .geniusweb import read_geniusweb


@dataclass(frozen=True)
class Importer:
    """One input format.

    ``read(domain, profiles, *, name=None, **options) -> dict`` (a scenario
    document); ``suffix``: the files' suffix; ``extra``: the optional
    dependency group it needs (``pip install 'accord[EXTRA]'``), if any;
    ``folder(path) -> (domain, profiles)``: tells apart the files of one
    domain folder, when the format allows it.
    """

    name: str
    description: str
    citation: str
    read: Callable[..., dict]
    suffix: str
    extra: str | None = None
    folder: Callable[[str | os.PathLike], tuple[Path, list[Path]]] | None = None

    def read_folder(self, folder: str | os.PathLike, **options: Any) -> dict:
        """Read a domain folder (refused with the formats that cannot tell its files apart)."""
        if self.folder is None:
            from .errors import ConversionError

            raise ConversionError(folder, f"{self.name} domains are read from named files, not from a folder")
        domain, profiles = self.folder(folder)
        return self.read(domain, profiles, **options)


@dataclass(frozen=True)
class Exporter:
    """One output format: ``write(scenario, **options) -> {file name: text}``; ``scenario`` is a
    :class:`~accord.scenario.Scenario`, a document or a path."""

    name: str
    description: str
    citation: str
    write: Callable[..., dict[str, str]]
    suffix: str


IMPORTERS: Registry[Importer] = Registry("format")
EXPORTERS: Registry[Exporter] = Registry("format")

IMPORTERS.register(Importer("genius", "GENIUS and ANAC XML: a domain and its linear-additive profiles",
                            "Lin et al. 2014", read_genius, ".xml", extra="genius", folder=genius_folder))
IMPORTERS.register(Importer("geniusweb", "GeniusWeb JSON: a domain and its LinearAdditiveUtilitySpace profiles",
                            "GeniusWeb (TU Delft)", read_geniusweb, ".json"))
EXPORTERS.register(Exporter("genius", "GENIUS XML: a domain file plus one profile per party",
                            "Lin et al. 2014", export_genius, ".xml"))


__all__ = ["EXPORTERS", "IMPORTERS", "Exporter", "Importer"]
