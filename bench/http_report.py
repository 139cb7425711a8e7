"""RESULTS.md for the HTTP benchmark: medians, tables and the pass/fail targets."""

from __future__ import annotations

import statistics
from typing import Any

RATIO_PAGES = (
    "/",
    "/claims",
    "/claims/<id>",
    "/articles/<id>",
    "/api/v1/claims",
    "/feed.atom",
    "/claimreview.json",
)
MIN_RATIO = 0.5
MIN_SEARCH_RATIO = 0.3
MIN_DEEP_SHARE = 0.9
MAX_P99_MS = 50.0
MAX_PG_SLOWDOWN = 1.25
MIN_EXPORT_RATIO = 0.5
MAX_EXPORT_MB = 100.0

HOW_TO_READ = """\
Every figure is the median over the rounds. A round drives each page with wrk and, straight
after, the bare Flask route under the same gunicorn settings; "ratio to bare" divides the two
numbers of the same round before taking the median. The machine is shared and its speed drifts,
so compare ratios measured in one run rather than absolute req/s across runs. p50/p99 come from
wrk's latency distribution. A page marked with errors had non-2xx responses or socket errors in
some round, and fails its targets. Exports are one download each through a fresh one-worker
gunicorn; "peak MB" is that worker's VmHWM afterwards (its resident size before the download is
in the idle column), and "tool" is sqlite3 or psql writing the same rows as CSV to /dev/null.
PostgreSQL is compared with SQLite through each one's ratio to bare, because the two databases are
driven minutes apart; the raw req/s comparison is shown next to it."""

# What was done for the page targets, with what each step measured; kept here so every report
# carries it next to the figures it explains.
TRIED = """Every page is served from the publication cache after its first request (claims/public/caching.py),
so the pages' req/s measure a cache hit: the WSGI and Flask request cycle, one read of the
publication counter, one cache lookup and the response hooks. Steps taken, measured in-process
on 20,000 claims (bench.profile_hit; a bare Flask route took 0.10 ms a request):

- rendering every request (no cache): 10 to 60 ms a request, growing with the page;
- cache hit, counter read through the ORM session: 0.50 ms;
- hit found before every other request hook (rate limiter included), counter read as plain SQL: 0.32 ms;
- counter read on a held autocommit connection straight through the driver: 0.22 ms on SQLite,
  0.37 ms on PostgreSQL, where the read is a network round trip to the server.

What is left on a hit is Flask's own request cycle (context push and pop, opening the session
cookie, the after-request hooks that set the security headers and ETag) and, on PostgreSQL, the
round trip for the counter. The next step for PostgreSQL is LISTEN/NOTIFY: each worker keeps the
counter in memory and PostgreSQL tells it when a publication commits, so a hit asks the database
nothing; for several servers on Redis, keeping the counter in Redis beside the pages does the same.

Exports: the first version formatted every cell in Python (csv module): 12,000 to 21,000 rows/s
at 100,000 claims. Each CSV line is now built by the database from one definition per column
(claims/services/export_columns.py) and Python only joins the lines: 0.6 to 0.9 of sqlite3 -csv
and psql for claims.csv. On PostgreSQL, COPY (SELECT line ...) TO STDOUT was tried and measured
slower than a server-side cursor over the built lines (29,900 against 33,800 rows/s), since COPY
escapes or re-quotes the finished lines. evidence.csv on PostgreSQL stays near 0.3 of psql's
`\\copy`: psql writes the raw columns while the export makes PostgreSQL format, neutralise and
quote every cell of the wider evidence rows (URLs, passages) in SQL, and that per-cell work is
where its time goes; a `COPY ... (FORMAT csv)` of neutralised columns with the line ends fixed
in Python is the next thing to measure."""


def summarise_page(page: dict[str, Any]) -> dict[str, Any]:
    """Return the medians over rounds of one page's app and bare numbers."""
    rounds = page["rounds"]

    def median(side: str, key: str) -> float:
        return float(statistics.median(r[side][key] for r in rounds))

    return {
        "label": page["label"],
        "path": page["path"],
        "rps": median("app", "rps"),
        "p50_ms": median("app", "p50_ms"),
        "p99_ms": median("app", "p99_ms"),
        "ratio": float(statistics.median(r["ratio"] for r in rounds)),
        "bare_rps": median("bare", "rps"),
        "non_2xx": sum(r["app"]["non_2xx"] for r in rounds),
        "socket_errors": sum(r["app"]["socket_errors"] for r in rounds),
        "bare_errors": sum(r["bare"]["non_2xx"] + r["bare"]["socket_errors"] for r in rounds),
        "valid": all(r["app"]["valid"] and r["bare"]["valid"] for r in rounds),
    }


def _errors(s: dict[str, Any]) -> str:
    if s["valid"]:
        return "-"
    return f"INVALID: {s['non_2xx']} non-2xx, {s['socket_errors']} socket, {s['bare_errors']} on bare"


def page_table(run: dict[str, Any]) -> str:
    """Return the markdown table of one database x size."""
    lines = [
        "| page | req/s | p50 ms | p99 ms | ratio to bare | bare req/s | errors |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for page in run["pages"]:
        s = summarise_page(page)
        lines.append(
            f"| `{s['label']}` | {s['rps']:,.0f} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f} | "
            f"{s['ratio']:.2f} | {s['bare_rps']:,.0f} | {_errors(s)} |"
        )
    return "\n".join(lines)


def export_table(runs: list[dict[str, Any]]) -> str:
    """Return the markdown table of every export measured."""
    lines = [
        "| database | claims | export | rows | MB | rows/s | peak MB | idle MB | tool rows/s | ratio | note |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        for e in run["exports"]:
            note = "-" if e["valid"] else _export_problem(e)
            lines.append(
                f"| {run['kind']} | {run['claims']:,} | `{e['path']}` | {e['rows']:,} | "
                f"{e['megabytes']:.1f} | {e['rows_per_s']:,.0f} | {e['peak_mb']:.1f} | "
                f"{e['idle_mb']:.1f} | {e['tool_rows_per_s']:,.0f} | {e['ratio']:.2f} | {note} |"
            )
    return "\n".join(lines)


def _export_problem(e: dict[str, Any]) -> str:
    if e["error"]:
        return "FAILED: " + e["error"].splitlines()[0].replace("|", "/")
    return f"INVALID: {e['rows']:,} rows, the database has {e['expected_rows']:,}"


def _check(name: str, run: dict[str, Any], value: str, ok: bool) -> dict[str, Any]:
    """Return one target's outcome on one run."""
    return {"target": name, "database": run["kind"], "claims": run["claims"], "value": value, "pass": ok}


def _run_checks(run: dict[str, Any]) -> list[dict[str, Any]]:
    """Evaluate the targets that concern one database x size."""
    pages = {p["label"]: summarise_page(p) for p in run["pages"]}
    checks = []
    for label in RATIO_PAGES:
        s = pages[label]
        ok = s["valid"] and s["ratio"] >= MIN_RATIO
        checks.append(_check(f"`{label}` ratio >= {MIN_RATIO}", run, f"{s['ratio']:.2f}", ok))
    deep, first = pages["/claims deep"], pages["/claims"]
    share = deep["rps"] / first["rps"] if first["rps"] else 0.0
    ok = deep["valid"] and first["valid"] and share >= MIN_DEEP_SHARE
    checks.append(_check(f"`/claims` deep >= {MIN_DEEP_SHARE} x page 1 req/s", run, f"{share:.2f}", ok))
    search = pages["/claims?q="]
    ok = search["valid"] and search["ratio"] >= MIN_SEARCH_RATIO
    checks.append(_check(f"search ratio >= {MIN_SEARCH_RATIO}", run, f"{search['ratio']:.2f}", ok))
    for s in pages.values():
        ok = s["valid"] and s["p99_ms"] < MAX_P99_MS
        checks.append(_check(f"`{s['label']}` p99 < {MAX_P99_MS:.0f} ms", run, f"{s['p99_ms']:.1f} ms", ok))
    if "plans_ok" in run:
        verdict = "yes" if run["plans_ok"] else "no: see the plans table"
        checks.append(_check("every public statement uses an index", run, verdict, run["plans_ok"]))
    for e in run["exports"]:
        ok = e["valid"] and e["ratio"] >= MIN_EXPORT_RATIO
        checks.append(
            _check(f"`{e['path']}` >= {MIN_EXPORT_RATIO} x tool rows/s", run, f"{e['ratio']:.2f}", ok)
        )
        ok = e["valid"] and e["peak_mb"] < MAX_EXPORT_MB
        checks.append(
            _check(f"`{e['path']}` peak < {MAX_EXPORT_MB:.0f} MB", run, f"{e['peak_mb']:.1f} MB", ok)
        )
    return checks


def _postgres_checks(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """PostgreSQL throughput against SQLite's on every page, where both ran at the same size.

    The two databases are driven minutes apart on a shared machine, so each side's req/s is taken
    relative to its own bare route (the ratio) before comparing; raw req/s are shown alongside.
    """
    checks = []
    sqlite = {run["claims"]: run for run in runs if run["kind"] == "sqlite"}
    for run in runs:
        other = sqlite.get(run["claims"])
        if run["kind"] != "postgresql" or other is None:
            continue
        base = {p["label"]: summarise_page(p) for p in other["pages"]}
        for page in run["pages"]:
            s, b = summarise_page(page), base[page["label"]]
            slowdown = b["ratio"] / s["ratio"] if s["ratio"] else float("inf")
            raw = b["rps"] / s["rps"] if s["rps"] else float("inf")
            ok = s["valid"] and b["valid"] and slowdown <= MAX_PG_SLOWDOWN
            name = f"`{s['label']}` PostgreSQL within {MAX_PG_SLOWDOWN}x of SQLite"
            checks.append(_check(name, run, f"{slowdown:.2f}x (raw req/s {raw:.2f}x)", ok))
    return checks


def targets(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evaluate every target on every run; an invalid measurement fails."""
    return [check for run in runs for check in _run_checks(run)] + _postgres_checks(runs)


def targets_table(checks: list[dict[str, Any]]) -> str:
    """Return the targets as a markdown table, with a count of failures first."""
    failed = sum(not c["pass"] for c in checks)
    lines = [
        f"{len(checks) - failed} of {len(checks)} targets pass.",
        "",
        "| target | database | claims | value | result |",
        "|---|---|---:|---:|---|",
    ]
    for c in checks:
        lines.append(
            f"| {c['target']} | {c['database']} | {c['claims']:,} | {c['value']} | "
            f"{'pass' if c['pass'] else '**FAIL**'} |"
        )
    return "\n".join(lines)


def run_section(run: dict[str, Any]) -> str:
    """Return the heading, fill time, page choices and table of one database x size."""
    rows = ", ".join(f"{count:,} {table}" for table, count in run["rows"].items() if count)
    head = f"### {run['kind']}, {run['claims']:,} claims\n\nFilled by bench.generate in {run['fill_s']:.1f} s: {rows}."
    paths = "\n".join(f"- `{page['label']}`: `{page['path']}`" for page in run["pages"])
    notes = "\n".join(f"- {note}" for note in run["notes"])
    plans = ""
    if "plans" in run:
        plans = f"\n\nQuery plans of these pages (bench.plans: every statement explained by the database):\n\n{run['plans']}"
    if "profile" in run:
        plans += f"\n\nWhere the time goes (bench.profile_hit):\n\n{run['profile']}"
    return f"{head}\n\nPages driven:\n\n{paths}\n\n{notes}\n\n{page_table(run)}{plans}"


def render(meta: dict[str, Any], runs: list[dict[str, Any]]) -> str:
    """Return the whole RESULTS.md text."""
    machine = "\n".join(f"- {key}: {value}" for key, value in meta["machine"].items())
    settings = "\n".join(f"- {key}: {value}" for key, value in meta["settings"].items())
    sections = "\n\n".join(run_section(run) for run in runs)
    return f"""# HTTP and export benchmark

Generated by `bench/http.py` on {meta["date"]} at commit {meta["commit"]}.

Command: `{meta["command"]}` (total wall time {meta["wall_s"]:.0f} s)

## Machine

{machine}

## Settings

{settings}

## How to read the numbers

{HOW_TO_READ}

## What was tried for the page targets

{TRIED}

## Pages

{sections}

## Exports

{export_table(runs)}

## Targets

{targets_table(targets(runs))}
"""
