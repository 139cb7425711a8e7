"""The report page and the import form: roles (rows 13, 22), CSRF (row 11), labels and the SVG chart."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from sqlalchemy import func, select

from claims import create_app
from claims.extensions import db
from claims.models import Claim
from tests.conftest import Auth
from tests.export_helpers import newsroom

STAFF_ROUTES = [
    ("GET", "/export/"),
    ("GET", "/export/import"),
    ("POST", "/export/import"),
    ("POST", "/export/import/confirm"),
    ("POST", "/export/import/claimreview"),
    ("GET", "/export/jobs"),
    ("GET", "/export/jobs/1"),
    ("GET", "/export/jobs/1.json"),
    ("GET", "/export/jobs/1/file"),
    ("POST", "/export/jobs/export"),
]


def test_export_routes_need_an_editor(app, session):
    client = app.test_client()
    data = newsroom(session)
    for method, path in STAFF_ROUTES:
        response = client.open(path, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    Auth(client, session).login(data["reviewer"])
    for method, path in STAFF_ROUTES:
        assert client.open(path, method=method).status_code == 403, path


def test_every_export_route_is_covered(app):
    rules = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("export.")}
    public = {"/export/claims.csv", "/export/evidence.csv", "/export/summary.csv"}
    covered = {re.sub(r"/1(?=[./]|$)", "/<int:job_id>", path) for _method, path in STAFF_ROUTES}
    assert rules == public | covered


def test_report_page(client, session, auth):
    data = newsroom(session)
    auth.login(data["editor"])
    response = client.get("/export/?status=published")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "<svg" in html and 'class="chart-bar"' in html and "Mostly false" in html
    assert "style=" not in html and "<script" not in html
    assert 'href="/export/claims.csv?status=published"' in html
    for field_id in re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html):
        assert f'for="{field_id}"' in html, field_id
    bad = client.get("/export/?date_from=nonsense")
    assert bad.status_code == 200 and "Not a valid date value" in bad.get_data(as_text=True)


def test_report_page_numbers_match_summary_csv(client, session, auth):
    data = newsroom(session)
    auth.login(data["editor"])
    html = client.get("/export/").get_data(as_text=True)
    assert '<td>New</td><td class="number">1</td>' in html
    assert '<td>Published</td><td class="number">1</td>' in html


@pytest.fixture
def csrf_client(app_config, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMS_INSTANCE_PATH", str(tmp_path / "instance-csrf"))
    app = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        yield app.test_client()
        db.session.remove()
        db.engine.dispose()


def test_import_needs_csrf(csrf_client):
    data = newsroom(db.session)
    Auth(csrf_client, db.session).login(data["editor"])
    body = b"restated_claim,claimant,status\r\nNew claim,Someone,new\r\n"
    for extra in ({}, {"csrf_token": "wrong"}):
        response = csrf_client.post("/export/import", data={"file": (BytesIO(body), "c.csv"), **extra})
        assert response.status_code == 400
        response = csrf_client.post("/export/import/confirm", data={"token": "x", **extra})
        assert response.status_code == 400
    assert db.session.execute(select(func.count()).select_from(Claim)).scalar_one() == 2
    # GET filter forms carry no token and still work.
    assert csrf_client.get("/export/?status=new").status_code == 200


def test_editors_find_the_report_page_in_the_navigation(client, session, auth):
    data = newsroom(session)
    auth.login(data["editor"])
    assert 'href="/export/">Reports</a>' in client.get("/").get_data(as_text=True)
    auth.login(data["reviewer"])
    page = client.get("/").get_data(as_text=True)
    assert ">Reports</a>" not in page and 'href="/review/">Review</a>' in page
