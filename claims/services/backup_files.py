"""What every backup shares: the error, telling the two kinds of file apart, writing a file whole."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore was refused or failed; the message says why and what to do instead."""


class BackupKind(StrEnum):
    """The database a backup file came from, which is the only kind it restores into."""

    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"

    @property
    def label(self) -> str:
        return "SQLite" if self is BackupKind.SQLITE else "PostgreSQL"


@dataclass(frozen=True)
class BackupResult:
    """A backup written: where, how large, how many claims it holds, and of which kind."""

    path: Path
    size: int
    claims: int
    kind: BackupKind


def backup_kind(path: Path) -> BackupKind:
    """Tell a SQLite backup from a pg_dump custom-format one by the file's first bytes.

    :raises BackupError: the file is neither.
    """
    with path.open("rb") as file:
        head = file.read(len(SQLITE_HEADER))
    if head.startswith(SQLITE_HEADER):
        return BackupKind.SQLITE
    if head.startswith(PG_DUMP_HEADER):
        return BackupKind.POSTGRESQL
    hint = " It looks like a plain SQL dump: load that with psql instead." if head.startswith(b"--") else ""
    raise BackupError(
        f"{path} is not a backup made by `flask backup`: it is neither a SQLite database nor a "
        f"pg_dump custom-format archive.{hint}"
    )


def database_kind(dialect_name: str) -> BackupKind:
    """Return the backup kind for a SQLAlchemy dialect name.

    :raises BackupError: a database this app does not back up.
    """
    try:
        return BackupKind(dialect_name)
    except ValueError:
        raise BackupError(f"Backups work on SQLite and PostgreSQL, not on {dialect_name}.") from None


def describe_rows(counts: Mapping[str, int]) -> str:
    """Say which tables hold rows ("rows in claims (12), users (3)"), or "" when none does."""
    held = ", ".join(f"{name} ({count})" for name, count in counts.items() if count)
    return f"rows in {held}" if held else ""


def write_whole(path: Path, force: bool, write: Callable[[Path], int]) -> int:
    """Have `write` fill a new file beside `path`, then move it into place; return what `write` returns.

    A failed backup then leaves no half-written file behind, and never a damaged older one. The
    file is readable by its owner only, as it holds password hashes and drafts.

    :raises BackupError: `path` exists and `force` is not set, or its folder does not exist.
    """
    if path.exists() and not force:
        raise BackupError(f"{path} already exists; pass --force to replace it.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(handle)
    partial = Path(name)
    try:
        result = write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return result
