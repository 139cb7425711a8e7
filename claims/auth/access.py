"""Who may do what: the session loader and the role check every staff route uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from claims.extensions import db, login_manager
from claims.models import Role, User
from claims.models.history import act_as

F = TypeVar("F", bound=Callable[..., Any])

SESSION_TOKEN_KEY = "_session_token"  # noqa: S105  (a session key name, not a secret)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Return the logged-in user, or None if the account is inactive or the session was ended.

    The signed session cookie alone would stay valid after logout; the per-user token it must
    carry is rotated at logout and deactivation, which makes old cookies worthless.
    """
    from flask import session

    if not (user_id.isascii() and user_id.isdigit()) or len(user_id) > 9:
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
