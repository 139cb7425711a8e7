"""Verdicts, corrections and internal comments on a claim."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, Text, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.extensions import db
from claims.models.claim import Claim
from claims.models.rating import RatingLevel, RatingLevelVersion
from claims.models.user import User
from claims.orm import UTCDateTime, utcnow

if TYPE_CHECKING:
    from claims.models.snapshot import PublishedSnapshot


class VerdictState(StrEnum):
    """A verdict's own life: drafted, submitted, approved and published, later superseded."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


OPEN_VERDICT_STATES = frozenset({VerdictState.DRAFT, VerdictState.SUBMITTED, VerdictState.RETURNED})


class Verdict(db.Model):
    """A rating with its reasoning. A claim keeps every verdict; at most one is the public one.

    Reopening a published claim starts a new verdict while the old one stays public, so
    readers never see a half-finished revision.
    """

    __tablename__ = "verdicts"
    __audited__ = True
    __table_args__ = (
        CheckConstraint("approver_id IS NULL OR approver_id <> author_id", name="second_pair_of_eyes"),
        # The public list, newest first, and the same list filtered by rating: each page an index range.
        Index("ix_verdicts_public_order", "state", "listed_at", "id"),
        Index("ix_verdicts_rating_order", "rating_level_id", "state", "listed_at", "id"),
        # A claim's public verdict in one probe, so plans start from the claims a page shows.
        Index("ix_verdicts_claim_state", "claim_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    state: Mapped[VerdictState] = mapped_column(
        Enum(VerdictState, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=VerdictState.DRAFT,
    )
    rating_level_id: Mapped[int | None] = mapped_column(ForeignKey("rating_levels.id"))
    conclusion: Mapped[str] = mapped_column(String(300), default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Public lists sort on this: the publication time, or for an import without one, when we stored
    # it. A plain column (kept by sync_listed_at) so one index serves every page of the list.
    listed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Verdicts imported from other fact-checkers: always shown as theirs, never as ours.
    external_publisher: Mapped[str | None] = mapped_column(String(200))
    external_url: Mapped[str | None] = mapped_column(String(2000))
    external_rating: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    claim: Mapped[Claim] = relationship(back_populates="verdicts")
    rating_level: Mapped[RatingLevel | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])
    # What readers see of this verdict, written when it is published (claims.models.snapshot).
    snapshot: Mapped[PublishedSnapshot | None] = relationship(
        back_populates="verdict", cascade="all, delete-orphan"
    )

    def __init__(self, **fields: object) -> None:
        # Column defaults apply only at INSERT; the rules below need the state before that.
        fields.setdefault("state", VerdictState.DRAFT)
        fields.setdefault("conclusion", "")
        fields.setdefault("explanation", "")
        super().__init__(**fields)

    @property
    def is_external(self) -> bool:
        return self.external_publisher is not None

    @property
    def revision_claim_id(self) -> int | None:
        return self.claim_id

    def sync_listed_at(self) -> None:
        """Set the list order's time from the publication time, or else the time it was stored."""
        self.listed_at = self.published_at or self.created_at or utcnow()

    def check_invariants(self) -> None:
        """Raise unless an open verdict rates on the active scale and approval came from another person.

        :raises ValueError: a retired or inactive-scale level on an open verdict; self-approval.
        """
        level = self.rating_level
        # Checked when the rating is chosen: retiring a level later must not block other edits.
        chosen_now = inspect(self).attrs.rating_level.history.has_changes()
        open_own = self.state in OPEN_VERDICT_STATES and not self.is_external
        if chosen_now and open_own and level is not None and (level.retired or not level.scale.is_active):
            raise ValueError("a verdict must use a current level of the active rating scale")
        if self.approver is not None and self.author is not None and self.approver is self.author:
            raise ValueError("the author of a verdict cannot approve it")

    def __repr__(self) -> str:
        return f"<Verdict {self.id} claim={self.claim_id} {self.state}>"


class Correction(db.Model):
    """A public note on what changed in a published verdict."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    previous_verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"))
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"))
    old_rating_level_id: Mapped[int | None] = mapped_column(ForeignKey("rating_levels.id"))
    new_rating_level_id: Mapped[int | None] = mapped_column(ForeignKey("rating_levels.id"))
    # The ratings as readers saw them before and after: a level may have been renamed in between.
    old_rating_version_id: Mapped[int | None] = mapped_column(ForeignKey("rating_level_versions.id"))
    new_rating_version_id: Mapped[int | None] = mapped_column(ForeignKey("rating_level_versions.id"))
    old_conclusion: Mapped[str] = mapped_column(String(300))
    new_conclusion: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the corrected verdict is approved; until then the correction is not public.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    claim: Mapped[Claim] = relationship(back_populates="corrections")
    previous_verdict: Mapped[Verdict] = relationship(foreign_keys=[previous_verdict_id])
    verdict: Mapped[Verdict] = relationship(foreign_keys=[verdict_id])
    old_rating: Mapped[RatingLevel | None] = relationship(foreign_keys=[old_rating_level_id])
    new_rating: Mapped[RatingLevel | None] = relationship(foreign_keys=[new_rating_level_id])
    old_rating_version: Mapped[RatingLevelVersion | None] = relationship(foreign_keys=[old_rating_version_id])
    new_rating_version: Mapped[RatingLevelVersion | None] = relationship(foreign_keys=[new_rating_version_id])
    author: Mapped[User | None] = relationship()


class Comment(db.Model):
    """Internal discussion on a claim. Never shown on public pages."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()
