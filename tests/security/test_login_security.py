"""Rows 3, 5, 25 and 31: login throttling, login events in the log, open redirects, log injection."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from claims.auth.redirects import is_safe_next
from claims.config import load_config
from claims.models import Role
from tests.conftest import login
from tests.factories import PASSWORD

HOSTILE_NEXT = [
    "//x",
    "/\\x",
    "\\\\x",
    "http:/\\x",
    "///x",
    "javascript:alert(1)",
    "http://testserver\\@x",
    "https://evil.example/",
    "/\t/x",
    "/\n/x",
    "",
    "review/",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_hostile_next_goes_to_the_default_page(client, users, target):
    response = login(client, users[Role.REVIEWER], next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/review/"
    assert not is_safe_next(target)


def test_local_next_is_followed(client, users):
    response = login(client, users[Role.REVIEWER], next_url="/review/claims/3?tab=evidence")
    assert response.headers["Location"] == "/review/claims/3?tab=evidence"


def test_hostile_next_is_not_put_into_the_form(client):
    page = client.get("/login?next=//evil.example").get_data(as_text=True)
    assert "evil.example" not in page


class TestThrottling:
    @pytest.fixture
    def app_config(self, app_config: dict[str, Any]) -> dict[str, Any]:
        app_config["RATELIMIT_ENABLED"] = True
        return app_config

    def test_sixth_login_in_a_minute_from_one_address_gets_429(self, client, users):
        user = users[Role.ADMIN]
        for _ in range(5):
            assert login(client, user, password="wrong password").status_code == 200
        throttled = login(client, user)  # even the right password
        assert throttled.status_code == 429
        assert "Too many attempts" in throttled.get_data(as_text=True)
        assert client.get("/login").status_code == 200  # the form itself stays readable
        other = client.post(
            "/login",
            data={"email": user.email, "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "10.9.8.7"},
        )
        assert other.status_code == 302


def test_throttling_storage_comes_from_the_environment(tmp_path):
    env = {"CLAIMS_RATELIMIT_STORAGE_URI": "redis://cache.internal:6379/0"}
    assert load_config(str(tmp_path), env)["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/0"
    assert load_config(str(tmp_path), {})["RATELIMIT_STORAGE_URI"] == "memory://"


def _auth_records(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "claims.auth"]


def test_login_events_are_logged_without_the_password(client, users, caplog):
    caplog.set_level(logging.INFO, logger="claims.auth")
    user = users[Role.EDITOR]
    login(client, user, password="wrong-guess-123")
    login(client, user)
    failed, succeeded = _auth_records(caplog)
    assert failed.startswith("login failed") and succeeded.startswith("login succeeded")
    for message in (failed, succeeded):
        assert f"email='{user.email}'" in message
        assert "addr='127.0.0.1'" in message
        assert "+00:00" in message  # UTC
    assert "wrong-guess-123" not in caplog.text and PASSWORD not in caplog.text


def test_crafted_email_cannot_forge_log_lines(client, caplog):
    caplog.set_level(logging.INFO, logger="claims.auth")
    forged = "x@example.org\r\nFAKE login succeeded email='admin@example.org'"
    client.post("/login", data={"email": forged, "password": "whatever123"})
    (message,) = _auth_records(caplog)
    assert "\n" not in message and "\r" not in message
    assert "\\r\\nFAKE" in message
    assert not any(line.startswith("FAKE") for line in caplog.text.splitlines())


def test_unknown_email_still_verifies_a_hash(client, users, monkeypatch):
    # Timing must not tell unknown from known emails: both run one argon2 verification.
    from claims.models import User

    calls = []
    original = User.check_password
    monkeypatch.setattr(User, "check_password", lambda self, pw: calls.append(pw) or original(self, pw))
    client.post("/login", data={"email": "nobody@example.org", "password": "guess-one-1"})
    login(client, users[Role.REVIEWER], password="guess-two-2")
    assert calls == ["guess-one-1", "guess-two-2"]


def test_abort_401_goes_to_login_with_next(app, client):
    from flask import abort

    app.add_url_rule("/_probe/needs-login", "needs_login", lambda: abort(401))
    response = client.get("/_probe/needs-login")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=%2F_probe%2Fneeds-login")
