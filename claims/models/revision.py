"""Revisions: the append-only history of every change to audited rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.extensions import db
from claims.models.user import User
from claims.orm import UTCDateTime, utcnow


class Revision(db.Model):
    """One change to one row: who, when, and each changed field's value before and after.

    Rows are written by the flush hook in claims.models.history, in the same transaction as
    the change; database triggers refuse UPDATE and DELETE on this table.
    """

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    # Denormalised so a claim's whole history (its evidence and verdicts too) is one indexed query.
    claim_id: Mapped[int | None] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(10))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Revision {self.id} {self.action} {self.entity_type}:{self.entity_id}>"
