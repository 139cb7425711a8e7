"""Staff accounts: creating, listing and deactivating them, checking and changing passwords."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.models import Role, User
from claims.models.user import new_session_token, normalise_email, password_hasher
from claims.services.password_policy import password_problem


class AccountError(ValueError):
    """The account cannot be created or changed as asked."""


class WrongPassword(AccountError):
    """The password given as the current one is not the account's."""


class WeakPassword(AccountError):
    """The new password is refused by the policy (services/password_policy.py)."""


# Keyed by hasher, so the dummy hash costs what a real one does under the app's parameters.
@lru_cache(maxsize=4)
def _dummy_user(_hasher: PasswordHasher) -> User:
    """A throwaway user whose hash is verified for unknown emails, so timing does not reveal them."""
    user = User(email="nobody@invalid", display_name="nobody")
    user.set_password("not-a-real-password-0000")
    return user


def find_user(session: Session, email: str) -> User | None:
    """Return the account with this email (case-insensitive), or None."""
    if "\x00" in email:  # PostgreSQL refuses NUL in text; no address holds one
        return None
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(session: Session, email: str, password: str, role: Role, name: str | None = None) -> User:
    """Add a new active account after checking the email is free and the password meets the policy.

    :raises AccountError: the email is taken or malformed, or the password is refused.
    """
    if find_user(session, email) is not None:
        raise AccountError(f"an account for {email.strip().lower()} already exists")
    try:
        user = User(email=email, display_name=name or email.split("@")[0], role=role)
    except ValueError as error:
        raise AccountError(str(error)) from error
    _give_password(user, password)
    session.add(user)
    session.flush()
    return user


def list_users(session: Session) -> list[User]:
    """Every account, by email."""
    return list(session.scalars(select(User).order_by(User.email)))


def end_sessions(user: User) -> None:
    """Rotate the user's session token, which invalidates every session cookie they hold."""
    user.session_token = new_session_token()


def _give_password(user: User, password: str) -> None:
    """Store `password` if the policy allows it for this user.

    :raises WeakPassword: the policy refuses it.
    """
    problem = password_problem(password, user.email, user.display_name)
    if problem is not None:
        raise WeakPassword(problem)
    user.set_password(password)


def set_password(session: Session, email: str, password: str) -> User:
    """Give an account a new password and end every session it has (an administrator's reset).

    :raises AccountError: there is no such account, or the password is refused.
    """
    user = find_user(session, email)
    if user is None:
        raise AccountError(f"there is no account for {normalise_email(email)}")
    _give_password(user, password)
    end_sessions(user)
    session.flush()
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Change a user's own password; every session ends, so the caller re-issues the token to its own.

    :raises WrongPassword: `current` is not the account's password.
    :raises WeakPassword: `new` is refused, or is the current password again.
    """
    if not user.check_password(current):
        raise WrongPassword("that is not your current password")
    if new == current:
        raise WeakPassword("the new password must differ from the current one")
    _give_password(user, new)
    end_sessions(user)
    session.flush()


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
        _dummy_user(password_hasher()).check_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user
