"""Articles: the published texts whose passages become claims."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.extensions import db
from claims.models.user import User
from claims.orm import UTCDateTime, utcnow

if TYPE_CHECKING:
    from claims.models.claim import Claim


class Article(db.Model):
    """A news article, stored with its full body so claims can point at exact spans."""

    __tablename__ = "articles"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    headline: Mapped[str] = mapped_column(String(300))
    outlet: Mapped[str] = mapped_column(String(200))
    byline: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    published_on: Mapped[date | None]
    body: Mapped[str] = mapped_column(Text)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    added_by: Mapped[User | None] = relationship()
    claims: Mapped[list[Claim]] = relationship(back_populates="article", order_by="Claim.span_start")

    @property
    def revision_claim_id(self) -> int | None:
        return None

    def check_invariants(self) -> None:
        """Refuse a body edit that would leave any claim's quote pointing at other text."""
        for claim in self.claims:
            claim.check_invariants()

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.headline[:40]!r}>"
