"""Soak test: readers, writers and faults against gunicorn and the job worker, on SQLite and PostgreSQL.

    python -m bench.soak [--databases sqlite postgresql] [--seconds 60]

For each database: a scratch database holding the demo archive, gunicorn with several sync
workers and `flask worker`; anonymous readers on the public pages and logged-in reviewers and
editors saving claims, evidence and comments through the forms, each save under a unique marker.
Meanwhile a worker is SIGKILLed in the middle of a save (twice), an editor imports a
100,000-row CSV through the import form and the job worker, and on PostgreSQL the server is
restarted. Afterwards every acknowledged save must be stored exactly once, an unacknowledged one
at most once, no answer may be a 5xx outside a fault's window, nothing may say "database is
locked", and everyone else's p99 while the import runs must stay under a second.

Settings (environment, or the options above): SOAK_SECONDS (60), SOAK_DATABASES ("sqlite
postgresql"), SOAK_POSTGRES_URL (the local server), SOAK_PG_RESTART (the command; default
pg_ctlcluster for the cluster on that port), SOAK_REDIS_URL (redis://127.0.0.1:6379/13, used
on PostgreSQL when it answers; only that database is flushed), SOAK_IMPORT_ROWS (100000),
SOAK_WORKERS (4), SOAK_READERS (3), SOAK_WRITERS (4), SOAK_KILLS (2), SOAK_IMPORT_P99_MS (1000),
SOAK_TRACE_DIR (unset; a folder to write every request's timing to, one CSV per database).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shlex
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bench.http_servers import Server
from bench.soak_check import (
    Report,
    judge_hits,
    judge_import,
    judge_latency,
    judge_logs,
    judge_writes,
    render,
    stored_markers,
    write_trace,
)
from bench.soak_client import Browser, Recorder
from bench.soak_faults import Faults
from bench.soak_load import Killer, Ledger, Writer, read_loop
from bench.soak_processes import JobWorker, flush_redis, pg_restart_command, redis_answers
from bench.soak_stack import (
    Account,
    app_env,
    create_accounts,
    make_accounts,
    passages,
    scratch_database,
    scratch_dir,
    seed,
)

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/13"
# A word of the demo article's published claims, so the search page finds something.
SEARCH_WORD = "Uighurs"
# Seconds of plain load after the last fault, so recovery is measured too.
TAIL_S = 3.0


def setting(name: str, default: str) -> str:
    return os.environ.get(name, default)


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Read the options; the environment gives the defaults, so `make soak` can be tuned without editing."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--databases",
        nargs="+",
        choices=["sqlite", "postgresql"],
        default=setting("SOAK_DATABASES", "sqlite postgresql").split(),
    )
    parser.add_argument("--seconds", type=float, default=float(setting("SOAK_SECONDS", "60")))
    parser.add_argument("--postgres-url", default=setting("SOAK_POSTGRES_URL", POSTGRES_URL))
    parser.add_argument("--import-rows", type=int, default=int(setting("SOAK_IMPORT_ROWS", "100000")))
    parser.add_argument("--workers", type=int, default=int(setting("SOAK_WORKERS", "4")))
    parser.add_argument("--readers", type=int, default=int(setting("SOAK_READERS", "3")))
    parser.add_argument("--writers", type=int, default=int(setting("SOAK_WRITERS", "4")))
    parser.add_argument("--kills", type=int, default=int(setting("SOAK_KILLS", "2")))
    parser.add_argument("--import-p99-ms", type=float, default=float(setting("SOAK_IMPORT_P99_MS", "1000")))
    return parser.parse_args(argv)


def public_pages(browser: Browser, search_word: str) -> list[tuple[str, str]]:
    """Return the public pages to read, with a published claim's canonical address.

    :raises RuntimeError: the API lists no published claim, or a page does not answer 200.
    """
    import json

    listed = browser.get("/api/v1/claims", kind="read")
    claims = json.loads(listed.body)["data"] if listed.status == 200 else []
    if not claims:
        raise RuntimeError(f"/api/v1/claims answered {listed.status} with no published claim")
    moved = browser.get(f"/claims/{claims[0]['id']}", kind="read")
    claim_page = moved.location if moved.status in (301, 308) else f"/claims/{claims[0]['id']}"
    pages = [
        ("/", "/"),
        ("/claims", "/claims"),
        ("/claims/<id>", claim_page),
        ("/claims?q=", f"/claims?q={search_word}"),
        ("/feed.atom", "/feed.atom"),
        ("/api/v1/claims", "/api/v1/claims"),
    ]
    for label, path in pages:
        if (status := browser.get(path, kind="read").status) != 200:
            raise RuntimeError(f"{label}: GET {path} answered {status}")
    return pages


def _thread(name: str, target: Callable[[], None], errors: list[str]) -> threading.Thread:
    def run() -> None:
        try:
            target()
        except Exception as error:  # a crashed actor is a failed soak, reported with the rest
            errors.append(f"{name} stopped: {type(error).__name__}: {error}")

    return threading.Thread(target=run, name=name, daemon=True)


@dataclass
class Soak:
    """One database's run: what it was given, and everything it recorded."""

    kind: str
    args: argparse.Namespace
    run: str = field(default_factory=lambda: secrets.token_hex(3))
    recorder: Recorder = field(default_factory=Recorder)
    ledger: Ledger = field(default_factory=Ledger)
    errors: list[str] = field(default_factory=list)
    started: float = 0.0
    seconds: float = 0.0

    def drive(
        self, server: Server, writers: list[Account], importer: Account, restart: list[str] | None
    ) -> Faults:
        """Start the readers, writers and the faults; stop them all once the faults are over and the time is up."""
        args, port = self.args, server.port
        pages = public_pages(Browser(port, Recorder(), "setup"), SEARCH_WORD)
        killer = Killer(port, server.worker_pids, partial(self.recorder.typical, "save"))
        faults = Faults(
            server,
            killer,
            Browser(port, self.recorder, "importer", importer.address),
            importer,
            self.run,
            args.import_rows,
            import_timeout_s=max(600.0, args.seconds * 10),
            restart=restart,
            server_url=args.postgres_url,
        )
        stop = threading.Event()
        actors = []
        for n in range(args.readers):
            reader = Browser(port, self.recorder, f"reader{n}")
            actors.append(_thread(f"reader {n}", partial(read_loop, reader, pages, stop), self.errors))
        for n, (account, span) in enumerate(
            zip(writers, passages(server.env["DATABASE_URL"], len(writers)), strict=True)
        ):
            browser = Browser(port, self.recorder, f"{account.role}{n}", account.address)
            writer = Writer(browser, account, span, self.ledger, killer, self.run)
            actors.append(_thread(f"writer {n}", partial(writer.loop, stop), self.errors))
        fault_thread = _thread("faults", partial(faults.schedule, args.kills, stop), self.errors)
        print(
            f"  serving on :{port} with {server.workers} workers; load for {args.seconds:.0f} s", flush=True
        )
        self.started = time.monotonic()
        for thread in [*actors, fault_thread]:
            thread.start()
        fault_thread.join()
        time.sleep(max(TAIL_S, args.seconds - (time.monotonic() - self.started)))
        stop.set()
        for thread in actors:
            thread.join(timeout=150)
        self.seconds = time.monotonic() - self.started
        return faults

    def judge(self, url: str, faults: Faults, logs: dict[str, str]) -> Report:
        """Compare what was acknowledged with what is stored, and the answers with the faults."""
        report = Report(self.kind, problems=self.errors + faults.problems, windows=faults.windows)
        stored = stored_markers(url, self.run)
        hits, writes = self.recorder.snapshot(), self.ledger.snapshot()
        killed = [w for w in writes if w.killed]
        report.kills = len(faults.killer.kills)
        report.killed_stored = sum(stored[w.marker] for w in killed)
        report.killed_acknowledged = sum(w.acknowledged for w in killed)
        judge_hits(report, hits, faults.windows, [moment for _, _, moment in faults.killer.kills])
        judge_writes(report, writes, stored)
        judge_import(report, faults.imported, stored, self.run)
        judge_latency(report, hits, faults.windows, "importer", self.seconds, self.args.import_p99_ms / 1000)
        judge_logs(report, logs)
        if trace := os.environ.get("SOAK_TRACE_DIR"):
            write_trace(Path(trace) / f"soak-{self.kind}.csv", hits, self.started)
        return report


def soak_one(kind: str, args: argparse.Namespace, workdir: Path) -> Report:
    """Set up one database, run the load and the faults on it, and judge the result."""
    soak = Soak(kind, args)
    redis_url = setting("SOAK_REDIS_URL", REDIS_URL) if kind == "postgresql" else None
    if redis_url and not redis_answers(redis_url):
        print(f"  no Redis at {redis_url}: the PostgreSQL run keeps its cache and queue locally", flush=True)
        redis_url = None
    restart = None
    if kind == "postgresql":
        raw = os.environ.get("SOAK_PG_RESTART")
        restart = shlex.split(raw) if raw else pg_restart_command(args.postgres_url)
    with scratch_database(kind, workdir, args.postgres_url, f"claims_soak_{soak.run}") as url:
        env = app_env(url, workdir, redis_url)
        seed(env)
        if redis_url:
            flush_redis(redis_url)
        roles = ["reviewer", "editor"] * ((args.writers + 1) // 2)
        accounts = make_accounts(soak.run, [*roles[: args.writers], "editor"])
        create_accounts(env, accounts)
        worker = JobWorker(env, workdir / f"worker-{kind}.log")
        try:
            with Server(f"soak-{kind}", "app:app", env, workdir, workers=args.workers) as server, worker:
                faults = soak.drive(server, accounts[:-1], accounts[-1], restart)
                if not worker.alive():
                    soak.errors.append("the job worker died during the run")
            logs = {"gunicorn": server.log_path.read_text(errors="replace"), "job worker": worker.log_text()}
            return soak.judge(url, faults, logs)
        finally:
            if redis_url:
                flush_redis(redis_url)


def main(argv: list[str] | None = None) -> int:
    """Soak each database in turn; print the figures; return 1 if anything failed."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    reports: list[Report] = []
    try:
        with scratch_dir() as workdir:
            for kind in args.databases:
                print(f"== soak: {kind}", flush=True)
                (workdir / kind).mkdir()
                try:
                    reports.append(soak_one(kind, args, workdir / kind))
                except (RuntimeError, OSError) as error:
                    # A set-up that cannot start is a failed soak; the other database still runs.
                    reports.append(Report(kind, problems=[f"could not run: {error}"]))
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    print("\n" + render(reports), flush=True)
    # The client shares the machine with the servers; what it used is part of the picture.
    used = os.times()
    print(
        f"\nsoak client CPU: {used.user + used.system:.0f} s; load average now {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    return 0 if all(r.ok for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
