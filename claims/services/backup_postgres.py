"""PostgreSQL backups with pg_dump's custom format, restores with pg_restore into an empty database."""

from __future__ import annotations

import os
import re
import shutil
import subprocess  # noqa: S404  (runs PostgreSQL's own client tools, never a shell)
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, Connection, Engine

from claims.services.backup_files import BackupError, describe_rows

_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")
# Every relation kind but indexes (which never come alone) and TOAST tables.
_USER_RELATIONS = text(
    "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') "
    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' "
    "ORDER BY n.nspname, c.relname"
)


def libpq_url(url: URL) -> tuple[str, dict[str, str]]:
    """Return a libpq connection URL for the client tools, and their environment.

    The password travels in PGPASSWORD: on the command line, any user of the machine could read
    it in the process list.
    """
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    # URL.set() keeps the password when given None; build the URL afresh without it.
    plain = URL.create("postgresql", url.username, None, url.host, url.port, url.database, url.query)
    return plain.render_as_string(hide_password=False), env


def server_major(conn: Connection) -> int:
    """Return the server's major version (15 for 15.4)."""
    return int(conn.exec_driver_sql("SHOW server_version_num").scalar_one()) // 10_000


def client_tool(name: str, server: int) -> str:
    """Find pg_dump or pg_restore on PATH and check it is at least as new as the server.

    :raises BackupError: the tool is missing, or older than the server (it would refuse or misread).
    """
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH. Install PostgreSQL's client tools, version {server} or "
            f"newer (Debian and Ubuntu: apt-get install postgresql-client-{server})."
        )
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    match = _VERSION.search(out)
    if match is None:
        raise BackupError(f"Could not tell the version of {path} from its answer: {out.strip()!r}.")
    major = int(match.group(1))
    if major < server:
        raise BackupError(
            f"{path} is version {major}, older than the database server (PostgreSQL {server}). Install "
            f"the client tools of version {server} or newer and put them first on PATH."
        )
    return path


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    """:raises BackupError: the tool exits with an error; its own message is passed on."""
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what} failed (exit code {done.returncode}):\n{done.stderr.strip()}")


def write_dump(engine: Engine, target: Path) -> int:
    """Write the database to `target` with pg_dump; return the number of claims in the dump.

    :raises BackupError: pg_dump is missing, too old, or fails.
    """
    url, env = libpq_url(engine.url)
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        pg_dump = client_tool("pg_dump", server_major(conn))
        # pg_dump reads this transaction's snapshot, so the count is of exactly the claims it
        # writes, however many are committed meanwhile.
        snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
        claims = int(conn.exec_driver_sql("SELECT count(*) FROM claims").scalar_one())
        command = [pg_dump, "--format=custom", "--no-owner", f"--snapshot={snapshot}"]
        _run([*command, "--file", str(target), "--dbname", url], env, "pg_dump")
        conn.rollback()
    return claims


def target_problem(conn: Connection) -> str | None:
    """Why this database may not be restored into, or None when it has no tables, views or sequences.

    pg_restore creates every object itself, so even an empty schema made by `flask db upgrade`
    would make it fail halfway; only a database as `createdb` leaves it counts as empty.
    """
    relations = [f"{schema}.{name}" for schema, name in conn.execute(_USER_RELATIONS)]
    if not relations:
        return None
    public = {name.removeprefix("public.") for name in relations}
    counts = {
        name: int(conn.exec_driver_sql(f'SELECT count(*) FROM public."{name}"').scalar_one())  # noqa: S608  (fixed names)
        for name in ("claims", "users", "articles")
        if name in public
    }
    rows = describe_rows(counts)
    shown = ", ".join(relations[:5]) + (", ..." if len(relations) > 5 else "")
    return (f"it holds {rows} and " if rows else "") + f"it has {len(relations)} tables, views or sequences ({shown})"


def restore_dump(engine: Engine, source: Path) -> None:
    """Load the pg_dump archive `source` into the database, which must have no tables.

    :raises BackupError: pg_restore is missing, too old, or fails (the database is then left as it was).
    """
    url, env = libpq_url(engine.url)
    with engine.connect() as conn:
        pg_restore = client_tool("pg_restore", server_major(conn))
    # One transaction: a restore that fails halfway leaves the database empty, ready for another try.
    command = [pg_restore, "--no-owner", "--exit-on-error", "--single-transaction"]
    _run([*command, "--dbname", url, str(source)], env, "pg_restore")
