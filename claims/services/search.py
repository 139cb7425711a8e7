"""Finding published claims: filters, full-text search and keyset pagination, shared by pages and API."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, tuple_
from sqlalchemy.orm import Session

from claims.models import Verdict
from claims.services.claim_filters import (
    MAX_QUERY_LENGTH,
    ClaimFilters,
    FilterError,
    filter_conditions,
    fts_terms,
    parse_filters,
)
from claims.services.publication import (
    MAX_ID,
    PAGE_SIZES,
    PublicClaim,
    PublicVerdict,
    newest_first,
    public_rows,
    to_public,
    with_page_details,
)

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

MAX_LIMIT = 100
# Ours are under 80 characters. A long token could hold JSON nested deeper than json.loads
# recurses (a RecursionError, not a ValueError), and is no cursor of ours in any case.
MAX_CURSOR_LENGTH = 200


@dataclass(frozen=True)
class ClaimPage:
    """One page of results and the cursor for the next, if there is more."""

    items: list[tuple[PublicClaim, PublicVerdict]]
    next_cursor: str | None


def parse_limit(raw: str | None) -> int:
    """Read a page size between 1 and MAX_LIMIT.

    :raises FilterError: not a number, or out of range.
    """
    if raw is None or raw == "":
        return PAGE_SIZES["claims"]
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 3 or not 1 <= int(raw) <= MAX_LIMIT:
        raise FilterError(f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return int(raw)


def encode_moment(moment: datetime, row_id: int) -> str:
    """Return an opaque keyset token: a moment and an id, as lists ordered newest first page on."""
    raw = json.dumps([moment.isoformat(), row_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def encode_cursor(verdict: Verdict | PublicVerdict) -> str:
    """Return an opaque token for 'after this verdict' in newest-first order."""
    return encode_moment(verdict.listed_at or verdict.published_at or verdict.created_at, verdict.id)


def decode_cursor(token: str) -> tuple[datetime, int]:
    """Read a token made by encode_cursor.

    :raises FilterError: the token was not made by encode_cursor.
    """
    try:
        if len(token) > MAX_CURSOR_LENGTH:
            raise ValueError
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        moment, verdict_id = json.loads(raw)
        when = datetime.fromisoformat(moment)
        if when.tzinfo is None or not isinstance(verdict_id, int) or isinstance(verdict_id, bool):
            raise ValueError
        # The database must be able to hold both: an id past the column's range or a date that
        # overflows when moved to UTC is a bad cursor, not a server error.
        when = when.astimezone(UTC)
        if not 0 < verdict_id <= MAX_ID or not 1 < when.year < 9999:
            raise ValueError
        return when, verdict_id
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeDecodeError):
        raise FilterError("the cursor is not valid; start again from the first page") from None


def after_cursor(moment: datetime, verdict_id: int) -> ColumnElement[bool]:
    """Return the keyset condition 'older than this verdict' in newest-first order."""
    # A row-value comparison is one range on ix_verdicts_public_order; the equivalent OR is not, on SQLite.
    return tuple_(Verdict.listed_at, Verdict.id) < tuple_(moment, verdict_id)


def search_claims(
    session: Session, filters: ClaimFilters, cursor: str | None = None, limit: int | None = None
) -> ClaimPage:
    """Return published claims matching the filters, newest first, after the cursor.

    :raises FilterError: the cursor is not valid.
    """
    query = with_page_details(public_rows()).where(*filter_conditions(filters, staff=False))
    if cursor:
        query = query.where(after_cursor(*decode_cursor(cursor)))
    limit = limit or PAGE_SIZES["claims"]
    query = newest_first(query).limit(limit + 1)
    rows = to_public(session.execute(query))
    more = len(rows) > limit
    rows = rows[:limit]
    return ClaimPage(items=rows, next_cursor=encode_cursor(rows[-1][1]) if more and rows else None)
