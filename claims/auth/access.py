"""Who may do what: the session loader and the role check every staff route uses."""

from __future__ import annotations

import time
from collections.abc import Callable, MutableMapping
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, session
from flask_login import current_user, login_required

from claims.extensions import db, login_manager
from claims.models import Role, User
from claims.models.history import act_as

F = TypeVar("F", bound=Callable[..., Any])

SESSION_TOKEN_KEY = "_session_token"  # noqa: S105  (a session key name, not a secret)
# When the user typed their password, in Unix seconds; the absolute lifetime counts from it.
LOGIN_AT_KEY = "_login_at"


def start_session(target: MutableMapping[str, Any], user: User) -> None:
    """Write what the user loader asks of a session into `target` (Flask's session, or a test's)."""
    target[SESSION_TOKEN_KEY] = user.session_token
    target[LOGIN_AT_KEY] = int(time.time())


def _past_max_lifetime() -> bool:
    """Whether the session began longer ago than SESSION_MAX_LIFETIME, or carries no start at all."""
    login_at = session.get(LOGIN_AT_KEY)
    if not isinstance(login_at, int):
        return True
    return time.time() - login_at > current_app.config["SESSION_MAX_LIFETIME"]


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Return the logged-in user, or None if the account is inactive or the session was ended or is too old.

    The signed session cookie alone would stay valid after logout; the per-user token it must
    carry is rotated at logout, deactivation and password changes, which makes old cookies
    worthless. Flask-Login's remember-me cookie brings no token or login time, so it restores nothing.
    """
    if not (user_id.isascii() and user_id.isdigit()) or len(user_id) > 9:
        return None
    if _past_max_lifetime():
        # Dropping the whole session sends the expired cookie's owner to a fresh login.
        session.clear()
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or session.get(SESSION_TOKEN_KEY) != user.session_token:
        return None
    act_as(db.session, user.id)
    return user


def role_required(role: Role) -> Callable[[F], F]:
    """Let in logged-in users holding `role` or higher; others get the login page or 403.

    :raises Forbidden: a logged-in user with a lower role.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        # Read by the security tests, which walk the url map to check every staff route.
        wrapped.required_role = role  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator
