"""CSV exports of claims, evidence and the summary: rows fetched in keyset batches, streamed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from claims.models import Claim, ClaimStatus, Evidence, Tag, claim_tags
from claims.services.csvcells import BOM, RowWriter
from claims.services.publication import public_evidence_condition, published_claims
from claims.services.reports import ClaimFilters, Summary, claim_export_query, filtered_claims

BATCH_SIZE = 1000

# The stable column order of claims.csv; the README lists it, and the CSV import reads it.
CLAIM_COLUMNS = (
    "claim_id",
    "article_id",
    "restated_claim",
    "quote",
    "claimant",
    "claim_date",
    "article_headline",
    "article_outlet",
    "article_url",
    "appearance_url",
    "status",
    "rating",
    "rating_value",
    "conclusion",
    "author",
    "approver",
    "published_at",
    "updated_at",
    "evidence_count",
    "tags",
    "public_url",
    "rated_by",
    "external_rating",
    "external_review_url",
)

EVIDENCE_COLUMNS = (
    "claim_id",
    "evidence_id",
    "url",
    "title",
    "publisher",
    "published_on",
    "accessed_on",
    "passage",
    "stance",
    "primary_source",
    "reference_value",
    "reference_unit",
    "reference_year",
    "added_at",
    "withdrawn_at",
    "withdrawn_reason",
)

SUMMARY_COLUMNS = ("group", "value", "claims")

TAG_SEPARATOR = "; "


def count_claims(session: Session, staff: bool, filters: ClaimFilters) -> int:
    """Return how many claims an export with these filters would hold."""
    return session.execute(
        select(func.count()).select_from(filtered_claims(staff, filters).subquery())
    ).scalar_one()


def count_evidence(session: Session, staff: bool, filters: ClaimFilters) -> int:
    """Return how many evidence rows an export with these filters would hold."""
    return session.execute(
        select(func.count()).select_from(_evidence_query(staff, filters).subquery())
    ).scalar_one()


def claim_rows(
    session: Session, staff: bool, filters: ClaimFilters, org_url: str, batch: int = BATCH_SIZE
) -> Iterator[tuple[Any, ...]]:
    """Yield claims.csv rows in claim id order, one keyset batch in memory at a time."""
    base = claim_export_query(staff, filters)
    public_root = org_url.rstrip("/")
    last_id = 0
    while True:
        rows = session.execute(base.where(Claim.id > last_id).order_by(Claim.id).limit(batch)).all()
        if not rows:
            return
        ids = [row.claim_id for row in rows]
        tags = _tags_by_claim(session, ids)
        counts = _evidence_counts(session, staff, ids)
        for row in rows:
            if staff:
                updated = max(t for t in (row.claim_updated_at, row.verdict_updated_at) if t is not None)
                status = ClaimStatus(row.status)
            else:
                # A reader's row is the published verdict; internal edits to the claim are not news.
                updated, status = row.verdict_updated_at, ClaimStatus.PUBLISHED
            yield (
                row.claim_id,
                row.article_id,
                row.restated,
                row.quote,
                row.claimant,
                row.claimed_on,
                row.headline,
                row.outlet,
                row.article_url,
                row.appearance_url,
                status.value,
                row.rating,
                row.rating_value,
                row.conclusion,
                row.author,
                row.approver,
                row.published_at,
                updated,
                counts.get(row.claim_id, 0),
                TAG_SEPARATOR.join(tags.get(row.claim_id, [])),
                f"{public_root}/claims/{row.claim_id}",
                row.external_publisher,
                row.external_rating,
                row.external_url,
            )
        last_id = ids[-1]


def _tags_by_claim(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {}
    query = (
        select(claim_tags.c.claim_id, Tag.name)
        .join(Tag, Tag.id == claim_tags.c.tag_id)
        .where(claim_tags.c.claim_id.in_(ids))
        .order_by(claim_tags.c.claim_id, Tag.name)
    )
    for claim_id, name in session.execute(query):
        tags.setdefault(claim_id, []).append(name)
    return tags


def _evidence_counts(session: Session, staff: bool, ids: list[int]) -> dict[int, int]:
    """Count each claim's standing evidence (readers: only what its published verdict was approved with)."""
    if staff:
        query = select(Evidence.claim_id, func.count()).where(Evidence.withdrawn_at.is_(None))
    else:
        query = (
            published_claims()
            .join(Evidence, Evidence.claim_id == Claim.id)
            .where(public_evidence_condition())
            .with_only_columns(Evidence.claim_id, func.count())
        )
    query = query.where(Evidence.claim_id.in_(ids)).group_by(Evidence.claim_id)
    return {claim_id: count for claim_id, count in session.execute(query)}


def _evidence_query(staff: bool, filters: ClaimFilters) -> Select:
    query = filtered_claims(staff, filters).join(Evidence, Evidence.claim_id == Claim.id)
    if not staff:
        query = query.where(public_evidence_condition())
    return query.with_only_columns(Evidence)


def evidence_rows(
    session: Session, staff: bool, filters: ClaimFilters, batch: int = BATCH_SIZE
) -> Iterator[tuple[Any, ...]]:
    """Yield evidence.csv rows in evidence id order (readers: never withdrawn evidence)."""
    base = _evidence_query(staff, filters)
    last_id = 0
    while True:
        items = (
            session.execute(base.where(Evidence.id > last_id).order_by(Evidence.id).limit(batch))
            .scalars()
            .all()
        )
        if not items:
            return
        for ev in items:
            yield (
                ev.claim_id,
                ev.id,
                ev.url,
                ev.title,
                ev.publisher,
                ev.published_on,
                ev.accessed_on,
                ev.passage,
                ev.stance.value,
                ev.is_primary,
                ev.reference_value,
                ev.reference_unit,
                ev.reference_year,
                ev.created_at,
                ev.withdrawn_at if staff else None,
                ev.withdrawn_reason if staff else None,
            )
        last_id = items[-1].id
        # Loaded evidence would otherwise pile up in the identity map for the whole export.
        for ev in items:
            session.expunge(ev)


def summary_rows(summary: Summary) -> Iterator[tuple[Any, ...]]:
    """Yield summary.csv rows: group, value, number of claims."""
    for group, counts in summary.groups:
        for label, count in counts:
            yield (group, label, count)


def csv_chunks(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], bom: bool = False, chunk_rows: int = 500
) -> Iterator[str]:
    """Yield CSV text: optional BOM and header first, then chunks of rows."""
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
