"""Row 16: no input reaches a server error, on any route, as anyone.

Every rule of the url map is sent, for each of GET and POST that it takes, random and hostile
values in its path arguments, in the query arguments its view reads and in the fields of the forms
its view builds, as an anonymous reader and as each role. No answer may be a 5xx (in tests an
unhandled exception propagates, so it fails too), and every answer under /api/ is JSON.

The form fields are found from the view's code: the WTForms classes it (or a helper of ours it
calls) names, plus whatever it reads when an admin posts to it once (a form built with a prefix).
The query arguments are listed by hand in QUERY_ARGS: an endpoint the table does not know fails
a test, and every request records what its view reads, so a view that reads a query argument or
form field the walk does not send fails too. CSRF is off, as in every test but test_csrf's.

Each request sends some names with mixed values, or every name with one hostile value, so a
single request tries that value on every field's checks. Bodies go form-encoded, as multipart
(with files, under any name) or as JSON.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask_wtf import FlaskForm
from werkzeug.routing import Rule
from wtforms import IntegerField

from claims.models import Role
from tests.security.fuzzwalk import Caller, failures, targets
from tests.security.urlmap import rules
from tests.security.view_inputs import form_fields, record_reads, view_forms

EXAMPLES = 15  # per rule and method; each example is sent once per role and once anonymously

FILTER_ARGS = ("q", "status", "rating", "tag", "claimant", "article", "reviewer", "date_from", "date_to")
# The query arguments each endpoint's view reads. A new endpoint must be added here (even with ()).
QUERY_ARGS: dict[str, tuple[str, ...]] = {
    "api.claim": (),
    "api.claims": (*FILTER_ARGS, "limit", "cursor"),
    "api.openapi": (),
    "auth.change_password": (),
    "auth.login": ("next",),
    "auth.logout": (),
    "export.claims_csv": (*FILTER_ARGS, "bom"),
    "export.evidence_csv": (*FILTER_ARGS, "bom"),
    "export.import_claimreview": (),
    "export.import_claims": (),
    "export.import_confirm": (),
    "export.job": (),
    "export.job_file": (),
    "export.job_status": (),
    "export.jobs": (),
    "export.report": FILTER_ARGS,
    "export.start_export": FILTER_ARGS,
    "export.summary_csv": (*FILTER_ARGS, "bom"),
    "healthz": (),
    "public.article": (),
    "public.atom_feed": (),
    "public.claim_detail": (),
    "public.claim_list": (*FILTER_ARGS, "after"),
    "public.claimreview_json": ("after",),
    "public.corrections": ("before",),
    "public.home": (),
    "public.rating_styles": (),
    "public.ratings": (),
    "review.approve": (),
    "review.article": (),
    "review.assign": (),
    "review.claim": (),
    "review.comment": (),
    "review.dashboard": (),
    "review.delete_rating_level": (),
    "review.edit_claim": (),
    "review.edit_evidence": (),
    "review.edit_level": (),
    "review.edit_verdict": (),
    "review.history": (),
    "review.link_same": (),
    "review.move": (),
    "review.move_rating_level": (),
    "review.new_article": (),
    "review.new_claim": ("start", "end"),
    "review.new_evidence": (),
    "review.not_checkable": (),
    "review.rating_scale": (),
    "review.retire_level": (),
    "review.review_verdict": (),
    "review.send_back": (),
    "review.unlink_same": (),
    "review.withdraw": (),
    "static": (),
}
# Each named group is one test (one database); "other" takes every rule of any other blueprint.
GROUPS = ("api", "auth", "export", "public", "review", "other")


def group_of(rule: Rule) -> str:
    blueprint = rule.endpoint.rpartition(".")[0]
    return blueprint if blueprint in GROUPS else "other"


def test_every_endpoint_has_its_query_arguments_listed(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(QUERY_ARGS) == set(), "add the new endpoints to QUERY_ARGS"
    assert set(QUERY_ARGS) - endpoints == set(), "remove endpoints that are gone from QUERY_ARGS"


def test_the_views_forms_are_found(app):
    from claims.review.forms import ApproveForm, AssignForm, ReturnForm

    assert {AssignForm} <= view_forms(app.view_functions["review.assign"])
    assert {ApproveForm, ReturnForm} <= view_forms(app.view_functions["review.approve"])
    assert form_fields(ApproveForm).items() >= {"correction_note": False, "version": False}.items()


def test_every_form_reads_only_posted_text_and_whole_numbers(app):
    """Flask-WTF's own FlaskForm would read a JSON body, and give a text field an upload."""
    import claims.forms

    def subclasses(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [form for form in subclasses(FlaskForm) if form.__module__.startswith("claims.")]
    assert len(ours) > 10
    assert [form for form in ours if not issubclass(form, claims.forms.FlaskForm)] == []
    # WTForms' IntegerField takes a 4,000-digit number, and NumberRange then overflows on it.
    numbers = [
        f"{form.__name__}.{name}"
        for form in ours
        for name in dir(form)
        if (field_class := getattr(getattr(form, name), "field_class", None)) is not None
        and issubclass(field_class, IntegerField)
        and not issubclass(field_class, claims.forms.WholeNumberField)
    ]
    assert numbers == []


@pytest.mark.parametrize("group", GROUPS)
def test_no_input_reaches_a_server_error(app, session, demo, auth, group):
    record_reads(app)
    caller = Caller(app, {role: demo[role] for role in Role}, auth)
    walked = targets(app, rules(app, lambda rule: group_of(rule) == group), QUERY_ARGS)
    assert failures(walked, caller, EXAMPLES) == []


def test_the_walk_finds_a_server_error_an_unsent_argument_and_an_api_page(app, session, demo, auth):
    """The walk finds real faults: a 500, a query argument the table misses, HTML under /api/."""
    from flask import request
    from wtforms import StringField

    from claims.forms import FlaskForm as OurForm

    class NoteForm(OurForm):
        note = StringField()

    def fragile() -> str:
        form = NoteForm()  # found by the probe: the name is not the view's global
        extra = len(request.args.get("page") or "") + len(form.note.data or "")
        return str(int(request.args.get("n") or 0) + extra)

    app.add_url_rule("/fragile", "fragile", fragile, methods=["GET", "POST"])
    app.add_url_rule("/api/v1/plain", "plain", lambda: "not JSON")
    record_reads(app)
    caller = Caller(app, {role: demo[role] for role in Role}, auth)
    walked = targets(app, rules(app, lambda rule: rule.endpoint in ("fragile", "plain")), {"fragile": ("n",)})
    found = failures(walked, caller, 20)
    assert any(f.startswith("GET /fragile as anonymous: ValueError") for f in found)
    assert any(f.startswith("POST /fragile as anonymous: ValueError") for f in found)
    assert "GET /fragile: its view reads the query 'page', which the walk does not send" in found
    assert not any("reads the form" in f for f in found)
    assert any(f.startswith("GET /api/v1/plain as anonymous: 200 as text/html, not JSON") for f in found)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/nothing"),
        ("GET", "/api/v1/claims/%00"),
        ("GET", "/api/v1/claims/²"),
        ("GET", f"/api/v1/claims/{2**63}"),
        ("GET", "/api/v2/claims"),
        ("GET", "/api/"),
        ("POST", "/api/v1/claims"),
        ("DELETE", "/api/v1/claims/1"),
    ],
)
def test_every_api_error_is_json(client, method, path):
    response = client.open(path, method=method)
    assert 400 <= response.status_code < 500
    assert response.mimetype == "application/json"
    assert response.get_json()["error"]["status"] == response.status_code
