"""Reports count what readers were told: ratings of published verdicts only; work in progress by status."""

from __future__ import annotations

import re

from claims.models import ClaimStatus, Role
from claims.services.claim_filters import ClaimFilters
from claims.services.ratings import level_by_label
from claims.services.reports import summarise
from claims.services.verdicts import start_verdict
from tests.export_helpers import read_csv
from tests.factories import make_claim, make_user
from tests.publishing import publish, submit


def _archive(session) -> None:
    """One published claim (Mostly false), one in review and one researching, both rated True."""
    reviewer, editor = make_user(session, Role.REVIEWER), make_user(session, Role.EDITOR)
    publish(session, make_claim(session, restated="Published"), "Mostly false", people=(reviewer, editor))
    submit(session, make_claim(session, restated="In review"), reviewer, rating="True")
    draft_claim = make_claim(session, restated="Researching", status=ClaimStatus.RESEARCHING)
    draft = start_verdict(session, draft_claim, reviewer)
    draft.rating_level = level_by_label(session, "True")
    make_claim(session, restated="New, no verdict")
    session.commit()


def _counts(rows) -> dict[tuple[str, str], str]:
    return {(r["group"], r["value"]): r["claims"] for r in rows}


def test_summary_csv_counts_no_draft_or_submitted_rating(client, auth, session):
    _archive(session)
    auth.as_role(Role.EDITOR)
    staff = _counts(read_csv(client.get("/export/summary.csv").data))
    assert ("rating", "True") not in staff
    assert staff[("rating", "Mostly false")] == "1" and staff[("rating", "not published")] == "3"
    assert staff[("status", "In review")] == "1" and staff[("status", "Researching")] == "1"
    assert staff[("status", "New")] == "1" and staff[("status", "Published")] == "1"
    ratings = sum(int(n) for (group, _value), n in staff.items() if group == "rating")
    assert ratings == sum(int(n) for (group, _value), n in staff.items() if group == "status") == 4
    auth.logout()
    public = _counts(read_csv(client.get("/export/summary.csv").data))
    assert public == {
        ("rating", "Mostly false"): "1",
        ("status", "Published"): "1",
        ("article", next(v for g, v in public if g == "article")): "1",
        ("month", "no date"): "1",
    }


def test_the_report_page_and_its_chart_count_the_same(client, auth, session):
    _archive(session)
    auth.as_role(Role.EDITOR)
    html = client.get("/export/").get_data(as_text=True)
    rating_section = html[html.index('id="group-rating"') : html.index('id="group-status"')]
    assert "<td>True</td>" not in rating_section and "<title>True:" not in rating_section
    assert '<td>Mostly false</td><td class="number">1</td>' in rating_section
    assert '<td>not published</td><td class="number">3</td>' in rating_section
    assert re.search(r"<title>not published: 3</title>", rating_section)


def test_a_reopened_claim_keeps_the_rating_readers_still_see(session):
    reviewer, editor = make_user(session, Role.REVIEWER), make_user(session, Role.EDITOR)
    claim = make_claim(session)
    publish(session, claim, "Mostly false", people=(reviewer, editor))
    claim.status = ClaimStatus.RESEARCHING
    verdict = start_verdict(session, claim, reviewer)
    verdict.rating_level = level_by_label(session, "True")
    session.commit()
    summary = summarise(session, True, ClaimFilters())
    assert summary.by_rating == [("Mostly false", 1)]
    assert summary.by_status == [("Researching", 1)]
    assert summarise(session, False, ClaimFilters()).by_rating == [("Mostly false", 1)]
