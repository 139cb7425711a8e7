"""Row 29: concurrent writers. Four processes write 50 articles each through the app's engine
settings (on SQLite: WAL, foreign keys, busy timeout, BEGIN IMMEDIATE); every write must land."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import func, select, text

from claims.extensions import db
from claims.models import Article, Revision
from tests.security.concurrency_worker import write_articles

PROCESSES, WRITES = 4, 50


def test_sqlite_connection_settings(app, session):
    if db.engine.dialect.name != "sqlite":
        assert db.engine.dialect.name == "postgresql"
        return  # the pragmas concern SQLite only; PostgreSQL locks rows itself
    connection = session.connection()
    assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000


def test_four_processes_writing_at_once_lose_nothing(app, session, database_url, tmp_path):
    # On PostgreSQL the same test runs against the test database: the row concerns SQLite, but a
    # lost write would be just as wrong there.
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(PROCESSES), context.Queue()
    workers = [
        context.Process(
            target=write_articles, args=(database_url, str(tmp_path / f"i{w}"), w, WRITES, start, results)
        )
        for w in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    reports = dict(results.get(timeout=300) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert reports == {w: [] for w in range(PROCESSES)}, "no 'database is locked' or other errors"
    session.expire_all()
    headlines = set(session.scalars(select(Article.headline)))
    assert headlines == {f"w{w}-{n}" for w in range(PROCESSES) for n in range(WRITES)}
    # each write carried its history row in the same transaction
    assert session.scalar(select(func.count(Revision.id))) == PROCESSES * WRITES
