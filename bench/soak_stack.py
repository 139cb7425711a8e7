"""What the soak runs against: a scratch database holding the demo, its staff accounts and settings."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bench.http_servers import ROOT

FLASK = [str(Path(sys.executable).with_name("flask")), "--app", "app"]


@dataclass(frozen=True)
class Account:
    """A staff account the soak logs in with; `address` is the client address it appears from."""

    email: str
    password: str
    role: str
    name: str
    address: str


@dataclass(frozen=True)
class Passage:
    """An article and the character span of a sentence in it, as the "make a claim" link offers."""

    article_id: int
    start: int
    end: int


def make_accounts(run: str, roles: list[str]) -> list[Account]:
    """Return one account per role given, with long random passwords (any strength policy passes)."""
    return [
        Account(
            email=f"soak-{run}-{n}@example.org",
            password=secrets.token_urlsafe(24),
            role=role,
            name=f"Soak {role.title()} {n}",
            address=f"10.77.0.{n + 1}",
        )
        for n, role in enumerate(roles)
    ]


def libpq_url(url: str) -> str:
    """Return a SQLAlchemy PostgreSQL URL as the libpq URI psycopg takes."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def scratch_dir() -> Iterator[Path]:
    """Yield a temporary folder for SQLite files, instance folders and logs; SIGTERM cleans up like Ctrl-C."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        with tempfile.TemporaryDirectory(prefix="claims-soak-") as tmp:
            yield Path(tmp)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _admin(server_url: str, statement: str) -> None:
    """Run CREATE or DROP DATABASE, which refuse to run inside a transaction."""
    import psycopg

    with psycopg.connect(libpq_url(server_url), autocommit=True) as conn:
        conn.execute(statement)  # type: ignore[arg-type]


@contextmanager
def scratch_database(kind: str, workdir: Path, server_url: str, name: str) -> Iterator[str]:
    """Yield the URL of a new empty database; a PostgreSQL one is dropped afterwards, whatever happened."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / (name + '.db')}"
        return
    _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(env: dict[str, str]) -> None:
    """Build the schema and load the demo article, its claims and verdicts, through the app's own commands.

    :raises RuntimeError: a command failed.
    """
    for command in (["db", "upgrade"], ["demo"]):
        done = subprocess.run(  # noqa: S603  (fixed argv)
            [*FLASK, *command],
            cwd=ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr[-3000:]}")


def passages(url: str, count: int) -> list[Passage]:
    """Return `count` different sentences of the stored articles, for writers to make claims from.

    :raises RuntimeError: the articles hold fewer sentences.
    """
    from claims.models import Article

    engine = create_engine(url)
    try:
        with Session(engine) as session:
            rows = session.execute(select(Article.id, Article.body).order_by(Article.id)).all()
    finally:
        engine.dispose()
    found = []
    for article_id, body in rows:
        start = 0
        while len(found) < count and (end := body.find(". ", start)) > start:
            if end - start > 20:
                found.append(Passage(article_id, start, end + 1))
            start = end + 2
    if len(found) < count:
        raise RuntimeError(f"the articles hold {len(found)} usable sentences, {count} are needed")
    return found


def app_env(url: str, workdir: Path, redis_url: str | None) -> dict[str, str]:
    """Return the environment every app process shares: servers, job worker and commands."""
    env = {
        "DATABASE_URL": url,
        "CLAIMS_INSTANCE_PATH": str(workdir / "instance"),
        "CLAIMS_SECRET_KEY": secrets.token_hex(32),
        # Each actor sends its own X-Forwarded-For, as users behind a reverse proxy would.
        "CLAIMS_PROXY_COUNT": "1",
        "CLAIMS_ACCESS_LOG": "",
    }
    if redis_url:
        env["CLAIMS_REDIS_URL"] = redis_url
        env["CLAIMS_RATELIMIT_STORAGE_URI"] = redis_url
    return env


def create_accounts(env: dict[str, str], accounts: list[Account]) -> None:
    """Create the accounts with `flask users create`, all at once.

    :raises RuntimeError: a command failed.
    """
    running = []
    for account in accounts:
        command = [
            *FLASK,
            "users",
            "create",
            account.email,
            "--role",
            account.role,
            "--name",
            account.name,
            "--password-stdin",
        ]
        process = subprocess.Popen(  # noqa: S603  (fixed argv)
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        running.append((account, process))
    for account, process in running:
        output, _ = process.communicate(account.password + "\n", timeout=120)
        if process.returncode != 0:
            raise RuntimeError(f"flask users create {account.email} failed:\n{output}")
