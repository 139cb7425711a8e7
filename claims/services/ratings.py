"""The rating scale: the default levels and the scale new verdicts use."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from claims.models import RatingLevel, RatingScale
from claims.orm import UTCDateTime, utcnow

DEFAULT_SCALE_NAME = "Standard"

# (label, value, colour, public definition). Colours pass WCAG AA against white text.
DEFAULT_LEVELS: list[tuple[str, int | None, str, str]] = [
    ("False", 1, "#b91c1c", "The claim is inaccurate."),
    (
        "Mostly false",
        2,
        "#c2410c",
        "The claim has an element of truth but leaves out or distorts facts that would give a different impression.",
    ),
    ("Mixed", 3, "#8a6100", "The claim is partly accurate and partly inaccurate."),
    ("Mostly true", 4, "#4d7c0f", "The claim is accurate but needs clarification or additional information."),
    ("True", 5, "#15803d", "The claim is accurate and nothing significant is missing."),
    (
        "Unverifiable",
        None,
        "#4b5563",
        "The available evidence is not enough to say whether the claim is accurate.",
    ),
]


def active_scale(session: Session) -> RatingScale | None:
    """Return the scale new verdicts must use, if one is active."""
    return session.execute(select(RatingScale).where(RatingScale.is_active.is_(True))).scalar_one_or_none()


def level_by_label(session: Session, label: str) -> RatingLevel:
    """Return the active scale's level with this label.

    :raises LookupError: no active scale, or no such level on it.
    """
    scale = active_scale(session)
    for level in scale.levels if scale else []:
        if level.label == label:
            return level
    raise LookupError(f"no rating level {label!r} on the active scale")


def install_default_scale(conn: Connection) -> None:
    """Insert the default scale as the active one (Core only, so migrations can call it unchanged)."""
    scales = sa.table(
        "rating_scales",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("description", sa.Text),
        sa.column("is_active", sa.Boolean),
        sa.column("created_at", UTCDateTime()),
    )
    levels = sa.table(
        "rating_levels",
        *(sa.column(name, sa.Integer) for name in ("scale_id", "position", "value")),
        *(sa.column(name, sa.Text) for name in ("label", "definition", "colour")),
        sa.column("retired", sa.Boolean),
    )
    scale_id = conn.execute(
        scales.insert()
        .values(
            name=DEFAULT_SCALE_NAME,
            description="Five levels from False to True, plus Unverifiable.",
            is_active=True,
            created_at=utcnow(),
        )
        .returning(scales.c.id)
    ).scalar_one()
    conn.execute(
        levels.insert(),
        [
            {
                "scale_id": scale_id,
                "position": position,
                "label": label,
                "definition": definition,
                "value": value,
                "colour": colour,
                "retired": False,
            }
            for position, (label, value, colour, definition) in enumerate(DEFAULT_LEVELS, start=1)
        ],
    )
