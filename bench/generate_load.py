"""Bulk writers: sqlite3 executemany or psycopg COPY, with the full-text triggers off during the load.

The claims_fts triggers (migration 0002) rebuild a claim's index row on every insert into claims
and verdicts; per row that dominates the load. They are taken off for the load and the index is
then filled in one statement with the same content the triggers produce.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Protocol

import psycopg
from sqlalchemy.engine import make_url

from bench.generate_base import COLUMNS, ID_TABLES, OPTIONAL_COLUMNS, Row, Rows
from claims import ROOT

SEARCH_MIGRATION = Path(ROOT) / "migrations" / "versions" / "0002_claim_search.py"
# Large enough that SQLite keeps a chunk's index pages in memory, small enough for the memory budget.
SQLITE_CACHE_KIB = 64 * 1024


def search_migration() -> ModuleType:
    """Import migration 0002 (its file name is not a module name) for its index definitions."""
    spec = importlib.util.spec_from_file_location("claims_migration_0002", SEARCH_MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fts_fill_sql(dialect: str) -> str:
    """Return one INSERT filling claims_fts for every claim, as the triggers would row by row."""
    migration = search_migration()
    if dialect == "sqlite":
        conclusion = f"coalesce({migration.PUBLISHED_CONCLUSION}, '')"
        return (
            "INSERT INTO claims_fts (rowid, restated, quote, conclusion) "  # noqa: S608  (the migration's SQL)
            f"SELECT c.id, c.restated, coalesce(c.quote, ''), {conclusion} FROM claims c"
        )
    return f"INSERT INTO claims_fts (claim_id, document) SELECT c.id, {migration.PG_DOCUMENT} FROM claims c"  # noqa: S608


class Layout:
    """Which generated columns each table really has: newer optional ones may be missing."""

    def __init__(self, present: dict[str, set[str]]) -> None:
        self.columns: dict[str, tuple[str, ...]] = {}
        self.keep: dict[str, list[int] | None] = {}
        for table, columns in COLUMNS.items():
            missing = [c for c in columns if c not in present.get(table, set())]
            if any((table, column) not in OPTIONAL_COLUMNS for column in missing):
                raise RuntimeError(f"table {table} lacks columns {missing}: is the schema migrated?")
            kept = [i for i, c in enumerate(columns) if c not in missing]
            self.columns[table] = tuple(columns[i] for i in kept)
            self.keep[table] = kept if missing else None

    def rows(self, table: str, items: list[Row]) -> list[Row]:
        """Return the rows with only the columns the table has."""
        keep = self.keep[table]
        if keep is None:
            return items
        return [tuple(row[i] for i in keep) for row in items]


class Loader(Protocol):
    """Writes generated rows into one database."""

    def begin(self) -> None: ...
    def write(self, rows: Rows) -> None: ...
    def finish(self) -> None: ...
    def close(self) -> None: ...


def open_loader(url: str) -> Loader:
    """Return the loader for a SQLAlchemy URL (sqlite:/// or postgresql+psycopg://)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return SQLiteLoader(str(parsed.database))
    conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    return PostgresLoader(conninfo)


def sqlite_path(url: str) -> Path:
    """Return the file of a sqlite:/// URL.

    :raises ValueError: an in-memory database, which a separate connection could not see.
    """
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise ValueError("give a SQLite file, not an in-memory database")
    return Path(database)


class SQLiteLoader:
    """executemany per table, one transaction per chunk, durability off until the end."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.triggers: list[tuple[str, str]] = []

    def begin(self) -> None:
        """Tune the connection for bulk writes and drop the full-text triggers (keeping their SQL)."""
        for pragma in (
            "journal_mode=OFF",
            "synchronous=OFF",
            f"cache_size=-{SQLITE_CACHE_KIB}",
            "foreign_keys=OFF",
        ):
            self.conn.execute(f"PRAGMA {pragma}")
        # Recreated afterwards from the database's own definitions, whichever migration wrote them last.
        self.triggers = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'claims\\_fts\\_%' ESCAPE '\\'"
        ).fetchall()
        for name, _sql in self.triggers:
            self.conn.execute(f'DROP TRIGGER "{name}"')
        present = {t: {row[1] for row in self.conn.execute(f"PRAGMA table_info({t})")} for t in COLUMNS}
        self.layout = Layout(present)

    def write(self, rows: Rows) -> None:
        """Insert one chunk in one transaction."""
        self.conn.execute("BEGIN")
        for table, items in rows.items():
            if items:
                columns = self.layout.columns[table]
                marks = ", ".join("?" * len(columns))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608  (our own names)
                self.conn.executemany(sql, self.layout.rows(table, items))
        self.conn.execute("COMMIT")

    def finish(self) -> None:
        """Fill the full-text index, restore its triggers, and return to the app's journal mode."""
        self.conn.execute("BEGIN")
        self.conn.execute(fts_fill_sql("sqlite"))
        self.restore_triggers()
        self.conn.execute("COMMIT")
        # Migration 0004 analyzes because the app's plans need statistics; they must describe the data.
        self.conn.execute("ANALYZE")
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")

    def restore_triggers(self) -> None:
        """Recreate the dropped triggers exactly as they were."""
        for _name, sql in self.triggers:
            self.conn.execute(sql)
        self.triggers = []

    def close(self) -> None:
        """Put the triggers back if the load failed half-way, then close."""
        if self.triggers:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self.restore_triggers()
        self.conn.close()


class PostgresLoader:
    """COPY per table, all in one transaction: a failed load leaves nothing behind."""

    def __init__(self, conninfo: str) -> None:
        self.conn = psycopg.connect(conninfo)

    def begin(self) -> None:
        """Disable the full-text triggers for this transaction's load; other triggers keep firing."""
        found = self.conn.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'claims\\_fts%'"
        ).fetchall()
        self.triggers: list[tuple[str, str]] = [(str(table), str(name)) for table, name in found]
        for table, name in self.triggers:
            self.conn.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"')
        present: dict[str, set[str]] = {}
        for table, column in self.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        ):
            present.setdefault(str(table), set()).add(str(column))
        self.layout = Layout(present)

    def write(self, rows: Rows) -> None:
        """COPY one chunk's rows, table by table."""
        with self.conn.cursor() as cursor:
            for table, items in rows.items():
                if not items:
                    continue
                with cursor.copy(
                    f"COPY {table} ({', '.join(self.layout.columns[table])}) FROM STDIN"
                ) as copy:
                    for row in self.layout.rows(table, items):
                        copy.write_row(row)

    def finish(self) -> None:
        """Fill the index, re-enable its triggers, move every sequence past its ids, commit, analyze."""
        # Without statistics the planner may answer each claim's conclusion lookup with a scan.
        self.conn.execute("ANALYZE claims, verdicts")
        self.conn.execute(fts_fill_sql("postgresql"))  # type: ignore[arg-type]
        for table, name in self.triggers:
            self.conn.execute(f'ALTER TABLE {table} ENABLE TRIGGER "{name}"')
        for table in ID_TABLES:
            self.conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) "  # noqa: S608
                f"FROM {table}"
            )
        self.conn.commit()
        # As autovacuum would have done on a live archive: planner statistics and the visibility map.
        self.conn.autocommit = True
        self.conn.execute("VACUUM (ANALYZE) " + ", ".join((*COLUMNS, "claims_fts")))

    def close(self) -> None:
        """Roll back anything unfinished and close."""
        self.conn.close()
