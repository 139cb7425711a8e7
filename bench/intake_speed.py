"""Time the staff pages that show intake matches: the claim workspace and the article page.

    python -m bench.intake_speed --database-url URL [--pages 20]

In one process, without gunicorn or sockets, logged in as a reviewer of a generated archive
(`python -m bench.generate`): claims and articles spread over the whole archive, oldest to
newest, each requested once with a cold and then a warm process cache. Reports milliseconds a
request (median and worst) and the statements each ran, so a page whose cost grows with the
archive shows at once.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from sqlalchemy import event, func, select


def _ids(session: Any, model: Any, count: int) -> list[int]:
    """Ids spread evenly from the oldest row to the newest."""
    low, high = session.execute(select(func.min(model.id), func.max(model.id))).one()
    step = max(1, (high - low) // max(1, count - 1))
    return [min(high, low + n * step) for n in range(count)]


def _time(client: Any, paths: list[str], engine: Any) -> tuple[list[float], list[int]]:
    """Milliseconds and statements for each path, requested in turn."""
    statements = [0]

    def count(*_args: object) -> None:
        statements[0] += 1

    times, counts = [], []
    event.listen(engine, "before_cursor_execute", count)
    try:
        for path in paths:
            statements[0] = 0
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            counts.append(statements[0])
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return times, counts


def measure(database_url: str, pages: int) -> str:
    """Return a small report: per page kind, median and worst ms, and statements a request."""
    from claims import create_app
    from claims.auth.access import start_session
    from claims.extensions import db
    from claims.models import Article, Claim, Role, User

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "b" * 40})
    lines = [f"{'page':<28}{'pass':<6}{'median ms':>10}{'worst ms':>10}{'statements':>12}"]
    with app.app_context():
        session = db.session
        reviewer = session.execute(select(User).where(User.role == Role.REVIEWER, User.active)).scalars().first()
        if reviewer is None:
            raise RuntimeError("no active reviewer: generate the archive with bench.generate")
        claims_total = session.execute(select(func.count(Claim.id))).scalar_one()
        kinds = {
            "/review/claims/<id>": [f"/review/claims/{i}" for i in _ids(session, Claim, pages)],
            "/review/articles/<id>": [f"/review/articles/{i}" for i in _ids(session, Article, pages)],
        }
        client = app.test_client()
        with client.session_transaction() as sess:
            sess["_user_id"] = str(reviewer.id)
            sess["_fresh"] = True
            start_session(sess, reviewer)
        session.remove()
        for label, paths in kinds.items():
            for name in ("cold", "warm"):
                times, counts = _time(client, paths, db.engine)
                lines.append(
                    f"{label:<28}{name:<6}{statistics.median(times):>10.0f}{max(times):>10.0f}"
                    f"{f'{min(counts)}-{max(counts)}':>12}"
                )
        db.engine.dispose()
    return f"{claims_total:,} claims, {pages} pages of each kind\n" + "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args(argv)
    print(measure(args.database_url, args.pages))


if __name__ == "__main__":
    main()
