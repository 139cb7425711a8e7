"""The claim filters, one definition for the public list, the API and the CSV exports.

Each consumer selects Claim joined to the verdict it shows (the public one, or for staff the one
being worked on); `filter_conditions` turns the filters into WHERE clauses on those two, and for
readers on the verdict's PublishedSnapshot: readers' filters and search match only the text and
tags the verdict was approved with, never later edits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import Boolean, ColumnElement, column, false, func, literal_column, or_, select, table
from sqlalchemy.ext.compiler import compiles

from claims.database import unicode_lower
from claims.models import Claim, ClaimStatus, PublishedSnapshot, Tag, Verdict
from claims.services.publication import claim_column, in_article

MAX_QUERY_LENGTH = 200
# The words and "quoted phrases" of a search; everything else (FTS5 operators, quotes) is dropped.
_TERMS = re.compile(r'"([^"]+)"|(\w+)')


class FilterError(ValueError):
    """A filter or cursor the reader sent cannot be understood; the message says which."""


@dataclass(frozen=True)
class ClaimFilters:
    """What a reader or editor asked for; empty values mean no filter."""

    q: str = ""
    status: ClaimStatus | None = None
    rating: int | None = None  # a rating level id
    tag: str = ""
    claimant: str = ""  # part of the claimant's name, any case
    article: int | None = None
    reviewer: int | None = None  # a user id: the verdict's author (for staff: or the assignee)
    date_from: date | None = None  # on the date the claim was made
    date_to: date | None = None

    def as_args(self) -> dict[str, str]:
        """Return the non-empty filters as query-string arguments (for shareable links)."""
        return {k: str(v) for k, v in asdict(self).items() if v not in (None, "")}


def fts_terms(q: str) -> list[str]:
    """Return the words and quoted phrases of a search, each as plain text."""
    return [(phrase or word).strip() for phrase, word in _TERMS.findall(q) if (phrase or word).strip()]


class _FullTextMatch(ColumnElement[bool]):
    """`claims.id IN (claims matching the search)`, compiled for whichever database runs it.

    Staff search the live text (`claims_fts`); readers search what was approved, the snapshots
    of public verdicts (`published_fts`, keyed by verdict id).
    """

    type = Boolean()
    # The search text is bound at compile time, so a cached statement must never be reused.
    inherit_cache = False

    def __init__(self, terms: list[str], public: bool) -> None:
        self.terms = terms
        self.public = public


_FTS = table("claims_fts", column("claim_id"), column("document"))
_PUBLIC_FTS = table("published_fts", column("verdict_id"), column("document"))


@compiles(_FullTextMatch, "sqlite")
def _sqlite_match(element: _FullTextMatch, compiler: Any, **kw: Any) -> str:
    # Each term is quoted, so reader input is never parsed as FTS5 syntax; terms are ANDed.
    match = " ".join('"' + term.replace('"', "") + '"' for term in element.terms)
    index, key = (_PUBLIC_FTS, Verdict.id) if element.public else (_FTS, Claim.id)
    rowids = (
        select(literal_column("rowid"))
        .select_from(index)
        .where(literal_column(index.name).op("MATCH")(match))
    )
    return compiler.process(key.in_(rowids), **kw)


@compiles(_FullTextMatch, "postgresql")
def _postgres_match(element: _FullTextMatch, compiler: Any, **kw: Any) -> str:
    # Every term quoted, as on SQLite: phrases stay phrases and a typed "or" is not an operator.
    quoted = " ".join('"' + term.replace('"', "") + '"' for term in element.terms)
    query = func.websearch_to_tsquery("english", quoted)
    if element.public:
        found = Verdict.id.in_(select(_PUBLIC_FTS.c.verdict_id).where(_PUBLIC_FTS.c.document.op("@@")(query)))
    else:
        found = Claim.id.in_(select(_FTS.c.claim_id).where(_FTS.c.document.op("@@")(query)))
    return compiler.process(found, **kw)


def filter_conditions(filters: ClaimFilters, staff: bool) -> list[ColumnElement[bool]]:
    """Return WHERE clauses on Claim and its shown Verdict (for readers: its snapshot) for these filters."""
    f, where = filters, []
    if f.q and (terms := fts_terms(f.q)):
        where.append(_FullTextMatch(terms, public=not staff))
    if f.status is not None:
        # The public scope holds published claims only; asking it for another status finds nothing.
        # Readers see reopened claims as published too: their published verdict is still public.
        if staff:
            where.append(Claim.status == f.status)
        elif f.status is not ClaimStatus.PUBLISHED:
            where.append(false())
    if f.rating is not None:
        where.append(Verdict.rating_level_id == f.rating)
    if f.tag:
        tags = Claim.tags if staff else PublishedSnapshot.tags
        where.append(tags.any(unicode_lower(Tag.name) == f.tag.lower()))
    if f.claimant:
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", f.claimant.lower()) + "%"
        where.append(unicode_lower(claim_column("claimant", staff)).like(pattern, escape="\\"))
    if f.article is not None:
        where.append(Claim.article_id == f.article if staff else in_article(f.article))
    if f.reviewer is not None:
        # Assignments are internal; the public may only filter on who wrote the published verdict.
        by_author = Verdict.author_id == f.reviewer
        where.append(or_(by_author, Claim.assignee_id == f.reviewer) if staff else by_author)
    if f.date_from:
        where.append(claim_column("claimed_on", staff) >= f.date_from)
    if f.date_to:
        where.append(claim_column("claimed_on", staff) <= f.date_to)
    return where


def _int(args: Mapping[str, str], name: str) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    # isascii: "²" and other digits pass isdigit() but are no number int() or the database takes.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
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


def _status(args: Mapping[str, str]) -> ClaimStatus | None:
    raw = (args.get("status") or "").strip()
    try:
        return ClaimStatus(raw) if raw else None
    except ValueError:
        raise FilterError("status must be one of " + ", ".join(s.value for s in ClaimStatus)) from None


def parse_filters(args: Mapping[str, str]) -> ClaimFilters:
    """Read the filters from query-string arguments.

    :raises FilterError: a number, date, status or text that is out of range.
    """
    filters = ClaimFilters(
        q=_text(args, "q"),
        status=_status(args),
        rating=_int(args, "rating"),
        tag=_text(args, "tag"),
        claimant=_text(args, "claimant"),
        article=_int(args, "article"),
        reviewer=_int(args, "reviewer"),
        date_from=_date(args, "date_from"),
        date_to=_date(args, "date_to"),
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise FilterError("date_from must not be after date_to")
    return filters
