"""Editing the active rating scale: add, rename, reorder, retire and delete levels (versioned for readers)."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from claims.models import Correction, RatingLevel, RatingScale, Verdict

LEVEL_FIELDS = ("label", "definition", "value", "colour")


class ScaleError(ValueError):
    """A change to the scale the rules do not allow; the message is shown next to `field`."""

    def __init__(self, message: str, field: str = "label") -> None:
        super().__init__(message)
        self.field = field


def level_fingerprint(level: RatingLevel) -> str:
    """Return a digest of the level's editable fields: rating levels have no version column,
    so the edit form carries this instead to notice a change made since it was loaded."""
    data = json.dumps([getattr(level, name) for name in LEVEL_FIELDS])
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def _label_taken(scale: RatingScale, label: str, level: RatingLevel | None = None) -> bool:
    return any(other.label.casefold() == label.casefold() and other is not level for other in scale.levels)


def add_level(
    session: Session, scale: RatingScale, *, label: str, definition: str, value: int | None, colour: str
) -> RatingLevel:
    """Add a level at the end of the scale.

    :raises ScaleError: another level has this label.
    """
    if _label_taken(scale, label):
        raise ScaleError("another level already has this label")
    position = max((lv.position for lv in scale.levels), default=0) + 1
    level = RatingLevel(label=label, definition=definition, value=value, colour=colour, position=position)
    scale.levels.append(level)
    session.add(level)
    return level


def update_level(
    session: Session, level: RatingLevel, *, label: str, definition: str, value: int | None, colour: str
) -> None:
    """Rename a level or change its definition, value or colour.

    Published verdicts keep the version of the level they were approved with: when one uses
    the current version, the flush adds a new version instead of changing it
    (claims.models.snapshot), and /ratings lists the old one.

    :raises ScaleError: another level has this label.
    """
    if _label_taken(level.scale, label, level):
        raise ScaleError("another level already has this label")
    level.label, level.definition, level.value, level.colour = label, definition, value, colour


def move_level(level: RatingLevel, step: int) -> None:
    """Swap the level with its neighbour above (step -1) or below (step +1); no-op at either end."""
    levels = level.scale.levels
    index = levels.index(level)
    other_index = index + step
    if 0 <= other_index < len(levels):
        other = levels[other_index]
        level.position, other.position = other.position, level.position
        levels.sort(key=lambda lv: lv.position)


def level_in_use(session: Session, level: RatingLevel) -> bool:
    """Whether any verdict or correction refers to the level."""
    verdicts = select(func.count()).select_from(Verdict).where(Verdict.rating_level_id == level.id)
    corrections = (
        select(func.count())
        .select_from(Correction)
        .where(or_(Correction.old_rating_level_id == level.id, Correction.new_rating_level_id == level.id))
    )
    return bool(session.execute(verdicts).scalar_one() or session.execute(corrections).scalar_one())


def delete_level(session: Session, level: RatingLevel) -> None:
    """Delete a level no verdict ever used.

    :raises ScaleError: a verdict or correction uses it; it can only be retired.
    """
    if level_in_use(session, level):
        raise ScaleError(f"“{level.label}” is used by verdicts and cannot be deleted; retire it instead")
    # Deleting cascades to the level's versions, whose loading must not flush the level half-removed.
    with session.no_autoflush:
        level.scale.levels.remove(level)
        session.delete(level)


def set_retired(level: RatingLevel, retired: bool) -> None:
    """Retire a level (new verdicts cannot use it) or bring it back."""
    level.retired = retired
