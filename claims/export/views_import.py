"""The editors' CSV import: upload and check (a dry run), then import the checked file in one go."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from claims.auth.access import role_required
from claims.export.blueprint import bp
from claims.export.forms import IMPORT_MAX_BYTES, ImportConfirmForm, ImportUploadForm
from claims.extensions import db
from claims.models import Role
from claims.services.imports.csv_claims import CsvImport, check_csv, import_csv

PENDING_KEY = "export_import_pending"


def _pending_path(token: str) -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(exist_ok=True)
    return folder / f"{token}.csv"


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _page(
    form: ImportUploadForm, check: CsvImport | None = None, confirm: ImportConfirmForm | None = None
) -> Response:
    response = Response(render_template("export/import.html", form=form, check=check, confirm=confirm))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/import", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def import_claims() -> Response:
    """Upload a CSV and see what it would create and every row's problems; nothing is written."""
    request.max_content_length = IMPORT_MAX_BYTES + 64 * 1024
    form = ImportUploadForm()
    if not form.validate_on_submit():
        return _page(form)
    text = _decode(form.file.data.read())
    if text is None:
        form.file.errors.append("The file is not UTF-8 text.")
        return _page(form)
    check = check_csv(db.session, text)
    db.session.rollback()
    if not check.ok:
        return _page(form, check)
    token = secrets.token_urlsafe(24)
    _pending_path(token).write_text(text, encoding="utf-8")
    session[PENDING_KEY] = token
    return _page(form, check, ImportConfirmForm(token=token))


@bp.post("/import/confirm")
@role_required(Role.EDITOR)
def import_confirm() -> BaseResponse:
    """Import the file checked in the previous step: every row or, if anything fails, none."""
    form = ImportConfirmForm()
    token = session.get(PENDING_KEY)
    if not form.validate_on_submit() or not token or not secrets.compare_digest(form.token.data, token):
        flash("Check the file again before importing it.", "error")
        return redirect(url_for("export.import_claims"))
    path = _pending_path(token)
    text = path.read_text(encoding="utf-8") if path.exists() else None
    if text is None:
        flash("Check the file again before importing it.", "error")
        return redirect(url_for("export.import_claims"))
    result = import_csv(db.session, text, current_user)
    if not result.written:
        db.session.rollback()
        flash("The data changed since the check; nothing was imported. Check the file again.", "error")
        return redirect(url_for("export.import_claims"))
    db.session.commit()
    path.unlink(missing_ok=True)
    session.pop(PENDING_KEY, None)
    flash(f"{len(result.planned)} created, 0 skipped, 0 failed.", "success")
    return redirect(url_for("export.import_claims"))
