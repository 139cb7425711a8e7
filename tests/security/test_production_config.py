"""Rows 10, 21, 23, 30 and 32: the production configuration, built from the environment as in production."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask_login import login_user

from claims import create_app
from claims.config import ConfigError, load_config
from claims.extensions import db
from claims.models import Role
from tests.factories import PASSWORD, make_user

SECRET = "production-secret-key-with-enough-length-0123"


@pytest.fixture
def production_app(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Flask]:
    """Build the app from a production environment only (no test config), on the test database."""

    def build(**env: str) -> Flask:
        values = {
            "CLAIMS_ENV": "production",
            "CLAIMS_SECRET_KEY": SECRET,
            "DATABASE_URL": database_url,
            "CLAIMS_INSTANCE_PATH": str(tmp_path / "instance"),
            "CLAIMS_TRUSTED_HOSTS": "claims.example.org,localhost",
        } | env
        for key, value in values.items():
            monkeypatch.setenv(key, value)
        return create_app()

    return build


@pytest.fixture
def prod(production_app: Callable[..., Flask]):  # type: ignore[no-untyped-def]
    app = production_app()
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("secret", [None, "", "x" * 31])
def test_production_refuses_to_start_without_a_long_secret_key(tmp_path, secret):
    env = {"CLAIMS_ENV": "production"} | ({"CLAIMS_SECRET_KEY": secret} if secret is not None else {})
    with pytest.raises(ConfigError, match="CLAIMS_SECRET_KEY"):
        load_config(str(tmp_path), env)


def test_create_app_refuses_too(production_app):
    with pytest.raises(ConfigError):
        production_app(CLAIMS_SECRET_KEY="short")


def test_development_makes_its_own_key(tmp_path):
    config = load_config(str(tmp_path), {})
    assert len(config["SECRET_KEY"]) >= 32
    assert load_config(str(tmp_path), {})["SECRET_KEY"] == config["SECRET_KEY"]


def test_unknown_host_is_refused(prod):
    client = prod.test_client()
    for method in ("GET", "POST"):
        for path in ("/", "/login", "/no-such-page"):
            response = client.open(path, method=method, headers={"Host": "evil.example"})
            assert response.status_code == 400, (method, path)
            assert "evil.example" not in response.get_data(as_text=True)
    assert client.get("/", headers={"Host": "claims.example.org"}).status_code == 200


def test_production_headers(prod):
    response = prod.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def _cookie(response, name: str) -> str:  # type: ignore[no-untyped-def]
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(name + "="))


def test_session_cookie_flags_in_production(prod):
    user = make_user(db.session, Role.REVIEWER)
    db.session.commit()
    client = prod.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    flags = [f.strip() for f in _cookie(response, "session").split(";")]
    assert {"HttpOnly", "Secure", "SameSite=Lax"} <= set(flags)


def test_remember_cookie_flags_in_production(prod):
    user = make_user(db.session, Role.REVIEWER)
    db.session.commit()
    with prod.test_request_context("/login"):
        login_user(user, remember=True)
        response = prod.process_response(prod.response_class())
    flags = [f.strip() for f in _cookie(response, "remember_token").split(";")]
    assert {"HttpOnly", "Secure", "SameSite=Lax"} <= set(flags)


def test_development_cookies_are_httponly_and_lax_but_not_secure(app, client, auth, users):
    flags = [f.strip() for f in _cookie(auth.login_form(users[Role.REVIEWER]), "session").split(";")]
    assert {"HttpOnly", "SameSite=Lax"} <= set(flags) and "Secure" not in flags
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_an_error_shows_a_plain_500_page(production_app):
    app = production_app()

    def explode() -> str:
        raise RuntimeError("secret internals: /srv/claims/db password=hunter2")

    app.add_url_rule("/explode", "explode", explode)
    assert not app.debug and not app.testing and not app.config["PROPAGATE_EXCEPTIONS"]
    with app.app_context():
        response = app.test_client().get("/explode")
        db.engine.dispose()
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in body
    assert "Traceback" not in body and "hunter2" not in body and "RuntimeError" not in body


@pytest.mark.parametrize("name", ["Production", "prod", "PRODUCTION", "staging", "dev", ""])
def test_only_development_or_production_is_accepted(tmp_path, name):
    with pytest.raises(ConfigError, match="CLAIMS_ENV"):
        load_config(str(tmp_path), {"CLAIMS_ENV": name, "CLAIMS_SECRET_KEY": SECRET})


@pytest.mark.parametrize(
    "secret",
    ["x" * 40, "ab" * 20, SECRET + " ", " " + SECRET, SECRET[:20] + "\n" + SECRET[20:]],
)
def test_production_refuses_a_weak_or_spaced_key(tmp_path, secret):
    with pytest.raises(ConfigError, match="CLAIMS_SECRET_KEY"):
        load_config(str(tmp_path), {"CLAIMS_ENV": "production", "CLAIMS_SECRET_KEY": secret})


def test_a_request_body_over_the_limit_gets_a_413_page_unread(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit == 8 * 2**20
    response = client.post("/login", data=b"x" * (limit + 1), content_type="application/octet-stream")
    assert response.status_code == 413
    assert "limited to 8 MB" in response.get_data(as_text=True)


@pytest.mark.parametrize("raw", ["0", "-1", "²", "ten"])
def test_a_malformed_request_limit_is_refused(tmp_path, raw):
    with pytest.raises(ConfigError, match="CLAIMS_MAX_REQUEST_MB"):
        load_config(str(tmp_path), {"CLAIMS_MAX_REQUEST_MB": raw})


def test_forwarded_headers_are_believed_only_behind_a_configured_proxy(production_app):
    headers = {"Host": "claims.example.org", "X-Forwarded-Proto": "https"}
    for count, scheme in (("0", "http"), ("1", "https")):
        app = production_app(CLAIMS_PROXY_COUNT=count)
        with app.app_context():
            servers = app.test_client().get("/api/v1/openapi.json", headers=headers).get_json()["servers"]
            db.engine.dispose()
        assert servers[0]["url"].startswith(f"{scheme}://claims.example.org"), count


def test_healthz_reports_the_database_the_cache_and_the_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {"status": "ok", "database": "ok", "cache": "ok", "queue": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(app_config, tmp_path):
    config = {**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/claims.db"}
    broken = create_app(config)
    with broken.app_context():
        response = broken.test_client().get("/healthz")
        db.engine.dispose()
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"
