"""Session hooks: check model invariants before a flush, write revisions inside it."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from claims.models.revision import Revision
from claims.orm import utcnow

# Bookkeeping columns whose changes say nothing a reader of the history needs.
_SKIPPED = frozenset({"updated_at", "version", "created_at", "listed_at"})

ACTOR_KEY = "actor_id"


def act_as(session: Session, user_id: int | None) -> None:
    """Record who is making this session's changes, for the revisions it writes."""
    session.info[ACTOR_KEY] = user_id


def _plain(value: Any) -> Any:
    """Turn a column value into something JSON can hold."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [getattr(item, "name", str(item)) for item in value]
    return value


def _changes(obj: Any, action: str) -> dict[str, list[Any]]:
    """Return {field: [before, after]} for the columns and tags of `obj` touched by this flush."""
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SKIPPED or key == "id":
            continue
        hist = state.attrs[key].history
        if action == "create":
            value = getattr(obj, key)
            if value is not None:
                changes[key] = [None, _plain(value)]
        elif action == "delete":
            changes[key] = [_plain(getattr(obj, key)), None]
        elif hist.has_changes():
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
            if before != after:
                changes[key] = [_plain(before), _plain(after)]
    if "tags" in state.mapper.relationships:
        hist = state.attrs["tags"].history
        if hist.has_changes():
            after = sorted(tag.name for tag in obj.tags)
            before = sorted({t.name for t in hist.unchanged} | {t.name for t in hist.deleted})
            if before != after:
                changes["tags"] = [before, after]
    return changes


def _audited(obj: Any) -> bool:
    return getattr(type(obj), "__audited__", False)


@event.listens_for(Session, "before_flush")
def _check_invariants(session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
    for obj in list(session.new) + list(session.dirty):
        check = getattr(obj, "check_invariants", None)
        if check is not None:
            check()
        sync = getattr(obj, "sync_listed_at", None)
        if sync is not None:
            sync()


@event.listens_for(Session, "after_flush")
def _write_revisions(session: Session, _ctx: UOWTransaction) -> None:
    rows: list[dict[str, Any]] = []
    groups = (("create", session.new), ("update", session.dirty), ("delete", session.deleted))
    for action, objs in groups:
        for obj in objs:
            if not _audited(obj):
                continue
            if action == "update" and not session.is_modified(obj, include_collections=True):
                continue
            changes = _changes(obj, action)
            if action == "update" and not changes:
                continue
            rows.append(
                {
                    "entity_type": type(obj).__tablename__,
                    "entity_id": obj.id,
                    "claim_id": obj.revision_claim_id,
                    "action": action,
                    "actor_id": session.info.get(ACTOR_KEY),
                    "created_at": utcnow(),
                    "changes": changes,
                }
            )
    if rows:
        # A Core insert on the flush's own connection: same transaction, and no re-entrant flush.
        session.connection().execute(insert(Revision), rows)
