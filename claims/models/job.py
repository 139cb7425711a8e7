"""Background jobs: the row every app server reads for a job's progress, and its stored files."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.extensions import db
from claims.models.user import User
from claims.orm import UTCDateTime, utcnow


class JobState(enum.StrEnum):
    CHECKED = "checked"  # an import's dry run, waiting for the editor to confirm it
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {
            "checked": "Checked, not confirmed",
            "queued": "Waiting for a worker",
            "running": "Running",
            "done": "Done",
            "failed": "Failed",
        }[self.value]


class Job(db.Model):
    """One piece of long work (an import, an export, a recount) run by a worker, not a request.

    The queue carries only the id. A worker claims the row with a lease and writes its work in
    batches that advance `done` in the same transaction, so a job whose worker died is taken up
    again where it stopped and nothing is written twice.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_state_lease", "state", "lease_until"),
        Index("ix_jobs_created_by_id", "created_by_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20), default=JobState.QUEUED.value)
    title: Mapped[str] = mapped_column(String(300))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    created_by: Mapped[User | None] = relationship()

    @property
    def job_state(self) -> JobState:
        return JobState(self.state)

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return min(99, 100 * self.done // self.total) if self.total else 0

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.state} {self.done}/{self.total}>"


class JobFile(db.Model):
    """A job's input (an uploaded file) or output (an export), in parts every server can read."""

    __tablename__ = "job_files"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10), primary_key=True)  # "input" or "output"
    part: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
