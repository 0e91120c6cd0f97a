"""The store proper: SQLAlchemy engine, safety checks, migrations, transactional reads and writes.

Imported only when a store is opened (SQLAlchemy and Alembic are the
optional extra ``accord[store]``).

Safety (see docs/store.md):

- Before anything touches a file, it is checked read-only: it must be absent,
  empty, or an SQLite database that is empty or carries the ``accord_store``
  marker and passes ``PRAGMA quick_check``. Anything else is refused with
  :class:`NotAStore` and never opened for writing.
- SQLite runs in WAL mode with ``synchronous=FULL``, a busy timeout, and
  write transactions that start with ``BEGIN IMMEDIATE`` (no lock upgrades,
  so no deadlocks between writers); busy/locked errors are retried.
- Every write is one transaction: a crash or Ctrl-C leaves it undone.
- Versions and runs are immutable: there is no update API and database
  triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import platform
import random
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from .. import __version__
from .._io import not_regular
from ..errors import MissingExtra, require
from ..scenario import Scenario, from_document
from . import schema as t
from ._canonical import canonical, ordered, sha256_text
from .errors import ImmutableVersion, NotAStore, StoreError, UnknownReference

T = TypeVar("T")
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
RETRIES = 12
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MIGRATIONS = Path(__file__).parent / "migrations"


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def environment() -> dict[str, str]:
    """What a computation's bits may depend on besides accord itself."""
    import numpy

    return {"python": platform.python_version(), "numpy": numpy.__version__, "machine": platform.machine()}


def document_hash(document: dict, sources: dict) -> str:
    """sha256 of the canonical document and of each source text it quotes from."""
    return sha256_text(canonical({"document": document,
                                  "sources": {sid: s.get("sha256") for sid, s in sorted(sources.items())}}))


def slug(text: str) -> str:
    """A negotiation name from free text: ``Cairo talks 2024`` -> ``cairo-talks-2024``."""
    found = re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip().lower()).strip("-._")
    return found[:200] or "negotiation"


@dataclass(frozen=True)
class Version:
    id: int
    negotiation: str
    number: int
    as_of: dt.date
    note: str | None
    sha256: str
    created: str
    document: dict
    sources: dict

    @property
    def ref(self) -> str:
        return f"{self.negotiation}@{self.number}"

    def scenario(self) -> Scenario:
        """The stored document as a validated scenario (source quotes are not re-read from files)."""
        return from_document(self.document, file=self.ref)

    def to_json(self, full: bool = False) -> dict:
        data = {"id": self.id, "negotiation": self.negotiation, "version": self.number, "ref": self.ref,
                "as_of": self.as_of.isoformat(), "note": self.note, "sha256": self.sha256, "created": self.created,
                "sources": {sid: {k: v for k, v in s.items() if k != "text"} for sid, s in self.sources.items()}}
        if full:
            data["document"] = self.document
        return data


@dataclass(frozen=True)
class Run:
    id: int
    version_id: int
    version_ref: str
    kind: str
    parameters: dict
    seed: int | None
    accord_version: str
    environment: dict
    result_text: str
    result_sha256: str
    created: str

    @property
    def result(self) -> Any:
        return json.loads(self.result_text)

    def to_json(self, full: bool = False) -> dict:
        data = {"id": self.id, "version": self.version_ref, "kind": self.kind, "parameters": self.parameters,
                "seed": self.seed, "accord_version": self.accord_version, "environment": self.environment,
                "result_sha256": self.result_sha256, "created": self.created}
        if full:
            data["result"] = self.result
        return data


# ------------------------------------------------------------------ opening

def _target_url(target: str) -> tuple[str, Path | None]:
    """(SQLAlchemy URL, SQLite file or None)."""
    if "://" not in target:
        path = Path(target).expanduser()
        return f"sqlite:///{path}", path
    if target.startswith("sqlite:///"):
        rest = target[len("sqlite:///"):]
        if not rest or rest.startswith(":memory:"):
            raise StoreError("an in-memory SQLite store would be lost on exit; give a file")
        return target, Path(rest.split("?", 1)[0])
    for prefix in ("postgresql://", "postgres://"):
        if target.startswith(prefix):
            try:
                require("psycopg", "postgres", "a PostgreSQL store")
                return "postgresql+psycopg://" + target[len(prefix):], None
            except MissingExtra:
                if importlib.util.find_spec("psycopg2") is None:  # SQLAlchemy's default driver will not do either
                    raise
                return "postgresql://" + target[len(prefix):], None
    if target.startswith("postgresql+"):
        return target, None
    raise StoreError(f"unsupported store {target.split('://')[0]}://: give a file path, sqlite:///PATH or postgresql://...")


def read_only(path: Path) -> bool:
    """Whether the SQLite file ``path`` can only be read here: the file or its folder is not writable, or
    they are on a read-only file system (what ``os.access`` reports, for root too)."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return True
    return not os.access(folder, os.W_OK | os.X_OK)


def _connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection that writes nothing: ``mode=ro``; when SQLite cannot even open that (a WAL
    store in a read-only folder, where the shared-memory file cannot be made), ``immutable=1``."""
    base = f"file:{quote(str(path.resolve()))}?mode=ro"
    con = sqlite3.connect(base, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con
    except sqlite3.OperationalError as exc:
        con.close()
        if "unable to open" not in str(exc) or not read_only(path):
            raise
    return sqlite3.connect(base + "&immutable=1", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


def _known_revisions() -> tuple[set[str], str | None]:
    """The schema revisions this accord knows, and the newest (head)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(config)
    return {s.revision for s in scripts.walk_revisions()}, scripts.get_current_head()


def check_sqlite_file(path: Path) -> str | None:
    """Refuse (without writing anything) a file that is not an accord store or a fresh, empty database.

    Returns the store's schema revision (None for an absent, empty or fresh file). A store whose
    schema is newer than this accord knows is refused here, through a read-only connection, so
    not one byte of it is written (no journal-mode switch, no change-counter move).
    """
    kind = not_regular(path)  # stat only: a FIFO or a device is never opened (opening a FIFO blocks)
    if kind is not None:
        raise StoreError(f"{path}: is {kind}, expected a store file; refused")
    if not path.exists():
        if not path.parent.exists():
            raise StoreError(f"{path}: folder {path.parent} does not exist")
        if read_only(path):
            raise StoreError(f"{path}: no store there, and folder {path.parent} is read-only: cannot create one")
        return None
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not header:
        if read_only(path):
            raise StoreError(f"{path}: an empty file on a read-only file or folder: cannot create a store in it")
        return None  # an empty file: SQLite treats it as a new database
    if header != SQLITE_MAGIC:
        raise NotAStore(f"{path}: not an accord store (not an SQLite database); refusing to open it, file left untouched")
    try:
        con = _connect_ro(path)
    except sqlite3.Error as exc:
        raise NotAStore(f"{path}: cannot be opened as SQLite ({exc}); file left untouched") from None
    try:
        check = con.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise NotAStore(f"{path}: corrupt SQLite database ({check[0] if check else 'no answer'}); "
                            "refusing to open it, file left untouched")
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        if not tables:
            if read_only(path):
                raise StoreError(f"{path}: an empty database on a read-only file or folder: cannot create a store in it")
            return None
        if "accord_store" not in tables:
            shown = ", ".join(tables[:4]) + (", ..." if len(tables) > 4 else "")
            raise NotAStore(f"{path}: not an accord store (an SQLite database with tables {shown}); "
                            "refusing to open it, file left untouched")
        marker = con.execute("SELECT value FROM accord_store WHERE key='format'").fetchone()
        if not marker or marker[0] != "accord-store":
            raise NotAStore(f"{path}: not an accord store (no accord-store marker); file left untouched")
        revision = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        if revision is not None:
            known, _ = _known_revisions()
            if revision not in known:
                raise StoreError(f"{path}: store schema {revision} is newer than this accord ({__version__}) knows; "
                                 "upgrade accord (file left untouched)")
        return revision
    except sqlite3.DatabaseError as exc:
        raise NotAStore(f"{path}: corrupt or not an SQLite database ({exc}); file left untouched") from None
    finally:
        con.close()


def _sqlite_engine(url: str, path: Path | None = None) -> Engine:
    """The engine of an SQLite store; with ``path`` given, a read-only one (see :func:`_connect_ro`)
    that never changes the journal mode or anything else in the file."""
    if path is not None:
        engine = sa.create_engine("sqlite://", poolclass=NullPool, creator=lambda: _connect_ro(path))

        @event.listens_for(engine, "connect")
        def _connect_read_only(dbapi_connection, _record):  # pragma: no cover - exercised through the tests
            dbapi_connection.isolation_level = None
            dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            dbapi_connection.execute("PRAGMA query_only=ON")

        @event.listens_for(engine, "begin")
        def _begin_read_only(conn):  # pragma: no cover
            conn.exec_driver_sql("BEGIN DEFERRED")

        return engine
    engine = sa.create_engine(url, poolclass=NullPool, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):  # pragma: no cover - exercised through every test
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # pragma: no cover
        conn.exec_driver_sql("BEGIN " + conn.get_execution_options().get("sqlite_begin", "IMMEDIATE"))

    return engine


def _retryable(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    if isinstance(exc, OperationalError) and ("locked" in text or "busy" in text):
        return True
    # PostgreSQL: serialization failures and deadlocks
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return code in ("40001", "40P01")


class Store:
    """An open store. Use :func:`accord.store.open_store`; close with :meth:`close` (or ``with``)."""

    def __init__(self, engine: Engine, label: str, read_only: bool = False):
        self.engine = engine
        self.label = label
        self.read_only = read_only

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, target: str) -> Store:
        url, path = _target_url(str(target))
        locked = False
        if path is not None:
            revision = check_sqlite_file(path)
            locked = revision is not None and read_only(path)
            if locked and revision != _known_revisions()[1]:
                raise StoreError(f"{path}: the store needs upgrading to this accord's schema, but it is read-only")
            engine = _sqlite_engine(url, path if locked else None)
            label = str(path)
        else:
            engine = sa.create_engine(url, poolclass=NullPool)
            label = sa.engine.make_url(url).render_as_string(hide_password=True)
        store = cls(engine, label, read_only=locked)
        if locked:  # read commands work; every write is refused with one line (see _write)
            return store
        try:
            store._migrate()
        except (StoreError, KeyboardInterrupt):
            engine.dispose()
            raise
        except DBAPIError as exc:
            engine.dispose()
            raise StoreError(f"{label}: cannot open the store: {str(exc.orig).strip().splitlines()[0]}") from None
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    def _migrate(self) -> None:
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        scripts = ScriptDirectory.from_config(config)

        def step(conn: Connection) -> None:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7324110)")  # one migrator at a time
            tables = set(sa.inspect(conn).get_table_names())
            ours = {"negotiations", "versions", "runs"}
            if tables & ours and "accord_store" not in tables:
                raise NotAStore(f"{self.label}: not an accord store (tables {', '.join(sorted(tables & ours))} "
                                "exist without the accord-store marker); refusing to touch them")
            if "accord_store" in tables:
                marker = conn.execute(sa.select(t.store_info.c.value).where(t.store_info.c.key == "format")).scalar()
                if marker != "accord-store":
                    raise NotAStore(f"{self.label}: not an accord store (no accord-store marker)")
            current = MigrationContext.configure(conn).get_current_revision()
            if current is not None:
                try:
                    scripts.get_revision(current)
                except Exception:
                    raise StoreError(f"{self.label}: store schema {current} is newer than this accord "
                                     f"({__version__}) knows; upgrade accord") from None
            if current != scripts.get_current_head():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")

        self._write(step)

    # ------------------------------------------------------------ transactions
    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one write transaction, retrying when the database is busy."""
        if self.read_only:
            raise StoreError(f"{self.label}: the store is read-only (the file or its folder cannot be written); "
                             "it can be read but not changed")
        delay = 0.02
        for attempt in range(RETRIES):
            try:
                with self.engine.begin() as conn:
                    return work(conn)
            except (OperationalError, DBAPIError) as exc:
                if not _retryable(exc) or attempt == RETRIES - 1:
                    raise self._error(exc) from None
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 1.0)
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, work: Callable[[Connection], T]) -> T:
        with self.engine.connect().execution_options(sqlite_begin="DEFERRED") as conn:
            with conn.begin():
                return work(conn)

    def _error(self, exc: DBAPIError) -> StoreError:
        text = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if "immutable" in text:
            return ImmutableVersion(text.replace("accord: ", ""))
        return StoreError(f"{self.label}: {text}")

    # ------------------------------------------------------------ versions
    def add_version(self, scenario: Scenario, name: str | None = None, as_of: dt.date | None = None,
                    note: str | None = None) -> tuple[Version, bool]:
        """Store ``scenario`` as a new dated version of ``name``; returns (version, created).

        Adding a document whose hash is already stored for the negotiation
        changes nothing and returns the stored version with ``created=False``.
        """
        name = name or slug(scenario.name)
        if not NAME_RE.match(name) or len(name) > 200:
            raise StoreError(f"negotiation name {name!r}: use letters, digits, '.', '_' and '-' (no spaces or '@')")
        document = json.loads(ordered(scenario.document))
        sources = {sid: {"title": s.title, "file": s.file, "url": s.url,
                         "sha256": sha256_text(s.text) if s.text is not None else None, "text": s.text}
                   for sid, s in scenario.sources.items()}
        digest = document_hash(document, sources)
        if as_of is None:
            as_of = scenario.date or dt.datetime.now(dt.UTC).date()

        def work(conn: Connection) -> tuple[int, bool]:
            nid = conn.execute(sa.select(t.negotiations.c.id).where(t.negotiations.c.name == name)).scalar()
            # ignore[index] below: an INSERT's primary key is typed optional, None only when it inserted no row
            if nid is None:
                nid = conn.execute(sa.insert(t.negotiations).values(name=name, created=now())).inserted_primary_key[0]  # type: ignore[index]
            found = conn.execute(sa.select(t.versions.c.id).where(t.versions.c.negotiation_id == nid,
                                                                  t.versions.c.sha256 == digest)).scalar()
            if found is not None:
                return found, False
            number = (conn.execute(sa.select(sa.func.max(t.versions.c.number))
                                   .where(t.versions.c.negotiation_id == nid)).scalar() or 0) + 1
            vid = conn.execute(sa.insert(t.versions).values(
                negotiation_id=nid, number=number, as_of=as_of, note=note, document=ordered(document),
                sha256=digest, sources=canonical(sources), created=now())).inserted_primary_key[0]  # type: ignore[index]
            return vid, True

        for attempt in range(RETRIES):
            try:
                vid, created = self._write(work)
                break
            except StoreError as exc:  # a concurrent writer took the same number (PostgreSQL): try again
                if "unique" not in str(exc).lower() or attempt == RETRIES - 1:
                    raise
                time.sleep(0.05 * (1 + random.random()))
        return self.version_by_id(vid), created

    def _version_query(self):
        return sa.select(t.versions, t.negotiations.c.name).join(t.negotiations)

    @staticmethod
    def _version(row: Any) -> Version:
        as_of = row.as_of if isinstance(row.as_of, dt.date) else dt.date.fromisoformat(str(row.as_of))
        return Version(row.id, row.name, row.number, as_of, row.note, row.sha256, row.created,
                       json.loads(row.document), json.loads(row.sources))

    def version_by_id(self, vid: int) -> Version:
        row = self._read(lambda c: c.execute(self._version_query().where(t.versions.c.id == vid)).first())
        if row is None:
            raise UnknownReference(f"no version with id {vid}")
        return self._version(row)

    def negotiations(self) -> list[dict]:
        def work(conn: Connection) -> list[dict]:
            n, v, r = t.negotiations, t.versions, t.runs
            rows = conn.execute(
                sa.select(n.c.name, n.c.created, sa.func.count(sa.distinct(v.c.id)).label("versions"),
                          sa.func.max(v.c.as_of).label("latest"), sa.func.count(r.c.id).label("runs"))
                .select_from(n.outerjoin(v, v.c.negotiation_id == n.c.id).outerjoin(r, r.c.version_id == v.c.id))
                .group_by(n.c.id, n.c.name, n.c.created).order_by(n.c.name)).all()
            return [{"name": row.name, "versions": row.versions, "runs": row.runs,
                     "latest_as_of": str(row.latest) if row.latest else None, "created": row.created} for row in rows]

        return self._read(work)

    def versions(self, name: str) -> list[Version]:
        def work(conn: Connection) -> Sequence[Any]:
            return conn.execute(self._version_query().where(t.negotiations.c.name == name)
                                .order_by(t.versions.c.as_of, t.versions.c.number)).all()

        rows = self._read(work)
        if not rows:
            known = ", ".join(n["name"] for n in self.negotiations()) or "none"
            raise UnknownReference(f"no negotiation {name!r} in {self.label} (known: {known})")
        return [self._version(r) for r in rows]

    def resolve(self, ref: str) -> Version:
        """``NAME`` (latest as-of), ``NAME@N`` (version number), ``NAME@YYYY-MM-DD`` (as of that date) or ``NAME@latest``."""
        name, _, which = ref.partition("@")
        found = self.versions(name)
        if not which or which == "latest":
            return found[-1]
        if which.isascii() and which.isdigit():  # ASCII digits only: '²' and '١' are digits to str.isdigit
            for v in found:
                if str(v.number) == which.lstrip("0"):  # compared as text: no int() of a 5,000-digit reference
                    return v
            raise UnknownReference(f"{name} has no version {which} (versions 1-{max(v.number for v in found)})")
        try:
            day = dt.date.fromisoformat(which)
        except ValueError:
            raise UnknownReference(f"{ref}: expected NAME@NUMBER, NAME@YYYY-MM-DD or NAME@latest") from None
        before = [v for v in found if v.as_of <= day]
        if not before:
            raise UnknownReference(f"{name} has no version as of {day} (first is {found[0].as_of})")
        return before[-1]

    # ------------------------------------------------------------ runs
    def add_run(self, version: Version | int, kind: str, parameters: dict, seed: int | None, result: Any, *,
                accord_version: str | None = None, env: dict | None = None) -> Run:
        """Store a run's result (canonical JSON) against a version; one transaction."""
        vid = version.id if isinstance(version, Version) else int(version)
        values = dict(version_id=vid, kind=kind, parameters=ordered(parameters), seed=seed,
                      accord_version=accord_version or __version__, environment=canonical(env or environment()),
                      result=ordered(result), result_sha256=sha256_text(canonical(result)), created=now())
        # ignore[index]: an INSERT's primary key is typed optional, None only when it inserted no row
        rid = self._write(lambda c: c.execute(sa.insert(t.runs).values(**values)).inserted_primary_key[0])  # type: ignore[index]
        return self.run(rid)

    def _run_query(self):
        return (sa.select(t.runs, t.versions.c.number, t.negotiations.c.name)
                .join(t.versions, t.versions.c.id == t.runs.c.version_id).join(t.negotiations))

    @staticmethod
    def _run(row: Any) -> Run:
        return Run(row.id, row.version_id, f"{row.name}@{row.number}", row.kind, json.loads(row.parameters), row.seed,
                   row.accord_version, json.loads(row.environment), row.result, row.result_sha256, row.created)

    def run(self, rid: int) -> Run:
        row = self._read(lambda c: c.execute(self._run_query().where(t.runs.c.id == rid)).first())
        if row is None:
            raise UnknownReference(f"no run {rid} in {self.label}")
        return self._run(row)

    def runs(self, name: str | None = None, version_id: int | None = None) -> list[Run]:
        query = self._run_query()
        if name is not None:
            query = query.where(t.negotiations.c.name == name)
        if version_id is not None:
            query = query.where(t.runs.c.version_id == version_id)
        return [self._run(r) for r in self._read(lambda c: c.execute(query.order_by(t.runs.c.id)).all())]

    def counts(self) -> dict[str, int]:
        def work(conn: Connection) -> dict[str, int]:
            return {name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                    for name, table in (("negotiations", t.negotiations), ("versions", t.versions), ("runs", t.runs))}

        return self._read(work)


__all__ = ["Run", "Store", "Version", "check_sqlite_file", "document_hash", "environment", "slug"]
