"""Engines, SQLite settings and the check that a database file is healthy before we use it.

SQLite gets WAL (readers never block the one writer), foreign keys, a busy timeout and
synchronous=NORMAL (safe with WAL, and commits stop costing an fsync each). Any other URL
(PostgreSQL via BRANDTRUTH_DATABASE_URL) gets the same models without the pragmas.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Engine, create_engine, event, exc, make_url
from sqlalchemy.orm import Session

from brandtruth_desktop.storage.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseNotWritableError,
    StorageError,
)
from brandtruth_desktop.storage.writer import DatabaseWriter

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
VERSION_TABLE = "alembic_version"
SQLITE_MAGIC = b"SQLite format 3\x00"
# Execution option naming a connection that will write: it begins with BEGIN IMMEDIATE so it
# waits for the write lock up front instead of failing half-way through when a reader upgrades.
WRITE_OPTION = "brandtruth_write"


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def describe(url: str) -> str:
    """Where a database is, for messages: the file path, or the URL without its password."""
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine for `url`; SQLite connections get WAL, foreign keys and a busy timeout."""
    if make_url(url).get_backend_name() != "sqlite":
        # A shared server drops idle connections; pre-ping replaces them quietly.
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url)
    _configure_sqlite(engine, busy_timeout_ms)
    return engine


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the sqlite3 module (it skips BEGIN before SELECT and DDL, which
        # would make migrations non-atomic) and emit it ourselves in `_on_begin`.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # busy_timeout first, so switching to WAL waits for another process's lock.
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode not in ("wal", "memory"):
                # Network file systems cannot share WAL's memory map; SQLite falls back.
                log.warning("SQLite refused WAL mode (journal_mode is %s)", mode)
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        writes = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


@dataclass(frozen=True, slots=True)
class ExistingDatabase:
    """What the pre-flight check found in a database file: its tables and schema revisions."""

    tables: tuple[str, ...]
    revisions: tuple[str, ...]  # rows of alembic_version; empty when there is no such table


def check_sqlite_file(
    path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> ExistingDatabase | None:
    """Prove an existing database file is healthy and writable, changing nothing in it.

    Runs before the engine opens the file (its connections switch the file to WAL, which is
    a write), so a damaged, foreign or too-new file is reported and left exactly as it was.
    Returns None for a missing or empty file: SQLite makes a new database there.
    """
    if path.is_dir():
        raise DatabaseNotWritableError(str(path), "it is a folder, not a file")
    try:
        if not path.exists() or path.stat().st_size == 0:
            return None
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise DatabaseNotWritableError(str(path), error.strerror or str(error)) from error
    if header != SQLITE_MAGIC:
        raise DatabaseCorruptError(path, "the file is not an SQLite database")
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms / 1000)
    except sqlite3.Error as error:
        raise classify_sqlite_error(error, str(path)) from error
    try:
        problems = [row[0] for row in connection.execute("PRAGMA quick_check") if row[0] != "ok"]
        if problems:
            raise DatabaseCorruptError(path, "; ".join(problems[:3]))
        tables = tuple(
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        )
        revisions: tuple[str, ...] = ()
        if VERSION_TABLE in tables:
            query = f"SELECT version_num FROM {VERSION_TABLE}"
            revisions = tuple(str(row[0]) for row in connection.execute(query))
        # Take the write lock and give it back: proves we may write, and changes nothing.
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
    except sqlite3.Error as error:
        raise classify_sqlite_error(error, str(path)) from error
    finally:
        connection.close()
    return ExistingDatabase(tables, revisions)


def classify_sqlite_error(error: BaseException, location: str) -> StorageError:
    """Turn a driver error into the StorageError that tells the user what to do."""
    if isinstance(error, exc.DBAPIError) and error.orig is not None:
        error = error.orig
    name = getattr(error, "sqlite_errorname", "")
    text = str(error)
    lowered = text.lower()
    if (
        name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))
        or "malformed" in lowered
        or ("not a database" in lowered)
    ):
        return DatabaseCorruptError(Path(location), text)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in lowered:
        return DatabaseLockedError(location)
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or (
        "readonly" in lowered or "unable to open" in lowered
    ):
        return DatabaseNotWritableError(location, text)
    if name.startswith("SQLITE_FULL") or "disk is full" in lowered:
        return StorageError(f"The disk holding {location} is full. Free some space and try again.")
    return StorageError(f"The database {location} could not be used ({text}).")


class Database:
    """An engine and its writer thread: read on any thread, write only on the writer.

    `write(work, ...)` runs `work(session, ...)` on the writer thread inside one transaction
    (BEGIN IMMEDIATE on SQLite) and commits when it returns. A write that calls another write
    joins the same transaction, so an audit row commits together with the change it records.
    """

    def __init__(self, engine: Engine, writer: DatabaseWriter) -> None:
        self.engine = engine
        self.writer = writer
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self._active: Session | None = None  # only touched on the writer thread

    def read(self) -> Session:
        """A new session for reading; use it in a `with` block so it is closed."""
        return Session(self.engine, expire_on_commit=False)

    def write(
        self, work: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run `work(session, *args, **kwargs)` in a write transaction on the writer thread."""

        def in_transaction() -> T:
            if self._active is not None:
                return work(self._active, *args, **kwargs)
            with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
                self._active = session
                try:
                    return work(session, *args, **kwargs)
                finally:
                    self._active = None

        return self.writer.run(in_transaction)
