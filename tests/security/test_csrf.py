"""Row 11: every route that accepts POST refuses a request without a CSRF token or with a wrong one.

The app runs here with CSRF switched on; the routes come from the url map, so new forms are covered.
"""

from __future__ import annotations

from typing import Any

import pytest

from claims.models import Role
from tests.security.urlmap import build_path, rules, snapshot, url_args

# Routes allowed to take a POST without a token: none. Add "rule": "reason" here, never silently.
CSRF_EXEMPT: dict[str, str] = {}


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    app_config["WTF_CSRF_ENABLED"] = True
    return app_config


def test_every_post_route_refuses_missing_and_wrong_tokens(app, client, auth, session, demo):
    auth.login(demo[Role.ADMIN])
    checked = []
    for rule in rules(app, lambda r: "POST" in (r.methods or ()) and r.rule not in CSRF_EXEMPT):
        path = build_path(rule, url_args(session, rule))
        before = snapshot(session)
        for data in ({"field": "x"}, {"csrf_token": "wrong-token", "field": "x"}):
            response = client.post(path, data=data)
            assert response.status_code == 400, f"{rule.rule} with {data}: {response.status_code}"
            assert "CSRF" in response.get_data(as_text=True)
        assert snapshot(session) == before, f"{rule.rule} changed data without a valid token"
        checked.append(rule.rule)
    assert {"/login", "/logout"} <= set(checked)


def test_a_valid_token_is_accepted(app, client, auth, demo):
    # Without this the test above would also pass if every POST failed for some other reason.
    response = auth.login_form(demo[Role.ADMIN])
    assert response.status_code == 302


def test_exemptions_name_existing_routes_with_a_reason(app):
    known = {r.rule for r in app.url_map.iter_rules()}
    for rule, reason in CSRF_EXEMPT.items():
        assert rule in known and reason.strip()
