"""A separate process writing through the app's own engine settings (used by test_concurrency)."""

from __future__ import annotations

import os
from typing import Any


def write_articles(url: str, instance: str, worker: int, count: int, start: Any, results: Any) -> None:
    """Wait for every worker to be ready, add `count` articles, one transaction each, and put the
    errors met (none expected) on `results`."""
    os.environ["CLAIMS_INSTANCE_PATH"] = instance
    from sqlalchemy.exc import OperationalError

    from claims import create_app
    from claims.extensions import db
    from claims.models import Article

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "RATELIMIT_ENABLED": False})
    errors: list[str] = []
    start.wait(timeout=120)  # all processes start writing together
    with app.app_context():
        for n in range(count):
            try:
                db.session.add(Article(headline=f"w{worker}-{n}", outlet="Load test", body="Body text."))
                db.session.commit()
            except OperationalError as error:
                db.session.rollback()
                errors.append(str(error))
        db.engine.dispose()
    results.put((worker, errors))
