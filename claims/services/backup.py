"""Backups of the whole database to one file, and restores of one into an empty database.

SQLite is copied with its online backup API, PostgreSQL with pg_dump's custom format: both take
a consistent snapshot while the app keeps serving and writing. A backup restores only into the
kind of database it came from, and only into an empty one, so a restore never merges two
databases nor overwrites someone's data.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import func, inspect, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from claims.models import Claim, SiteState
from claims.models.public_changes import mark_public_change
from claims.models.site import SITE_ROW_ID
from claims.services import backup_postgres, backup_sqlite
from claims.services.backup_files import (
    BackupError,
    BackupKind,
    BackupResult,
    backup_kind,
    database_kind,
    write_whole,
)

__all__ = ["BackupError", "BackupKind", "BackupResult", "SchemaState", "backup_database", "restore_database"]


class SchemaState(StrEnum):
    """How the restored data's schema revision compares with this code's migrations."""

    CURRENT = "current"
    BEHIND = "behind"  # `flask db upgrade` brings it up to date
    UNKNOWN = "unknown"  # made by a newer version of the code, or not ours at all


@dataclass(frozen=True)
class RestoreSummary:
    """What a restore brought: claims, the schema revision, and what the code expects."""

    claims: int
    revision: str | None
    heads: tuple[str, ...]
    state: SchemaState


def backup_database(engine: Engine, path: Path, *, force: bool = False) -> BackupResult:
    """Write a consistent copy of the whole database to `path` while the app may keep writing.

    :raises BackupError: `path` exists (without `force`), or the copy cannot be made.
    """
    kind = database_kind(engine.dialect.name)
    if kind is BackupKind.SQLITE:
        source = backup_sqlite.database_file(engine.url)
        if path.resolve() == source.resolve():
            raise BackupError(f"{path} is the live database itself; write the backup to another file.")
        claims = write_whole(path, force, lambda partial: backup_sqlite.write_backup(source, partial))
    else:
        claims = write_whole(path, force, lambda partial: backup_postgres.write_dump(engine, partial))
    return BackupResult(path=path, size=path.stat().st_size, claims=claims, kind=kind)


def restore_database(engine: Engine, path: Path) -> BackupKind:
    """Load the backup at `path` into the configured database, which must be empty.

    :raises BackupError: the file is not a backup, is of the other database's kind, the target
        is not empty, or the restore fails.
    """
    kind, target = backup_kind(path), database_kind(engine.dialect.name)
    if kind is not target:
        raise BackupError(
            f"{path} is a {kind.label} backup, but the configured database is {target.label}: a backup "
            f"restores only into the kind of database it was made from. Point DATABASE_URL at a "
            f"{kind.label} database to restore it."
        )
    if kind is BackupKind.SQLITE:
        file = backup_sqlite.database_file(engine.url)
        if path.resolve() == file.resolve():
            raise BackupError(f"{path} is the configured database itself, not a backup of it.")
        _refuse_if_not_empty(backup_sqlite.target_problem(file))
        backup_sqlite.restore_backup(path, file)
    else:
        with engine.connect() as conn:
            _refuse_if_not_empty(backup_postgres.target_problem(conn))
        backup_postgres.restore_dump(engine, path)
    # Pooled connections were opened on the database as it was before.
    engine.dispose()
    return kind


def _refuse_if_not_empty(problem: str | None) -> None:
    """:raises BackupError: the target database holds something (`problem` says what)."""
    if problem is not None:
        raise BackupError(
            f"The configured database is not empty: {problem}. A restore goes only into an empty "
            "database; nothing was changed. Create a new database (`createdb NAME` on PostgreSQL, a "
            "new file name on SQLite), point DATABASE_URL at it and run the restore again."
        )


def schema_state(revision: str | None, script: ScriptDirectory) -> SchemaState:
    """Compare a database's Alembic revision with the migrations this code ships."""
    if revision is None:
        return SchemaState.UNKNOWN
    if revision in script.get_heads():
        return SchemaState.CURRENT
    try:
        known = script.get_revision(revision) is not None
    except CommandError:
        known = False
    return SchemaState.BEHIND if known else SchemaState.UNKNOWN


def restore_summary(session: Session, script: ScriptDirectory) -> RestoreSummary:
    """Count the restored claims and compare their schema revision with the code's."""
    conn = session.connection()
    tables = set(inspect(conn).get_table_names())
    version = "SELECT version_num FROM alembic_version"
    revision = conn.exec_driver_sql(version).scalar() if "alembic_version" in tables else None
    return RestoreSummary(
        claims=(session.scalar(select(func.count()).select_from(Claim)) or 0) if "claims" in tables else 0,
        revision=revision,
        heads=tuple(script.get_heads()),
        state=schema_state(revision, script),
    )


def renew_public_cache(session: Session) -> None:
    """Move the publication counter past every value a page may have been cached under; the caller commits.

    The restored counter is the one at backup time. The database it replaces, whose pages may
    still sit in Redis or in a running server's memory, went further; a plain +1 would serve
    them again. Microseconds since 1970 are more than any counter reaches one commit at a time.
    """
    if not inspect(session.connection()).has_table("site_state"):
        return  # an old schema: its upgrade creates the counter
    floor = time.time_ns() // 1000
    session.execute(
        update(SiteState)
        .where(SiteState.id == SITE_ROW_ID, SiteState.public_version < floor)
        .values(public_version=floor)
    )
    mark_public_change(session)
