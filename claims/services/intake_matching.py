"""Earlier claims that say the same thing, found at a cost that does not grow with the archive.

Ranking with `ClaimIndex` over every claim took 40-53 s a page view at 100,000 claims. Instead,
each page reads a fixed budget of rows:

1. one statement looks each of the text's terms (`lookup_terms`) up in the staff full-text index
   `claims_fts` (migration 0002: every claim, live text), at most `rows_per_term` claims a term.
   A rare term is read in full; a term in more claims than that (a common word, which says
   little about sameness) gives an arbitrary sample: the newest on SQLite, whose FTS5 walks ids
   in either direction, the first found on PostgreSQL, where ordering a GIN match would read
   every match;
2. `shortlist` keeps the claims sharing the most, and the rarest, terms;
3. those claims, with a sample spread evenly over the archive's ids, are ranked with
   `ClaimIndex`: the sample keeps its document frequencies close to the archive's, so the
   words every candidate was found by are not mistaken for common ones and the threshold keeps
   the meaning it was chosen with.

Every claim is a candidate, published or not: reviewers need the in-progress duplicate as much
as the checked one, and `claims_fts` already indexes the restatement and quote of each.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import reduce

from sqlalchemy import ColumnElement, Select, column, func, literal, literal_column, select, table, union_all
from sqlalchemy.orm import Session, joinedload

from claims.intake import ClaimIndex, Match
from claims.intake.retrieval import lookup_terms, shortlist
from claims.models import Claim

__all__ = ["BUDGETS", "MatchBudget", "claim_text", "find_similar"]


@dataclass(frozen=True)
class MatchBudget:
    """What one page may read to find similar claims, whatever the archive's size."""

    terms: int  # terms of each text looked up in the full-text index
    rows_per_term: int  # claims read for each term
    shortlist: int  # claims per text ranked with ClaimIndex
    sample: int  # claims spread over the archive that give the ranking its document frequencies


# The article page asks for fifteen sentences at once and shows three matches for each.
BUDGETS: dict[str, MatchBudget] = {
    "claim": MatchBudget(terms=24, rows_per_term=40, shortlist=100, sample=100),
    "article": MatchBudget(terms=12, rows_per_term=20, shortlist=25, sample=100),
}

_FTS = table("claims_fts", column("claim_id"), column("document"))


def claim_text(restated: str, quote: str | None) -> str:
    """The text a claim is matched on: its restatement and its quote."""
    return f"{restated} {quote or ''}".strip()


def _lookup(spellings: Sequence[str], limit: int, exclude: Collection[int], dialect: str) -> Select:
    """Claim ids whose indexed text holds any of the spellings, at most `limit` of them."""
    if dialect == "sqlite":
        rowid = literal_column("rowid")
        # Each spelling quoted: it is a phrase to FTS5, never its query syntax.
        match = " OR ".join('"' + s.replace('"', "") + '"' for s in spellings)
        query = select(rowid.label("claim_id")).select_from(table("claims_fts"))
        query = query.where(literal_column("claims_fts").op("MATCH")(match))
        key: ColumnElement[int] = rowid
        query = query.order_by(rowid.desc())
    else:
        tsquery = reduce(
            lambda a, b: a.op("||")(b), [func.phraseto_tsquery("english", literal(s)) for s in spellings]
        )
        query = select(_FTS.c.claim_id).where(_FTS.c.document.op("@@")(tsquery))
        key = _FTS.c.claim_id
    if exclude:
        query = query.where(key.not_in(sorted(exclude)))
    return query.limit(limit)


def _postings(
    session: Session, terms: Sequence[tuple[str, ...]], limit: int, exclude: Collection[int]
) -> list[list[int]]:
    """Look every term up in one statement; return the claim ids found for each term."""
    if not terms:
        return []
    dialect = session.get_bind().dialect.name
    parts = []
    for number, spellings in enumerate(terms):
        found = _lookup(spellings, limit, exclude, dialect).subquery()
        parts.append(select(literal(number).label("term"), found.c.claim_id))
    found_ids: list[list[int]] = [[] for _ in terms]
    for number, claim_id in session.execute(union_all(*parts)):
        found_ids[number].append(claim_id)
    return found_ids


def _sample_ids(session: Session, size: int) -> list[int]:
    """Ids spread evenly from the first claim to the newest; some may be gone."""
    newest = session.execute(select(func.max(Claim.id))).scalar_one_or_none() or 0
    return sorted({newest * (n + 1) // size for n in range(size)} - {0}) if size else []


def find_similar(
    session: Session,
    texts: Sequence[str],
    limit: int,
    budget: MatchBudget,
    exclude_ids: Collection[int] = (),
    hidden_ids: Collection[int] = (),
) -> list[list[tuple[Claim, Match[int]]]]:
    """For each text, the claims that may say the same, best first, at most `limit`.

    `exclude_ids` are neither looked up nor ranked (an article's own claims); `hidden_ids` take
    part in the ranking but are not returned (the claim a workspace is about).
    """
    lookups = [lookup_terms(text, budget.terms) for text in texts]
    terms = list(dict.fromkeys(t for found in lookups for t in found))
    postings = dict(zip(terms, _postings(session, terms, budget.rows_per_term, exclude_ids), strict=True))
    wanted: set[int] = set()
    for found in lookups:
        wanted.update(shortlist([postings[t] for t in found], budget.rows_per_term, budget.shortlist))
    if not wanted:
        return [[] for _ in texts]
    wanted.update(_sample_ids(session, budget.sample))
    rows = session.execute(
        select(Claim.id, Claim.restated, Claim.quote).where(Claim.id.in_(sorted(wanted - set(exclude_ids))))
    )
    index = ClaimIndex((row.id, claim_text(row.restated, row.quote)) for row in rows)
    ranked = [
        [m for m in index.query(text, limit=limit + len(hidden_ids)) if m.key not in hidden_ids][:limit]
        for text in texts
    ]
    shown = {m.key for matches in ranked for m in matches}
    claims = {}
    if shown:
        query = select(Claim).options(joinedload(Claim.article)).where(Claim.id.in_(sorted(shown)))
        claims = {c.id: c for c in session.execute(query).scalars()}
    return [[(claims[m.key], m) for m in matches] for matches in ranked]
