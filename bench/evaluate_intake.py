"""Evaluate claim suggestions and claim matching on the labelled intake data."""

from __future__ import annotations

import sys
import time
from pathlib import Path

# Run as "python bench/evaluate_intake.py" from the repository root. The script's own folder
# leaves the path: its http.py would stand in for the standard library's when Flask is imported.
_BENCH = Path(__file__).resolve().parent
sys.path[:] = [str(_BENCH.parent), *(p for p in sys.path if Path(p or ".").resolve() != _BENCH)]

from bench import evaluate_intake_db  # noqa: E402
from claims.intake.evaluation import (  # noqa: E402
    evaluate_matching,
    evaluate_suggestions,
    load_articles,
    load_pairs,
)
from claims.intake.matching import DEFAULT_THRESHOLD, ClaimIndex, find_matches  # noqa: E402

K = 10
CANDIDATES = 3000
QUERIES = 20
# Generated claims stored around the labelled pairs for the evaluation through the database.
ARCHIVES = (0, 5000)


def synthetic_candidates(pairs: list[dict[str, object]], count: int) -> list[tuple[int, str]]:
    """Build a realistic pool by varying the labelled claims' figures deterministically."""
    texts = sorted({str(p[side]) for p in pairs for side in ("a", "b")})
    pool = []
    for i in range(count):
        base = texts[i % len(texts)]
        pool.append((i, f"{base} ({1900 + i // len(texts)} figures, item {i})"))
    return pool


def throughput(pairs: list[dict[str, object]]) -> tuple[float, float, float]:
    """Seconds for one cold find_matches call, index build, and queries per second."""
    candidates = synthetic_candidates(pairs, CANDIDATES)
    queries = [str(p["a"]) for p in pairs[:QUERIES]]
    started = time.perf_counter()
    find_matches(queries[0], candidates)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    index = ClaimIndex(candidates)
    build = time.perf_counter() - started
    started = time.perf_counter()
    for query in queries:
        index.query(query)
    rate = len(queries) / (time.perf_counter() - started)
    return cold, build, rate


def main() -> int:
    """Print the evaluation tables; return 0."""
    articles = load_articles()
    results = evaluate_suggestions(articles, k=K)
    print(f"Claim suggestions (top {K})")
    print(f"{'article':<26}{'sentences':>10}{'gold':>6}{'P@10':>8}{'R@10':>8}")
    for r in results:
        print(f"{r.article_id:<26}{r.sentences:>10}{r.relevant:>6}{r.precision:>8.2f}{r.recall:>8.2f}")
    macro_p = sum(r.precision for r in results) / len(results)
    macro_r = sum(r.recall for r in results) / len(results)
    print(f"{'macro average':<26}{'':>10}{'':>6}{macro_p:>8.2f}{macro_r:>8.2f}")

    pairs = load_pairs()
    result, scores = evaluate_matching(pairs, DEFAULT_THRESHOLD)
    print()
    print(f"Claim matching at threshold {result.threshold:.2f} ({result.pairs} pairs)")
    print(f"{'precision':<12}{'recall':<12}{'F1':<12}{'TP':>4}{'FP':>4}{'FN':>4}")
    print(f"{result.precision:<12.3f}{result.recall:<12.3f}{result.f1:<12.3f}"
          f"{result.true_positives:>4}{result.false_positives:>4}{result.false_negatives:>4}")
    by_kind: dict[str, list[bool]] = {}
    for pair, score in zip(pairs, scores, strict=True):
        correct = (score >= result.threshold) == pair["same"]
        by_kind.setdefault(str(pair["kind"]), []).append(correct)
    print(f"{'pair kind':<24}{'pairs':>6}{'correct':>9}")
    for kind, outcomes in sorted(by_kind.items()):
        print(f"{kind:<24}{len(outcomes):>6}{sum(outcomes):>9}")

    print()
    print("Claim matching as the pages do it, through the database (bench/evaluate_intake_db.py)")
    print(evaluate_intake_db.report(evaluate_intake_db.run(ARCHIVES)))

    cold, build, rate = throughput(pairs)
    print()
    print(f"Matching throughput ({CANDIDATES} candidates, pure Python)")
    print(f"find_matches, one call with a cold cache: {cold * 1000:.0f} ms")
    print(f"ClaimIndex build (warm cache):            {build * 1000:.0f} ms")
    print(f"queries against a built index:            {rate:.0f} per second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
