"""SQLite backups through the online backup API, and restores into an empty database file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL

from claims.database import SQLITE_BUSY_TIMEOUT_MS
from claims.services.backup_files import BackupError, describe_rows

# The tables whose rows make a database someone's data rather than a fresh schema.
DATA_TABLES = ("claims", "users", "articles")


def database_file(url: URL) -> Path:
    """Return the file behind a SQLite URL.

    :raises BackupError: the database lives in memory, not in a file.
    """
    if not url.database or url.database == ":memory:" or url.database.startswith("file::memory:"):
        raise BackupError("The configured SQLite database is in memory; only a database file can be backed up.")
    return Path(url.database)


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    return conn


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _check_intact(conn: sqlite3.Connection, what: str) -> None:
    """:raises BackupError: SQLite finds the file damaged, or it holds no claims schema."""
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{what} is damaged (SQLite's quick_check says: {result}).")
    if "alembic_version" not in _tables(conn):
        raise BackupError(f"{what} holds no claims schema (it has no alembic_version table).")


def write_backup(source: Path, target: Path) -> int:
    """Copy the live database at `source` into the new file `target`; return the claims it holds.

    :raises BackupError: there is no database at `source`, or the copy fails its check.
    """
    if not source.is_file():
        raise BackupError(f"There is no SQLite database at {source}: run `flask --app app db upgrade` first.")
    with closing(_connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        # One step, so the copy is read inside one transaction: in WAL mode that snapshot blocks
        # no writer, whereas a copy made in several steps starts over after every commit.
        src.backup(dst)
        # The copy inherits WAL mode from the live file; a backup should be one self-contained file.
        dst.execute("PRAGMA journal_mode=DELETE")
        _check_intact(dst, "The copy")
        return int(dst.execute("SELECT count(*) FROM claims").fetchone()[0])


def target_problem(target: Path) -> str | None:
    """Why the database file `target` may not be restored into, or None when it counts as empty.

    Empty means: no file yet, a file of zero bytes or without tables, or the claims schema with
    no claims, users or articles (as `flask db upgrade` leaves it). The whole file is replaced.
    """
    if not target.exists() or target.stat().st_size == 0:
        return None
    with closing(_connect(target, read_only=True)) as conn:
        tables = _tables(conn)
        if not tables:
            return None
        if "alembic_version" not in tables:
            return f"{target} holds tables of something other than this app ({', '.join(sorted(tables)[:5])})"
        counts = {
            name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])  # noqa: S608  (names from DATA_TABLES)
            for name in DATA_TABLES
            if name in tables
        }
    rows = describe_rows(counts)
    return f"it holds {rows}" if rows else None


def restore_backup(source: Path, target: Path) -> None:
    """Copy the backup file `source` over the database file `target`, which must count as empty.

    :raises BackupError: the backup is damaged or holds no claims schema, or the copy fails.
    """
    with closing(_connect(source, read_only=True)) as src:
        try:
            _check_intact(src, f"The backup {source}")
        except sqlite3.DatabaseError as error:
            raise BackupError(f"The backup {source} cannot be read: {error}.") from error
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(_connect(target)) as dst:
            try:
                src.backup(dst)
            except sqlite3.Error as error:
                raise BackupError(f"Could not write {target}: {error}.") from error
            # The app opens its database in WAL mode; leave the file as the app will find it.
            dst.execute("PRAGMA journal_mode=WAL")
