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

__all__ = ["DbMatching", "background_claims", "evaluate_matching_db", "store_pool"]

# Everything the budget reaches: the pair's second text is scored wherever it ranks.
_RANKED = 1000


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


def store_pool(session: Session, texts: Sequence[str], background: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Store the labelled texts spread among the background claims; return each text's claim id."""
    rows: list[dict[str, Any]] = [{"restated": r, "quote": q, "claimant": "Generated"} for r, q in background]
    step = max(1, len(rows) // max(1, len(texts)))
    for n, text in enumerate(texts):
        # Spread over the ids, so neither the oldest nor the newest claims are the labelled ones.
        rows.insert(min(len(rows), n * (step + 1) + step // 2), {"restated": text, "quote": None, "claimant": "Labelled"})
    session.execute(insert(Claim), rows)
    session.flush()
    found = session.execute(select(Claim.id, Claim.restated).where(Claim.claimant == "Labelled"))
    return {restated: claim_id for claim_id, restated in found}


def _classify(method: str, archive: int, pairs: Sequence[dict[str, Any]], scores: list[float]) -> DbMatching:
    same = [bool(p["same"]) for p in pairs]
    tp = sum(s >= DEFAULT_THRESHOLD and y for s, y in zip(scores, same, strict=True))
    fp = sum(s >= DEFAULT_THRESHOLD and not y for s, y in zip(scores, same, strict=True))
    fn = sum(s < DEFAULT_THRESHOLD and y for s, y in zip(scores, same, strict=True))
    precision, recall, f1 = precision_recall_f1(tp, fp, fn)
    return DbMatching(method, archive, precision, recall, f1, tp, fp, fn, tuple(scores))


def evaluate_matching_db(
    session: Session, pairs: Sequence[dict[str, Any]], ids: dict[str, int], with_full_index: bool = True
) -> list[DbMatching]:
    """Score every pair through the database (and, if asked, with an index over every claim).

    `ids` maps each labelled text to its stored claim, as `store_pool` returns it.
    """
    rows = session.execute(select(Claim.id, Claim.restated, Claim.quote)).all()
    results = []
    if with_full_index:
        index: ClaimIndex[int] = ClaimIndex((row.id, claim_text(row.restated, row.quote)) for row in rows)
        full = []
        for pair in pairs:
            matches = index.query(pair["a"], limit=None)
            full.append(next((m.score for m in matches if m.key == ids[pair["b"]]), 0.0))
        results.append(_classify("index over every claim", len(rows), pairs, full))
    scores = []
    for pair in pairs:
        (found,) = find_similar(session, [pair["a"]], _RANKED, BUDGETS["claim"], hidden_ids={ids[pair["a"]]})
        scores.append(next((m.score for claim, m in found if claim.id == ids[pair["b"]]), 0.0))
    results.append(_classify("database retrieval", len(rows), pairs, scores))
    return results


def run(sizes: Sequence[int], database_url: str | None = None, seed: int = 1) -> list[DbMatching]:
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
                    ids = store_pool(db.session, texts, background_claims(size, seed))
                    results.extend(evaluate_matching_db(db.session, pairs, ids))
                finally:
                    db.session.rollback()
                    db.session.remove()
                    db.engine.dispose()
    return results


def report(results: Sequence[DbMatching]) -> str:
    """A table of the results, one line per method and archive."""
    lines = [f"{'claims stored':>13}  {'matching':<24}{'precision':>10}{'recall':>8}{'F1':>7}{'TP':>4}{'FP':>4}{'FN':>4}"]
    for r in results:
        lines.append(
            f"{r.archive:>13,}  {r.method:<24}{r.precision:>10.3f}{r.recall:>8.3f}{r.f1:>7.3f}"
            f"{r.true_positives:>4}{r.false_positives:>4}{r.false_negatives:>4}"
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
