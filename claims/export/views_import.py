"""The editors' imports: upload and check (a dry run that writes nothing), then confirm and a worker imports.

The checked file is kept with a job in the database, not on this server's disk, so the
confirmation and the job page work whichever app server they reach.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from claims.auth.access import role_required
from claims.database import begin_read_only
from claims.export.blueprint import bp
from claims.export.forms import (
    IMPORT_MAX_MB,
    ClaimReviewUploadForm,
    ImportConfirmForm,
    ImportUploadForm,
)
from claims.extensions import db
from claims.models import Job, Role
from claims.services.imports.claimreview_import import CLAIMREVIEW_SUFFIXES, import_claimreview_texts
from claims.services.imports.csv_claims import check_csv
from claims.services.jobs import confirm_job, start_job

PENDING_KEY = "export_import_pending"
# Rows of a dry run listed on the page; the counts cover every row.
ROWS_SHOWN = 200


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _page(**context: object) -> Response:
    context.setdefault("form", ImportUploadForm())
    context.setdefault("cr_form", ClaimReviewUploadForm(prefix="cr"))
    page = render_template(
        "export/import.html", rows_shown=ROWS_SHOWN, import_max_mb=IMPORT_MAX_MB, **context
    )
    response = Response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


def _checked(kind: str, title: str, params: dict[str, object], inputs: list[bytes]) -> ImportConfirmForm:
    """Keep the checked input as an unconfirmed job and return the form that confirms it."""
    job = start_job(db.session, kind, title, params, current_user, inputs, confirmed=False)
    session[PENDING_KEY] = str(job.id)
    return ImportConfirmForm(token=str(job.id))


@bp.route("/import", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def import_claims() -> Response:
    """Upload a CSV and see what it would create and every row's problems; nothing is written."""
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return _page(form=form)
    upload = form.file.data
    data = upload.read()
    text = _decode(data)
    if text is None:
        form.file.errors.append("The file is not UTF-8 text.")
        return _page(form=form)
    begin_read_only(db.session)
    check = check_csv(db.session, text)
    db.session.rollback()
    if not check.ok:
        return _page(form=form, check=check)
    name = upload.filename or "upload.csv"
    title = f"Import {len(check.planned)} claims from {name}"
    confirm = _checked("import_csv", title, {"filename": name}, [text.encode("utf-8")])
    return _page(form=form, check=check, confirm=confirm)


@bp.post("/import/claimreview")
@role_required(Role.EDITOR)
def import_claimreview() -> Response:
    """Upload ClaimReview files and see what would be created, skipped or refused; nothing is written."""
    form = ClaimReviewUploadForm(prefix="cr")
    if not form.validate_on_submit():
        return _page(cr_form=form)
    uploads = [(f.filename or "upload.json", f.read()) for f in form.files.data]
    wrong = [name for name, _data in uploads if not name.lower().endswith(CLAIMREVIEW_SUFFIXES)]
    if wrong:
        form.files.errors.append(f"Not a .json, .jsonld or .html file: {', '.join(wrong)}")
        return _page(cr_form=form)
    importer = current_user._get_current_object()
    begin_read_only(db.session)
    tally = import_claimreview_texts(db.session, uploads, importer=importer, dry_run=True)
    db.session.rollback()
    confirm = None
    if tally.created:
        names = [name for name, _data in uploads]
        title = f"Import ClaimReview from {len(names)} file{'s' if len(names) != 1 else ''}"
        confirm = _checked("import_claimreview", title, {"files": names}, [data for _name, data in uploads])
    return _page(cr_form=form, tally=tally, confirm=confirm)


@bp.post("/import/confirm")
@role_required(Role.EDITOR)
def import_confirm() -> BaseResponse:
    """Hand the file checked in the previous step to a worker and show the job's page."""
    form = ImportConfirmForm()
    pending = session.get(PENDING_KEY)
    if not form.validate_on_submit() or not pending or form.token.data != pending or not pending.isdigit():
        flash("Check the file again before importing it.", "error")
        return redirect(url_for("export.import_claims"))
    job = db.session.get(Job, int(pending))
    if job is None or job.created_by_id != current_user.id:
        abort(404)
    session.pop(PENDING_KEY, None)
    if not confirm_job(db.session, job):
        flash("This import was already started.", "info")
    return redirect(url_for("export.job", job_id=job.id), code=303)
