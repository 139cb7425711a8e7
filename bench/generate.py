"""Generate a realistic archive of N claims, fast, for benchmarks at scale.

    python -m bench.generate --claims 100000 [--database-url URL] [--seed 1] [--reset] [--no-progress]

The schema comes from the real migrations; rows are then bulk-loaded with the database driver
(sqlite3 executemany, PostgreSQL COPY), chunk by chunk so memory stays flat. One article per ten
claims, ~70% of claims published, evidence, tags, corrections, comments and the history rows the
app itself would have written. Staff accounts are {role}NN@bench.example with BENCH_PASSWORD.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url

from bench import generate_text as T
from bench.generate_base import COLUMNS, Context, Rows
from bench.generate_load import open_loader, sqlite_path
from bench.generate_rows import BENCH_PASSWORD, chunks, generated_ahead, staff_rows
from claims import ROOT, create_app
from claims.config import database_url as normalise_url
from claims.extensions import db
from claims.services.ratings import install_default_scale

__all__ = [
    "BENCH_PASSWORD",
    "SEARCH_WORD",
    "GenerateError",
    "GenerateResult",
    "generate",
    "main",
    "prepare_empty",
]

SEARCH_WORD = T.SEARCH_WORD
CHUNK_CLAIMS = 5_000
# Below this many claims a search for SEARCH_WORD may rightly find nothing.
SEARCH_CHECK_MIN_CLAIMS = 1_000


class GenerateError(RuntimeError):
    """The target database cannot take a generated archive; the message says why."""


@dataclass
class GenerateResult:
    """What was generated: rows per table, seconds taken, and where."""

    database_url: str
    claims: int
    seed: int
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))
    search_hits: int = 0  # published claims on the first search page for SEARCH_WORD (at most 20)

    def summary(self) -> str:
        """Return the time taken and the rows per table, one line each."""
        total = sum(self.counts.values())
        lines = [
            f"{self.claims:,} claims (seed {self.seed}) in {self.seconds:.1f}s: "
            f"{total:,} rows, {total / max(self.seconds, 1e-9):,.0f} rows/s"
        ]
        lines += [f"  {table:<12}{count:>12,}" for table, count in self.counts.items()]
        return "\n".join(lines)


def default_url(claims: int) -> str:
    """Return the default target: instance/bench-N.db under the project root."""
    return "sqlite:///" + str(Path(ROOT) / "instance" / f"bench-{claims}.db")


def prepare_empty(database_url: str, reset: bool) -> None:
    """Make sure the target holds no tables: refuse, or with `reset` wipe it.

    :raises GenerateError: the database already holds tables and `reset` is false.
    """
    url = normalise_url(database_url, ROOT)
    if make_url(url).get_backend_name() == "sqlite":
        path = sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and _has_tables(url):
            if not reset:
                raise GenerateError(f"{path} already holds tables; pass --reset to delete it")
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        return
    _create_database_if_missing(url)
    if _has_tables(url):
        if not reset:
            raise GenerateError("the database already holds tables; pass --reset to drop them")
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def _create_database_if_missing(url: str) -> None:
    """Create the PostgreSQL database named in the URL, connecting to the server's `postgres` one."""
    target = make_url(url)
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            )
            if exists.first() is None:
                conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        engine.dispose()


def _has_tables(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                found = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'table'"))
            else:
                found = conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
            return bool(found.scalar_one())
    finally:
        engine.dispose()


def _app(url: str) -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "g" * 40, "TESTING": True})


@contextmanager
def _in_app(app: Flask) -> Iterator[None]:
    """Run inside the app's context, closing its session and connections however the block ends."""
    with app.app_context():
        try:
            yield
        finally:
            db.session.remove()
            db.engine.dispose()


def _require_empty(conn: Connection) -> None:
    for table in COLUMNS:
        if conn.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first():  # noqa: S608  (our own names)
            raise GenerateError(f"table {table} already holds rows; generate into an empty database")


def _levels(conn: Connection) -> tuple[tuple[int, str], ...]:
    """Return the active scale's current levels, installing the default scale if there is none."""
    query = text(
        "SELECT l.id, l.label FROM rating_levels l JOIN rating_scales s ON s.id = l.scale_id "
        "WHERE s.is_active AND NOT l.retired ORDER BY l.position"
    )
    levels = conn.execute(query).all()
    if not levels:
        install_default_scale(conn)
        levels = conn.execute(query).all()
    return tuple((int(level_id), str(label)) for level_id, label in levels)


def _reporter(claims: int, progress: bool) -> tuple[Callable[[int], None], Callable[[], None]]:
    """Return (advance by n claims, close): a click progress bar, or a line per chunk."""
    if progress:
        bar = click.progressbar(length=claims, label="Generating claims", show_pos=True)
        bar.__enter__()
        return bar.update, lambda: bar.__exit__(None, None, None)
    started, done = time.perf_counter(), [0]

    def advance(n: int) -> None:
        done[0] += n
        print(f"  {done[0]:>10,} / {claims:,} claims  {time.perf_counter() - started:7.1f}s", flush=True)

    return advance, lambda: None


def generate(
    database_url: str, claims: int, seed: int = 1, progress: bool = True, *, migrate: bool = True
) -> GenerateResult:
    """Migrate the database (a no-op at head) and fill its empty tables with `claims` claims.

    :raises GenerateError: a table the generator writes already holds rows.
    """
    if claims < 1:
        raise GenerateError("generate at least one claim")
    url = normalise_url(database_url, ROOT)
    result, started = GenerateResult(url, claims, seed), time.perf_counter()
    if make_url(url).get_backend_name() == "sqlite":
        sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
    app = _app(url)
    with _in_app(app):
        if migrate:
            upgrade()
        with db.engine.begin() as conn:
            _require_empty(conn)
            levels = _levels(conn)
    fixed, reviewers, editors = staff_rows(seed)
    tag_ids = {name: i for i, name in enumerate(T.tag_names(), start=1)}
    fixed["tags"] = [(tag_id, name) for name, tag_id in tag_ids.items()]
    ctx = Context(claims, seed, reviewers, editors, levels, tag_ids)
    _load(url, ctx, fixed, result, progress)
    with _in_app(app):
        _recount()
        result.search_hits = _check_search(claims)
    result.seconds = time.perf_counter() - started
    return result


def _load(url: str, ctx: Context, fixed: Rows, result: GenerateResult, progress: bool) -> None:
    """Write the fixed rows, then the claims chunk by chunk, then the index."""
    loader = open_loader(url)
    advance, close = _reporter(ctx.claims, progress)
    try:
        loader.begin()
        loader.write(fixed)
        _count(result, fixed)
        for rows in generated_ahead(chunks(ctx, CHUNK_CLAIMS)):
            loader.write(rows)
            _count(result, rows)
            advance(len(rows["claims"]))
        loader.finish()
    finally:
        close()
        loader.close()


def _count(result: GenerateResult, rows: Rows) -> None:
    for table, items in rows.items():
        result.counts[table] += len(items)


def _recount() -> None:
    """Write missing snapshots, recount the app's running tallies and bump its publication counter, as `flask recount` does.

    Rows written around the ORM bypass the commit hooks that keep them; schemas before
    migration 0004 have neither, so this does nothing there.
    """
    from claims.services import publication

    rebuild = getattr(publication, "rebuild_tallies", None)
    if rebuild is None:
        return
    from claims.models.public_changes import mark_public_change

    # Readers see a published verdict through its snapshot (migration 0007), which the app
    # writes on approval; the verdicts loaded here get theirs as `flask recount` gives them.
    try:
        from claims.services.snapshots import write_missing_snapshots
    except ImportError:
        written = 0
    else:
        written = write_missing_snapshots(db.session)
    rebuild(db.session)
    mark_public_change(db.session)
    db.session.commit()
    if written:
        _settle_snapshot_tables()


SNAPSHOT_TABLES = ("published_snapshots", "published_evidence", "published_snapshot_tags", "published_fts")


def _settle_snapshot_tables() -> None:
    """Give the snapshot tables what the loader gave the tables it wrote: statistics and, on
    PostgreSQL, the visibility map autovacuum would have set on a live archive."""
    if db.engine.dialect.name != "postgresql":
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM (ANALYZE) " + ", ".join(SNAPSHOT_TABLES))


def _check_search(claims: int) -> int:
    """Search through the app's own service, as a reader would; return the first page's size.

    :raises GenerateError: a large archive where the search word finds nothing (the index is broken).
    """
    from claims.services.search import ClaimFilters, search_claims

    hits = len(search_claims(db.session, ClaimFilters(q=SEARCH_WORD)).items)
    if hits == 0 and claims >= SEARCH_CHECK_MIN_CLAIMS:
        raise GenerateError(
            f"searching for {SEARCH_WORD!r} found nothing: the full-text index was not filled"
        )
    return hits


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line, prepare the target and generate."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, required=True, help="how many claims to generate")
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: sqlite file instance/bench-N.db)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same archive")
    parser.add_argument("--reset", action="store_true", help="wipe a target that already holds tables")
    parser.add_argument("--no-progress", action="store_true", help="print a line per chunk instead of a bar")
    args = parser.parse_args(argv)
    url = args.database_url or default_url(args.claims)
    try:
        prepare_empty(url, args.reset)
        result = generate(url, args.claims, args.seed, progress=not args.no_progress)
    except GenerateError as error:
        parser.exit(1, f"error: {error}\n")
    print(result.summary())


if __name__ == "__main__":
    main()
