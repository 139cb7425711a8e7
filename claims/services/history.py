"""A claim's history: every revision of the claim, its evidence and verdicts, in readable form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from claims.models import Revision

ENTITY_NAMES = {
    "claims": "Claim",
    "evidence": "Evidence",
    "verdicts": "Verdict",
    "articles": "Article",
    "rating_levels": "Rating level",
}


@dataclass(frozen=True)
class FieldChange:
    """One field of a revision: its value before and after."""

    field: str
    before: Any
    after: Any


def field_changes(revision: Revision) -> list[FieldChange]:
    """Return the revision's changes as (field, before, after), in field order."""
    return [FieldChange(name, pair[0], pair[1]) for name, pair in sorted(revision.changes.items())]


def claim_history(session: Session, claim_id: int) -> list[Revision]:
    """Return every revision of the claim, its evidence and its verdicts, oldest first."""
    query = (
        select(Revision)
        .where(Revision.claim_id == claim_id)
        .options(selectinload(Revision.actor))
        .order_by(Revision.created_at, Revision.id)
    )
    return list(session.execute(query).scalars())


def recent_revisions(session: Session, limit: int = 20) -> list[Revision]:
    """Return the latest revisions of anything audited, newest first."""
    query = select(Revision).options(selectinload(Revision.actor)).order_by(Revision.id.desc()).limit(limit)
    return list(session.execute(query).scalars())
