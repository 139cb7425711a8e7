"""claims.csv export speed: Python-formatted rows (old), SQL-built lines (new), the database's CSV tool.

    python -m bench.export_speed --claims 100000 --databases sqlite postgresql --rounds 3

Fills a scratch SQLite file and a scratch PostgreSQL database with bench.generate (migrated and
analysed), then for readers and staff streams claims.csv through the Flask test client
with the export of OLD_REVISION (Python formats every cell) and with the current one, and has
`sqlite3 -csv` / `psql \\copy ... WITH CSV` write the same rows: the export query's raw values,
same joins, tags and evidence counts. Each export runs in a fresh process, which reports its peak
RSS. Rates are the best of --rounds, in rows per second of wall time. Scratch databases are removed.
"""

from __future__ import annotations

import argparse
import atexit
import csv
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# The last revision whose exports formatted every cell in Python (csvcells + csv.writer).
OLD_REVISION = "ef081d6521820bf3896c9ae2c3c7ad42c26dff44"
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SCRATCH_PG = "claims_export_speed"
ORG_URL = "https://factcheck.example/"


def _app(url: str) -> Any:
    from claims import create_app

    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "b" * 40, "TESTING": True, "ORG_URL": ORG_URL}
    )


def _old_exports() -> types.SimpleNamespace:
    """claim_csv() as OLD_REVISION wrote it, with that revision's reports module beside it."""
    root = Path(tempfile.mkdtemp(prefix="claims-old-export-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    for name in ("reports", "exports"):
        source = subprocess.run(  # noqa: S603  (fixed git arguments)
            ["git", "show", f"{OLD_REVISION}:claims/services/{name}.py"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (root / f"old_{name}.py").write_text(source.replace("claims.services.reports", "old_reports"))
    sys.path.insert(0, str(root))
    import old_exports  # type: ignore[import-not-found]

    def claim_csv(session: Any, staff: bool, filters: Any, org_url: str, bom: bool = False) -> Any:
        rows = old_exports.claim_rows(session, staff, filters, org_url)
        return old_exports.csv_chunks(old_exports.CLAIM_COLUMNS, rows, bom)

    return types.SimpleNamespace(claim_csv=claim_csv)


def measure(url: str, staff: bool, old: bool) -> dict[str, float]:
    """Stream claims.csv once through the test client; return rows, seconds and peak RSS."""
    app = _app(url)
    if old:
        import claims.export.views

        claims.export.views.exports = _old_exports()  # type: ignore[assignment]
    with app.app_context():
        client = app.test_client()
        if staff:
            from claims.extensions import db

            user_id, token = db.session.execute(
                text("SELECT id, session_token FROM users WHERE role = 'editor' ORDER BY id LIMIT 1")
            ).one()
            db.session.rollback()
            with client.session_transaction() as sess:
                sess.update(
                    {
                        "_user_id": str(user_id),
                        "_fresh": True,
                        "_session_token": token,
                        "_login_at": int(time.time()),
                    }
                )
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get("/export/claims.csv", buffered=False)
        lines = sum(chunk.count(b"\r\n") for chunk in response.iter_encoded())
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        response.close()
    return {"rows": lines - 1, "seconds": seconds, "cpu": cpu, "rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited from the forking parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure_in_child(url: str, staff: bool, old: bool) -> dict[str, float]:
    args = [sys.executable, "-m", "bench.export_speed", "--measure", url, "staff" if staff else "reader"]
    out = subprocess.run([*args, *(["--old"] if old else [])], capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(out.stdout.splitlines()[-1])


def raw_rows_sql(url: str, staff: bool) -> str:
    """The export query with each column's raw value instead of its cell, as literal SQL."""
    from claims.extensions import db
    from claims.models import Claim
    from claims.services.export_columns import claim_columns
    from claims.services.reports import ClaimFilters, claim_export_joins

    app = _app(url)
    with app.app_context():
        values = [c.value for c in claim_columns(staff, ORG_URL)]
        query = claim_export_joins(staff, ClaimFilters()).with_only_columns(*values).order_by(Claim.id)
        sql = str(query.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
        db.engine.dispose()
    return " ".join(sql.split())


def measure_tool(url: str, staff: bool) -> dict[str, float]:
    """Have sqlite3 -csv or psql \\copy write the same rows; return rows, seconds and CPU."""
    sql = raw_rows_sql(url, staff)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        command, stdin = ["sqlite3", "-csv", str(parsed.database)], sql + ";"
    else:
        conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        command, stdin = ["psql", conninfo, "-c", f"\\copy ({sql}) TO STDOUT WITH CSV"], ""
    with tempfile.TemporaryFile("w+", newline="") as out:
        before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(command, input=stdin, stdout=out, text=True, check=True)  # noqa: S603
        seconds, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
        out.seek(0)
        # Quoted fields may hold line breaks: count records with the csv module, not newlines.
        rows = sum(1 for _ in csv.reader(out))
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"rows": rows, "seconds": seconds, "cpu": cpu, "rss_mb": 0.0}


def _admin(statement: str) -> None:
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(statement))
    engine.dispose()


def run(urls: dict[str, str], rounds: int, old: bool) -> list[dict[str, Any]]:
    """Time every database and scope; return one result row each, best of `rounds`."""
    results = []
    for name, url in urls.items():
        for staff in (False, True):
            timings: dict[str, list[dict[str, float]]] = {"new": [], "tool": [], "old": []}
            for _ in range(rounds):
                timings["new"].append(_measure_in_child(url, staff, old=False))
                timings["tool"].append(measure_tool(url, staff))
                if old:
                    timings["old"].append(_measure_in_child(url, staff, old=True))
            best = {kind: min(runs, key=lambda r: r["seconds"]) for kind, runs in timings.items() if runs}
            results.append({"database": name, "scope": "staff" if staff else "reader", **best})
    return results


def report(results: list[dict[str, Any]]) -> None:
    """Print rows per second of wall time (CPU time in brackets for SQLite, where all work is ours)."""
    for r in results:
        rate = {k: r[k]["rows"] / r[k]["seconds"] for k in ("new", "tool", "old") if k in r}
        cpu = {k: r[k]["rows"] / r[k]["cpu"] for k in ("new", "tool", "old") if k in r}
        extra = f"  old {rate['old']:>9,.0f}" if "old" in rate else ""
        cpu_note = f" (cpu {cpu['new'] / cpu['tool']:.2f})" if r["database"] == "sqlite" else ""
        print(f"{r['database']:10} {r['scope']:6} {r['new']['rows']:>8} rows:{extra}  new {rate['new']:>9,.0f}"
              f"  tool {rate['tool']:>9,.0f}  new/tool {rate['new'] / rate['tool']:.2f}{cpu_note}"
              f"  peak RSS {r['new']['rss_mb']:.0f} MB", flush=True)  # fmt: skip
        assert r["new"]["rows"] == r["tool"]["rows"], (r["new"]["rows"], r["tool"]["rows"])


def main(argv: list[str] | None = None) -> None:
    """Build the scratch databases, time the exports and the tools, print the table, clean up."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument(
        "--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-old", action="store_true", help="Skip the old Python-formatting export.")
    parser.add_argument("--measure", nargs=2, metavar=("URL", "SCOPE"), help=argparse.SUPPRESS)
    parser.add_argument("--old", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure[0], args.measure[1] == "staff", args.old)))
        return
    from bench.generate import generate, prepare_empty

    with tempfile.TemporaryDirectory(prefix="claims-export-speed-") as tmp:
        urls = {}
        if "sqlite" in args.databases:
            urls["sqlite"] = f"sqlite:///{Path(tmp) / 'export.db'}"
        if "postgresql" in args.databases:
            urls["postgresql"] = (
                make_url(PG_ADMIN_URL).set(database=SCRATCH_PG).render_as_string(hide_password=False)
            )
        try:
            for url in urls.values():
                prepare_empty(url, reset=True)
                generate(url, args.claims, progress=False)
            report(run(urls, args.rounds, old=not args.no_old))
        finally:
            if "postgresql" in urls:
                _admin(f"DROP DATABASE IF EXISTS {SCRATCH_PG} WITH (FORCE)")


if __name__ == "__main__":
    main()
