"""Query plans of every public page: does each statement reach its rows through an index?

    python -m bench.plans --database-url URL [PATH ...]

Without paths, the pages the HTTP benchmark drives are chosen from the database (bench.http_databases).

Each path is requested through the app (public cache off, so the database is asked); every
statement it runs is explained by the database itself (`EXPLAIN QUERY PLAN` on SQLite,
`EXPLAIN (FORMAT JSON)` on PostgreSQL) with the same parameters. A statement "uses an index"
unless its plan reads one of the archive's tables whole: SQLite's `SCAN <table>` with no index,
or PostgreSQL's `Seq Scan`. An ordered walk of an index under a LIMIT (SQLite's `SCAN ... USING
INDEX`) counts as using it. The small tables (users, rating levels and scales, tallies, the
site row, topics) are read whole by design and are not judged.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event

# Tables that grow with the archive; a whole read of any other table is cheap at every size.
# Topics (tags) are not among them: a newsroom has hundreds, not one per claim (the generator
# makes 200 at any size), and PostgreSQL rightly hashes such a table rather than probing it.
ARCHIVE_TABLES = frozenset(
    {
        "claims",
        "verdicts",
        "evidence",
        "corrections",
        "claim_tags",
        "articles",
        "revisions",
        "comments",
        # What readers see of each published verdict (migration 0007), one or more rows per verdict.
        "published_snapshots",
        "published_evidence",
        "published_snapshot_tags",
        "published_fts",
    }
)
_SQLITE_SCAN = re.compile(r"^SCAN (\w+)(?: AS \w+)?$")


@dataclass(frozen=True)
class Plan:
    """One statement a page ran, its plan in one line, and the archive tables it reads whole."""

    path: str
    statement: str
    plan: str
    full_scans: tuple[str, ...]

    @property
    def uses_index(self) -> bool:
        return not self.full_scans


def _sqlite_plan(conn: Any, statement: str, parameters: Any) -> tuple[str, tuple[str, ...]]:
    rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    details = [row[3] for row in rows]
    scans = tuple(
        m.group(1) for d in details if (m := _SQLITE_SCAN.match(d)) and m.group(1) in ARCHIVE_TABLES
    )
    return "; ".join(details), scans


def _postgres_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(n for child in node.get("Plans", []) for n in _postgres_nodes(child))]


def _postgres_plan(conn: Any, statement: str, parameters: Any) -> tuple[str, tuple[str, ...]]:
    raw = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar_one()
    document = raw if isinstance(raw, list) else json.loads(raw)
    nodes = _postgres_nodes(document[0]["Plan"])
    described = [
        f"{n['Node Type']}" + (f" on {n['Relation Name']}" if "Relation Name" in n else "") for n in nodes
    ]
    scans = tuple(
        n["Relation Name"]
        for n in nodes
        if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in ARCHIVE_TABLES
    )
    return "; ".join(described), scans


def explain_pages(database_url: str, paths: list[str]) -> list[Plan]:
    """Request each path through the app and explain every SELECT it ran."""
    from claims import create_app
    from claims.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "p" * 40,
            "TESTING": True,
            "PUBLIC_CACHE": False,
        }
    )
    plans: list[Plan] = []
    with app.app_context():
        seen: list[tuple[str, Any]] = []

        def capture(
            _conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool
        ) -> None:
            if statement.lstrip().upper().startswith("SELECT"):
                seen.append((statement, parameters))

        client = app.test_client()
        explain = _postgres_plan if db.engine.dialect.name == "postgresql" else _sqlite_plan
        for path in paths:
            seen.clear()
            event.listen(db.engine, "before_cursor_execute", capture)
            try:
                response = client.get(path)
                if response.status_code == 301:  # /claims/<id> goes to its canonical address first
                    seen.clear()
                    response = client.get(response.headers["Location"])
                status = response.status_code
            finally:
                event.remove(db.engine, "before_cursor_execute", capture)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            with db.engine.connect() as conn:
                for statement, parameters in seen:
                    plan, scans = explain(conn, statement, parameters)
                    plans.append(Plan(path, " ".join(statement.split())[:160], plan, scans))
        db.engine.dispose()
    return plans


def plans_table(plans: list[Plan]) -> str:
    """Return a markdown table: one row per page, statements run, and any whole-table reads."""
    lines = [
        "| Page | Statements | Every statement uses an index | Tables read whole |",
        "| --- | --- | --- | --- |",
    ]
    by_page: dict[str, list[Plan]] = {}
    for plan in plans:
        by_page.setdefault(plan.path, []).append(plan)
    for path, page in by_page.items():
        scans = sorted({t for p in page for t in p.full_scans})
        ok = "yes" if not scans else "**no**"
        lines.append(f"| `{path[:70]}` | {len(page)} | {ok} | {', '.join(scans) or '-'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the plans of the given pages and exit 1 if any statement reads an archive table whole."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    paths = args.paths
    if not paths:
        from bench.http_databases import pages, search_word

        paths = [page.path for page in pages(args.database_url, search_word())[0]]
    plans = explain_pages(args.database_url, paths)
    print(plans_table(plans))
    for plan in plans:
        if not plan.uses_index:
            print(f"\n{plan.path}: {plan.statement}\n  {plan.plan}")
    return 0 if all(p.uses_index for p in plans) else 1


if __name__ == "__main__":
    raise SystemExit(main())
