"""Starting jobs and keeping their files: what the pages and commands call, never the queue directly."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from claims.models import ClaimStatus, Job, JobFile, JobState, User
from claims.orm import utcnow
from claims.services.claim_filters import ClaimFilters

log = logging.getLogger(__name__)

INPUT, OUTPUT = "input", "output"
# Parts small enough to hold in memory and to insert in one statement on either database.
PART_BYTES = 1024 * 1024
# Finished jobs keep their files this long; the job row and its result stay for the record.
FILES_KEPT = timedelta(days=7)


def start_job(
    session: Session,
    kind: str,
    title: str,
    params: dict[str, Any],
    user: User | None,
    inputs: Iterable[bytes] = (),
    confirmed: bool = True,
) -> Job:
    """Store the job and its input files, commit, and hand it to the workers.

    An import whose dry run the editor has yet to confirm is stored as CHECKED and waits for
    confirm_job; its file is in the database, so the confirmation may reach any app server.
    """
    state = JobState.QUEUED if confirmed else JobState.CHECKED
    job = Job(kind=kind, title=title[:300], params=params, created_by=user, result={}, state=state.value)
    session.add(job)
    session.flush()
    for number, data in enumerate(inputs):
        session.add(JobFile(job_id=job.id, role=INPUT, part=number, data=data))
    job_id = job.id
    session.commit()
    if confirmed:
        _enqueue(job_id)
    return job


def confirm_job(session: Session, job: Job) -> bool:
    """Queue a checked job; False when it was already confirmed (a second click, another tab)."""
    job_id = job.id
    taken = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == JobState.CHECKED.value)
        .values(state=JobState.QUEUED.value, created_at=utcnow())
    )
    session.commit()
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return False
    _enqueue(job_id)
    return True


def _enqueue(job_id: int) -> None:
    # Takes the id, not the row: reading an expired row here would open a new transaction.
    from claims.jobs import current_queue

    try:
        current_queue().enqueue(job_id)
    except Exception:  # the job stays queued; the workers' upkeep queues it again
        log.exception("could not queue job %s", job_id)


def input_part(session: Session, job_id: int, part: int) -> bytes:
    """One stored input file of the job."""
    return session.execute(
        select(JobFile.data).where(JobFile.job_id == job_id, JobFile.role == INPUT, JobFile.part == part)
    ).scalar_one()


def input_count(session: Session, job_id: int) -> int:
    return session.execute(
        select(func.count()).where(JobFile.job_id == job_id, JobFile.role == INPUT)
    ).scalar_one()


def add_output_part(session: Session, job_id: int, part: int, data: bytes) -> None:
    """Add one part of the job's output (the caller commits it with the job's progress)."""
    session.add(JobFile(job_id=job_id, role=OUTPUT, part=part, data=data))


def clear_output(session: Session, job_id: int) -> None:
    session.execute(delete(JobFile).where(JobFile.job_id == job_id, JobFile.role == OUTPUT))


def output_size(session: Session, job_id: int) -> int:
    return session.execute(
        select(func.coalesce(func.sum(func.length(JobFile.data)), 0)).where(
            JobFile.job_id == job_id, JobFile.role == OUTPUT
        )
    ).scalar_one()


def output_parts(session: Session, job_id: int) -> Iterator[bytes]:
    """Yield the job's output part by part, reading one part at a time."""
    part = 0
    while True:
        data = session.execute(
            select(JobFile.data).where(JobFile.job_id == job_id, JobFile.role == OUTPUT, JobFile.part == part)
        ).scalar_one_or_none()
        if data is None:
            return
        yield data
        part += 1


def recent_jobs(session: Session, limit: int = 50) -> list[Job]:
    """The newest jobs, for the jobs page (not dry runs nobody confirmed)."""
    query = select(Job).where(Job.state != JobState.CHECKED.value).order_by(Job.id.desc()).limit(limit)
    return list(session.execute(query).scalars())


def delete_expired(session: Session) -> int:
    """Drop the files of jobs finished more than FILES_KEPT ago; return how many jobs lost them."""
    cutoff = utcnow() - FILES_KEPT
    finished = select(Job.id).where(
        Job.state.in_([JobState.DONE.value, JobState.FAILED.value]), Job.finished_at < cutoff
    )
    result = session.execute(delete(JobFile).where(JobFile.job_id.in_(finished)))
    # A dry run nobody confirmed is not a job anyone will look for.
    session.execute(delete(Job).where(Job.state == JobState.CHECKED.value, Job.created_at < cutoff))
    session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def filters_to_params(filters: ClaimFilters) -> dict[str, Any]:
    """The filters as JSON-safe values, for a job's params."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(filters).items()}


def filters_from_params(params: dict[str, Any]) -> ClaimFilters:
    """The filters stored by filters_to_params."""
    values = dict(params)
    values["status"] = ClaimStatus(values["status"]) if values.get("status") else None
    for key in ("date_from", "date_to"):
        values[key] = date.fromisoformat(values[key]) if values.get(key) else None
    return ClaimFilters(**values)
