"""Importers and exporters: GENIUS XML, GeniusWeb JSON <-> accord scenario documents.

Every converter is exact or refuses: a :class:`ConversionError` names the
file and says what accord (or GENIUS) cannot represent, instead of an
approximation. GENIUS XML needs the optional ``defusedxml`` package
(``pip install 'accord[genius]'``); it is imported only when XML is read.
The formats are registered by name in :data:`IMPORTERS` and :data:`EXPORTERS`.
"""

from .errors import ConversionError, MissingDependency, sanitise_id
from .genius import export_genius, genius_folder, read_genius
from .geniusweb import read_geniusweb
from .registry import EXPORTERS, IMPORTERS, Exporter, Importer

__all__ = ["EXPORTERS", "IMPORTERS", "ConversionError", "Exporter", "Importer", "MissingDependency", "export_genius",
           "genius_folder", "read_genius", "read_geniusweb", "sanitise_id"]
