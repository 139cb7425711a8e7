"""Job pages: progress of imports and exports run by the workers, their results and their files."""

from __future__ import annotations

from flask import Response, abort, jsonify, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from claims.auth.access import role_required
from claims.export.blueprint import bp
from claims.export.forms import ExportJobForm, FilterForm
from claims.extensions import db
from claims.models import Job, JobState, Role
from claims.orm import utcnow
from claims.services.jobs import filters_to_params, output_parts, output_size, recent_jobs, start_job


def _job_or_404(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.state == JobState.CHECKED:
        abort(404)
    return job


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/jobs")
@role_required(Role.EDITOR)
def jobs() -> Response:
    """The newest imports, exports and recounts, with their state."""
    return _no_store(Response(render_template("export/jobs.html", jobs=recent_jobs(db.session))))


@bp.get("/jobs/<int:job_id>")
@role_required(Role.EDITOR)
def job(job_id: int) -> Response:
    """One job: a progress bar while it runs (the page polls the JSON), then its result and file."""
    found = _job_or_404(job_id)
    size = output_size(db.session, found.id) if found.kind == "export" and found.state == JobState.DONE else 0
    return _no_store(Response(render_template("export/job.html", job=found, size=size)))


@bp.get("/jobs/<int:job_id>.json")
@role_required(Role.EDITOR)
def job_status(job_id: int) -> Response:
    """The job's state as JSON, for its page's progress bar and for scripts."""
    found = _job_or_404(job_id)
    return _no_store(
        jsonify(
            id=found.id,
            kind=found.kind,
            state=found.state,
            label=found.job_state.label,
            done=found.done,
            total=found.total,
            percent=found.percent,
            result=found.result,
        )
    )


@bp.get("/jobs/<int:job_id>/file")
@role_required(Role.EDITOR)
def job_file(job_id: int) -> Response:
    """The finished export, streamed part by part from the database."""
    found = _job_or_404(job_id)
    if found.kind != "export" or found.state != JobState.DONE:
        abort(404)
    response = Response(stream_with_context(output_parts(db.session, found.id)), mimetype="text/csv")
    filename = found.result.get("filename") or "export.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _no_store(response)


@bp.post("/jobs/export")
@role_required(Role.EDITOR)
def start_export() -> BaseResponse:
    """Prepare a staff export in the background; its page offers the file when it is ready."""
    form = ExportJobForm()
    filters_form = FilterForm(db.session, formdata=request.args)
    if not form.validate_on_submit() or not filters_form.validate():
        abort(400, description="Bad export request: " + filters_form.errors_text())
    what = form.what.data
    filters = filters_form.to_filters()
    filename = f"{what}-{utcnow().date().isoformat()}.csv"
    params = {
        "what": what,
        "filters": filters_to_params(filters),
        "bom": form.bom.data == "1",
        "filename": filename,
    }
    started = start_job(db.session, "export", f"Export {filename}", params, current_user)
    return redirect(url_for("export.job", job_id=started.id), code=303)
