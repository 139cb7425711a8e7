"""Run one job: claim it with a lease, hand it to its kind's handler, record the outcome.

A job is claimed by one atomic UPDATE, so two workers given the same id (a re-queued message,
two machines running the upkeep) never both run it. Handlers commit their work in batches that
also advance `done` and renew the lease; a worker killed mid-job leaves the lease to run out,
and the upkeep re-queues the job, which resumes after the last committed batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from claims.extensions import db
from claims.models import Job, JobState
from claims.orm import utcnow

log = logging.getLogger(__name__)

# Longer than any one batch takes, so a live worker always renews it in time.
LEASE = timedelta(seconds=120)
# A queued job whose message should long have been taken: the message was lost (queue restarted).
QUEUED_GRACE = timedelta(minutes=2)
# A job that killed its worker this often would kill the next one too.
MAX_ATTEMPTS = 3


class JobFailed(Exception):
    """The job cannot be done; the message (and any details) is what its page shows."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details


class JobContext:
    """What a handler gets: the session, its job, and a way to commit a batch with its progress."""

    def __init__(self, session: Session, job: Job) -> None:
        self.session, self.job = session, job

    def advance(self, done: int, result: dict[str, Any] | None = None) -> None:
        """Commit the batch just written together with how far the job got (and its running result)."""
        self.job.done = done
        if result is not None:
            self.job.result = result
        self.job.lease_until = utcnow() + LEASE
        self.session.commit()

    def set_total(self, total: int) -> None:
        self.job.total = total
        self.job.lease_until = utcnow() + LEASE
        self.session.commit()


Handler = Callable[[JobContext], dict[str, Any]]


def claim_job(session: Session, job_id: int) -> Job | None:
    """Take the job for this worker, or return None when it is finished or another worker holds it."""
    now = utcnow()
    claimable = or_(
        Job.state == JobState.QUEUED.value,
        and_(Job.state == JobState.RUNNING.value, Job.lease_until < now),
    )
    taken = session.execute(
        update(Job)
        .where(Job.id == job_id, claimable)
        .values(state=JobState.RUNNING.value, lease_until=now + LEASE, attempts=Job.attempts + 1)
    )
    session.commit()
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    job = session.get(Job, job_id)
    assert job is not None  # noqa: S101  (the UPDATE above just matched it)
    if job.started_at is None:
        job.started_at = now
        session.commit()
    return job


def run_job(job_id: int, handlers: dict[str, Handler] | None = None) -> None:
    """Run the job if it is free; record its result or its failure."""
    from claims.jobs.kinds import HANDLERS

    session = db.session
    job = claim_job(session, job_id)
    if job is None:
        return
    if job.attempts > MAX_ATTEMPTS:
        _finish(
            session,
            job,
            JobState.FAILED,
            {"error": f"Stopped after {MAX_ATTEMPTS} attempts: the worker died each time."},
        )
        return
    handler = (handlers or HANDLERS).get(job.kind)
    try:
        if handler is None:
            raise JobFailed(f"Unknown kind of job: {job.kind}")
        result = handler(JobContext(session, job))
    except JobFailed as failure:
        session.rollback()
        _finish(session, job, JobState.FAILED, {**job.result, "error": str(failure), **failure.details})
        return
    except DBAPIError as error:
        session.rollback()
        if error.connection_invalidated:
            # The database went away: leave the lease to run out and the upkeep to re-queue.
            log.warning("job %s interrupted by a lost database connection; it will resume", job_id)
            return
        log.exception("job %s failed", job_id)
        _finish(
            session,
            job,
            JobState.FAILED,
            {**job.result, "error": "A database error stopped the job; it has been logged."},
        )
        return
    except Exception:
        log.exception("job %s failed", job_id)
        session.rollback()
        _finish(
            session,
            job,
            JobState.FAILED,
            {**job.result, "error": "The job stopped with an error; it has been logged."},
        )
        return
    _finish(session, job, JobState.DONE, result)


def _finish(session: Session, job: Job, state: JobState, result: dict[str, Any]) -> None:
    job.state = state.value
    job.result = result
    job.finished_at = utcnow()
    job.lease_until = None
    if state is JobState.DONE:
        job.done = max(job.done, job.total)
    session.commit()
    log.info("job %s (%s) %s", job.id, job.kind, state.value)


def stale_jobs(session: Session) -> list[int]:
    """Return the jobs to re-queue: running past their lease, or queued long past any worker's reach.

    A re-queued queued job gets a lease too, so the upkeep does not queue it again every minute
    while it waits its turn behind a long job.
    """
    now = utcnow()
    stale = or_(
        and_(Job.state == JobState.RUNNING.value, Job.lease_until < now),
        and_(
            Job.state == JobState.QUEUED.value,
            Job.created_at < now - QUEUED_GRACE,
            or_(Job.lease_until.is_(None), Job.lease_until < now),
        ),
    )
    ids = list(session.execute(select(Job.id).where(stale).order_by(Job.id).limit(100)).scalars())
    if ids:
        session.execute(
            update(Job)
            .where(Job.id.in_(ids), Job.state == JobState.QUEUED.value)
            .values(lease_until=now + QUEUED_GRACE * 5)
        )
    session.commit()
    return ids
