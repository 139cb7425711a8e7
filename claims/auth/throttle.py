"""Password guessing limits: per client address, and per account from any number of addresses.

The counters live in the limiter's storage (RATELIMIT_STORAGE_URI: Redis when configured), so every
worker counts against one total.
"""

from __future__ import annotations

import hashlib

from flask import request
from flask_login import current_user

from claims.extensions import limiter
from claims.models.user import normalise_email

PER_ADDRESS = "5 per minute;20 per hour"
# Spread over many addresses, 10 guesses a quarter hour is under 1,000 a day against a password the
# policy rates at 10**8 guesses or more, while someone who mistypes ten times waits 15 minutes.
PER_ACCOUNT = "10 per 15 minutes"
# One bucket for the login form and the change-password form: guesses on either count together.
# Every POST is counted as it arrives, successful ones too: charging only failures after the fact
# would let a burst of simultaneous guesses all pass the check before any was counted.
ACCOUNT_SCOPE = "password-guesses"


def account_key(email: str) -> str:
    """The counter's key for an address as typed: normalised like the account lookup, then hashed.

    Unknown addresses get counters exactly like known ones, so the limit tells nothing about which
    accounts exist; the hash keeps addresses out of the limiter's storage and bounds the key size.
    """
    digest = hashlib.sha256(normalise_email(email).encode("utf-8", "surrogatepass")).hexdigest()
    return f"account:{digest}"


def _submitted_account() -> str:
    return account_key(request.form.get("email", ""))


def _own_account() -> str:
    return account_key(current_user.email)


per_address = limiter.limit(PER_ADDRESS, methods=["POST"])
per_submitted_account = limiter.shared_limit(
    PER_ACCOUNT, ACCOUNT_SCOPE, key_func=_submitted_account, methods=["POST"]
)
per_own_account = limiter.shared_limit(
    PER_ACCOUNT,
    ACCOUNT_SCOPE,
    key_func=_own_account,
    methods=["POST"],
    # Anonymous posts are sent to the login page before any password is checked.
    exempt_when=lambda: not current_user.is_authenticated,
)
