"""`flask backup FILE` and `flask restore FILE`: the whole database to one file, and back."""

from __future__ import annotations

from pathlib import Path

import click
from alembic.script import ScriptDirectory
from flask import current_app

from claims.database import refresh_statistics
from claims.extensions import db
from claims.services.backup import (
    BackupError,
    SchemaState,
    backup_database,
    renew_public_cache,
    restore_database,
    restore_summary,
)


def _size(size: int) -> str:
    value, unit = float(size), "bytes"
    for bigger in ("KB", "MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
def backup_command(file: Path, force: bool) -> None:
    """Write a consistent copy of the whole database to FILE; safe while the app runs and writes."""
    try:
        result = backup_database(db.engine, file, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Wrote {result.kind.label} backup {file}: {_size(result.size)}, {result.claims} claims.")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Load a backup made by `flask backup` into the configured database, which must be empty."""
    try:
        kind = restore_database(db.engine, file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    summary = restore_summary(db.session, ScriptDirectory(current_app.extensions["migrate"].directory))
    renew_public_cache(db.session)
    db.session.commit()
    refresh_statistics(db.session.connection())
    db.session.commit()
    click.echo(f"Restored {kind.label} backup {file}: {summary.claims} claims; refreshed statistics.")
    expected = ", ".join(summary.heads)
    if summary.state is SchemaState.BEHIND:
        click.echo(
            f"The restored schema is at revision {summary.revision}, older than this code's {expected}: "
            "run `flask --app app db upgrade` before serving it."
        )
    elif summary.state is SchemaState.UNKNOWN:
        click.echo(
            f"The restored schema revision ({summary.revision or 'none'}) is not one this code knows "
            f"(it expects {expected}): the backup was made by a newer version of the app. Serve it "
            "with that version, or a later one."
        )
