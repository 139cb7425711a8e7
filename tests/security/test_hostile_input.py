"""The inputs that once reached a 500 get a 4xx: odd digits, huge ids, far dates, NUL bytes."""

from __future__ import annotations

import base64
import json

import pytest

from claims.models import Role
from tests.factories import make_claim
from tests.publishing import publish


def _cursor(moment: str, verdict_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([moment, verdict_id]).encode()).decode().rstrip("=")


HOSTILE_CURSORS = [
    _cursor("2026-01-01T00:00:00+00:00", 2**31),
    _cursor("2026-01-01T00:00:00+00:00", 2**63),
    _cursor("0001-01-01T00:00:00+05:00", 1),
    _cursor("9999-12-31T23:59:59-05:00", 1),
    _cursor("2026-01-01T00:00:00+00:00", -1),
]

PUBLIC_QUERIES = [
    "/api/v1/claims?limit=²",
    "/api/v1/claims?limit=١٢",
    "/claims?rating=²",
    "/claims?article=³",
    "/claims?tag=%00",
    "/claims?claimant=a%00b",
    "/claims?q=%00",
    "/api/v1/claims?tag=%00",
    *(f"/claims?after={c}" for c in HOSTILE_CURSORS),
    *(f"/api/v1/claims?cursor={c}" for c in HOSTILE_CURSORS),
    *(f"/claimreview.json?after={c}" for c in HOSTILE_CURSORS),
    *(f"/corrections?before={c}" for c in HOSTILE_CURSORS),
    f"/api/v1/claims/{2**31}",
    f"/api/v1/claims/{2**63}",
    f"/articles/{2**31}",
    f"/claims/{2**31}",
]


@pytest.mark.parametrize("path", PUBLIC_QUERIES)
def test_hostile_public_queries_are_refused_not_failed(client, session, path):
    publish(session, make_claim(session))
    session.commit()
    response = client.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    if path.startswith("/api/"):
        assert response.is_json and response.get_json()["error"]["status"] == response.status_code


@pytest.mark.parametrize(
    "path",
    [
        f"/review/claims/{2**31}",
        f"/review/claims/{2**63}/history",
        f"/review/articles/{2**31}",
        f"/review/verdicts/{2**31}",
    ],
)
def test_huge_ids_on_staff_routes_are_404(client, auth, users, path):
    auth.login(users[Role.EDITOR])
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("email", ["a\x00@example.org", "\x00", "editor\x00-fixture@example.org"])
def test_a_nul_byte_in_a_login_is_a_failed_login(client, users, email):
    response = client.post("/login", data={"email": email, "password": "whatever"})
    assert response.status_code in (200, 400)
    assert response.status_code == 400 or "Email or password" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    ["/export/claims.csv?tag=%00", "/export/evidence.csv?claimant=a%00b", "/export/summary.csv?q=%00"],
)
def test_a_nul_byte_in_an_export_filter_is_a_400_before_the_download_starts(client, session, path):
    publish(session, make_claim(session))
    session.commit()
    response = client.get(path)
    assert response.status_code == 400 and "NUL" in response.get_data(as_text=True)
