"""Finding published claims: filters, full-text search and keyset pagination, shared by pages and API."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import and_, column, func, literal_column, or_, select, table, text, type_coerce
from sqlalchemy.orm import Session

from claims.models import Claim, Tag, Verdict
from claims.orm import UTCDateTime
from claims.services.publication import published_claims

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_QUERY_LENGTH = 200
# The words and "quoted phrases" of a search; everything else (FTS5 operators, quotes) is dropped.
_TERMS = re.compile(r'"([^"]+)"|(\w+)')


# Newest first; imported verdicts may lack a publication time, so they sort by when we stored them.
def sort_moment():  # type: ignore[no-untyped-def]
    """Return the SQL expression public lists sort on: when the verdict was published."""
    return type_coerce(func.coalesce(Verdict.published_at, Verdict.created_at), UTCDateTime())


class FilterError(ValueError):
    """A filter or cursor the reader sent cannot be understood; the message says which."""


@dataclass(frozen=True)
class ClaimFilters:
    """What a reader asked for; empty values mean no filter."""

    q: str = ""
    rating: int | None = None
    tag: str = ""
    claimant: str = ""
    article: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def as_args(self) -> dict[str, str]:
        """Return the non-empty filters as query-string arguments (for shareable links)."""
        return {k: str(v) for k, v in asdict(self).items() if v not in (None, "")}


@dataclass(frozen=True)
class ClaimPage:
    """One page of results and the cursor for the next, if there is more."""

    items: list[tuple[Claim, Verdict]]
    next_cursor: str | None


def _int(args: Mapping[str, str], name: str) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise FilterError(f"{name} must be a whole number")
    return int(raw)


def _date(args: Mapping[str, str], name: str) -> date | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise FilterError(f"{name} must be a date written YYYY-MM-DD") from None


def _text(args: Mapping[str, str], name: str) -> str:
    value = (args.get(name) or "").strip()
    if len(value) > MAX_QUERY_LENGTH or "\x00" in value:
        raise FilterError(f"{name} must be at most {MAX_QUERY_LENGTH} characters of text")
    return value


def parse_filters(args: Mapping[str, str]) -> ClaimFilters:
    """Read the filters from query-string arguments.

    :raises FilterError: a number, date or text that is out of range.
    """
    filters = ClaimFilters(
        q=_text(args, "q"),
        rating=_int(args, "rating"),
        tag=_text(args, "tag"),
        claimant=_text(args, "claimant"),
        article=_int(args, "article"),
        date_from=_date(args, "date_from"),
        date_to=_date(args, "date_to"),
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise FilterError("date_from must not be after date_to")
    return filters


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


def fts_terms(q: str) -> list[str]:
    """Return the words and quoted phrases of a search, each as plain text."""
    return [(phrase or word).strip() for phrase, word in _TERMS.findall(q) if (phrase or word).strip()]


def _matching_ids(session: Session, q: str):  # type: ignore[no-untyped-def]
    """Return a subquery of claim ids whose restated text, quote or published conclusion match."""
    terms = fts_terms(q)
    if session.get_bind().dialect.name == "sqlite":
        # Each term is quoted, so reader input is never parsed as FTS5 syntax; terms are ANDed.
        match = " ".join('"' + term.replace('"', "") + '"' for term in terms)
        return (
            select(literal_column("rowid"))
            .select_from(table("claims_fts"))
            .where(text("claims_fts MATCH :fts_query").bindparams(fts_query=match))
        )
    fts = table("claims_fts", column("claim_id"), column("document"))
    return select(fts.c.claim_id).where(
        fts.c.document.op("@@")(func.websearch_to_tsquery("english", " ".join(terms)))
    )


def search_claims(
    session: Session, filters: ClaimFilters, cursor: str | None = None, limit: int = DEFAULT_LIMIT
) -> ClaimPage:
    """Return published claims matching the filters, newest first, after the cursor.

    :raises FilterError: the cursor is not valid.
    """
    query = published_claims()
    if filters.q and fts_terms(filters.q):
        query = query.where(Claim.id.in_(_matching_ids(session, filters.q)))
    if filters.rating is not None:
        query = query.where(Verdict.rating_level_id == filters.rating)
    if filters.tag:
        query = query.where(Claim.tags.any(func.lower(Tag.name) == filters.tag.lower()))
    if filters.claimant:
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", filters.claimant.lower()) + "%"
        query = query.where(func.lower(Claim.claimant).like(pattern, escape="\\"))
    if filters.article is not None:
        query = query.where(Claim.article_id == filters.article)
    if filters.date_from:
        query = query.where(Claim.claimed_on >= filters.date_from)
    if filters.date_to:
        query = query.where(Claim.claimed_on <= filters.date_to)
    if cursor:
        moment, verdict_id = decode_cursor(cursor)
        when = sort_moment()
        query = query.where(or_(when < moment, and_(when == moment, Verdict.id < verdict_id)))
    query = query.order_by(sort_moment().desc(), Verdict.id.desc()).limit(limit + 1)
    rows = [(claim, verdict) for claim, verdict in session.execute(query)]
    more = len(rows) > limit
    rows = rows[:limit]
    return ClaimPage(items=rows, next_cursor=encode_cursor(rows[-1][1]) if more and rows else None)
