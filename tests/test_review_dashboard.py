"""The dashboard: my claims, the queue by status, recent changes with links."""

from __future__ import annotations

from claims.models import ClaimStatus, Role
from tests.factories import make_claim


def test_dashboard_lists_my_claims_the_queue_and_recent_changes(client, auth, session):
    me = auth.as_role(Role.EDITOR)
    mine = make_claim(session, assignee=me, restated="Assigned to me claim")
    other = make_claim(session, restated="Someone researching claim")
    other.status = ClaimStatus.RESEARCHING
    session.commit()
    response = client.get("/review/")
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    mine_section = page.split('id="mine-h"')[1].split("</section>")[0]
    assert "Assigned to me claim" in mine_section and "Someone researching" not in mine_section
    assert "New</a>: 1" in page and "Researching</a>: 1" in page
    recent = page.split('id="recent-h"')[1]
    assert f"/review/claims/{mine.id}/history#revision-" in recent
    assert "Awaiting approval" in page
