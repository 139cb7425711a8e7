"""Staff accounts: creating, listing, deactivating and checking passwords."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.models import Role, User
from claims.models.user import new_session_token


class AccountError(ValueError):
    """The account cannot be created or changed as asked."""


@lru_cache(maxsize=1)
def _dummy_user() -> User:
    """A throwaway user whose hash is verified for unknown emails, so timing does not reveal them."""
    user = User(email="nobody@invalid", display_name="nobody")
    user.set_password("not-a-real-password-0000")
    return user


def find_user(session: Session, email: str) -> User | None:
    """Return the account with this email (case-insensitive), or None."""
    if "\x00" in email:  # PostgreSQL refuses NUL in text; no address holds one
        return None
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def create_user(session: Session, email: str, password: str, role: Role, name: str | None = None) -> User:
    """Add a new active account after checking the email is free and the password meets the policy.

    :raises AccountError: the email is taken or malformed, or the password is refused.
    """
    if find_user(session, email) is not None:
        raise AccountError(f"an account for {email.strip().lower()} already exists")
    try:
        user = User(email=email, display_name=name or email.split("@")[0], role=role)
        user.set_password(password)
    except ValueError as error:
        raise AccountError(str(error)) from error
    session.add(user)
    session.flush()
    return user


def list_users(session: Session) -> list[User]:
    """Every account, by email."""
    return list(session.scalars(select(User).order_by(User.email)))


def end_sessions(user: User) -> None:
    """Rotate the user's session token, which invalidates every session cookie they hold."""
    user.session_token = new_session_token()


def deactivate_user(session: Session, email: str) -> User:
    """Lock the account out and end its live sessions.

    :raises AccountError: there is no such account.
    """
    user = find_user(session, email)
    if user is None:
        raise AccountError(f"there is no account for {email.strip().lower()}")
    user.active = False
    end_sessions(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the active user these credentials belong to, or None, taking the same time either way."""
    user = find_user(session, email)
    if user is None:
        _dummy_user().check_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user
