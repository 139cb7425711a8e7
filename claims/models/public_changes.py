"""Session hooks that keep the publication counter and the public tallies in step with each commit.

Both are bumped at the very end of the transaction, after its last flush, and the tally rows in
a fixed order: a transaction then takes these hot rows' locks last and in one order, so two
writers can wait for each other on PostgreSQL but never deadlock.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, UOWTransaction

from claims.models.article import Article
from claims.models.claim import Claim, Tag
from claims.models.evidence import Evidence
from claims.models.rating import RatingLevel, RatingLevelVersion, RatingScale
from claims.models.review import Correction, Verdict, VerdictState
from claims.models.site import SITE_ROW_ID, SiteState, Tally
from claims.models.snapshot import PublishedEvidence, PublishedSnapshot
from claims.models.user import User

# Everything a public page, feed, API answer or public export can show is held in these.
_PUBLIC_TYPES = (
    Claim,
    Verdict,
    Evidence,
    Correction,
    Article,
    RatingLevel,
    RatingLevelVersion,
    RatingScale,
    Tag,
    PublishedSnapshot,
    PublishedEvidence,
)
_CHANGED = "public_changed"
_DELTAS = "tally_deltas"


def _before_after(obj: Any, column: str, relation: str | None = None) -> tuple[Any, Any]:
    """Return a column's value before this flush and now (a relationship may have set it)."""
    state = inspect(obj)
    after = getattr(obj, column)
    hist = state.attrs[column].history
    if hist.deleted:
        return hist.deleted[0], after
    if relation is not None and (rel := state.attrs[relation].history).has_changes():
        old = rel.deleted[0] if rel.deleted else None
        return (old.id if old is not None else None), after
    # Set without its earlier value ever loaded: the earlier value is unknown, treat it as absent.
    return (None, after) if hist.added else (after, after)


def _value(status: Any) -> str | None:
    return None if status is None else getattr(status, "value", status)


def _rating_key(state: Any, level_id: int | None) -> tuple[str, str] | None:
    published = _value(state) == VerdictState.PUBLISHED.value
    return ("rating", str(level_id)) if published and level_id is not None else None


def _claim_deltas(deltas: Counter[tuple[str, str]], claim: Claim, action: str) -> None:
    if action == "new":
        deltas[("status", _value(claim.status))] += 1
    elif action == "deleted":
        deltas[("status", _value(claim.status))] -= 1
    else:
        before, after = _before_after(claim, "status")
        if _value(before) != _value(after):
            if before is not None:
                deltas[("status", _value(before))] -= 1
            deltas[("status", _value(after))] += 1


def _verdict_deltas(deltas: Counter[tuple[str, str]], verdict: Verdict, action: str) -> None:
    now = _rating_key(verdict.state, verdict.rating_level_id)
    if action == "new":
        before = None
    elif action == "deleted":
        before, now = now, None
    else:
        state_before, _ = _before_after(verdict, "state")
        level_before, _ = _before_after(verdict, "rating_level_id", "rating_level")
        before = _rating_key(state_before, level_before)
    if before != now:
        if before is not None:
            deltas[before] -= 1
        if now is not None:
            deltas[now] += 1


def _shows_publicly(session: Session, obj: Any, action: str) -> bool:
    if isinstance(obj, User):
        # Only a person's name is public (as author or approver); logins and roles are not.
        return inspect(obj).attrs.display_name.history.has_changes()
    if not isinstance(obj, _PUBLIC_TYPES):
        return False
    if action != "dirty":
        return True
    # An internal comment added to a claim touches its `comments` collection, not what readers see.
    state = inspect(obj)
    tags = "tags" in state.mapper.relationships and state.attrs.tags.history.has_changes()
    return tags or session.is_modified(obj, include_collections=False)


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _ctx: UOWTransaction) -> None:
    deltas: Counter[tuple[str, str]] = session.info.setdefault(_DELTAS, Counter())
    for action, objs in (("new", session.new), ("dirty", session.dirty), ("deleted", session.deleted)):
        for obj in objs:
            if isinstance(obj, Claim):
                _claim_deltas(deltas, obj, action)
            elif isinstance(obj, Verdict):
                _verdict_deltas(deltas, obj, action)
            if not session.info.get(_CHANGED) and _shows_publicly(session, obj, action):
                session.info[_CHANGED] = True


def mark_public_change(session: Session) -> None:
    """Bump the publication counter at this session's commit (for changes made around the ORM)."""
    session.info[_CHANGED] = True


def _add(session: Session, model: Any, keys: dict[str, Any], column: str, delta: int) -> None:
    """Add `delta` to a counter row, creating it if it is missing (one statement on both databases)."""
    insert = postgresql.insert if session.connection().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(model).values(**keys, **{column: delta})
    target = getattr(model, column)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys), set_={column: target + getattr(stmt.excluded, column)}
    )
    session.connection().execute(stmt)


@event.listens_for(Session, "before_commit")
def _apply(session: Session) -> None:
    session.flush()
    deltas: Counter[tuple[str, str]] = session.info.pop(_DELTAS, Counter())
    for (kind, key), delta in sorted(deltas.items()):
        if delta:
            _add(session, Tally, {"kind": kind, "key": key}, "count", delta)
    if session.info.pop(_CHANGED, False):
        _add(session, SiteState, {"id": SITE_ROW_ID}, "public_version", 1)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, _previous: Any) -> None:
    session.info.pop(_DELTAS, None)
    session.info.pop(_CHANGED, None)
