"""The CSV exports: who sees which rows, columns, filters and response headers."""

from __future__ import annotations

import re

from claims.models import ClaimStatus, Role
from claims.orm import utcnow
from claims.services.exports import CLAIM_COLUMNS, EVIDENCE_COLUMNS
from claims.services.ratings import level_by_label
from tests.export_helpers import newsroom, publish, read_csv
from tests.factories import make_claim, make_evidence, make_user


def test_anonymous_claims_export_has_published_claims_only(client, session):
    data = newsroom(session)
    response = client.get("/export/claims.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = read_csv(response.data)
    assert [r["restated_claim"] for r in rows] == ["Published claim"]
    row = rows[0]
    assert list(row) == list(CLAIM_COLUMNS)
    assert row["status"] == "published"
    assert row["rating"] == "Mostly false" and row["rating_value"] == "2"
    assert row["author"] == "Rita Reviewer" and row["approver"] == "Ed Editor"
    assert row["public_url"] == f"https://factcheck.example/claims/{data['published'].id}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", row["published_at"])
    assert b"SECRET" not in response.data and b"Draft claim" not in response.data
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_reopened_claim_shows_as_published_to_readers(client, session):
    data = newsroom(session)
    data["published"].status = ClaimStatus.RESEARCHING
    session.commit()
    rows = read_csv(client.get("/export/claims.csv").data)
    assert [(r["restated_claim"], r["status"]) for r in rows] == [("Published claim", "published")]


def test_staff_export_has_every_status_and_is_not_cached(client, auth, session):
    data = newsroom(session)
    auth.login(data["reviewer"])
    response = client.get("/export/claims.csv")
    rows = read_csv(response.data)
    assert {r["restated_claim"]: r["status"] for r in rows} == {
        "Published claim": "published",
        "Draft claim": "new",
    }
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Vary"] == "Cookie"


def test_download_headers_and_bom(client, session):
    newsroom(session)
    response = client.get("/export/claims.csv?bom=1")
    today = utcnow().date().isoformat()
    assert response.headers["Content-Disposition"] == f'attachment; filename="claims-{today}.csv"'
    assert response.data.startswith("\ufeff".encode())
    assert client.get("/export/claims.csv").data.startswith(b"claim_id,")
    assert b"\r\n" in response.data


def test_filters(client, auth, session):
    data = newsroom(session)
    auth.login(data["editor"])
    mostly_false = level_by_label(session, "Mostly false").id
    cases = {
        "status=new": ["Draft claim"],
        f"rating={mostly_false}": ["Published claim"],
        "claimant=RIGHTS": ["Published claim", "Draft claim"],
        "claimant=nobody": [],
        f"article={data['draft'].article_id}": ["Draft claim"],
        f"reviewer={data['reviewer'].id}": ["Published claim", "Draft claim"],
        "date_from=2030-01-01": [],
    }
    for query, expected in cases.items():
        rows = read_csv(client.get(f"/export/claims.csv?{query}").data)
        assert [r["restated_claim"] for r in rows] == expected, query


def test_public_status_filter_cannot_reach_drafts(client, session):
    newsroom(session)
    assert read_csv(client.get("/export/claims.csv?status=new").data) == []


def test_tag_and_date_filters(client, session):
    from claims.models import Tag

    data = newsroom(session)
    claim = make_claim(session, tags=[Tag(name="census")], claimed_on=utcnow().date().replace(year=2017))
    publish(session, claim, data["reviewer"], data["editor"])
    # Readers filter on what was approved: a tag added since does not find the claim.
    data["published"].tags.append(Tag(name="later"))
    session.commit()
    assert read_csv(client.get("/export/claims.csv?tag=later").data) == []
    assert len(read_csv(client.get("/export/claims.csv?tag=census").data)) == 1
    assert read_csv(client.get("/export/claims.csv?tag=other").data) == []
    rows = read_csv(client.get("/export/claims.csv?date_from=2017-01-01&date_to=2017-12-31").data)
    assert [r["tags"] for r in rows] == ["census"]


def test_bad_filters_are_a_400_not_a_500(client, session):
    newsroom(session)
    for query in ("rating=999999", "article=abc", "date_from=yesterday", "status=bogus", "reviewer=-3"):
        assert client.get(f"/export/claims.csv?{query}").status_code == 400, query


def test_evidence_export_hides_withdrawn_and_unpublished(client, auth, session):
    data = newsroom(session)
    claim = make_claim(session, restated="Claim with sources")
    make_evidence(session, claim, title="Kept source")
    make_evidence(session, claim, title="Withdrawn source", withdrawn_at=utcnow(), withdrawn_reason="bad")
    publish(session, claim, data["reviewer"], data["editor"])
    make_evidence(session, claim, title="Added since publication")
    make_evidence(session, data["draft"], title="Draft source")
    session.commit()
    rows = read_csv(client.get("/export/evidence.csv").data)
    assert [r["title"] for r in rows] == ["Kept source"]
    assert list(rows[0]) == list(EVIDENCE_COLUMNS)
    assert rows[0]["claim_id"] == str(claim.id)
    auth.login(data["reviewer"])
    staff = client.get("/export/evidence.csv")
    titles = {r["title"] for r in read_csv(staff.data)}
    assert titles == {"Kept source", "Withdrawn source", "Added since publication", "Draft source"}
    assert staff.headers["Cache-Control"] == "no-store"
    # The claims export counts evidence that still stands; readers count what the verdict was approved with.
    claims = read_csv(client.get("/export/claims.csv?status=published").data)
    assert [r["evidence_count"] for r in claims if r["claim_id"] == str(claim.id)] == ["2"]
    auth.logout()
    claims = read_csv(client.get("/export/claims.csv?status=published").data)
    assert [r["evidence_count"] for r in claims if r["claim_id"] == str(claim.id)] == ["1"]


def test_summary_counts(client, auth, session):
    data = newsroom(session)
    public = read_csv(client.get("/export/summary.csv").data)
    assert {("rating", "Mostly false", "1"), ("status", "Published", "1")} <= {
        (r["group"], r["value"], r["claims"]) for r in public
    }
    assert not any(r["value"] == "New" for r in public)
    auth.login(data["editor"])
    staff = {(r["group"], r["value"]): r["claims"] for r in read_csv(client.get("/export/summary.csv").data)}
    assert staff[("status", "New")] == "1" and staff[("status", "Published")] == "1"
    assert staff[("month", "no date")] == "2"


def test_many_claims_stream_in_batches(app, session):
    from claims.services import exports
    from claims.services.claim_filters import ClaimFilters
    from tests.factories import make_claim

    user = make_user(session, Role.REVIEWER)
    for n in range(7):
        make_claim(session, restated=f"Claim {n}", assignee_id=user.id)
    session.commit()
    rows = list(exports.claim_rows(session, True, ClaimFilters(), "https://x.example", batch=3))
    assert [r[2] for r in rows] == [f"Claim {n}" for n in range(7)]
    assert exports.count_claims(session, True, ClaimFilters()) == 7
