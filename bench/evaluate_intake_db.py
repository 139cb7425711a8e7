"""Claim matching on the labelled pairs as the app does it: through the database, among other claims.

`evaluate_matching` scores each pair inside an index of the labelled texts alone. The app
instead finds candidates in the full-text index with a fixed budget and ranks a shortlist, in an
archive where many claims share the pairs' words. Here the labelled texts are stored as claims
among generated ones (`bench.generate_text`, whose minority templates share "Uighurs" with the
seed article) and each pair is scored twice on that same archive:

- "index over every claim": a `ClaimIndex` of all stored claims, as the pages were before;
- "database retrieval": `find_similar` with the claim workspace's budget, as they are now.

A pair counts as the same claim when the second text comes back for the first at or above the
threshold; the first text's own claim is hidden, as the workspace hides the claim it shows.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bench import generate_text as T
from claims.intake.evaluation import precision_recall_f1
from claims.intake.matching import DEFAULT_THRESHOLD, ClaimIndex
from claims.models import Claim
from claims.services.intake_matching import BUDGETS, claim_text, find_similar

__all__ = [
    "DbMatching",
    "Fidelity",
    "background_claims",
    "classify",
    "evaluate_matching_db",
    "pair_scores_db",
    "store_pool",
]

# Everything the budget reaches: the pair's second text is scored wherever it ranks.
_RANKED = 1000
# The claim workspace lists five earlier claims.
_SHOWN = 5
# Generated claims whose quote is held back as a query.
TARGETS = 200


@dataclass(frozen=True)
class DbMatching:
    """Pair classification by one way of matching, on one stored archive."""

    method: str
    archive: int
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    false_negatives: int
    scores: tuple[float, ...]


def background_claims(count: int, seed: int = 1) -> list[tuple[str, str]]:
    """(restated, quote) of generated claims, 3% of them about Uighurs as in the benchmark archive."""
    rng = random.Random(seed)
    claims = []
    for _ in range(count):
        year = rng.randint(1990, 2025)
        slots = {
            "place": rng.choice(T.PLACES), "place2": rng.choice(T.PLACES), "n": rng.randint(2, 950),
            "pct": rng.randint(1, 99), "year": year, "year2": year + rng.randint(1, 9),
            "people": rng.choice(T.PEOPLE), "sector": rng.choice(T.SECTORS), "trend": rng.choice(T.TRENDS),
            "org": rng.choice(T.ORGS), "commodity": rng.choice(T.COMMODITIES), "age": rng.randint(48, 86),
            "measure": rng.choice(T.MEASURES), "region": rng.choice(T.REGIONS), "thing": rng.choice(T.THINGS),
        }  # fmt: skip
        templates = T.SEARCH_TEMPLATES if rng.random() < T.SEARCH_SHARE else T.TEMPLATES
        restated, quote, _topic = rng.choice(templates)
        claims.append((restated.format_map(slots), quote.format_map(slots)))
    return claims


def store_pool(
    session: Session, texts: Sequence[str], background: Sequence[tuple[str, str]], targets: int = 0
) -> tuple[dict[str, int], dict[str, int]]:
    """Store the labelled texts spread among the background claims.

    The first `targets` background claims are stored by their restatement alone, their quote
    kept back as a query that should find them. Return the claim id of each labelled text and
    of each held-back quote.
    """
    rows: list[dict[str, Any]] = [
        {"restated": r, "quote": None if n < targets else q, "claimant": "Target" if n < targets else "Generated"}
        for n, (r, q) in enumerate(background)
    ]
    step = max(1, len(rows) // max(1, len(texts)))
    for n, text in enumerate(texts):
        # Spread over the ids, so neither the oldest nor the newest claims are the labelled ones.
        rows.insert(min(len(rows), n * (step + 1) + step // 2), {"restated": text, "quote": None, "claimant": "Labelled"})
    session.execute(insert(Claim), rows)
    session.flush()
    found = session.execute(select(Claim.id, Claim.restated).where(Claim.claimant == "Labelled"))
    labelled = {restated: claim_id for claim_id, restated in found}
    by_restated = {r: q for r, q in background[:targets]}
    found = session.execute(select(Claim.id, Claim.restated).where(Claim.claimant == "Target"))
    return labelled, {by_restated[restated]: claim_id for claim_id, restated in found}


def pair_scores_db(session: Session, pairs: Sequence[dict[str, Any]], labelled: dict[str, int]) -> list[float]:
    """Each pair's score as the claim workspace of its first text would give it (0: not listed)."""
    scores = []
    for pair in pairs:
        hidden = {labelled[pair["a"]]}
        (found,) = find_similar(session, [pair["a"]], _RANKED, BUDGETS["claim"], hidden_ids=hidden)
        scores.append(next((m.score for _, m in found if m.key == labelled[pair["b"]]), 0.0))
    return scores


def classify(method: str, archive: int, pairs: Sequence[dict[str, Any]], scores: list[float]) -> DbMatching:
    """Count the pairs scored at or above the threshold as the same claim, and compare with the labels."""
    same = [bool(p["same"]) for p in pairs]
    tp = sum(s >= DEFAULT_THRESHOLD and y for s, y in zip(scores, same, strict=True))
    fp = sum(s >= DEFAULT_THRESHOLD and not y for s, y in zip(scores, same, strict=True))
    fn = sum(s < DEFAULT_THRESHOLD and y for s, y in zip(scores, same, strict=True))
    precision, recall, f1 = precision_recall_f1(tp, fp, fn)
    return DbMatching(method, archive, precision, recall, f1, tp, fp, fn, tuple(scores))


@dataclass(frozen=True)
class Fidelity:
    """How often a generated claim's quote finds the claim, among the five matches shown."""

    archive: int
    queries: int
    found_full: int  # with an index over every claim
    found_db: int  # through the database
    overlap: float  # mean share of the full index's five the database path lists too


def evaluate_matching_db(
    session: Session, pairs: Sequence[dict[str, Any]], labelled: dict[str, int], targets: dict[str, int]
) -> tuple[list[DbMatching], Fidelity]:
    """Score every pair, and find every held-back quote's claim, both ways on the stored archive.

    `labelled` and `targets` map texts to stored claims, as `store_pool` returns them.
    """
    rows = session.execute(select(Claim.id, Claim.restated, Claim.quote)).all()
    index: ClaimIndex[int] = ClaimIndex((row.id, claim_text(row.restated, row.quote)) for row in rows)
    full = []
    for pair in pairs:
        wanted, hidden = labelled[pair["b"]], {labelled[pair["a"]]}
        matches = [m for m in index.query(pair["a"], limit=None) if m.key not in hidden]
        full.append(next((m.score for m in matches if m.key == wanted), 0.0))
    results = [
        classify("index over every claim", len(rows), pairs, full),
        classify("database retrieval", len(rows), pairs, pair_scores_db(session, pairs, labelled)),
    ]
    found_full = found_db = 0
    overlap = 0.0
    for quote, claim_id in targets.items():
        top_full = [m.key for m in index.query(quote, limit=_SHOWN)]
        (found,) = find_similar(session, [quote], _SHOWN, BUDGETS["claim"])
        top_db = [m.key for _, m in found]
        found_full += claim_id in top_full
        found_db += claim_id in top_db
        overlap += len(set(top_full) & set(top_db)) / len(top_full) if top_full else 1.0
    fidelity = Fidelity(len(rows), len(targets), found_full, found_db, overlap / max(1, len(targets)))
    return results, fidelity


def run(
    sizes: Sequence[int], database_url: str | None = None, seed: int = 1
) -> list[tuple[list[DbMatching], Fidelity]]:
    """Evaluate on a fresh migrated database per archive size (SQLite in a temporary folder by default).

    :raises RuntimeError: the database given already holds claims.
    """
    import tempfile
    from pathlib import Path

    from flask_migrate import upgrade
    from sqlalchemy import inspect

    from claims import create_app
    from claims.extensions import db
    from claims.intake.evaluation import load_pairs

    pairs = load_pairs()
    texts = sorted({str(p[side]) for p in pairs for side in ("a", "b")})
    migrations = str(Path(__file__).resolve().parent.parent / "migrations")
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            url = database_url or f"sqlite:///{scratch}/intake-{size}.db"
            app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "e" * 40})
            with app.app_context():
                if "claims" in inspect(db.engine).get_table_names() and db.session.scalar(select(Claim.id).limit(1)):
                    raise RuntimeError("the evaluation needs a database without claims")
                upgrade(directory=migrations)
                try:
                    background = background_claims(size, seed)
                    labelled, targets = store_pool(db.session, texts, background, min(TARGETS, size))
                    results.append(evaluate_matching_db(db.session, pairs, labelled, targets))
                finally:
                    db.session.rollback()
                    db.session.remove()
                    db.engine.dispose()
    return results


def report(results: Sequence[tuple[list[DbMatching], Fidelity]]) -> str:
    """Two tables: the labelled pairs, and generated claims found from their quote."""
    lines = [
        "Labelled pairs, stored among generated claims",
        f"{'claims stored':>13}  {'matching':<24}{'precision':>10}{'recall':>8}{'F1':>7}{'TP':>4}{'FP':>4}{'FN':>4}",
    ]
    for matchings, _ in results:
        for r in matchings:
            lines.append(
                f"{r.archive:>13,}  {r.method:<24}{r.precision:>10.3f}{r.recall:>8.3f}{r.f1:>7.3f}"
                f"{r.true_positives:>4}{r.false_positives:>4}{r.false_negatives:>4}"
            )
    lines += [
        "",
        f"Generated claims found from their quote among the {_SHOWN} shown",
        f"{'claims stored':>13}{'queries':>9}{'every claim':>13}{'database':>10}{'same top 5':>12}",
    ]
    for _, f in results:
        if f.queries:
            lines.append(
                f"{f.archive:>13,}{f.queries:>9}{f.found_full / f.queries:>13.3f}"
                f"{f.found_db / f.queries:>10.3f}{f.overlap:>12.3f}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Print the table for the archive sizes asked for."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--archive", type=int, nargs="+", default=[0, 5000], help="generated claims around the pairs")
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a temporary folder)")
    args = parser.parse_args(argv)
    print(report(run(args.archive, args.database_url)))


if __name__ == "__main__":
    main()
