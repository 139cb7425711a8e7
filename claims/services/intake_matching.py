"""Earlier claims that say the same thing, found at a cost that does not grow with the archive.

Ranking with `ClaimIndex` over every claim took 40-53 s a page view at 100,000 claims. Instead,
each page reads a fixed budget of rows:

1. one statement looks the text's terms up in the staff full-text index `claims_fts`
   (migration 0002: every claim, live text), each alone and the leading ones two by two
   (`lookups`), at most `rows_per_term` claims a lookup. A rare term or pair is read in full;
   one in more claims than that gives an arbitrary sample: the newest on SQLite, whose FTS5
   walks ids in either direction, the first found on PostgreSQL, where ordering a GIN match
   would read every match. Ranking all matches by relevance instead (FTS5's bm25, ts_rank)
   would read every claim holding a common word;
2. `shortlist` keeps the claims sharing the most, and the rarest, lookups;
3. those claims are ranked with `ClaimIndex`, whose document frequencies come from a sample
   spread evenly over the archive's ids: counted among the shortlist, the words every
   candidate was found by would look common, every score would drop and the threshold would
   lose the meaning it was chosen with (an index over the whole archive). Counting them is
   the costliest step of a page, and the sample seldom changes, so each process keeps the
   last few counts. On an archive no larger than the sample, the sample is the archive: its
   claims are ranked too, and the ranking is the one an index over every claim gives.

Every claim is a candidate, published or not: reviewers need the in-progress duplicate as much
as the checked one, and `claims_fts` already indexes the restatement and quote of each.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache, reduce

from sqlalchemy import ColumnElement, Select, column, func, literal, literal_column, select, table, union_all
from sqlalchemy.orm import Session, joinedload

from claims.intake import ClaimIndex, Match
from claims.intake.matching import Frequencies
from claims.intake.retrieval import Lookup, lookups, shortlist
from claims.models import Claim

__all__ = ["BUDGETS", "MatchBudget", "claim_text", "find_similar"]


@dataclass(frozen=True)
class MatchBudget:
    """What one page may read to find similar claims, whatever the archive's size."""

    terms: int  # terms of each text looked up in the full-text index, one by one
    paired: int  # leading terms also looked up two by two
    rows_per_term: int  # claims read for each lookup
    shortlist: int  # claims per text ranked with ClaimIndex
    sample: int  # claims spread over the archive (up to twice as many) that give the document frequencies


# The article page asks for fifteen sentences at once and shows three matches for each.
BUDGETS: dict[str, MatchBudget] = {
    "claim": MatchBudget(terms=24, paired=8, rows_per_term=40, shortlist=100, sample=200),
    "article": MatchBudget(terms=12, paired=5, rows_per_term=20, shortlist=25, sample=200),
}

_FTS = table("claims_fts", column("claim_id"), column("document"))


def claim_text(restated: str, quote: str | None) -> str:
    """The text a claim is matched on: its restatement and its quote."""
    return f"{restated} {quote or ''}".strip()


def _lookup(lookup: Lookup, limit: int, exclude: Collection[int], dialect: str) -> Select:
    """Ids of claims whose indexed text holds every term of the lookup, at most `limit` of them."""
    if dialect == "sqlite":
        rowid = literal_column("rowid")
        # Each spelling quoted: it is a phrase to FTS5, never its query syntax.
        match = " AND ".join(
            "(" + " OR ".join('"' + s.replace('"', "") + '"' for s in term) + ")" for term in lookup
        )
        query = select(rowid.label("claim_id")).select_from(table("claims_fts"))
        query = query.where(literal_column("claims_fts").op("MATCH")(match)).order_by(rowid.desc())
        key: ColumnElement[int] = rowid
    else:
        terms = [
            reduce(lambda a, b: a.op("||")(b), [func.phraseto_tsquery("english", literal(s)) for s in term])
            for term in lookup
        ]
        query = select(_FTS.c.claim_id).where(_FTS.c.document.op("@@")(reduce(lambda a, b: a.op("&&")(b), terms)))
        key = _FTS.c.claim_id
    if exclude:
        query = query.where(key.not_in(sorted(exclude)))
    return query.limit(limit)


def _postings(session: Session, found: Sequence[Lookup], limit: int, exclude: Collection[int]) -> list[list[int]]:
    """Run every lookup in one statement; return the claim ids found by each."""
    if not found:
        return []
    dialect = session.get_bind().dialect.name
    parts = []
    for number, lookup in enumerate(found):
        ids = _lookup(lookup, limit, exclude, dialect).subquery()
        parts.append(select(literal(number).label("lookup"), ids.c.claim_id))
    found_ids: list[list[int]] = [[] for _ in found]
    for number, claim_id in session.execute(union_all(*parts)):
        found_ids[number].append(claim_id)
    return found_ids


def _sample_ids(session: Session, size: int) -> tuple[list[int], bool]:
    """Every step-th claim id, the step a power of two giving `size` to twice `size` ids, and
    whether the step is 1 (the sample is the whole archive).

    The step only doubles as the archive grows, so the same claims stay sampled for a long
    while and their counts stay cached in each worker; some ids may be gone.
    """
    newest = session.execute(select(func.max(Claim.id))).scalar_one_or_none() or 0
    step = 1
    while size and newest // (step * 2) >= size:
        step *= 2
    return list(range(step, newest + 1, step)), step == 1


@lru_cache(maxsize=8)
def _sample_frequencies(texts: tuple[str, ...]) -> Frequencies:
    """Document frequencies over the sample's texts; an edit to one of them counts afresh."""
    return Frequencies.of_texts(texts)


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
    per_text = [lookups(text, budget.terms, budget.paired) for text in texts]
    distinct = list(dict.fromkeys(lookup for found in per_text for lookup in found))
    postings = dict(zip(distinct, _postings(session, distinct, budget.rows_per_term, exclude_ids), strict=True))
    wanted: set[int] = set()
    for found in per_text:
        wanted.update(shortlist([postings[lookup] for lookup in found], budget.rows_per_term, budget.shortlist))
    if not wanted:
        return [[] for _ in texts]
    sample_ids, whole_archive = _sample_ids(session, budget.sample)
    sample = set(sample_ids)
    query = select(Claim.id, Claim.restated, Claim.quote).where(Claim.id.in_(sorted((wanted | sample) - set(exclude_ids))))
    texts_by_id = {row.id: claim_text(row.restated, row.quote) for row in session.execute(query)}
    frequencies = _sample_frequencies(tuple(texts_by_id[i] for i in sorted(sample) if i in texts_by_id))
    candidates = texts_by_id.items() if whole_archive else ((i, texts_by_id[i]) for i in wanted if i in texts_by_id)
    index = ClaimIndex(candidates, frequencies=frequencies)
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
