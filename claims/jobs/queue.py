"""The Huey queue bound to the app: one task that runs a job by id, and the periodic upkeep."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab

log = logging.getLogger(__name__)
EXTENSION = "claims_jobs"


def make_huey(config: dict[str, Any], instance_path: str) -> Huey:
    """Return the queue's store: Redis when configured (shared by every machine), else SQLite in instance/."""
    # results=False: outcomes live in the jobs table, where every app server can read them.
    if config.get("JOBS_REDIS_URL"):
        return RedisHuey("claims", url=config["JOBS_REDIS_URL"], results=False)
    path = config.get("JOBS_SQLITE_PATH") or str(Path(instance_path) / "jobs.db")
    return SqliteHuey("claims", filename=path, results=False)


class JobQueue:
    """The app's queue: enqueue a job id, or run what is queued (the worker, or a test)."""

    def __init__(self, app: Flask) -> None:
        self.huey = make_huey(app.config, app.instance_path)
        self._app = app
        self._run = self.huey.task(name="claims.run_job")(self._run_job)
        self.huey.periodic_task(crontab(minute="*"), name="claims.recover_jobs")(self._recover)
        self.huey.periodic_task(crontab(hour="3", minute="17"), name="claims.nightly")(self._nightly)

    def enqueue(self, job_id: int) -> None:
        """Hand a committed job to the workers."""
        self._run(job_id)

    def pending(self) -> int:
        """How many messages wait in the queue (also proves the store answers)."""
        return int(self.huey.pending_count())

    def drain(self) -> int:
        """Run every queued message in this process and return how many ran (`worker --drain`, tests)."""
        ran = 0
        while (task := self.huey.dequeue()) is not None:
            self.huey.execute(task)
            ran += 1
        return ran

    def recover(self) -> list[int]:
        """Re-enqueue jobs whose worker died or whose message was lost; return their ids."""
        return self._recover()

    def _run_job(self, job_id: int) -> None:
        from claims.jobs.runner import run_job

        with self._app.app_context():
            run_job(job_id)

    def _recover(self) -> list[int]:
        from claims.extensions import db
        from claims.jobs.runner import stale_jobs

        with self._app.app_context():
            ids = stale_jobs(db.session)
        for job_id in ids:
            log.warning("job %s re-queued: its worker stopped or its message was lost", job_id)
            self.enqueue(job_id)
        return ids

    def _nightly(self) -> None:
        from claims.extensions import db
        from claims.services.jobs import delete_expired, start_job

        with self._app.app_context():
            delete_expired(db.session)
            start_job(db.session, "recount", "Nightly recount and planner statistics", {}, None)


def init_jobs(app: Flask) -> None:
    """Attach the queue to the app (nothing connects until a job is enqueued or the worker starts)."""
    app.extensions[EXTENSION] = JobQueue(app)


def current_queue() -> JobQueue:
    """The queue of the app in context."""
    return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]
