"""CSV exports of claims, evidence and the summary.

claims.csv and evidence.csv are written by the database: one query builds each row's complete
CSV line from the columns in export_columns, and Python only joins the lines into chunks as
they stream in. summary.csv is a few dozen rows and is formatted in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from claims.models import Claim, Evidence, PublishedEvidence
from claims.services.csvcells import BOM, RowWriter
from claims.services.export_columns import (
    CLAIM_COLUMNS,
    EVIDENCE_COLUMNS,
    ExportColumn,
    claim_columns,
    evidence_columns,
)
from claims.services.export_floats import register_sqlite_functions
from claims.services.export_sql import TAG_SEPARATOR, Line
from claims.services.reports import (
    ClaimFilters,
    Summary,
    claim_export_joins,
    evidence_export_joins,
    filtered_claims,
)

__all__ = [
    "CLAIM_COLUMNS",
    "EVIDENCE_COLUMNS",
    "SUMMARY_COLUMNS",
    "TAG_SEPARATOR",
    "claim_csv",
    "claim_rows",
    "count_claims",
    "count_evidence",
    "csv_chunks",
    "evidence_csv",
    "summary_rows",
]

SUMMARY_COLUMNS = ("group", "value", "claims")
BATCH_SIZE = 1000
# Lines per fetch from the database, and so per chunk of the response: about half a megabyte.
FETCH_ROWS = 2000


def count_claims(session: Session, staff: bool, filters: ClaimFilters) -> int:
    """Return how many claims an export with these filters would hold."""
    return session.execute(
        select(func.count()).select_from(filtered_claims(staff, filters).subquery())
    ).scalar_one()


def count_evidence(session: Session, staff: bool, filters: ClaimFilters) -> int:
    """Return how many evidence rows an export with these filters would hold."""
    query = evidence_export_joins(staff, filters).with_only_columns(_evidence_key(staff))
    return session.execute(select(func.count()).select_from(query.subquery())).scalar_one()


def claim_csv(
    session: Session, staff: bool, filters: ClaimFilters, org_url: str, bom: bool = False
) -> Iterator[bytes]:
    """Yield claims.csv as UTF-8: the header, then chunks of lines in claim id order."""
    columns = claim_columns(staff, org_url)
    lines = claim_export_joins(staff, filters).with_only_columns(Line(*(c.cell for c in columns)))
    return _csv(session, columns, lines.order_by(Claim.id), bom)


def evidence_csv(session: Session, staff: bool, filters: ClaimFilters, bom: bool = False) -> Iterator[bytes]:
    """Yield evidence.csv as UTF-8: the header, then chunks of lines in evidence id order."""
    columns = evidence_columns(staff)
    lines = evidence_export_joins(staff, filters).with_only_columns(Line(*(c.cell for c in columns)))
    return _csv(session, columns, lines.order_by(_evidence_key(staff)), bom)


def _evidence_key(staff: bool) -> Any:
    """The evidence id rows are ordered by: the live row's, or for readers the one it was copied from."""
    return Evidence.id if staff else PublishedEvidence.evidence_id


def _csv(session: Session, columns: Sequence[ExportColumn], lines: Select, bom: bool) -> Iterator[bytes]:
    yield ((BOM if bom else "") + RowWriter().render([[c.name for c in columns]])).encode()
    yield from stream_lines(session, lines)


def stream_lines(session: Session, lines: Select, fetch: int | None = None) -> Iterator[bytes]:
    """Yield the one-column `lines` query's lines as UTF-8, `fetch` lines a chunk, as they stream in."""
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        register_sqlite_functions(connection.connection.driver_connection)
    # A server-side cursor on PostgreSQL; SQLite steps its statement only as rows are fetched.
    result = connection.execute(lines, execution_options={"yield_per": fetch or FETCH_ROWS})
    try:
        for part in result.scalars().partitions():
            yield b"".join(part) if sqlite else "".join(part).encode()
    finally:
        result.close()


def claim_rows(
    session: Session, staff: bool, filters: ClaimFilters, org_url: str, batch: int = BATCH_SIZE
) -> Iterator[tuple[Any, ...]]:
    """Yield claims.csv's values unformatted, in claim id order, one keyset batch in memory at a time."""
    values = [c.value for c in claim_columns(staff, org_url)]
    return _keyset(session, claim_export_joins(staff, filters).with_only_columns(*values), Claim.id, batch)


def _keyset(session: Session, query: Select, key: Any, batch: int) -> Iterator[tuple[Any, ...]]:
    """Yield the query's rows in `key` order, fetching `batch` rows after the last one seen."""
    last: Any = None
    while True:
        page = query if last is None else query.where(key > last)
        rows = session.execute(page.add_columns(key).order_by(key).limit(batch)).all()
        if not rows:
            return
        for row in rows:
            yield tuple(row[:-1])
        last = rows[-1][-1]


def summary_rows(summary: Summary) -> Iterator[tuple[Any, ...]]:
    """Yield summary.csv rows: group, value, number of claims."""
    for group, counts in summary.groups:
        for label, count in counts:
            yield (group, label, count)


def csv_chunks(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], bom: bool = False, chunk_rows: int = 500
) -> Iterator[str]:
    """Yield CSV text formatted in Python: optional BOM and header first, then chunks of rows."""
    writer = RowWriter()
    yield (BOM if bom else "") + writer.render([columns])
    pending: list[Sequence[Any]] = []
    for row in rows:
        pending.append(row)
        if len(pending) >= chunk_rows:
            yield writer.render(pending)
            pending.clear()
    if pending:
        yield writer.render(pending)
