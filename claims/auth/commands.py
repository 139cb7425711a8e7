"""`flask users ...`: the only way to create staff accounts."""

from __future__ import annotations

import sys

import click

from claims.extensions import db
from claims.models import Role
from claims.services.accounts import AccountError, create_user, deactivate_user, list_users, set_password


@click.group("users")
def users_command() -> None:
    """Create, list and deactivate staff accounts, and set their passwords."""


def _read_password(from_stdin: bool, prompt: str) -> str:
    """One line of standard input, or a hidden prompt asked twice."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt(prompt, hide_input=True, confirmation_prompt=True))


@users_command.command("create")
@click.argument("email")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), required=True, help="What the account may do."
)
@click.option("--name", help="Display name (defaults to the part of the email before @).")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt."
)
def create_command(email: str, role: str, name: str | None, password_stdin: bool) -> None:
    """Create an account; the password is asked twice at a hidden prompt."""
    password = _read_password(password_stdin, "Password")
    try:
        user = create_user(db.session, email, password, Role(role), name)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(f"Account not created: {error}.") from error
    db.session.commit()
    click.echo(f"Created {user.role} account {user.email}.")


@users_command.command("set-password")
@click.argument("email")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt."
)
def set_password_command(email: str, password_stdin: bool) -> None:
    """Give an account a new password (asked twice) and end all its sessions."""
    password = _read_password(password_stdin, "New password")
    try:
        user = set_password(db.session, email, password)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(f"Password not changed: {error}.") from error
    db.session.commit()
    click.echo(f"Changed the password of {user.email}; their sessions have ended.")


@users_command.command("list")
def list_command() -> None:
    """Show every account: email, name, role and whether it is active."""
    users = list_users(db.session)
    if not users:
        click.echo("No accounts yet; create one with `flask users create EMAIL --role ROLE`.")
        return
    for user in users:
        state = "active" if user.active else "inactive"
        click.echo(f"{user.email}\t{user.display_name}\t{user.role}\t{state}")


@users_command.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Lock an account out and end its live sessions."""
    try:
        user = deactivate_user(db.session, email)
    except AccountError as error:
        raise click.ClickException(f"{error}.") from error
    db.session.commit()
    click.echo(f"Deactivated {user.email}; their sessions have ended.")
