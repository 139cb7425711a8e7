"""Rating scales: the published, ordered list of verdict labels."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from claims.extensions import db
from claims.orm import UTCDateTime, utcnow

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class RatingScale(db.Model):
    """A named scale. Exactly one is active: new verdicts must use its levels."""

    __tablename__ = "rating_scales"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    # True or NULL: unique indexes treat NULLs as distinct, so at most one scale can be active.
    is_active: Mapped[bool | None] = mapped_column(unique=True, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    levels: Mapped[list[RatingLevel]] = relationship(
        back_populates="scale", order_by="RatingLevel.position", cascade="all, delete-orphan"
    )

    @validates("is_active")
    def _null_when_inactive(self, _key: str, value: bool | None) -> bool | None:
        return True if value else None

    @property
    def current_levels(self) -> list[RatingLevel]:
        """Levels that new verdicts may use, in order."""
        return [level for level in self.levels if not level.retired]

    @property
    def best_value(self) -> int | None:
        values = [lv.value for lv in self.levels if lv.value is not None]
        return max(values) if values else None

    @property
    def worst_value(self) -> int | None:
        values = [lv.value for lv in self.levels if lv.value is not None]
        return min(values) if values else None


class RatingLevel(db.Model):
    """One label on a scale. Levels that judge no truth (Unverifiable) have no value."""

    __tablename__ = "rating_levels"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("scale_id", "label", name="uq_rating_levels_scale_label"),
        CheckConstraint("value IS NULL OR value >= 1", name="value_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("rating_scales.id"), index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(60))
    definition: Mapped[str] = mapped_column(Text)
    value: Mapped[int | None]
    colour: Mapped[str] = mapped_column(String(7))
    # A level that verdicts used cannot be deleted; retiring it keeps old verdicts readable.
    retired: Mapped[bool] = mapped_column(default=False)

    scale: Mapped[RatingScale] = relationship(back_populates="levels")
    # What readers were shown under this level over time; see claims.models.snapshot for when one is added.
    versions: Mapped[list[RatingLevelVersion]] = relationship(
        back_populates="level", order_by="RatingLevelVersion.number", cascade="all, delete-orphan"
    )

    @validates("colour")
    def _check_colour(self, _key: str, colour: str) -> str:
        if not _COLOUR.match(colour):
            raise ValueError("a colour is written #rrggbb")
        return colour.lower()

    @property
    def judges_truth(self) -> bool:
        return self.value is not None

    @property
    def revision_claim_id(self) -> int | None:
        return None

    @property
    def current_version(self) -> RatingLevelVersion | None:
        """The version new publications use: the level's latest, if it has one yet."""
        return self.versions[-1] if self.versions else None

    def __repr__(self) -> str:
        return f"<RatingLevel {self.label} {self.value}>"


# The fields of a level that readers see on a verdict, and so the fields a version keeps.
VERSIONED_FIELDS = ("label", "definition", "value", "colour")


class RatingLevelVersion(db.Model):
    """A level's label, definition, value and colour as verdicts were published with them.

    A published verdict points at the version it was approved with, so renaming or redefining the
    level later does not rewrite what readers were told: once a published verdict uses a version
    it never changes, and the next edit of the level adds a new one.
    """

    __tablename__ = "rating_level_versions"
    __table_args__ = (
        UniqueConstraint("level_id", "number", name="uq_rating_level_versions_level_number"),
        CheckConstraint("value IS NULL OR value >= 1", name="value_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("rating_levels.id"))
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(60))
    definition: Mapped[str] = mapped_column(Text)
    value: Mapped[int | None]
    colour: Mapped[str] = mapped_column(String(7))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    level: Mapped[RatingLevel] = relationship(back_populates="versions")

    @classmethod
    def of(cls, level: RatingLevel, number: int) -> RatingLevelVersion:
        """Return a new version holding the level's fields as they are now."""
        return cls(number=number, **{name: getattr(level, name) for name in VERSIONED_FIELDS})

    def __repr__(self) -> str:
        return f"<RatingLevelVersion {self.level_id}.{self.number} {self.label}>"
