"""Scratch databases for the HTTP benchmark, and the concrete pages to drive in each."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from sqlalchemy import ColumnElement, create_engine, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from claims.models import Claim, PublishedEvidence, PublishedSnapshot, Verdict, VerdictState
from claims.services.publication import published_claims
from claims.services.search import encode_cursor, parse_filters, search_claims

DEEP_ROW = 40_000


@dataclass(frozen=True)
class Scratch:
    """A filled scratch database: its SQLAlchemy URL, kind, size and how long the fill took."""

    kind: str
    claims: int
    url: str
    fill_s: float
    rows: dict[str, int]


@dataclass(frozen=True)
class Page:
    """A page to drive: a short label for tables and its concrete path."""

    label: str
    path: str


def libpq_url(url: str | URL) -> str:
    """Return a SQLAlchemy PostgreSQL URL as a libpq URI psycopg and psql accept."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _admin(server_url: str, statement: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
    import psycopg

    with psycopg.connect(libpq_url(server_url), autocommit=True) as conn:
        conn.execute(statement)  # type: ignore[arg-type]


@contextmanager
def scratch_database(kind: str, claims: int, workdir: Path, server_url: str, keep: bool) -> Iterator[str]:
    """Yield the URL of a new empty database, dropped afterwards unless `keep`."""
    if kind == "sqlite":
        path = workdir / f"bench-{claims}.db"
        path.unlink(missing_ok=True)
        yield f"sqlite:///{path}"
        return
    name = f"claims_bench_{claims}"
    # A database left by an earlier --keep run would skew the fill; start from nothing.
    _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        if keep:
            print(f"kept PostgreSQL database {name}", flush=True)
        else:
            _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fill(kind: str, url: str, claims: int, progress: bool) -> Scratch:
    """Fill an empty database with bench.generate; time it and keep its row counts."""
    from bench.generate import generate

    started = time.perf_counter()
    result = generate(url, claims, seed=1, progress=progress)
    seconds = time.perf_counter() - started
    return Scratch(kind=kind, claims=claims, url=url, fill_s=seconds, rows=dict(result.counts))


def search_word() -> str:
    """Return the word the generator puts in a few percent of claims."""
    from bench.generate import SEARCH_WORD

    return SEARCH_WORD


def list_order() -> tuple[ColumnElement[Any], ...]:
    """Return the public list's newest-first order: its moment column, then verdict id."""
    # The app sorts on a stored listed_at where the schema has one, else on the expression it replaced.
    listed = getattr(Verdict, "listed_at", None)
    moment = listed if listed is not None else func.coalesce(Verdict.published_at, Verdict.created_at)
    return moment.desc(), Verdict.id.desc()


def deep_cursor(session: Session) -> tuple[str, str]:
    """Return (cursor, description) for the list page after row 40,000 (or the middle).

    :raises RuntimeError: the app's list does not continue with the row after it (the order changed).
    """
    published = select(Verdict).where(Verdict.state == VerdictState.PUBLISHED)
    total = session.scalar(select(func.count()).select_from(published.subquery())) or 0
    if total < 2:
        raise RuntimeError(f"{total} published verdicts: too few to page through")
    # The row must leave a page after it; small databases use the middle of the list instead.
    row = DEEP_ROW if total > DEEP_ROW else total // 2
    ordered = published.order_by(*list_order())
    verdict, following = session.execute(ordered.offset(row - 1).limit(2)).scalars().all()
    cursor = encode_cursor(verdict)
    # The app's own search must agree, or the page measured would not be the one this claims to be.
    shown = search_claims(session, parse_filters({}), cursor, limit=1).items
    if not shown or shown[0][1].id != following.id:
        raise RuntimeError(f"the list after row {row} starts with {shown[:1]}, not verdict {following.id}")
    note = f"after row {row:,} of {total:,} published"
    if row != DEEP_ROW:
        note += " (the middle: fewer than 40,001 published)"
    return cursor, note


def claim_with_evidence(session: Session) -> tuple[int, int | None]:
    """Return (claim id, article id) of a published claim with public evidence, from mid-table."""
    middle = (session.scalar(select(func.max(Claim.id))) or 0) // 2
    query = (
        published_claims()
        .join(PublishedEvidence, PublishedEvidence.verdict_id == Verdict.id)
        .where(PublishedSnapshot.article_id.is_not(None))
        .with_only_columns(Claim.id, PublishedSnapshot.article_id)
        .order_by(Claim.id)
        .limit(1)
    )
    row = session.execute(query.where(Claim.id >= middle)).first() or session.execute(query).first()
    if row is None:
        raise RuntimeError("no published claim with public evidence and an article")
    return int(row[0]), row[1]


def pages(url: str, word: str) -> tuple[list[Page], list[str]]:
    """Return the pages to drive in this database, and notes on how they were chosen."""
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            cursor, deep_note = deep_cursor(session)
            claim_id, article_id = claim_with_evidence(session)
    finally:
        engine.dispose()
    chosen = [
        Page("/", "/"),
        Page("/claims", "/claims"),
        Page("/claims deep", f"/claims?after={cursor}"),
        Page("/claims?q=", f"/claims?q={quote(word)}"),
        Page("/claims/<id>", f"/claims/{claim_id}"),
        Page("/articles/<id>", f"/articles/{article_id}"),
        Page("/api/v1/claims", "/api/v1/claims"),
        Page("/feed.atom", "/feed.atom"),
        Page("/claimreview.json", "/claimreview.json"),
    ]
    notes = [
        f"`/claims deep` lists the page {deep_note}.",
        "`/claims/<id>` is a published claim with public evidence; `/articles/<id>` is its article.",
    ]
    return chosen, notes


def canonical(location: str) -> str:
    """Return the path (and query) of a redirect's Location header."""
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")
