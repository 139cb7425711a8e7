"""Public pages and CSV exports over HTTP, under gunicorn, against a bare Flask app.

    python -m bench.http [--claims 100000 1000000] [--databases sqlite postgresql] [--rounds 5]
                         [--duration 3] [--connections 8] [--postgres-url URL] [--keep] [--quick]

For each database kind and size: fill a scratch database with bench.generate, serve it with the
project's gunicorn.conf.py next to bench/bare_app.py under the same settings, drive every page
with wrk interleaved with the bare route, then stream both CSV exports through a fresh one-worker
gunicorn and write the same rows with sqlite3 or psql. Writes bench/RESULTS.md (see --output)
and the raw per-round numbers as JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import http_wrk
from bench.http_databases import Page, canonical, fill, pages, scratch_database, search_word
from bench.http_exports import EXPORTS, measure
from bench.http_machine import commit, machine
from bench.http_report import export_table, page_table, render, summarise_page
from bench.http_servers import ROOT, Server, configured_workers, get
from bench.plans import explain_pages, plans_table
from bench.profile_hit import profile_pages

DEFAULTS = {"claims": [100_000, 1_000_000], "databases": ["sqlite", "postgresql"], "rounds": 5, "duration": 3}
QUICK = {"claims": [2_000], "databases": ["sqlite"], "rounds": 1, "duration": 1}
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Read the command line; --quick changes the defaults, explicit options still win."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.http", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, nargs="+", help="sizes (default: 100000 1000000)")
    parser.add_argument("--databases", nargs="+", choices=["sqlite", "postgresql"], help="default: both")
    parser.add_argument("--rounds", type=int, help="wrk rounds per page (default 5)")
    parser.add_argument("--duration", type=int, help="seconds per wrk run (default 3)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="a server URL to create databases on")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument("--quick", action="store_true", help="2,000 claims, 1 round of 1 s, SQLite only")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--results-dir", type=Path, default=ROOT / "bench" / "results", help="raw JSON")
    args = parser.parse_args(argv)
    for key, value in (QUICK if args.quick else DEFAULTS).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.rounds < 1 or args.duration < 1 or args.connections < 1:
        parser.error("--rounds, --duration and --connections must be at least 1")
    return args


def resolve(server: Server, chosen: list[Page]) -> list[Page]:
    """Follow the claim page's redirect to its canonical URL and check every page answers 200.

    :raises RuntimeError: a page answered anything but 200 (wrk would measure an error page).
    """
    checked = []
    for page in chosen:
        path = page.path
        status, headers, _ = get(server.port, path)
        if page.label == "/claims/<id>" and status in (301, 302, 303, 307, 308):
            path = canonical(headers["location"])
            status, headers, _ = get(server.port, path)
        if status != 200:
            raise RuntimeError(f"{page.label}: GET {path} answered {status}, not 200\n{server.log_tail()}")
        checked.append(Page(page.label, path))
    return checked


def drive(chosen: list[Page], app: Server, bare: Server, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Run the rounds: each page under wrk, then the bare route, so each ratio shares a moment."""
    results: list[dict[str, Any]] = [{"label": p.label, "path": p.path, "rounds": []} for p in chosen]
    for number in range(1, args.rounds + 1):
        for page, result in zip(chosen, results, strict=True):
            mine = http_wrk.run(app.url(page.path), args.duration, args.connections)
            base = http_wrk.run(bare.url("/"), args.duration, args.connections)
            ratio = mine.rps / base.rps if base.rps else 0.0
            result["rounds"].append(
                {"round": number, "app": mine.as_dict(), "bare": base.as_dict(), "ratio": ratio}
            )
            flag = "" if mine.valid and base.valid else "  (errors)"
            print(
                f"  round {number}/{args.rounds} {page.label:<18} {mine.rps:>9,.0f} req/s  p99 {mine.p99_ms:7.2f} ms"
                f"  bare {base.rps:>9,.0f} req/s  ratio {ratio:.2f}{flag}",
                flush=True,
            )
    return results


def bench_one(kind: str, claims: int, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Fill one database, drive its pages and measure its exports."""
    with scratch_database(kind, claims, workdir, args.postgres_url, args.keep) as url:
        print(f"\n== {kind}, {claims:,} claims: filling", flush=True)
        filled = fill(kind, url, claims, progress=not args.quick)
        print(f"filled in {filled.fill_s:.1f} s", flush=True)
        chosen, notes = pages(url, search_word())
        plans = explain_pages(url, [page.path for page in chosen])
        print(plans_table(plans), flush=True)
        profile = profile_pages(url, [page.path for page in chosen], requests=300 if args.quick else 3000)
        env = {"DATABASE_URL": url, "CLAIMS_INSTANCE_PATH": str(workdir / "instance")}
        with (
            Server("app", "app:app", env, workdir) as app,
            Server("bare", "bench.bare_app:app", env, workdir) as bare,
        ):
            chosen = resolve(app, chosen)
            print(f"serving with {app.workers} workers; driving {len(chosen)} pages", flush=True)
            driven = drive(chosen, app, bare, args)
            # max_requests in gunicorn.conf.py recycles workers; a restart mid-run shows in p99.
            restarts = app.boots() - app.workers
            notes.append(
                f"App workers restarted {restarts} times during the rounds (max_requests recycling)."
            )
        exports = []
        for path in EXPORTS:
            result = measure(path, url, env, workdir)
            exports.append(result.as_dict())
            print(
                f"  {path}: {result.rows:,} rows at {result.rows_per_s:,.0f} rows/s, peak {result.peak_mb:.1f} MB; "
                f"tool {result.tool_rows_per_s:,.0f} rows/s{'' if result.valid else '  INVALID ' + result.error}",
                flush=True,
            )
    run = {
        "kind": kind,
        "claims": claims,
        "fill_s": filled.fill_s,
        "rows": filled.rows,
        "notes": notes,
        "pages": driven,
        "exports": exports,
        "plans": plans_table(plans),
        "plans_ok": all(plan.uses_index for plan in plans),
        "profile": profile,
    }
    print(f"\n{page_table(run)}\n\n{export_table([run])}", flush=True)
    return run


def settings(args: argparse.Namespace) -> dict[str, str]:
    """Return the settings line items of RESULTS.md."""
    workers = configured_workers()
    return {
        "rounds": str(args.rounds),
        "wrk": f"`wrk -t2 -c{args.connections} -d{args.duration}s --timeout 10s --latency URL` per page and round",
        "gunicorn": f"`gunicorn -c gunicorn.conf.py --no-control-socket`, {workers} sync workers (WEB_CONCURRENCY), "
        "access log off; exports: 1 worker",
        "databases": ", ".join(args.databases),
        "claims": ", ".join(f"{n:,}" for n in args.claims),
    }


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C, so every server and scratch database is cleaned up."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def scratch_dir(keep: bool) -> Iterator[Path]:
    """Yield a temporary directory for SQLite files and logs, removed afterwards unless `keep`."""
    if keep:
        path = Path(tempfile.mkdtemp(prefix="claims-http-bench-"))
        yield path
        print(f"kept scratch directory {path}", flush=True)
        return
    with tempfile.TemporaryDirectory(prefix="claims-http-bench-") as tmp:
        yield Path(tmp)


def save_raw(path: Path, meta: dict[str, Any], runs: list[dict[str, Any]]) -> None:
    """Write the metadata and every round's numbers as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"meta": meta, "runs": runs}, indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report; return the process exit status."""
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    started = time.perf_counter()
    http_wrk.ensure_tool("wrk", "wrk")
    http_wrk.ensure_tool("sqlite3", "sqlite3")
    if "postgresql" in args.databases:
        http_wrk.ensure_tool("psql", "postgresql-client")
    now = datetime.now(UTC)
    meta: dict[str, Any] = {
        "date": now.strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "command": shlex.join(["python", "-m", "bench.http", *argv]),
        "machine": machine(args.postgres_url if "postgresql" in args.databases else None),
        "settings": settings(args),
    }
    raw = args.results_dir / f"http-{now.strftime('%Y%m%dT%H%M%SZ')}.json"
    runs: list[dict[str, Any]] = []
    try:
        with sigterm_as_interrupt(), scratch_dir(args.keep) as workdir:
            for kind in args.databases:
                for claims in args.claims:
                    runs.append(bench_one(kind, claims, args, workdir))
                    meta["wall_s"] = time.perf_counter() - started
                    save_raw(raw, meta, runs)
    except KeyboardInterrupt:
        # The context managers have stopped every server and removed every scratch database by now.
        print(f"\ninterrupted; finished runs are in {raw if runs else 'no file'}", file=sys.stderr)
        return 130
    meta["wall_s"] = time.perf_counter() - started
    save_raw(raw, meta, runs)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(meta, runs))
    print(f"\nwrote {args.output} and {raw} in {meta['wall_s']:.0f} s", flush=True)
    # Missed targets are findings; an invalid measurement (errors, a short export) is a failed run.
    invalid = [p["label"] for run in runs for p in run["pages"] if not summarise_page(p)["valid"]]
    invalid += [e["path"] for run in runs for e in run["exports"] if not e["valid"]]
    if invalid:
        print(f"invalid measurements: {', '.join(invalid)}", file=sys.stderr)
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
