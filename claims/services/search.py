"""Finding published claims: filters, full-text search and keyset pagination, shared by pages and API."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, type_coerce
from sqlalchemy.orm import Session

from claims.models import Claim, Verdict
from claims.orm import UTCDateTime
from claims.services.claim_filters import (
    MAX_QUERY_LENGTH,
    ClaimFilters,
    FilterError,
    filter_conditions,
    fts_terms,
    parse_filters,
)
from claims.services.publication import published_claims, with_page_details

__all__ = [
    "MAX_QUERY_LENGTH",
    "ClaimFilters",
    "ClaimPage",
    "FilterError",
    "fts_terms",
    "parse_filters",
    "parse_limit",
    "search_claims",
]

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


# Newest first; imported verdicts may lack a publication time, so they sort by when we stored them.
def sort_moment():  # type: ignore[no-untyped-def]
    """Return the SQL expression public lists sort on: when the verdict was published."""
    return type_coerce(func.coalesce(Verdict.published_at, Verdict.created_at), UTCDateTime())


@dataclass(frozen=True)
class ClaimPage:
    """One page of results and the cursor for the next, if there is more."""

    items: list[tuple[Claim, Verdict]]
    next_cursor: str | None


def parse_limit(raw: str | None) -> int:
    """Read a page size between 1 and MAX_LIMIT.

    :raises FilterError: not a number, or out of range.
    """
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise FilterError(f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return int(raw)


def encode_cursor(verdict: Verdict) -> str:
    """Return an opaque token for 'after this verdict' in newest-first order."""
    moment = verdict.published_at or verdict.created_at
    raw = json.dumps([moment.isoformat(), verdict.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> tuple[datetime, int]:
    """Read a token made by encode_cursor.

    :raises FilterError: the token was not made by encode_cursor.
    """
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        moment, verdict_id = json.loads(raw)
        when = datetime.fromisoformat(moment)
        if when.tzinfo is None or not isinstance(verdict_id, int) or isinstance(verdict_id, bool):
            raise ValueError
        return when, verdict_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise FilterError("the cursor is not valid; start again from the first page") from None


def search_claims(
    session: Session, filters: ClaimFilters, cursor: str | None = None, limit: int = DEFAULT_LIMIT
) -> ClaimPage:
    """Return published claims matching the filters, newest first, after the cursor.

    :raises FilterError: the cursor is not valid.
    """
    query = with_page_details(published_claims()).where(*filter_conditions(filters, staff=False))
    if cursor:
        moment, verdict_id = decode_cursor(cursor)
        when = sort_moment()
        query = query.where(or_(when < moment, and_(when == moment, Verdict.id < verdict_id)))
    query = query.order_by(sort_moment().desc(), Verdict.id.desc()).limit(limit + 1)
    rows = [(claim, verdict) for claim, verdict in session.execute(query)]
    more = len(rows) > limit
    rows = rows[:limit]
    return ClaimPage(items=rows, next_cursor=encode_cursor(rows[-1][1]) if more and rows else None)
