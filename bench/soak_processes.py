"""Processes beside the app servers: the job worker, the Redis database and the PostgreSQL cluster."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bench.http_servers import ROOT, stop_process
from bench.soak_stack import FLASK, libpq_url


class JobWorker:
    """`flask --app app worker` in the foreground of its own process group, logging to a file."""

    def __init__(self, env: dict[str, str], log_path: Path, name: str = "worker") -> None:
        self.env, self.log_path, self.name = {**os.environ, **env}, log_path, name
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> JobWorker:
        """Start the consumer; it runs until stop().

        :raises RuntimeError: it exited at once (no `worker` command yet, or a bad setting).
        """
        with open(self.log_path, "ab") as log:
            options: dict[str, Any] = {
                "cwd": ROOT,
                "env": self.env,
                "stdout": log,
                "stderr": subprocess.STDOUT,
            }
            self.process = subprocess.Popen([*FLASK, "worker"], start_new_session=True, **options)  # noqa: S603
        # A missing command or a bad setting ends it within the app's start-up time.
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline and self.process.poll() is None:
            time.sleep(0.1)
        if self.process.poll() is not None:
            raise RuntimeError(f"the job worker exited at start-up:\n{self.log_text()[-3000:]}")
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM, as a supervisor stops it; kill the group if it does not exit in time."""
        process, self.process = self.process, None
        stop_process(process)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def __enter__(self) -> JobWorker:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def flush_redis(url: str) -> None:
    """Empty the one Redis database the run uses, and no other."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def redis_answers(url: str) -> bool:
    """Whether a Redis server answers at `url`."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def pg_restart_command(server_url: str) -> list[str]:
    """Return the command that restarts the PostgreSQL cluster listening on the URL's port.

    :raises RuntimeError: no Debian cluster tools, or no cluster on that port.
    """
    if not shutil.which("pg_lsclusters") or not shutil.which("pg_ctlcluster"):
        raise RuntimeError("pg_lsclusters/pg_ctlcluster not found: set SOAK_PG_RESTART to a restart command")
    port = str(make_url(server_url).port or 5432)
    listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True)  # noqa: S607
    for line in listing.stdout.splitlines():
        version, name, cluster_port, *_ = line.split()
        if cluster_port == port:
            # Without the flag, root's pg_ctlcluster hands over to systemctl, absent in containers.
            return ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"]
    raise RuntimeError(f"no PostgreSQL cluster listens on port {port}: set SOAK_PG_RESTART")


def wait_for_postgres(server_url: str, timeout: float = 60.0) -> None:
    """Return once the server accepts connections again.

    :raises RuntimeError: it did not within `timeout` seconds.
    """
    import psycopg

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(libpq_url(server_url), connect_timeout=2) as conn:
                conn.execute("SELECT 1")
                return
        except psycopg.OperationalError:
            time.sleep(0.2)
    raise RuntimeError(f"PostgreSQL did not come back within {timeout:.0f} s")
