"""CSV downloads (readers get published claims only, staff every status) and the summary report."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, abort, current_app, render_template, request, stream_with_context
from flask_login import current_user

from claims.auth.access import role_required
from claims.export.blueprint import bp
from claims.export.charts import bar_chart
from claims.export.forms import ExportJobForm, FilterForm
from claims.extensions import db
from claims.models import Role, User
from claims.orm import utcnow
from claims.services import exports
from claims.services.reports import summarise

# Above this many claims the report page prepares staff exports in the background (a download
# of 100,000 claims streams for several seconds; a million, for a minute).
EXPORT_JOB_ROWS = 20_000


def _is_staff() -> bool:
    """Whether a staff member is signed in (the user loader already refused inactive accounts)."""
    return isinstance(current_user._get_current_object(), User)


def _filter_form() -> FilterForm:
    """Return the validated filter form from the query string.

    :raises BadRequest: a filter value that is out of range or malformed.
    """
    form = FilterForm(db.session, formdata=request.args)
    if not form.validate():
        abort(400, description="Bad filter: " + form.errors_text())
    return form


def _csv_response(name: str, chunks: Iterator[str], staff: bool) -> Response:
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    filename = f"{name}-{utcnow().date().isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The same URL gives readers and staff different rows; staff rows must never be stored.
    response.headers["Vary"] = "Cookie"
    if staff:
        response.headers["Cache-Control"] = "no-store"
    return response


def _bom() -> bool:
    return request.args.get("bom") == "1"


@bp.get("/claims.csv")
def claims_csv() -> Response:
    """One row per claim, filtered like the claim list; readers get published claims only."""
    staff, filters = _is_staff(), _filter_form().to_filters()
    chunks = exports.claim_csv(db.session, staff, filters, current_app.config["ORG_URL"], _bom())
    return _csv_response("claims", chunks, staff)


@bp.get("/evidence.csv")
def evidence_csv() -> Response:
    """One row per piece of evidence, keyed by claim id; readers never see withdrawn evidence."""
    staff, filters = _is_staff(), _filter_form().to_filters()
    return _csv_response("evidence", exports.evidence_csv(db.session, staff, filters, _bom()), staff)


@bp.get("/summary.csv")
def summary_csv() -> Response:
    """Claim counts by rating, status, article and month."""
    staff, filters = _is_staff(), _filter_form().to_filters()
    rows = exports.summary_rows(summarise(db.session, staff, filters))
    return _csv_response("summary", exports.csv_chunks(exports.SUMMARY_COLUMNS, rows, _bom()), staff)


@bp.get("/")
@role_required(Role.EDITOR)
def report() -> Response | str:
    """The summary as charts, with a filter form and links to the CSV downloads."""
    form = FilterForm(db.session, formdata=request.args)
    valid = form.validate()
    summary = summarise(db.session, True, form.to_filters()) if valid else None
    query = {key: value for key, value in request.args.items() if value}
    charts = {group: bar_chart(counts) for group, counts in summary.groups} if summary else {}
    large = summary is not None and summary.total > EXPORT_JOB_ROWS
    page = render_template(
        "export/report.html",
        form=form,
        summary=summary,
        charts=charts,
        query=query,
        export_job=ExportJobForm() if large else None,
    )
    response = Response(page)
    response.headers["Cache-Control"] = "no-store"
    return response
