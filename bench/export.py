"""Export throughput and peak memory: claims.csv streamed through the app at N claims.

    python -m bench.export --claims 100000 1000000

Data goes into a scratch SQLite file with Core bulk inserts (no history rows: this measures the
export, not the writes). Each size is exported twice through the real view with a staff login:
once timed, once under tracemalloc for the peak of Python allocations while streaming.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, select

from claims import create_app
from claims.extensions import db
from claims.models import Article, Claim, Evidence, RatingLevel, Tag, User, Verdict, claim_tags
from claims.services.ratings import install_default_scale

CHUNK = 20_000
BODY = "The region has roughly 10 million Uighurs. Its land area is comparable to Iran. " * 4


def build_database(path: Path, claims: int) -> None:
    """Create the schema and `claims` claims (half published), with evidence and tags."""
    engine = create_engine(f"sqlite:///{path}")
    db.metadata.create_all(engine)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    rng = random.Random(1)
    with engine.begin() as conn:
        install_default_scale(conn)
        levels = conn.execute(select(RatingLevel.id)).scalars().all()
        conn.execute(insert(User), [{"email": "e@x.example", "display_name": "Editor", "role": "editor",
                                     "password_hash": "x", "active": True, "session_token": "bench", "created_at": now}])  # fmt: skip
        conn.execute(insert(Tag), [{"name": f"topic {n}"} for n in range(20)])
        articles = max(1, claims // 100)
        conn.execute(insert(Article), [{"headline": f"Headline {n}", "outlet": "Bench Times", "body": BODY,
                                        "url": f"https://news.example/{n}", "created_at": now, "updated_at": now}
                                       for n in range(1, articles + 1)])  # fmt: skip
        for start in range(1, claims + 1, CHUNK):
            ids = range(start, min(start + CHUNK, claims + 1))
            conn.execute(insert(Claim), [{"id": i, "article_id": i % articles + 1, "quote": "roughly 10 million Uighurs",
                                          "span_start": 15, "span_end": 41, "restated": f"=Claim {i}, \"quoted\" текст",
                                          "claimant": "Officials", "claimed_on": date(2020, 1, 1) + timedelta(days=i % 900),
                                          "status": "published" if i % 2 else "researching", "created_at": now,
                                          "updated_at": now, "version": 1} for i in ids])  # fmt: skip
            conn.execute(insert(Verdict), [{"claim_id": i, "state": "published" if i % 2 else "draft",
                                            "rating_level_id": rng.choice(levels), "conclusion": f"Conclusion {i}",
                                            "explanation": "", "author_id": 1, "published_at": now if i % 2 else None,
                                            "created_at": now, "updated_at": now, "version": 1} for i in ids])  # fmt: skip
            conn.execute(insert(Evidence), [{"claim_id": i, "url": "https://stats.example/t", "title": "Table",
                                             "stance": "supports", "is_primary": True, "created_at": now,
                                             "updated_at": now, "version": 1} for i in ids if i % 3 == 0])  # fmt: skip
            conn.execute(insert(claim_tags), [{"claim_id": i, "tag_id": i % 20 + 1} for i in ids])
    engine.dispose()


def export_once(app, measure_memory: bool) -> tuple[int, int, float, int]:  # type: ignore[no-untyped-def]
    """Stream claims.csv; return (rows, bytes, seconds, peak traced bytes)."""
    client = app.test_client()
    with client.session_transaction() as sess:
        sess.update({"_user_id": "1", "_fresh": True, "_session_token": "bench"})
    if measure_memory:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.get("/export/claims.csv", buffered=False)
    size = rows = 0
    for chunk in response.response:
        data = chunk if isinstance(chunk, bytes) else chunk.encode()
        size += len(data)
        rows += data.count(b"\r\n")
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if measure_memory else 0
    if measure_memory:
        tracemalloc.stop()
    response.close()
    return rows - 1, size, seconds, peak


def run(claims: int, workdir: Path) -> dict[str, float]:
    """Build a database of `claims` claims and measure one timed and one traced export."""
    path = workdir / f"bench-{claims}.db"
    started = time.perf_counter()
    build_database(path, claims)
    built = time.perf_counter() - started
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "b" * 40, "TESTING": True}
    )
    with app.app_context():
        rows, size, seconds, _ = export_once(app, measure_memory=False)
        _rows, _size, _seconds, peak = export_once(app, measure_memory=True)
        db.engine.dispose()
    assert rows == claims, (rows, claims)
    return {"claims": claims, "build_s": built, "rows_per_s": rows / seconds, "seconds": seconds,
            "mb": size / 1e6, "peak_mib": peak / 2**20}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    """Parse --claims sizes, run each, print a table and the memory ratio largest/smallest."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, nargs="+", default=[100_000])
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="claims-bench-") as tmp:
        for claims in args.claims:
            result = run(claims, Path(tmp))
            results.append(result)
            print(f"{claims:>9} claims: built in {result['build_s']:.1f}s; exported {result['mb']:.1f} MB in "
                  f"{result['seconds']:.1f}s = {result['rows_per_s']:,.0f} rows/s; "
                  f"peak traced memory {result['peak_mib']:.2f} MiB", flush=True)  # fmt: skip
    if len(results) > 1:
        small, large = results[0], results[-1]
        print(f"memory at {large['claims']:,} / memory at {small['claims']:,} = "
              f"{large['peak_mib'] / small['peak_mib']:.2f} (rows x{large['claims'] / small['claims']:.0f})")  # fmt: skip


if __name__ == "__main__":
    main()
