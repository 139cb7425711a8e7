"""Which passwords staff may choose: long enough, hard to guess, and not their own name or address."""

from __future__ import annotations

import re
import threading

from zxcvbn import zxcvbn

from claims.models.user import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, normalise_email

# zxcvbn scores 3 ("safely unguessable") from 10**8 guesses plus a margin of 5, yet it never rates
# an 8-character password above 10**8 + 1 guesses (ten a character), so asking for the score itself
# would make 9 characters the real minimum. The same 10**8 compared with the guesses keeps score 3's
# bar and lets 8 random characters through.
MIN_GUESSES = 10**8
# zxcvbn's matching grows steeply with length (128 random characters took seconds), which is why it
# refuses more than 72 by default; a longer password is judged by its first 72 characters.
RATED_LENGTH = 72
# Shorter names turn up inside unrelated words ("ann" in "channel"); zxcvbn still counts them as
# known words through user_inputs.
MIN_PERSONAL_LENGTH = 4

TOO_EASY = "the password is too easy to guess"
ADVICE = "a few uncommon words together make a strong one"
PERSONAL = "the password must not contain the name or email address of its account"
# zxcvbn keeps the user_inputs of a call in a module-level dictionary, so two threads rating at once
# could each be judged against the other's name.
_rating_lock = threading.Lock()


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\W_]+", text) if w]


def _own_names(email: str, name: str) -> list[str]:
    """The address, its local part and the name, whole and word by word, in lower case."""
    email = normalise_email(email)
    local = email.partition("@")[0]
    name = name.strip().lower()
    return list(dict.fromkeys(w for w in (email, local, name, *_words(local), *_words(name)) if w))


def personal_words(email: str, name: str) -> list[str]:
    """What an attacker knows about the user, for zxcvbn: their names, and the words of their domain."""
    return list(dict.fromkeys([*_own_names(email, name), *_words(normalise_email(email).partition("@")[2])]))


def password_problem(password: str, email: str, name: str) -> str | None:
    """Return why `password` is refused for the account (`email`, `name`), or None when it is acceptable."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        return f"passwords are {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long"
    lowered = password.lower()
    if any(len(own) >= MIN_PERSONAL_LENGTH and own in lowered for own in _own_names(email, name)):
        return PERSONAL
    with _rating_lock:
        rating = zxcvbn(
            password[:RATED_LENGTH], user_inputs=personal_words(email, name), max_length=RATED_LENGTH
        )
    if float(rating["guesses"]) >= MIN_GUESSES:
        return None
    warning = str(rating["feedback"].get("warning") or "").rstrip(".")
    return f"{TOO_EASY} ({warning}); {ADVICE}" if warning else f"{TOO_EASY}; {ADVICE}"
