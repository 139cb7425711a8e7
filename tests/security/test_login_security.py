"""Rows 3, 5, 25 and 31: login throttling (per address and per account), login events in the log,
open redirects, log injection."""

from __future__ import annotations

import logging
import time
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
import redis

from claims.auth.redirects import is_safe_next
from claims.auth.throttle import account_key
from claims.config import load_config
from claims.models import Role
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
def test_hostile_next_goes_to_the_default_page(client, auth, users, target):
    response = auth.login_form(users[Role.REVIEWER], next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/review/"
    assert not is_safe_next(target)


def test_local_next_is_followed(client, auth, users):
    response = auth.login_form(users[Role.REVIEWER], next_url="/review/claims/3?tab=evidence")
    assert response.headers["Location"] == "/review/claims/3?tab=evidence"


def test_hostile_next_is_not_put_into_the_form(client):
    page = client.get("/login?next=//evil.example").get_data(as_text=True)
    assert "evil.example" not in page


class TestThrottling:
    @pytest.fixture
    def app_config(self, app_config: dict[str, Any]) -> dict[str, Any]:
        app_config["RATELIMIT_ENABLED"] = True
        # Fresh counters for every test, even where the environment names a Redis (CLAIMS_REDIS_URL).
        app_config["RATELIMIT_STORAGE_URI"] = "memory://"
        return app_config

    def test_sixth_login_in_a_minute_from_one_address_gets_429(self, client, auth, users):
        user = users[Role.ADMIN]
        for _ in range(5):
            assert auth.login_form(user, password="wrong password").status_code == 200
        throttled = auth.login_form(user)  # even the right password
        assert throttled.status_code == 429
        assert "Too many attempts" in throttled.get_data(as_text=True)
        assert client.get("/login").status_code == 200  # the form itself stays readable
        other = client.post(
            "/login",
            data={"email": user.email, "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "10.9.8.7"},
        )
        assert other.status_code == 302

    def test_failures_from_many_addresses_throttle_the_account_until_the_window_passes(
        self, client, users, monkeypatch
    ):
        email = users[Role.EDITOR].email
        spellings = (email, email.upper(), f"  {email} ")  # one account, however it is typed
        for n in range(10):  # two from each of five addresses: none reaches its own limit
            response = _attempt(client, spellings[n % 3], "wrong password", f"10.0.0.{n // 2}")
            assert response.status_code == 200, n
        for address in ("10.0.1.1", "10.0.1.2"):  # the right password, from fresh addresses
            throttled = _attempt(client, email, PASSWORD, address)
            assert throttled.status_code == 429 and "Too many attempts" in throttled.get_data(as_text=True)
        assert _attempt(client, users[Role.ADMIN].email, PASSWORD, "10.0.1.3").status_code == 302
        later = time.time() + 15 * 60 + 1
        monkeypatch.setattr("limits.storage.memory.time", SimpleNamespace(time=lambda: later))
        assert _attempt(client, email, PASSWORD, "10.0.1.4").status_code == 302

    def test_an_unknown_account_is_throttled_exactly_like_a_real_one(self, client, users):
        answers = []
        for email in (users[Role.REVIEWER].email, "nobody-here@example.org"):
            statuses = [
                _attempt(client, email, "wrong password", f"10.1.{n}.1").status_code for n in range(11)
            ]
            page = _attempt(client, email, "wrong password", "10.1.99.1").get_data(as_text=True)
            answers.append((statuses, page))
        assert answers[0][0] == answers[1][0] == [200] * 10 + [429]
        assert answers[0][1] == answers[1][1]

    def test_wrong_passwords_on_the_change_page_count_against_the_account(self, app, client, auth, users):
        user = auth.login(users[Role.REVIEWER])
        wrong = {"current_password": "a guess", "new_password": "x", "confirm_password": "x"}
        for _ in range(10):
            assert client.post("/account/password", data=wrong).status_code == 200
        assert client.post("/account/password", data=wrong).status_code == 429
        assert _attempt(app.test_client(), user.email, PASSWORD, "10.2.0.1").status_code == 429


def _attempt(client, email: str, password: str, address: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


class TestThrottlingInRedis:
    URL = "redis://127.0.0.1:6379/13"

    @pytest.fixture
    def store(self) -> Any:
        store = redis.Redis.from_url(self.URL)
        try:
            store.ping()
        except redis.ConnectionError:
            pytest.skip(f"Redis is not running at {self.URL}: start redis-server to test shared counters")
        return store

    @pytest.fixture
    def app_config(self, app_config: dict[str, Any], store: Any) -> dict[str, Any]:
        app_config["RATELIMIT_ENABLED"] = True
        app_config["RATELIMIT_STORAGE_URI"] = self.URL
        return app_config

    def test_the_account_counter_lives_in_redis(self, client, store):
        # A fresh account name and addresses, so other runs sharing this Redis cannot interfere.
        email, net = f"guess-{uuid.uuid4().hex}@example.org", uuid.uuid4().int % 200
        addresses = [f"10.{net}.{n}.7" for n in range(12)]
        try:
            statuses = [_attempt(client, email, "wrong", address).status_code for address in addresses[:11]]
            assert statuses == [200] * 10 + [429]
            (key,) = store.keys(f"*{account_key(email)}*")
            assert int(store.get(key)) >= 10 and store.ttl(key) > 0
        finally:
            for pattern in (f"*{account_key(email)}*", *(f"*/{a}/*" for a in addresses)):
                for key in store.scan_iter(pattern):
                    store.delete(key)


def test_throttling_storage_comes_from_the_environment(tmp_path):
    env = {"CLAIMS_RATELIMIT_STORAGE_URI": "redis://cache.internal:6379/0"}
    assert load_config(str(tmp_path), env)["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/0"
    assert load_config(str(tmp_path), {})["RATELIMIT_STORAGE_URI"] == "memory://"
    # With Redis configured for the cache, the counters go there too, shared by every worker.
    shared = {"CLAIMS_REDIS_URL": "redis://cache.internal:6379/1"}
    assert load_config(str(tmp_path), shared)["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/1"
    assert (
        load_config(str(tmp_path), {**shared, **env})["RATELIMIT_STORAGE_URI"]
        == env["CLAIMS_RATELIMIT_STORAGE_URI"]
    )


def _auth_records(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "claims.auth"]


def test_login_events_are_logged_without_the_password(client, auth, users, caplog):
    caplog.set_level(logging.INFO, logger="claims.auth")
    user = users[Role.EDITOR]
    auth.login_form(user, password="wrong-guess-123")
    auth.login_form(user)
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


def test_unknown_email_still_verifies_a_hash(client, auth, users, monkeypatch):
    # Timing must not tell unknown from known emails: both run one argon2 verification.
    from claims.models import User

    calls = []
    original = User.check_password
    monkeypatch.setattr(User, "check_password", lambda self, pw: calls.append(pw) or original(self, pw))
    client.post("/login", data={"email": "nobody@example.org", "password": "guess-one-1"})
    auth.login_form(users[Role.REVIEWER], password="guess-two-2")
    assert calls == ["guess-one-1", "guess-two-2"]


def test_abort_401_goes_to_login_with_next(app, client):
    from flask import abort

    app.add_url_rule("/_probe/needs-login", "needs_login", lambda: abort(401))
    response = client.get("/_probe/needs-login")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=%2F_probe%2Fneeds-login")
