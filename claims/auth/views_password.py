"""The page where a signed-in member of staff changes their own password."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from claims.auth.access import SESSION_TOKEN_KEY, role_required
from claims.auth.blueprint import auth_log, bp
from claims.auth.forms import ChangePasswordForm
from claims.auth.throttle import per_own_account
from claims.extensions import db
from claims.models import Role
from claims.models.user import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from claims.orm import utcnow
from claims.services import accounts

CHANGED = "Your password has been changed, and every other session of yours has ended."


def _sentence(error: Exception) -> str:
    text = str(error)
    return f"{text[:1].upper()}{text[1:]}."


def _log_change(outcome: str, email: str) -> None:
    auth_log.info(
        "password change %s email=%r addr=%r at=%s", outcome, email, request.remote_addr, utcnow().isoformat()
    )


@bp.route("/account/password", methods=["GET", "POST"])
@per_own_account
@role_required(Role.REVIEWER)
def change_password() -> str | Response:
    """Check the current password, store the new one, and end every session but this one."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                db.session, user, form.current_password.data or "", form.new_password.data or ""
            )
        except accounts.WrongPassword as error:
            db.session.rollback()
            _log_change("refused", user.email)
            form.current_password.errors.append(_sentence(error))
        except accounts.WeakPassword as error:
            db.session.rollback()
            form.new_password.errors.append(_sentence(error))
        else:
            # The token was rotated, which ended every session; this one carries on with the new one.
            session[SESSION_TOKEN_KEY] = user.session_token
            db.session.commit()
            _log_change("succeeded", user.email)
            flash(CHANGED)
            return redirect(url_for("auth.change_password"))
    return render_template(
        "auth/password.html", form=form, min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH
    )
