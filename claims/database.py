"""Connection settings that every SQLite connection needs and SQLAlchemy does not set."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

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


@event.listens_for(Engine, "begin")
def _begin_immediate(conn: Connection) -> None:
    # A deferred transaction that reads, then writes, fails at once with "database is locked"
    # when another writer got there first; the busy timeout only helps if the write lock is
    # taken at BEGIN.
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def include_in_autogenerate(name: str | None, type_: str, _parents: Any) -> bool:
    """Leave full-text search tables (and SQLite's shadow tables for them) out of Alembic's autogenerate."""
    return not (type_ == "table" and name is not None and "_fts" in name)
