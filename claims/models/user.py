"""Staff accounts: reviewers, editors and admins."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column, validates

from claims.extensions import db
from claims.orm import UTCDateTime, utcnow

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
_DEFAULT_HASHER = PasswordHasher()  # argon2id with argon2-cffi's RFC 9106 defaults


class Role(StrEnum):
    """What a staff member may do; each role includes the ones before it."""

    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"


ROLE_RANK = {Role.REVIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


def password_hasher() -> PasswordHasher:
    """The app's argon2id hasher: argon2-cffi's defaults unless config PASSWORD_HASH_PARAMETERS says otherwise."""
    if not has_app_context():
        return _DEFAULT_HASHER
    hasher = current_app.extensions.get("password_hasher")
    if hasher is None:
        parameters = current_app.config.get("PASSWORD_HASH_PARAMETERS")
        hasher = _DEFAULT_HASHER if parameters is None else PasswordHasher.from_parameters(parameters)
        current_app.extensions["password_hasher"] = hasher
    return hasher


def normalise_email(value: str) -> str:
    """Return the form an address is stored and looked up in: trimmed and lower case."""
    return value.strip().lower()


def new_session_token() -> str:
    """Return a fresh random token; changing it ends every session of the user."""
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    """A staff member who can log in."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=Role.REVIEWER,
    )
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Checked by the user loader: rotating it at logout makes a replayed session cookie worthless.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When an incident asks "was the password changed after the leak?", this answers.
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        value = normalise_email(value)
        if "@" not in value:
            raise ValueError("an email address needs an @")
        return value

    def set_password(self, password: str) -> None:
        """Hash and store a password that meets the length policy."""
        if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
            raise ValueError(f"passwords are {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long")
        self.password_hash = password_hasher().hash(password)
        self.password_changed_at = utcnow()

    def check_password(self, password: str) -> bool:
        """Return whether the password matches the stored hash."""
        try:
            # The stored hash carries its own parameters, so any hasher verifies it.
            return password_hasher().verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Flask-Login's name for the active flag: inactive users cannot log in."""
        return self.active

    def has_role(self, role: Role) -> bool:
        """Return whether this user holds the given role or a higher one."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
