"""Facts about the machine and the code under test, for the head of RESULTS.md."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from pathlib import Path

from bench import http_wrk
from bench.http_databases import libpq_url
from bench.http_servers import ROOT, gunicorn_version


def _first(path: str, key: str, separator: str = ":") -> str:
    """Return the value of the first `key<separator>value` line of a text file."""
    try:
        for line in Path(path).read_text().splitlines():
            name, sep, value = line.partition(separator)
            if sep and name.strip() == key:
                return value.strip().strip('"')
    except OSError:
        pass
    return "unknown"


def _output(command: list[str]) -> str:
    """Return a command's first output line, or "unknown" if it cannot run."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)  # noqa: S603  (fixed argv)
    except OSError:
        return "unknown"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if done.returncode == 0 and lines else "unknown"


def memory() -> str:
    """Return the total memory in GiB."""
    total = _first("/proc/meminfo", "MemTotal")
    return f"{int(total.split()[0]) / 2**20:.1f} GiB" if total != "unknown" else total


def postgres_version(server_url: str) -> str:
    """Return the PostgreSQL server's version, or why it is unknown."""
    try:
        import psycopg

        with psycopg.connect(libpq_url(server_url), connect_timeout=5) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else "unknown"
    # Any failure only means the line reads "unavailable"; the runs report their own errors.
    except Exception as exc:
        return f"unavailable ({type(exc).__name__})"


def commit() -> str:
    """Return the short commit and whether the working tree has changes."""
    head = _output(["git", "rev-parse", "--short", "HEAD"])
    # --no-optional-locks: reading the status must not rewrite the index others are using.
    git_status = ["git", "--no-optional-locks", "status", "--porcelain"]
    status = subprocess.run(git_status, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    if status.returncode != 0:
        return head
    return f"{head} ({'dirty working tree' if status.stdout.strip() else 'clean'})"


def machine(postgres_url: str | None) -> dict[str, str]:
    """Return the machine description: CPU, memory, OS and every server's and tool's version."""
    facts = {
        "CPU": _first("/proc/cpuinfo", "model name"),
        "cores": str(os.cpu_count()),
        "memory": memory(),
        "OS": _first("/etc/os-release", "PRETTY_NAME", "="),
        "kernel": platform.release(),
        "Python": platform.python_version(),
        "SQLite library": sqlite3.sqlite_version,
        "sqlite3 CLI": _output(["sqlite3", "--version"]).split(" ")[0],
        "gunicorn": gunicorn_version(),
        "wrk": http_wrk.version(),
    }
    if postgres_url:
        facts["PostgreSQL server"] = postgres_version(postgres_url)
        facts["psql"] = _output(["psql", "--version"])
    return facts
