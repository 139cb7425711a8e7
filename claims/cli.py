"""Flask commands: thin wrappers over the services."""

from __future__ import annotations

import click
from flask import Flask

from claims.auth.commands import users_command
from claims.extensions import db


def register_cli(app: Flask) -> None:
    """Attach the project's commands to `flask --app app ...`."""
    app.cli.add_command(demo_command)
    app.cli.add_command(recount_command)
    app.cli.add_command(users_command)
    from claims.jobs.cli import worker_command

    app.cli.add_command(worker_command)

    from claims.export.cli import export_group, import_group

    app.cli.add_command(export_group)
    app.cli.add_command(import_group)

    from claims.backup_cli import backup_command, restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only when the database has no articles or claims.")
def demo_command(if_empty: bool) -> None:
    """Load the demo article, claims, verdicts and two demo accounts."""
    from claims.demo.loader import database_is_empty, load_demo

    if if_empty and not database_is_empty(db.session):
        click.echo("Database already has data; demo not loaded.")
        return
    result = load_demo(db.session)
    db.session.commit()
    if result.article is None:
        click.echo("The demo article is already loaded.")
        return
    click.echo(f"Loaded the demo article with {len(result.article.claims)} claims.")
    if result.passwords:
        click.echo("Demo accounts (these passwords are shown once; they are not stored anywhere):")
        for email, password in result.passwords.items():
            click.echo(f"  {email}  {password}")


@click.command("recount")
def recount_command() -> None:
    """Write missing snapshots, recount the tallies, renew the public cache and statistics (after bulk writes)."""
    from claims.services.maintenance import recount

    written = recount(db.session)
    if written:
        click.echo(f"Wrote the snapshots of {written} published verdicts that had none.")
    click.echo("Recounted claims per status and published claims per rating; refreshed statistics.")
