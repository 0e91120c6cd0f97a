"""A tournament's negotiations as they finish, in one SQLite file (standard library only).

Each finished chunk is written in one transaction, so an interrupted run
(Ctrl-C, a killed process, a lost machine) leaves exactly the chunks that
completed; ``resume`` reads them back and only the rest is played again.
A run that fails (a strategy or opponent model that raises) takes back what
it added: the file is left as it was before the run, or removed if the run
created it.
The file records the tournament's fingerprint: it resumes only the same
tournament, and a file that is not such a store is refused untouched.

Tables: ``meta(key, value)`` (marker, format, fingerprint, description) and
``negotiations(idx PRIMARY KEY, record)`` (one JSON record per negotiation).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .._io import not_regular
from .errors import NotAStore, StoreError

MARKER = "accord-tournament"
FORMAT = "1"
_SQLITE_HEADER = b"SQLite format 3\x00"


class ResultsLog:
    """Finished negotiations of one tournament, keyed by their index in the plan."""

    def __init__(self, path: str | Path, fingerprint: str, description: dict[str, Any], *, resume: bool) -> None:
        self.path = Path(path)
        kind = not_regular(self.path)  # stat only: a FIFO or a device is never opened
        if kind is not None:
            raise StoreError(f"{self.path}: is {kind}, expected a tournament results file; refused")
        existed = self.path.exists() and self.path.stat().st_size > 0
        self.created = not self.path.exists()  # this run made the file: a failed run removes it again
        if existed:
            self._check_foreign()
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from None
        try:
            if existed:
                self._check_ours(fingerprint, resume)
            else:
                self._create(fingerprint, description)
        except BaseException:
            self.db.close()
            raise

    def _check_foreign(self) -> None:
        with open(self.path, "rb") as handle:
            if handle.read(16) != _SQLITE_HEADER:
                raise NotAStore(f"{self.path} is not a tournament results file (not SQLite); it was left untouched")

    def _meta(self) -> dict[str, str]:
        try:
            return dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError:
            return {}

    def _check_ours(self, fingerprint: str, resume: bool) -> None:
        meta = self._meta()
        if meta.get("marker") != MARKER:
            raise NotAStore(f"{self.path} is not a tournament results file; it was left untouched")
        if meta.get("format") != FORMAT:
            raise StoreError(f"{self.path} uses results format {meta.get('format')!r}; this accord reads {FORMAT!r}")
        if not resume:
            raise StoreError(f"{self.path} already holds a tournament ({self.count()} negotiations done); "
                             "pass --resume to continue it or choose another --store")
        if meta.get("fingerprint") != fingerprint:
            raise StoreError(f"{self.path} holds a different tournament (strategies, scenarios, repetitions, rounds "
                             "or seed differ); choose another --store")
        self.db.execute("PRAGMA journal_mode=WAL")

    def _create(self, fingerprint: str, description: dict[str, Any]) -> None:
        self.db.execute("PRAGMA journal_mode=WAL")
        with self._transaction():
            self.db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self.db.execute("CREATE TABLE negotiations (idx INTEGER PRIMARY KEY, record TEXT NOT NULL)")
            self.db.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("marker", MARKER), ("format", FORMAT), ("fingerprint", fingerprint),
                ("description", json.dumps(description, sort_keys=True))])

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back when it raises."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM negotiations").fetchone()[0])

    def finished(self) -> dict[int, dict]:
        """Every stored record, by negotiation index."""
        return {idx: json.loads(text) for idx, text in self.db.execute("SELECT idx, record FROM negotiations")}

    def add(self, records: Iterable[dict]) -> None:
        """Store a chunk's records at once (all or none)."""
        rows = [(r["index"], json.dumps(r, sort_keys=True)) for r in records]
        with self._transaction():
            self.db.executemany("INSERT OR REPLACE INTO negotiations VALUES (?, ?)", rows)

    def discard(self, indices: Iterable[int]) -> None:
        """Remove the records of these negotiations at once (a failed run takes back what it added)."""
        rows = [(int(i),) for i in indices]
        with self._transaction():
            self.db.executemany("DELETE FROM negotiations WHERE idx = ?", rows)

    def abandon(self) -> None:
        """Close, and remove the file if this log created it (with SQLite's companion files)."""
        self.db.close()
        if self.created:
            for path in (self.path, self.path.with_name(self.path.name + "-wal"),
                         self.path.with_name(self.path.name + "-shm")):
                path.unlink(missing_ok=True)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ResultsLog:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


__all__ = ["ResultsLog"]
