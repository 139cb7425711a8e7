"""What each kind of job does, written to resume: each commits batches with its progress."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from claims.database import begin_read_only, refresh_statistics
from claims.extensions import db
from claims.jobs.runner import Handler, JobContext, JobFailed
from claims.models import User
from claims.services import exports
from claims.services.imports.claimreview_import import import_claimreview_texts
from claims.services.imports.csv_claims import check_csv, write_planned
from claims.services.jobs import (
    PART_BYTES,
    add_output_part,
    clear_output,
    filters_from_params,
    input_count,
    input_part,
)

# A batch of an import is written for this long, then committed with the job's progress: other
# saves wait at most this for SQLite's one write lock, and a killed worker loses at most this.
BATCH_SECONDS = 0.25
STEP_ROWS = 25
SQLITE_BATCH_PAUSE = 0.1
# Problems kept in a job's result; the count says how many there were.
PROBLEMS_SHOWN = 500


def _importer(session: Session, ctx: JobContext) -> User | None:
    return session.get(User, ctx.job.created_by_id) if ctx.job.created_by_id else None


def import_csv_job(ctx: JobContext) -> dict[str, Any]:
    """Check the uploaded CSV again (the data may have changed since the dry run), then write it in batches."""
    session, job = ctx.session, ctx.job
    text = input_part(session, job.id, 0).decode("utf-8")
    begin_read_only(session)
    check = check_csv(session, text)
    session.rollback()
    if not check.ok:
        problems = [{"row": p.row, "column": p.column, "reason": p.reason} for p in check.problems]
        before = f"{job.done} claims were imported before; " if job.done else ""
        raise JobFailed(
            f"{before}the data changed since the check and {len(problems)} rows now have problems; "
            "nothing more was imported. Check the file again.",
            problems=problems[:PROBLEMS_SHOWN],
            problem_count=len(problems),
            created=job.done,
        )
    if job.total != len(check.planned):
        ctx.set_total(len(check.planned))
    importer, tags = _importer(session, ctx), {}
    sqlite = session.get_bind().dialect.name == "sqlite"
    planned, done = check.planned, job.done
    while done < len(planned):
        started = time.monotonic()
        end = done
        # Rows go in small steps until the batch has taken BATCH_SECONDS, then commit with the progress.
        while end < len(planned) and (end == done or time.monotonic() - started < BATCH_SECONDS):
            write_planned(session, planned[end : end + STEP_ROWS], importer, tags)
            session.flush()
            end = min(end + STEP_ROWS, len(planned))
        ctx.advance(end, {"created": end})
        done = end
        if sqlite:
            # SQLite has one write lock, which each batch holds; a waiting save's busy handler
            # sleeps up to 100 ms between tries, so a pause that long lets every waiting save in.
            time.sleep(SQLITE_BATCH_PAUSE)
    refresh_statistics(session.connection())
    session.commit()
    return {"created": len(check.planned), "skipped": 0, "failed": 0}


def import_claimreview_job(ctx: JobContext) -> dict[str, Any]:
    """Import the uploaded ClaimReview files one by one; a file already stored is skipped by URL."""
    session, job = ctx.session, ctx.job
    names: list[str] = job.params.get("files", [])
    if job.total != len(names):
        ctx.set_total(len(names))
    result = {"created": 0, "skipped": 0, "failed": 0, "messages": [], **job.result}
    for number in range(job.done, input_count(session, job.id)):
        name = names[number] if number < len(names) else f"file {number + 1}"
        data = input_part(session, job.id, number)
        tally = import_claimreview_texts(session, [(name, data)], importer=_importer(session, ctx))
        result["created"] += tally.created
        result["skipped"] += tally.skipped
        result["failed"] += tally.failed
        result["messages"] = (result["messages"] + tally.messages)[:PROBLEMS_SHOWN]
        ctx.advance(number + 1, result)
    return result


def _parts(chunks: Iterator[bytes]) -> Iterator[tuple[bytes, int]]:
    """Regroup CSV chunks into parts of about PART_BYTES, with the lines each part holds."""
    pending: list[bytes] = []
    size = 0
    for chunk in chunks:
        pending.append(chunk)
        size += len(chunk)
        if size >= PART_BYTES:
            data = b"".join(pending)
            yield data, data.count(b"\r\n")
            pending, size = [], 0
    if pending:
        data = b"".join(pending)
        yield data, data.count(b"\r\n")


def export_job(ctx: JobContext) -> dict[str, Any]:
    """Write a staff export into stored parts; a resumed export starts again from the top."""
    session, job = ctx.session, ctx.job
    params = job.params
    filters, bom = filters_from_params(params["filters"]), bool(params.get("bom"))
    clear_output(session, job.id)
    what = params["what"]
    count = exports.count_claims if what == "claims" else exports.count_evidence
    ctx.set_total(count(session, True, filters))
    session.commit()
    # The rows stream from their own read-only transaction while each part commits on the job's session.
    reader = Session(bind=db.engine.execution_options(read_only=True))
    try:
        if what == "claims":
            chunks = exports.claim_csv(reader, True, filters, current_app.config["ORG_URL"], bom)
        else:
            chunks = exports.evidence_csv(reader, True, filters, bom)
        lines = 0
        for number, (data, count_lines) in enumerate(_parts(chunks)):
            add_output_part(session, job.id, number, data)
            lines += count_lines
            ctx.advance(max(0, lines - 1))
    finally:
        reader.close()
    return {"rows": max(0, lines - 1), "filename": params["filename"]}


def recount_job(ctx: JobContext) -> dict[str, Any]:
    """What `flask --app app recount` does, run by a worker (nightly)."""
    from claims.services.maintenance import recount

    ctx.set_total(1)
    written = recount(ctx.session)
    return {"message": f"Tallies recounted, statistics refreshed, {written} missing snapshots written."}


HANDLERS: dict[str, Handler] = {
    "import_csv": import_csv_job,
    "import_claimreview": import_claimreview_job,
    "export": export_job,
    "recount": recount_job,
}
