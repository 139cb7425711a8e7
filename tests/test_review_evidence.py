"""Evidence forms: add, edit, withdraw; only http(s) links; random text never gives a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from claims.models import Claim, Evidence, Stance
from tests.factories import make_article, make_claim, make_evidence
from tests.review_support import field_error

GOOD = {
    "url": "https://stats.example.org/census-2010",
    "title": "Census 2010",
    "publisher": "Statistics Bureau",
    "published_on": "2011-04-28",
    "accessed_on": "2017-07-02",
    "passage": "Uighur population: 10,069,346",
    "stance": "refutes",
    "is_primary": "y",
    "reference_value": "10069346",
    "reference_unit": "people",
    "reference_year": "2010",
}


def test_add_evidence_with_every_field(client, auth, session):
    user = auth.as_role()
    claim = make_claim(session)
    session.commit()
    assert client.get(f"/review/claims/{claim.id}/evidence/new").status_code == 200
    assert client.post(f"/review/claims/{claim.id}/evidence/new", data=GOOD).status_code == 302
    ev = session.execute(select(Evidence)).scalar_one()
    assert (ev.title, ev.stance, ev.is_primary, ev.reference_value, ev.reference_year, ev.added_by_id) == (
        "Census 2010",
        Stance.REFUTES,
        True,
        10069346.0,
        2010,
        user.id,
    )
    assert ev.published_on.isoformat() == "2011-04-28"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "javascript://x/%0aalert(1)",
        "ftp://x.example/",
        "//x.example/a",
    ],
)
def test_unsafe_evidence_links_are_refused_next_to_the_field(client, auth, session, url):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    response = client.post(f"/review/claims/{claim.id}/evidence/new", data={**GOOD, "url": url})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Not a safe link" in field_error(page, "url")
    assert 'value="Census 2010"' in page
    assert session.execute(select(Evidence)).first() is None


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("title", "t" * 301, "300"),
        ("reference_year", "99999999999999999999", "between"),
        ("reference_value", "nan", "ordinary"),
        ("reference_value", "1e400", "ordinary"),
        ("stance", "maybe", "Not a valid choice"),
        ("accessed_on", "2017-13-01", "date"),
        ("publisher", "a\x00b", "control characters"),
    ],
)
def test_out_of_range_evidence_input_is_a_form_error(client, auth, session, field, value, message):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    response = client.post(f"/review/claims/{claim.id}/evidence/new", data={**GOOD, field: value})
    assert response.status_code == 400
    assert message in field_error(response.get_data(as_text=True), field)


def test_edit_then_withdraw_evidence_keeps_it_in_the_history(client, auth, session):
    auth.as_role()
    claim = make_claim(session)
    ev = make_evidence(session, claim)
    session.commit()
    page = client.get(f"/review/evidence/{ev.id}/edit").get_data(as_text=True)
    assert 'value="Census tables"' in page
    assert client.post(f"/review/evidence/{ev.id}/edit", data={**GOOD, "version": "1"}).status_code == 302
    session.refresh(ev)
    assert (ev.title, ev.version) == ("Census 2010", 2)
    response = client.post(f"/review/evidence/{ev.id}/withdraw", data={"reason": "", "version": "2"})
    assert response.status_code == 400 and "required" in field_error(
        response.get_data(as_text=True), "reason"
    )
    assert (
        client.post(
            f"/review/evidence/{ev.id}/withdraw", data={"reason": "Wrong table", "version": "2"}
        ).status_code
        == 302
    )
    session.refresh(ev)
    assert ev.withdrawn and ev.withdrawn_reason == "Wrong table"
    workspace = client.get(f"/review/claims/{claim.id}").get_data(as_text=True)
    assert "Withdrawn" in workspace and "Wrong table" in workspace
    history = client.get(f"/review/claims/{claim.id}/history").get_data(as_text=True)
    assert "withdrawn_reason" in history and "Create evidence" in history
    response = client.post(
        f"/review/evidence/{ev.id}/edit",
        data={**GOOD, "title": "Again", "version": "3"},
        follow_redirects=True,
    )
    assert "cannot be edited" in response.get_data(as_text=True)
    session.refresh(ev)
    assert ev.title == "Census 2010"


SAFE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
EVIDENCE_FIELDS = list(GOOD)
CLAIM_FIELDS = ["quote", "span_start", "restated", "claimant", "claimed_on", "tags", "version"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.fixed_dictionaries({name: SAFE_TEXT for name in EVIDENCE_FIELDS}))
def test_random_text_in_every_evidence_field_never_gives_a_500(client, auth, session, data):
    auth.as_role()
    claim = session.execute(select(Claim)).scalars().first() or make_claim(session)
    session.commit()
    response = client.post(f"/review/claims/{claim.id}/evidence/new", data=data)
    assert response.status_code in (302, 400)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.fixed_dictionaries({name: SAFE_TEXT for name in CLAIM_FIELDS}))
def test_random_text_in_every_claim_field_never_gives_a_500(client, auth, session, data):
    auth.as_role()
    claim = session.execute(select(Claim)).scalars().first() or make_claim(
        session, article=make_article(session)
    )
    session.commit()
    for path in (f"/review/articles/{claim.article_id}/claims/new", f"/review/claims/{claim.id}/edit"):
        response = client.post(path, data=data)
        assert response.status_code in (302, 400, 409)
