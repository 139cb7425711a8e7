"""Running wrk and reading its report: requests/s, latency percentiles and errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import Any

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
_PERCENTILE = re.compile(r"^\s+(50|75|90|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.M)
_REQUESTS = re.compile(r"^\s+(\d+) requests in ([\d.]+)(us|ms|s|m|h),", re.M)
_NON_2XX = re.compile(r"^\s+Non-2xx or 3xx responses:\s+(\d+)", re.M)
_SOCKET = re.compile(r"^\s+Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.M)


class WrkError(RuntimeError):
    """wrk failed, or printed something this parser does not understand."""


@dataclass(frozen=True)
class WrkResult:
    """One wrk run: throughput, latency percentiles in milliseconds, and error counts."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int = 0
    socket_errors: int = 0

    @property
    def valid(self) -> bool:
        """Whether every response was a success and no connection failed."""
        return self.non_2xx == 0 and self.socket_errors == 0

    def as_dict(self) -> dict[str, Any]:
        """Return the numbers as a JSON-ready mapping."""
        return {**asdict(self), "valid": self.valid}


def to_ms(value: str, unit: str) -> float:
    """Convert a wrk duration such as ("512.3", "us") to milliseconds."""
    return float(value) * _UNITS_MS[unit]


def parse(output: str) -> WrkResult:
    """Read the report `wrk --latency` prints.

    :raises WrkError: the report lacks requests/sec or the 50% and 99% latency lines.
    """
    rps = _RPS.search(output)
    percentiles = {m.group(1): to_ms(m.group(2), m.group(3)) for m in _PERCENTILE.finditer(output)}
    requests = _REQUESTS.search(output)
    if rps is None or requests is None or not {"50", "99"} <= percentiles.keys():
        raise WrkError(f"unexpected wrk output:\n{output}")
    non_2xx = _NON_2XX.search(output)
    sockets = _SOCKET.search(output)
    return WrkResult(
        rps=float(rps.group(1)),
        p50_ms=percentiles["50"],
        p99_ms=percentiles["99"],
        requests=int(requests.group(1)),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
    )


def run(url: str, duration: float, connections: int, threads: int = 2) -> WrkResult:
    """Drive one URL for `duration` seconds and return the parsed report.

    :raises WrkError: wrk exited with an error or printed no report.
    """
    threads = max(1, min(threads, connections))
    # wrk's duration takes whole seconds; --timeout is raised above the default 2 s so a slow
    # page counts in the percentiles instead of vanishing into "timeout" socket errors.
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "--latency",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603  (fixed argv)
    if done.returncode != 0:
        raise WrkError(f"wrk exited with {done.returncode} for {url}: {done.stderr or done.stdout}")
    return parse(done.stdout)


def version() -> str:
    """Return wrk's version line (wrk -v prints it and exits with status 1)."""
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607  (wrk from PATH)
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0] if first else "unknown"


def ensure_tool(command: str, package: str) -> None:
    """Make sure `command` is on PATH: apt-get install `package` as root, else explain and exit."""
    if shutil.which(command):
        return
    apt = ["apt-get", "install", "-y", "--no-install-recommends", package]
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(f"{command} is missing; install it first, e.g. `sudo apt-get install -y {package}`.")
    print(f"{command} is missing; installing the {package} package with apt-get", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(apt, env=env, check=False).returncode != 0:  # noqa: S603  (fixed argv)
        # A fresh container often has no package lists yet.
        subprocess.run(["apt-get", "update"], env=env, check=True)  # noqa: S607  (apt-get from PATH)
        subprocess.run(apt, env=env, check=True)  # noqa: S603  (fixed argv)
    if not shutil.which(command):
        sys.exit(f"installing {package} did not provide `{command}`")
