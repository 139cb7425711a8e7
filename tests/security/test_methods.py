"""Row 12: no state change by GET: a GET on any route that only mutates is refused with 405."""

from __future__ import annotations

from claims.models import Role
from tests.security.urlmap import MUTATING, build_path, rules, snapshot, url_args


def test_get_on_every_post_only_route_is_405(app, client, auth, session, demo):
    auth.login(demo[Role.ADMIN])
    checked = []
    for rule in rules(app, lambda r: "GET" not in (r.methods or ()) and MUTATING & set(r.methods or ())):
        path = build_path(rule, url_args(session, rule))
        before = snapshot(session)
        response = client.get(path)
        assert response.status_code == 405, f"GET {path}: {response.status_code}"
        assert snapshot(session) == before
        checked.append(rule.rule)
    assert "/logout" in checked
