"""Row 13: roles on every staff route, generated from the url map.

Anonymous visitors are sent to the login page with `next`; a lower role gets 403; the role the route
asks for, or a higher one, gets neither 403 nor a server error. Every route under /review/ and
/admin/ must declare its role with role_required.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask import Flask
from werkzeug.routing import Rule

from claims.auth import role_required
from claims.models import Role, User
from tests.security.urlmap import build_path, is_staff_path, required_role, rules, url_args

METHODS = ("GET", "POST")


def unprotected_staff_rules(app: Flask) -> list[str]:
    """Staff paths whose view does not declare a role."""
    return [r.rule for r in rules(app, is_staff_path) if required_role(app, r) is None]


def role_failures(app: Flask, session, auth, staff: dict[Role, User]) -> list[str]:  # type: ignore[no-untyped-def]
    """Every departure from the role rules on the app's staff routes, as readable lines."""
    failures = []
    protected = [r for r in rules(app, lambda r: required_role(app, r) is not None or is_staff_path(r))]
    for rule in protected:
        needed = required_role(app, rule)
        path = build_path(rule, url_args(session, rule))
        for method in (m for m in METHODS if m in (rule.methods or ())):
            failures += _anonymous_failures(app, rule, method, path)
            if needed is None:
                continue  # reported by test_every_staff_route_declares_a_role
            for role, user in staff.items():
                client = app.test_client()
                auth.login(user, client=client)
                status = client.open(path, method=method).status_code
                if not user.has_role(needed) and status != 403:
                    failures.append(f"{method} {path} as {role}: {status}, expected 403 (needs {needed})")
                if user.has_role(needed) and (status == 403 or status >= 500):
                    failures.append(f"{method} {path} as {role}: {status}")
    return failures


def _anonymous_failures(app: Flask, rule: Rule, method: str, path: str) -> list[str]:
    response = app.test_client().open(path, method=method)
    location = urlsplit(response.headers.get("Location", ""))
    if response.status_code != 302 or location.path != "/login":
        return [f"anonymous {method} {path}: {response.status_code} to {location.path!r}, expected /login"]
    if parse_qs(location.query).get("next") != [path]:
        return [f"anonymous {method} {path}: next is {location.query!r}"]
    return []


def test_every_staff_route_declares_a_role(app):
    assert unprotected_staff_rules(app) == []


def test_roles_on_every_staff_route(app, session, auth, demo):
    assert role_failures(app, session, auth, demo) == []


def test_the_walk_catches_a_missing_role_and_a_missing_check(app, session, auth, demo):
    """The walks above find real faults: an undeclared staff route and a role check that lets too many in."""

    def page() -> str:
        return "ok"

    app.add_url_rule("/review/unguarded", "unguarded", page)
    app.add_url_rule("/admin/only", "admin_only", role_required(Role.ADMIN)(page))
    leaky = role_required(Role.EDITOR)(page)
    leaky.required_role = Role.ADMIN  # claims admin, checks only editor
    app.add_url_rule("/review/leaky", "leaky", leaky, methods=["GET", "POST"])

    assert unprotected_staff_rules(app) == ["/review/unguarded"]
    failures = role_failures(app, session, auth, demo)
    assert any(f.startswith("anonymous GET /review/unguarded") for f in failures)
    assert "GET /review/leaky as editor: 200, expected 403 (needs admin)" in failures
    assert "POST /review/leaky as editor: 200, expected 403 (needs admin)" in failures
    assert not any("/admin/only" in f for f in failures)
