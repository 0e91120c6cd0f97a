"""History of negotiations: dated scenario versions and reproducible runs (optional extra ``accord[store]``).

The semantic diff (:func:`semantic_diff`) is pure and needs nothing extra.
The store itself needs SQLAlchemy and Alembic, imported only when a store is
opened (``pip install 'accord[store]'``). See docs/store.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._canonical import canonical, first_difference, sha256_text
from .diff import Change, Diff, semantic_diff
from .errors import ImmutableVersion, NotAStore, StoreError, UnknownReference
from .runs import RUN_KINDS

if TYPE_CHECKING:  # pragma: no cover
    from .db import Store

DEFAULT_DB = "accord.db"


def open_store(target: str | None = None) -> Store:
    """Open (creating or migrating when needed) the store at ``target``.

    ``target`` is a file path (default ``accord.db`` in the working folder) or
    a database URL (``postgresql://...``, ``sqlite:///...``). A file that is
    not an accord store is refused with :class:`NotAStore` and left untouched.
    """
    from ..errors import require

    for module in ("sqlalchemy", "alembic"):  # the optional extra: MissingExtra naming accord[store] if absent
        require(module, "store", "the store")
    from .db import Store
    return Store.open(target or DEFAULT_DB)


__all__ = ["Change", "DEFAULT_DB", "Diff", "ImmutableVersion", "NotAStore", "RUN_KINDS", "StoreError",
           "UnknownReference", "canonical", "first_difference", "open_store", "semantic_diff", "sha256_text"]
