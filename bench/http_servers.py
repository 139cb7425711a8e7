"""Gunicorn servers for the benchmark: started with the project's config, always stopped."""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 60.0
# Any answer proves the server is up; a missing page costs no database work.
PROBE_PATH = "/__bench_probe__"
# gunicorn.conf.py sets graceful_timeout = 30; give the master a little more before killing.
STOP_TIMEOUT_S = 40.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def configured_workers(env: Mapping[str, str] = os.environ) -> int:
    """Return how many workers gunicorn.conf.py starts in this environment (WEB_CONCURRENCY, else 2)."""
    return int(env.get("WEB_CONCURRENCY", "2"))


def gunicorn_command() -> list[str]:
    """Return how to start the gunicorn installed next to this Python."""
    script = Path(sys.executable).with_name("gunicorn")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gunicorn"]


def gunicorn_version() -> str:
    """Return the installed gunicorn's version."""
    import gunicorn

    return str(gunicorn.__version__)


def get(port: int, path: str, timeout: float = 30.0) -> tuple[int, dict[str, str], bytes]:
    """GET a path from 127.0.0.1 without following redirects; return status, headers, body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()



def stop_process(process: subprocess.Popen[Any] | None) -> None:
    """SIGTERM a process started with start_new_session; kill its group if it does not exit in time."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        # The group is ours alone (start_new_session), and its id cannot be reused until the
        # process is reaped below, so this reaches only it and its children.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

class Server:
    """One gunicorn master serving `app_spec` on a free port, as a context manager."""

    def __init__(
        self, name: str, app_spec: str, env: dict[str, str], scratch: Path, workers: int | None = None
    ):
        self.name, self.app_spec, self.scratch = name, app_spec, scratch
        self.port = free_port()
        self.log_path = scratch / f"gunicorn-{name}-{self.port}.log"
        self.env = {**os.environ, **env, "CLAIMS_BIND": f"127.0.0.1:{self.port}", "CLAIMS_ACCESS_LOG": ""}
        self.env.setdefault("CLAIMS_SECRET_KEY", secrets.token_hex(32))
        self.env.setdefault("CLAIMS_INSTANCE_PATH", str(scratch / "instance"))
        if workers is not None:
            self.env["WEB_CONCURRENCY"] = str(workers)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def workers(self) -> int:
        """How many workers gunicorn.conf.py will start with this environment."""
        return configured_workers(self.env)

    def url(self, path: str) -> str:
        """Return the absolute URL of a path on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> Server:
        """Start gunicorn and wait until it answers HTTP.

        :raises RuntimeError: gunicorn exited, or did not answer within STARTUP_TIMEOUT_S.
        """
        # The control socket is a management aid with one default path per user; concurrent
        # masters would fight over it, and it plays no part in serving requests.
        command = [*gunicorn_command(), "-c", "gunicorn.conf.py", "--no-control-socket", self.app_spec]
        with open(self.log_path, "wb") as log:
            # Its own session: Ctrl-C reaches only the runner, which stops servers in order, and a
            # hung master can be killed together with its workers.
            options: dict[str, Any] = {
                "cwd": ROOT,
                "env": self.env,
                "stdout": log,
                "stderr": subprocess.STDOUT,
            }
            self.process = subprocess.Popen(command, start_new_session=True, **options)  # noqa: S603  (fixed argv)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} exited at start-up:\n{self.log_tail()}")
            try:
                get(self.port, PROBE_PATH, timeout=5)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(
            f"gunicorn {self.name} did not answer in {STARTUP_TIMEOUT_S:.0f}s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """SIGTERM the master, wait for a graceful exit, and kill the group if it hangs."""
        process, self.process = self.process, None
        stop_process(process)

    def worker_pids(self) -> list[int]:
        """Return the pids of the master's worker processes."""
        assert self.process is not None
        return children(self.process.pid)

    def boots(self) -> int:
        """Count the workers booted so far: the first ones, then every replacement."""
        try:
            return self.log_path.read_text(errors="replace").count("Booting worker with pid")
        except OSError:
            return 0

    def log_tail(self, lines: int = 30) -> str:
        """Return the end of gunicorn's log, for error messages."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def __enter__(self) -> Server:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def children(pid: int) -> list[int]:
    """Return the pids of a process's children, from /proc."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.update(int(n) for n in task.read_text().split())
        except OSError:
            continue
    if found:
        return sorted(found)
    # /proc/<pid>/task/*/children needs a kernel option; the parent field of every stat is universal.
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return sorted(found)


def peak_rss_mb(pid: int) -> float:
    """Return a process's peak resident memory (VmHWM) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")
