"""Shared pieces of the archive generator: table columns, time helpers, and the per-run context.

Rows are plain tuples in COLUMNS order holding values both drivers accept unchanged: timestamps as
naive-UTC text in SQLAlchemy's SQLite format (PostgreSQL parses it too), dates as ISO text, enums
as their `.value` strings, JSON as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bench import generate_text as T

COLUMNS: dict[str, tuple[str, ...]] = {
    "users": ("id", "email", "display_name", "role", "password_hash", "active", "session_token", "created_at",
              "password_changed_at"),
    "tags": ("id", "name"),
    "articles": ("id", "headline", "outlet", "byline", "url", "published_on", "body", "added_by_id",
                 "created_at", "updated_at"),
    "claims": ("id", "article_id", "quote", "span_start", "span_end", "restated", "claimant", "claimed_on",
               "appearance_url", "status", "not_checkable_reason", "assignee_id", "created_by_id", "same_as_id",
               "created_at", "updated_at", "version"),
    "claim_tags": ("claim_id", "tag_id"),
    "verdicts": ("id", "claim_id", "state", "rating_level_id", "conclusion", "explanation", "author_id",
                 "approver_id", "submitted_at", "approved_at", "published_at", "external_publisher",
                 "external_url", "external_rating", "created_at", "updated_at", "version", "listed_at"),
    "evidence": ("id", "claim_id", "url", "title", "publisher", "published_on", "accessed_on", "passage",
                 "stance", "is_primary", "reference_value", "reference_unit", "reference_year", "added_by_id",
                 "created_at", "updated_at", "withdrawn_at", "withdrawn_reason", "version"),
    "corrections": ("id", "claim_id", "previous_verdict_id", "verdict_id", "old_rating_level_id",
                    "new_rating_level_id", "old_conclusion", "new_conclusion", "note", "author_id",
                    "created_at", "published_at"),
    "comments": ("id", "claim_id", "verdict_id", "author_id", "body", "created_at"),
    "revisions": ("id", "entity_type", "entity_id", "claim_id", "action", "actor_id", "created_at", "changes"),
}  # fmt: skip
# Columns a newer migration added: written where the schema has them, left out where it does not.
# verdicts.listed_at (0004) is what the app's sync_listed_at sets: published_at, else created_at.
OPTIONAL_COLUMNS = {("verdicts", "listed_at")}
# Dict order is load order: parents before children, so foreign keys hold at every point.
ID_TABLES = tuple(table for table in COLUMNS if table != "claim_tags")

Row = tuple[object, ...]
Rows = dict[str, list[Row]]

# Ten years of archive ending shortly before the migrations were written; fixed, so runs repeat.
START = datetime(2016, 10, 1)
SPAN_DAYS = 3652
MINUTE = 60_000_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def stamp(us: int) -> str:
    """Return the naive-UTC timestamp `us` microseconds after START, as SQLAlchemy stores it."""
    return (START + timedelta(microseconds=us)).isoformat(" ", "microseconds")


def day(us: int) -> str:
    """Return the ISO date of the moment `us` microseconds after START."""
    return (START + timedelta(microseconds=us)).date().isoformat()


@dataclass(frozen=True)
class Context:
    """What every chunk needs: sizes, seed, staff ids, the active scale's levels and the tag ids."""

    claims: int
    seed: int
    reviewers: tuple[int, ...]
    editors: tuple[int, ...]
    levels: tuple[tuple[int, str], ...]  # (id, label) of the active scale's current levels
    tag_ids: dict[str, int]  # tag name -> id
    claimants: tuple[str, ...] = field(default_factory=T.claimants)


@dataclass
class Counters:
    """The next id of each table not numbered by claim; carried from chunk to chunk."""

    verdicts: int = 1
    evidence: int = 1
    corrections: int = 1
    comments: int = 1
    revisions: int = 1

    def take(self, table: str) -> int:
        """Return the next id for `table` and advance it."""
        value: int = getattr(self, table)
        setattr(self, table, value + 1)
        return value


@dataclass
class Plan:
    """One claim's story: the moments and people its verdicts and evidence are generated from."""

    id: int
    status: str
    created: int
    slots: dict[str, object]
    author: int
    external: bool = False
    published: int | None = None  # when the verdict readers see now was published
    first_published: int | None = None  # earlier, when that verdict corrected a superseded one
    reopened: int | None = None
    working_until: int | None = None  # last moment of work on an unpublished claim
