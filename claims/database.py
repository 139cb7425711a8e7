"""Connection settings that every SQLite connection needs and SQLAlchemy does not set."""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import GenericFunction
from sqlalchemy.types import String

SQLITE_BUSY_TIMEOUT_MS = 10_000


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # pysqlite's own BEGIN handling is off so that _begin_immediate below decides how to begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # SQLite's lower() folds ASCII only; filters compare Unicode names ("Çavuşoğlu") case-blind.
    dbapi_connection.create_function("unicode_lower", 1, _unicode_lower, deterministic=True)


def _unicode_lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _read_only_request() -> bool:
    """Whether this transaction serves a GET-like request, which never writes (security row 12)."""
    return has_request_context() and request.method in SAFE_METHODS


@event.listens_for(Engine, "begin")
def _begin_immediate(conn: Connection) -> None:
    # A deferred transaction that reads, then writes, fails at once with "database is locked"
    # when another writer got there first; the busy timeout only helps if the write lock is
    # taken at BEGIN. Reads begin deferred: in WAL mode they then block nobody, however long a
    # streamed CSV export keeps its transaction open. A job reading an export opts in with the
    # `read_only` execution option.
    if conn.dialect.name == "sqlite" and conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
        read_only = _read_only_request() or conn.get_execution_options().get("read_only")
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def include_in_autogenerate(name: str | None, type_: str, _parents: Any) -> bool:
    """Leave full-text search tables (and SQLite's shadow tables for them) out of Alembic's autogenerate."""
    return not (type_ == "table" and name is not None and "_fts" in name)


class unicode_lower(GenericFunction[str]):  # noqa: N801  (SQL function names are lower case)
    """Unicode-aware lower() in SQL: a Python function on SQLite, the built-in on PostgreSQL."""

    type = String()
    inherit_cache = True


@compiles(unicode_lower, "postgresql")
def _unicode_lower_postgres(element: unicode_lower, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


def refresh_statistics(conn: Connection) -> None:
    """Refresh the query planner's statistics (SQLite keeps none until asked; PostgreSQL's autovacuum
    does it too, but not at once after a bulk load)."""
    conn.exec_driver_sql("ANALYZE")


def begin_read_only(session: Session) -> None:
    """End the session's transaction and begin one that will only read.

    On SQLite it then begins deferred and holds no write lock, however long it reads (the dry
    run of a 100,000-row import). It must not write: it would fail at once if another writer
    held the lock.
    """
    session.commit()
    session.connection(execution_options={"read_only": True})
