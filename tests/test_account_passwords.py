"""Password strength, `flask users set-password`, and the page where staff change their own password."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from claims.auth.access import SESSION_TOKEN_KEY
from claims.models import Role, User
from claims.services.password_policy import PERSONAL, TOO_EASY, password_problem
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "quartz lemming ferry 42"
STAFF_PAGE = "/review/"


def _sent_to_login(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"


def _create(runner, email: str, password: str, *extra: str):  # type: ignore[no-untyped-def]
    args = ["users", "create", email, "--role", "reviewer", *extra, "--password-stdin"]
    return runner.invoke(args=args, input=password + "\n")


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("12345678", "top-10 common password"),
        ("password", "top-10 common password"),
        (" " * 8, "Repeats"),
        ("ann.lee@example.org", "name or email address"),
    ],
)
def test_users_create_refuses_guessable_passwords(runner, session, password, why):
    result = _create(runner, "ann.lee@example.org", password)
    assert result.exit_code != 0
    assert "Account not created: the password" in result.output and why in result.output
    assert session.scalar(select(User).where(User.email == "ann.lee@example.org")) is None


@pytest.mark.parametrize(
    "password", ["ANN.LEE@Example.org!", "Lee-Ann.Lee-4242", "zebra-BRAMBLEWOOD-77", "xq7 Okonkwo ferry"]
)
def test_passwords_holding_the_name_or_address_are_refused(runner, session, password):
    result = _create(runner, "ann.lee@example.org", password, "--name", "Chidi Okonkwo Bramblewood")
    assert result.exit_code != 0 and PERSONAL in result.output, result.output
    assert session.scalar(select(User).where(User.email == "ann.lee@example.org")) is None


def test_strong_passwords_are_accepted_at_every_length():
    for password in ("kX9#vQ2!", NEW_PASSWORD, "Mossy quokka harbour 1917; tangerine viaduct " * 3):
        assert password_problem(password[:128], "ann@example.org", "Ann") is None


def test_the_address_domain_counts_as_a_known_word():
    # The organisation's own name is an attacker's first guess, though not refused wherever it appears.
    assert password_problem("Quillbury#42", "ann@quillbury.org", "Ann") is not None
    assert password_problem("Quillbury#42", "ann@example.org", "Ann") is None


def test_a_long_password_is_rated_quickly():
    started = time.perf_counter()
    assert password_problem("kX9#vQ2!mR4&tW7%" * 8, "ann@example.org", "Ann") is None
    assert time.perf_counter() - started < 2


def test_set_password_changes_it_and_ends_every_session(app, client, auth, runner, session, users):
    user = auth.login(users[Role.EDITOR])
    assert client.get(STAFF_PAGE).status_code == 200
    token = user.session_token
    result = runner.invoke(
        args=["users", "set-password", "EDITOR-fixture@example.org", "--password-stdin"],
        input=NEW_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "editor-fixture@example.org" in result.output and NEW_PASSWORD not in result.output
    session.refresh(user)
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    assert user.session_token != token
    assert _sent_to_login(client.get(STAFF_PAGE))
    assert auth.login_form(user, client=app.test_client()).status_code == 200  # the old one fails
    assert auth.login_form(user, password=NEW_PASSWORD).status_code == 302


def test_set_password_prompts_twice(runner, session, users):
    result = runner.invoke(
        args=["users", "set-password", users[Role.ADMIN].email], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    session.refresh(users[Role.ADMIN])
    assert users[Role.ADMIN].check_password(NEW_PASSWORD)


@pytest.mark.parametrize("password", ["12345678", "password", " " * 8, "reviewer-fixture@example.org"])
def test_set_password_refuses_weak_ones_and_keeps_the_old(runner, session, users, password):
    user = users[Role.REVIEWER]
    token = user.session_token
    result = runner.invoke(
        args=["users", "set-password", user.email, "--password-stdin"], input=password + "\n"
    )
    assert result.exit_code != 0 and "Password not changed: the password" in result.output
    session.refresh(user)
    assert user.check_password(PASSWORD) and user.session_token == token


def test_set_password_of_an_unknown_account_fails(runner):
    result = runner.invoke(
        args=["users", "set-password", "ghost@example.org", "--password-stdin"], input=NEW_PASSWORD + "\n"
    )
    assert result.exit_code != 0 and "no account for ghost@example.org" in result.output


def _change(client, current: str, new: str, again: str | None = None):  # type: ignore[no-untyped-def]
    data = {
        "current_password": current,
        "new_password": new,
        "confirm_password": new if again is None else again,
    }
    return client.post("/account/password", data=data)


def _field_error(page: str, field: str) -> str:
    """The error shown beside one field, or ''."""
    marker = f'<span class="field-error" id="{field}-error">'
    return page.split(marker, 1)[1].split("</span>", 1)[0] if marker in page else ""


def test_the_page_is_linked_from_the_staff_navigation(client, auth, users):
    auth.login(users[Role.REVIEWER])
    assert 'href="/account/password"' in client.get(STAFF_PAGE).get_data(as_text=True)
    page = client.get("/account/password").get_data(as_text=True)
    for name in ("current_password", "new_password", "confirm_password"):
        assert f'name="{name}"' in page and f'<label for="{name}">' in page
    assert 'autocomplete="new-password"' in page and "Last changed" in page


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, client, auth, session, users):
    user = users[Role.REVIEWER]
    other = app.test_client()
    auth.login_form(user)
    auth.login_form(user, client=other)
    old_cookie = client.get_cookie("session").value
    changed_before = user.password_changed_at
    response = _change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/account/password"
    assert "every other session of yours has ended" in client.get("/account/password").get_data(as_text=True)
    session.refresh(user)
    assert user.check_password(NEW_PASSWORD) and user.password_changed_at > changed_before
    assert client.get(STAFF_PAGE).status_code == 200
    with client.session_transaction() as sess:
        assert sess[SESSION_TOKEN_KEY] == user.session_token
    assert _sent_to_login(other.get(STAFF_PAGE))
    replay = app.test_client()
    replay.set_cookie("session", old_cookie)
    assert _sent_to_login(replay.get(STAFF_PAGE))


def test_a_wrong_current_password_is_an_error_beside_it(client, auth, session, users):
    user = auth.login(users[Role.EDITOR])
    token = user.session_token
    page = _change(client, "not my password at all", NEW_PASSWORD).get_data(as_text=True)
    assert _field_error(page, "current_password") == "That is not your current password."
    assert _field_error(page, "new_password") == ""
    assert NEW_PASSWORD not in page and "not my password" not in page  # passwords are never sent back
    session.refresh(user)
    assert user.check_password(PASSWORD) and user.session_token == token


@pytest.mark.parametrize(
    ("new", "again", "field", "error"),
    [
        (NEW_PASSWORD, NEW_PASSWORD + "!", "confirm_password", "The two new passwords differ."),
        ("12345678", None, "new_password", "top-10 common password"),
        ("editor-fixture@example.org", None, "new_password", PERSONAL[1:]),
        (PASSWORD, None, "new_password", "must differ from the current one"),
        ("short", None, "new_password", "8 to 128 characters"),
    ],
)
def test_a_refused_new_password_is_an_error_beside_it(client, auth, session, users, new, again, field, error):
    user = auth.login(users[Role.EDITOR])
    response = _change(client, PASSWORD, new, again)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert error in _field_error(page, field), page
    session.refresh(user)
    assert user.check_password(PASSWORD)


def test_empty_fields_are_errors_not_500(client, auth, users):
    auth.login(users[Role.REVIEWER])
    page = client.post("/account/password", data={}).get_data(as_text=True)
    for name in ("current_password", "new_password", "confirm_password"):
        assert _field_error(page, name)


def test_password_changes_are_logged_without_the_passwords(client, auth, users, caplog):
    caplog.set_level(logging.INFO, logger="claims.auth")
    auth.login(users[Role.REVIEWER])
    _change(client, "wrong-current-1", NEW_PASSWORD)
    _change(client, PASSWORD, NEW_PASSWORD)
    messages = [r.getMessage() for r in caplog.records if r.name == "claims.auth"]
    assert [m.split(" email=")[0] for m in messages] == [
        "password change refused",
        "password change succeeded",
    ]
    assert all("email='reviewer-fixture@example.org'" in m and "+00:00" in m for m in messages)
    assert "wrong-current-1" not in caplog.text and NEW_PASSWORD not in caplog.text


def test_new_accounts_record_when_their_password_was_set(session):
    user = make_user(session)
    assert user.password_changed_at is not None and user.password_changed_at.tzinfo is not None
    assert TOO_EASY in (password_problem("password", user.email, user.display_name) or "")
