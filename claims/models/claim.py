"""Claims: a passage of an article, restated, attributed and tracked through review."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, Enum, ForeignKey, String, Table, Text, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from claims.extensions import db
from claims.models.article import Article
from claims.models.user import User
from claims.models.workflow import ClaimStatus, check_transition
from claims.orm import UTCDateTime, utcnow

if TYPE_CHECKING:
    from claims.models.evidence import Evidence
    from claims.models.review import Comment, Correction, Verdict

# Google's ClaimReview guidelines ask for claimReviewed under 75 characters; longer is allowed
# but flagged to the reviewer.
RESTATED_ADVISED_LENGTH = 75

claim_tags = Table(
    "claim_tags",
    db.metadata,
    Column("claim_id", ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(db.Model):
    """A topic label shared across claims."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)

    def __repr__(self) -> str:
        return f"<Tag {self.name}>"


class SpanMismatch(ValueError):
    """A claim's quote does not equal the article text at its span."""


class Claim(db.Model):
    """A checkable statement: where it appeared, who made it and where its review stands."""

    __tablename__ = "claims"
    __audited__ = True
    __table_args__ = (
        CheckConstraint("span_start >= 0 AND span_end > span_start", name="span_order"),
        CheckConstraint(
            "(article_id IS NULL) OR (quote IS NOT NULL AND span_start IS NOT NULL)",
            name="article_claim_has_span",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    quote: Mapped[str | None] = mapped_column(Text)
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    # What ClaimReview calls claimReviewed: the claim as a short standalone sentence.
    restated: Mapped[str] = mapped_column(String(300))
    claimant: Mapped[str] = mapped_column(String(200))
    claimed_on: Mapped[date | None]
    # Where the claim was seen when it is not in one of our articles (imported fact-checks).
    appearance_url: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[ClaimStatus] = mapped_column(
        Enum(ClaimStatus, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=ClaimStatus.NEW,
        index=True,
    )
    not_checkable_reason: Mapped[str | None] = mapped_column(Text)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A later claim saying the same thing as an already-checked one points at it.
    same_as_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    article: Mapped[Article | None] = relationship(back_populates="claims")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    same_as: Mapped[Claim | None] = relationship(remote_side=[id])
    tags: Mapped[list[Tag]] = relationship(secondary=claim_tags, order_by=Tag.name)
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="claim", order_by="Evidence.id", cascade="all, delete-orphan"
    )
    verdicts: Mapped[list[Verdict]] = relationship(
        back_populates="claim", order_by="Verdict.id", cascade="all, delete-orphan"
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="claim", order_by="Comment.id", cascade="all, delete-orphan"
    )
    corrections: Mapped[list[Correction]] = relationship(
        back_populates="claim", order_by="Correction.id", cascade="all, delete-orphan"
    )

    def __init__(self, **fields: object) -> None:
        # Column defaults apply only at INSERT; a new claim is "new" from the moment it exists.
        fields.setdefault("status", ClaimStatus.NEW)
        super().__init__(**fields)

    @validates("status")
    def _check_status_move(self, _key: str, target: ClaimStatus) -> ClaimStatus:
        target = ClaimStatus(target)
        # A new object may start anywhere (imports arrive published); a stored one follows TRANSITIONS.
        if inspect(self).persistent and self.status is not None and self.status != target:
            check_transition(self.status, target, self.not_checkable_reason)
        return target

    @property
    def revision_claim_id(self) -> int | None:
        return self.id

    def anchor(self, article: Article, quote: str, start: int | None = None) -> None:
        """Point this claim at `quote` in the article body, at `start` or its first occurrence.

        :raises SpanMismatch: the quote is not in the body (at `start`, if given).
        """
        if not quote:
            raise SpanMismatch("the quote is empty")
        if start is None:
            start = article.body.find(quote)
            if start < 0:
                raise SpanMismatch("the quote does not occur in the article's text")
        self.article = article
        self.quote, self.span_start, self.span_end = quote, start, start + len(quote)
        self.check_invariants()

    def check_invariants(self) -> None:
        """Raise unless the quote is exactly the article text at the span and statuses are complete.

        :raises SpanMismatch: quote and span disagree with the article body.
        :raises ValueError: not_checkable without a reason.
        """
        if self.article is not None:
            body = self.article.body
            if self.quote is None or self.span_start is None or self.span_end is None:
                raise SpanMismatch("a claim from an article needs its quote and span")
            if body[self.span_start : self.span_end] != self.quote:
                raise SpanMismatch(
                    f"the quote does not match the article text at {self.span_start}-{self.span_end}"
                )
        if self.status is ClaimStatus.NOT_CHECKABLE and not (self.not_checkable_reason or "").strip():
            raise ValueError("a claim marked not checkable needs a reason")

    @property
    def restated_too_long(self) -> bool:
        """Whether the restated claim is longer than search engines advise."""
        return len(self.restated) > RESTATED_ADVISED_LENGTH

    def __repr__(self) -> str:
        return f"<Claim {self.id} {self.status} {self.restated[:40]!r}>"
