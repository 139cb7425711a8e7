"""How other fact-checkers' rating texts map onto our scale, editable with `flask import map-rating`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from claims.extensions import db
from claims.orm import UTCDateTime, utcnow


class RatingMapping(db.Model):
    """One external rating text and our level label for it; no label means "keep their text"."""

    __tablename__ = "rating_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored normalised (case-folded, spaces collapsed) so "FALSO" and "Falso " are one entry.
    external_rating: Mapped[str] = mapped_column(String(200), unique=True)
    level_label: Mapped[str | None] = mapped_column(String(60))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<RatingMapping {self.external_rating!r} -> {self.level_label!r}>"
