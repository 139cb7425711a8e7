"""Rows 1, 2 and 4: the password length policy, argon2id hashes, and no default accounts.

The strength rules beside the length are tested in tests/test_account_passwords.py.
"""

from __future__ import annotations

import pytest
from argon2 import extract_parameters
from argon2.profiles import get_default_parameters
from sqlalchemy import func, select

from claims.models import Role, User
from claims.services.accounts import AccountError, set_password
from tests.factories import make_user

# Strong (by the zxcvbn policy) at every length cut from it: 8 random characters, then uncommon words.
STRONG = (
    "kX9#vQ2! mossy quokka harbour 1917, tangerine viaduct; slow orbit & brass kettle at dawn, "
    "fjord lantern wobbles past the jade turnip mill"
)


@pytest.fixture
def app_config(app_config):
    # The other tests hash cheaply for speed; these must see what production runs.
    del app_config["PASSWORD_HASH_PARAMETERS"]
    return app_config


@pytest.mark.parametrize("length", [7, 129])
def test_passwords_outside_8_to_128_are_refused(session, length):
    user = make_user(session, Role.REVIEWER)
    with pytest.raises(AccountError, match="8 to 128"):
        set_password(session, user.email, STRONG[:length])
    with pytest.raises(ValueError, match="8 to 128"):
        User(email="p@example.org", display_name="P", role=Role.REVIEWER).set_password(STRONG[:length])


@pytest.mark.parametrize("length", [8, 64, 128])
def test_passwords_of_8_to_128_characters_log_in_and_altered_ones_fail(client, auth, session, length):
    password = STRONG[:length]
    user = make_user(session, Role.REVIEWER)
    set_password(session, user.email, password)  # through the strength policy, as every new password
    session.commit()
    for altered in (password[:-1], password.swapcase(), password + " "):
        response = auth.login_form(user, password=altered)
        assert response.status_code == 200, altered
        # Over-long input is a form error, anything else the uniform message; neither logs in.
        page = response.get_data(as_text=True)
        assert "Log out" not in page
        assert "Email or password is incorrect" in page or "longer than 128" in page
    response = auth.login_form(user, password=password)
    assert response.status_code == 302


def test_stored_hash_is_argon2id(session):
    user = make_user(session)
    session.commit()
    stored = session.scalar(select(User.password_hash).where(User.id == user.id))
    assert stored.startswith("$argon2id$v=19$")
    assert extract_parameters(stored) == get_default_parameters()
    assert "correct horse" not in stored


def test_a_fresh_database_has_no_accounts(session):
    assert session.scalar(select(func.count(User.id))) == 0


def test_demo_accounts_get_random_passwords_printed_once(runner, session):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0
    users = session.scalars(select(User)).all()
    assert {u.email for u in users} == {"reviewer@example.org", "editor@example.org"}
    printed = {
        line.split()[0]: line.split()[1] for line in first.output.splitlines() if "@example.org" in line
    }
    for user in users:
        assert user.check_password(printed[user.email])
        assert printed[user.email] not in user.password_hash
    assert "@example.org" not in runner.invoke(args=["demo"]).output
