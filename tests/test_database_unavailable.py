"""While the database restarts or is out of reach, requests get a 503 to retry, never a 500."""

from __future__ import annotations


def test_an_unreachable_database_is_a_503_to_retry_not_a_500(app_config, tmp_path, monkeypatch):
    from claims import create_app

    monkeypatch.setenv("CLAIMS_INSTANCE_PATH", str(tmp_path / "instance"))
    # Nothing listens on port 1: every connection fails as during a database restart.
    down = {**app_config, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/claims"}
    client = create_app(down).test_client()
    page = client.get("/claims")
    assert page.status_code == 503 and page.headers["Retry-After"] == "5"
    assert "try again in a few seconds" in page.get_data(as_text=True)
    api = client.get("/api/v1/claims")
    assert api.status_code == 503 and api.is_json
    assert client.get("/healthz").status_code == 503


def test_a_signed_in_reviewer_also_gets_the_503(app_config, tmp_path, monkeypatch, app, session, users):
    """The usual layout asks who is signed in: the 503 page must not need the database."""
    from claims import create_app
    from claims.models import Role
    from tests.conftest import Auth

    monkeypatch.setenv("CLAIMS_INSTANCE_PATH", str(tmp_path / "instance-down"))
    down = {**app_config, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/claims"}
    client = create_app(down).test_client()
    Auth(client, session).login(users[Role.REVIEWER])
    page = client.get("/review/")
    assert page.status_code == 503 and "try again in a few seconds" in page.get_data(as_text=True)

