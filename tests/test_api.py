"""The JSON API: listing with filters and cursors, one claim, JSON errors, and the OpenAPI contract."""

from __future__ import annotations

from urllib.parse import urlsplit

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from claims.demo.loader import load_demo
from claims.extensions import db
from tests.factories import make_claim
from tests.publishing import publish, staff, submit


def test_list_and_next_link(client, session):
    people = staff(session)
    claims = [make_claim(session, restated=f"Claim {n}.") for n in range(3)]
    for claim in claims:
        publish(session, claim, people=people)
    submit(session, make_claim(session, restated="Hidden claim."), people[0])
    session.commit()
    first = client.get("/api/v1/claims?limit=2").get_json()
    assert [item["claim"] for item in first["data"]] == ["Claim 2.", "Claim 1."]
    nxt = urlsplit(first["next"])
    second = client.get(f"{nxt.path}?{nxt.query}").get_json()
    assert [item["claim"] for item in second["data"]] == ["Claim 0."]
    assert second["next"] is None
    assert first["data"][0]["verdict"]["rating"] == "False"


def test_detail_and_errors(client, session):
    claim = make_claim(session)
    publish(session, claim)
    hidden = make_claim(session, restated="Hidden.")
    session.commit()
    body = client.get(f"/api/v1/claims/{claim.id}").get_json()
    assert body["id"] == claim.id and body["verdict"]["explanation"] and body["evidence"] == []
    for path in (f"/api/v1/claims/{hidden.id}", "/api/v1/claims/0", "/api/v1/claims/99999999999999"):
        response = client.get(path)
        assert response.status_code == 404 and response.get_json()["error"]["status"] == 404
    for query in ("cursor=garbage", "rating=abc", "limit=0", "limit=101", "date_to=yesterday"):
        response = client.get(f"/api/v1/claims?{query}")
        assert response.status_code == 400 and "message" in response.get_json()["error"], query


def test_openapi_document_describes_the_routes(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) == {"/claims", "/claims/{claim_id}"}
    names = {p["name"] for p in doc["paths"]["/claims"]["get"]["parameters"]}
    assert {"q", "rating", "tag", "claimant", "article", "date_from", "date_to", "cursor", "limit"} <= names


def test_api_matches_its_openapi_document(app):
    """Schemathesis drives every operation in-process with generated input; no response may break the schema.

    Every other check runs (no 5xx, documented status codes, content types and bodies). Only
    "schema-valid input must be accepted" is left out: a forged cursor or date_from after
    date_to is well-formed yet rightly refused with the documented 400.
    """
    load_demo(db.session)
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 2
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def conforms(case):  # type: ignore[no-untyped-def]
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        conforms()
