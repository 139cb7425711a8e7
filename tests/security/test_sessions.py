"""Rows 6-9: a new session at login, logout and deactivation end it, and it times out: after
CLAIMS_SESSION_HOURS idle, and CLAIMS_SESSION_MAX_HOURS after login however busy."""

from __future__ import annotations

import time
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from flask_login import login_user
from itsdangerous import TimestampSigner

from claims.auth.access import LOGIN_AT_KEY, SESSION_TOKEN_KEY
from claims.config import ConfigError, load_config
from claims.models import Role


def _sent_to_login(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"


def test_login_starts_a_new_session(client, auth, users, staff_page):
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    before = client.get_cookie("session").value
    assert auth.login_form(users[Role.REVIEWER]).status_code == 302
    assert client.get_cookie("session").value != before
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess[SESSION_TOKEN_KEY] == users[Role.REVIEWER].session_token
        assert time.time() - 5 < sess[LOGIN_AT_KEY] <= time.time()
        assert sess.permanent
    assert client.get(staff_page).status_code == 200


def test_a_replayed_cookie_is_refused_after_logout(app, client, auth, users, staff_page, session):
    auth.login_form(users[Role.EDITOR])
    old_cookie = client.get_cookie("session").value
    assert client.get(staff_page).status_code == 200
    token = users[Role.EDITOR].session_token
    assert client.post("/logout").status_code == 302
    session.refresh(users[Role.EDITOR])
    assert users[Role.EDITOR].session_token != token
    assert _sent_to_login(client.get(staff_page))
    replay = app.test_client()
    replay.set_cookie("session", old_cookie)
    assert _sent_to_login(replay.get(staff_page))


def test_logout_of_one_session_ends_the_others(app, users, staff_page, auth):
    first, second = app.test_client(), app.test_client()
    auth.login_form(users[Role.ADMIN], client=first)
    auth.login_form(users[Role.ADMIN], client=second)
    first.post("/logout")
    assert _sent_to_login(second.get(staff_page))


def test_session_times_out_after_its_lifetime(app, client, auth, users, staff_page, monkeypatch):
    auth.login_form(users[Role.REVIEWER])
    assert client.get(staff_page).status_code == 200
    lifetime = app.permanent_session_lifetime.total_seconds()
    assert lifetime == 12 * 3600
    later = int(time.time() + lifetime + 60)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    assert _sent_to_login(client.get(staff_page))


def test_a_busy_session_still_ends_at_its_maximum_lifetime(app, client, auth, users, staff_page, monkeypatch):
    auth.login_form(users[Role.REVIEWER])
    assert app.config["SESSION_MAX_LIFETIME"] == 24 * 3600
    start = time.time()

    def at(hours: float) -> None:
        # Both clocks move: the cookie's signature (idle timeout) and the login age (maximum).
        now = start + hours * 3600
        monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(now))
        monkeypatch.setattr("claims.auth.access.time", SimpleNamespace(time=lambda: now))

    for hours in (11, 22, 23.9):  # a request every 11 hours keeps the 12-hour idle timeout away
        at(hours)
        assert client.get(staff_page).status_code == 200, hours
    at(24.1)
    assert _sent_to_login(client.get(staff_page))
    with client.session_transaction() as sess:
        assert "_user_id" not in sess and SESSION_TOKEN_KEY not in sess  # the old session is gone


def test_a_session_that_began_too_long_ago_goes_to_login(client, auth, users, staff_page):
    auth.login_form(users[Role.EDITOR])
    with client.session_transaction() as sess:
        sess[LOGIN_AT_KEY] -= 24 * 3600 + 60
    assert _sent_to_login(client.get(staff_page))
    assert auth.login_form(users[Role.EDITOR]).status_code == 302
    assert client.get(staff_page).status_code == 200


def test_a_session_without_a_login_time_is_refused(client, auth, users, staff_page):
    auth.login_form(users[Role.EDITOR])
    with client.session_transaction() as sess:
        del sess[LOGIN_AT_KEY]  # as written before logins recorded their time
    assert _sent_to_login(client.get(staff_page))


def test_the_maximum_lifetime_comes_from_the_environment(tmp_path):
    assert load_config(str(tmp_path), {})["SESSION_MAX_LIFETIME"] == 24 * 3600
    assert load_config(str(tmp_path), {"CLAIMS_SESSION_MAX_HOURS": "8"})["SESSION_MAX_LIFETIME"] == 8 * 3600
    for bad in ("0", "-1", "1.5", "day"):
        with pytest.raises(ConfigError, match="CLAIMS_SESSION_MAX_HOURS"):
            load_config(str(tmp_path), {"CLAIMS_SESSION_MAX_HOURS": bad})


def test_a_remember_me_cookie_alone_restores_no_session(app, users, staff_page):
    # The app never sets one; a cookie made elsewhere with the secret key carries no session token.
    with app.test_request_context("/login"):
        login_user(users[Role.REVIEWER], remember=True)
        response = app.process_response(app.response_class())
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    client = app.test_client()
    client.set_cookie("remember_token", cookie.split(";")[0].split("=", 1)[1])
    assert _sent_to_login(client.get(staff_page))


def test_session_cookie_expires_with_the_lifetime(client, auth, users):
    response = auth.login_form(users[Role.REVIEWER])
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Expires=" in cookie


def test_deactivated_user_is_logged_out_on_the_next_request(client, auth, runner, users, staff_page):
    auth.login_form(users[Role.EDITOR])
    assert client.get(staff_page).status_code == 200
    result = runner.invoke(args=["users", "deactivate", users[Role.EDITOR].email])
    assert result.exit_code == 0
    assert _sent_to_login(client.get(staff_page))
    assert auth.login_form(users[Role.EDITOR]).status_code == 200  # and cannot log in again


def test_inactive_flag_alone_locks_out(client, auth, session, users, staff_page):
    auth.login_form(users[Role.REVIEWER])
    users[Role.REVIEWER].active = False
    session.commit()
    assert _sent_to_login(client.get(staff_page))


def test_anonymous_staff_page_goes_to_login_with_next(client, staff_page):
    response = client.get(staff_page + "?tab=1")
    assert _sent_to_login(response)
    assert "next=%2F_probe%2Fstaff%3Ftab%3D1" in response.headers["Location"]
