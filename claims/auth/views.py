"""Login and logout views."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from claims.auth.access import start_session
from claims.auth.blueprint import auth_log, bp
from claims.auth.forms import LoginForm, LogoutForm
from claims.auth.redirects import is_safe_next, safe_next
from claims.auth.throttle import per_address, per_submitted_account
from claims.extensions import db, login_manager
from claims.orm import utcnow
from claims.services.accounts import authenticate, end_sessions

LOGIN_FAILED = "Email or password is incorrect."


def _log_login(outcome: str, email: str) -> None:
    # repr() escapes CR/LF and other control characters, so a crafted email cannot forge log lines.
    auth_log.info(
        "login %s email=%r addr=%r at=%s", outcome, email[:254], request.remote_addr, utcnow().isoformat()
    )


@bp.route("/login", methods=["GET", "POST"])
@per_address
@per_submitted_account
def login() -> str | Response:
    """Show the login form; on valid credentials start a fresh session and go to `next`."""
    form = LoginForm()
    target = request.args.get("next")
    error = None
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data or "", form.password.data or "")
        if user is None:
            _log_login("failed", form.email.data or "")
            error = LOGIN_FAILED
        else:
            # A new session at login: nothing planted before login survives it.
            session.clear()
            login_user(user)
            start_session(session, user)
            session.permanent = True
            _log_login("succeeded", user.email)
            return redirect(safe_next(target))
    return render_template(
        "auth/login.html", form=form, error=error, next=target if is_safe_next(target) else None
    )


@bp.post("/logout")
def logout() -> Response:
    """End the session everywhere it was copied, then go to the home page.

    :raises BadRequest: the CSRF token is missing or wrong.
    """
    if not LogoutForm().validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        end_sessions(current_user)
        db.session.commit()
        logout_user()
    session.clear()
    flash("You have logged out.")
    return redirect("/")


@bp.app_errorhandler(RateLimitExceeded)
def too_many_attempts(error: RateLimitExceeded) -> tuple[str, int]:
    """A plain page for throttled requests."""
    return render_template(
        "error.html", code=429, title="Too many attempts", message="Please wait a while and try again."
    ), 429


@bp.app_errorhandler(401)
def login_needed(_error: Exception) -> Response:
    """Send anyone a view refused as unauthenticated to the login page, with `next`."""
    return login_manager.unauthorized()
