"""Rows 6-9: a new session at login, logout and deactivation end it, and it times out."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from itsdangerous import TimestampSigner

from claims.auth.access import SESSION_TOKEN_KEY
from claims.models import Role
from tests.conftest import login


def _sent_to_login(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"


def test_login_starts_a_new_session(client, users, staff_page):
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    before = client.get_cookie("session").value
    assert login(client, users[Role.REVIEWER]).status_code == 302
    assert client.get_cookie("session").value != before
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess[SESSION_TOKEN_KEY] == users[Role.REVIEWER].session_token
        assert sess.permanent
    assert client.get(staff_page).status_code == 200


def test_a_replayed_cookie_is_refused_after_logout(app, client, users, staff_page, session):
    login(client, users[Role.EDITOR])
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


def test_logout_of_one_session_ends_the_others(app, users, staff_page):
    first, second = app.test_client(), app.test_client()
    login(first, users[Role.ADMIN])
    login(second, users[Role.ADMIN])
    first.post("/logout")
    assert _sent_to_login(second.get(staff_page))


def test_session_times_out_after_its_lifetime(app, client, users, staff_page, monkeypatch):
    login(client, users[Role.REVIEWER])
    assert client.get(staff_page).status_code == 200
    lifetime = app.permanent_session_lifetime.total_seconds()
    assert lifetime == 12 * 3600
    later = int(time.time() + lifetime + 60)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    assert _sent_to_login(client.get(staff_page))


def test_session_cookie_expires_with_the_lifetime(client, users):
    response = login(client, users[Role.REVIEWER])
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Expires=" in cookie


def test_deactivated_user_is_logged_out_on_the_next_request(client, runner, users, staff_page):
    login(client, users[Role.EDITOR])
    assert client.get(staff_page).status_code == 200
    result = runner.invoke(args=["users", "deactivate", users[Role.EDITOR].email])
    assert result.exit_code == 0
    assert _sent_to_login(client.get(staff_page))
    assert login(client, users[Role.EDITOR]).status_code == 200  # and cannot log in again


def test_inactive_flag_alone_locks_out(client, session, users, staff_page):
    login(client, users[Role.REVIEWER])
    users[Role.REVIEWER].active = False
    session.commit()
    assert _sent_to_login(client.get(staff_page))


def test_anonymous_staff_page_goes_to_login_with_next(client, staff_page):
    response = client.get(staff_page + "?tab=1")
    assert _sent_to_login(response)
    assert "next=%2F_probe%2Fstaff%3Ftab%3D1" in response.headers["Location"]
