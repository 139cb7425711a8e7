"""Published snapshots: what readers see of a verdict, copied at approval and never changed.

Readers must see what the approving editor saw. The claim's wording and evidence stay editable
after publication (a reopened claim is researched again), and rating levels can be renamed; so
when a verdict becomes published, a flush hook here copies the claim's wording, tags, same-claim
link, standing evidence and the rating level's current version into rows that every public
route reads instead of the live ones. Database triggers (migration 0007) refuse UPDATEs of
these rows, and index their text for public search.

The same hook keeps rating levels versioned: a level's label, definition, value and colour live
in RatingLevelVersion rows; once a snapshot points at a version, editing the level adds a new
version instead of changing that one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Enum, ForeignKey, String, Table, Text, event, exists, inspect, select
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column, relationship

from claims.extensions import db
from claims.models.article import Article
from claims.models.claim import Claim, Tag
from claims.models.evidence import EVIDENCE_FIELDS, Evidence, Stance
from claims.models.rating import VERSIONED_FIELDS, RatingLevel, RatingLevelVersion
from claims.models.review import Correction, Verdict, VerdictState
from claims.orm import UTCDateTime, utcnow

published_snapshot_tags = Table(
    "published_snapshot_tags",
    db.metadata,
    Column("verdict_id", ForeignKey("published_snapshots.verdict_id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class PublishedSnapshot(db.Model):
    """A published verdict's claim as approved: wording, tags, same-claim link, evidence and rating."""

    __tablename__ = "published_snapshots"

    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"), primary_key=True)
    restated: Mapped[str] = mapped_column(String(300))
    claimant: Mapped[str] = mapped_column(String(200))
    claimed_on: Mapped[date | None]
    quote: Mapped[str | None] = mapped_column(Text)
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    appearance_url: Mapped[str | None] = mapped_column(String(2000))
    # The "same claim" link as approved; its page shows that claim's own public verdict.
    same_as_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    conclusion: Mapped[str] = mapped_column(String(300))
    explanation: Mapped[str] = mapped_column(Text)
    rating_version_id: Mapped[int | None] = mapped_column(ForeignKey("rating_level_versions.id"), index=True)
    # The scale's range at approval, which ClaimReview publishes beside the rating's value.
    best_rating: Mapped[int | None]
    worst_rating: Mapped[int | None]
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    verdict: Mapped[Verdict] = relationship(back_populates="snapshot")
    article: Mapped[Article | None] = relationship()
    rating: Mapped[RatingLevelVersion | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=published_snapshot_tags, order_by=Tag.name)
    evidence: Mapped[list[PublishedEvidence]] = relationship(
        back_populates="snapshot", order_by="PublishedEvidence.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<PublishedSnapshot verdict={self.verdict_id} {self.restated[:40]!r}>"




class PublishedEvidence(db.Model):
    """One source a published verdict was approved with, as it stood then."""

    __tablename__ = "published_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("published_snapshots.verdict_id"), index=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"))
    position: Mapped[int]
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(300))
    publisher: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[date | None]
    accessed_on: Mapped[date | None]
    passage: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[Stance] = mapped_column(
        Enum(Stance, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    is_primary: Mapped[bool]
    reference_value: Mapped[float | None]
    reference_unit: Mapped[str | None] = mapped_column(String(80))
    reference_year: Mapped[int | None]
    # When the source was added to the claim (evidence.csv's added_at).
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)

    snapshot: Mapped[PublishedSnapshot] = relationship(back_populates="evidence")
    source: Mapped[Evidence] = relationship()


def _standing_evidence(claim: Claim) -> list[Evidence]:
    """The claim's evidence not withdrawn, primary sources first, then in the order it was added."""
    shown = [ev for ev in claim.evidence if not ev.withdrawn]
    order = {id(ev): n for n, ev in enumerate(claim.evidence)}
    return sorted(shown, key=lambda ev: (not ev.is_primary, ev.id is None, ev.id or 0, order[id(ev)]))


def current_or_first_version(level: RatingLevel) -> RatingLevelVersion:
    """Return the level's current version, giving it its first one if it has none yet."""
    version = level.current_version
    if version is None:
        version = RatingLevelVersion.of(level, 1)
        level.versions.append(version)
    return version


def take_snapshot(verdict: Verdict) -> PublishedSnapshot:
    """Copy what readers will see of this verdict from its claim, evidence and rating level as they are now."""
    claim = verdict.claim
    level = verdict.rating_level
    scale = level.scale if level is not None else None
    now = utcnow()
    evidence = [
        PublishedEvidence(
            position=position,
            source=ev,
            added_at=ev.created_at or now,
            **{name: getattr(ev, name) for name in EVIDENCE_FIELDS},
        )
        for position, ev in enumerate(_standing_evidence(claim), start=1)
    ]
    return PublishedSnapshot(
        verdict=verdict,
        restated=claim.restated,
        claimant=claim.claimant,
        claimed_on=claim.claimed_on,
        quote=claim.quote,
        span_start=claim.span_start,
        span_end=claim.span_end,
        article=claim.article,
        appearance_url=claim.appearance_url,
        same_as_id=claim.same_as_id,
        conclusion=verdict.conclusion,
        explanation=verdict.explanation,
        rating=current_or_first_version(level) if level is not None else None,
        best_rating=scale.best_value if scale is not None else None,
        worst_rating=scale.worst_value if scale is not None else None,
        tags=list(claim.tags),
        evidence=evidence,
    )


def _changed(obj: Any, name: str) -> bool:
    hist = inspect(obj).attrs[name].history
    return bool(hist.added or hist.deleted) and list(hist.added) != list(hist.deleted)


def _published_with(session: Session, version: RatingLevelVersion) -> bool:
    """Whether any snapshot (now public or superseded and named by a correction) uses this version."""
    if version.id is None:
        return False
    pending = any(isinstance(o, PublishedSnapshot) and o.rating is version for o in session.new)
    used = select(exists().where(PublishedSnapshot.rating_version_id == version.id))
    return pending or bool(session.execute(used).scalar())


def _follow_level_edit(session: Session, level: RatingLevel) -> None:
    """Keep the level's current version equal to the level, adding a version if readers saw the old one."""
    if not any(_changed(level, name) for name in VERSIONED_FIELDS):
        return
    current = level.current_version
    if current is None:
        return  # never published with: its first version is taken when a verdict first uses it
    if _published_with(session, current):
        level.versions.append(RatingLevelVersion.of(level, current.number + 1))
    else:
        for name in VERSIONED_FIELDS:
            setattr(current, name, getattr(level, name))


def _newly_published(verdict: Verdict) -> bool:
    if verdict.state is not VerdictState.PUBLISHED:
        return False
    state = inspect(verdict)
    if state.pending:
        return True
    hist = state.attrs.state.history
    return bool(hist.added) and VerdictState.PUBLISHED not in hist.deleted and verdict.snapshot is None


def _note_versions(correction: Correction, snapshots: dict[int, PublishedSnapshot]) -> None:
    """Name, on a new correction, the ratings as readers saw them before and after it."""
    before = correction.previous_verdict.snapshot if correction.previous_verdict is not None else None
    after = snapshots.get(id(correction.verdict))
    if after is None and correction.verdict is not None:
        after = correction.verdict.snapshot
    if before is not None and correction.old_rating_version is None:
        correction.old_rating_version = before.rating
    if after is not None and correction.new_rating_version is None:
        correction.new_rating_version = after.rating


@event.listens_for(Session, "before_flush")
def _snapshot_publications(session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
    with session.no_autoflush:
        # Levels first: a verdict published in the same flush takes the version this makes.
        for obj in list(session.dirty):
            if isinstance(obj, RatingLevel):
                _follow_level_edit(session, obj)
        taken: dict[int, PublishedSnapshot] = {}
        for obj in list(session.new) + list(session.dirty):
            if isinstance(obj, Verdict) and _newly_published(obj):
                snapshot = take_snapshot(obj)
                session.add(snapshot)
                taken[id(obj)] = snapshot
        for obj in list(session.new):
            if isinstance(obj, Correction):
                _note_versions(obj, taken)
