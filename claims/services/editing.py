"""Optimistic locking for edit forms: a save must start from the version the form was loaded at."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.models import Revision


class EditConflict(Exception):
    """Someone saved the object after this user's form was loaded."""


def check_version(obj: Any, loaded_version: int | None) -> None:
    """Refuse a save whose form was loaded at another version than the stored one.

    :raises EditConflict: the stored version is not the one the form carried.
    """
    if loaded_version is None or loaded_version != obj.version:
        raise EditConflict(f"{type(obj).__name__} {obj.id} is at version {obj.version}")


def latest_revision(session: Session, obj: Any) -> Revision | None:
    """Return the last recorded change to `obj`: who made the change that beat this user's."""
    query = (
        select(Revision)
        .where(Revision.entity_type == type(obj).__tablename__, Revision.entity_id == obj.id)
        .order_by(Revision.id.desc())
        .limit(1)
    )
    return session.execute(query).scalar_one_or_none()
