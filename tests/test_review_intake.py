"""Intake on the review pages: suggested claims, figures against evidence, earlier claims and same-claim links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from claims.demo.loader import load_demo
from claims.models import Article, Claim, ClaimStatus, Evidence, Revision, Role
from claims.orm import utcnow
from tests.factories import make_article, make_claim
from tests.publishing import publish

UYGHUR_BODY = (
    "Officials said on Monday that about 10 million Uyghurs live in the region. "
    "The ministry did not reply to questions."
)
SCO_QUOTE = "a security alliance comprised of Russia and several central Asian states"


class Items(HTMLParser):
    """Collect the `<li>` elements of one class: their attributes, the data-claim-id links and hrefs inside."""

    def __init__(self, li_class: str) -> None:
        super().__init__()
        self.li_class, self.items, self.depth = li_class, [], 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "li" and self.li_class in (attributes.get("class") or "").split():
            self.items.append({"attrs": attributes, "claims": [], "hrefs": []})
            self.depth = 1
        elif self.depth:
            self.depth += tag == "li"
            if tag == "a":
                self.items[-1]["hrefs"].append(attributes.get("href"))
                if "existing-claim" in (attributes.get("class") or ""):
                    self.items[-1]["claims"].append(int(attributes["data-claim-id"]))

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "li":
            self.depth -= 1


def items(html: str, li_class: str) -> list[dict]:
    parser = Items(li_class)
    parser.feed(html)
    return parser.items


@pytest.fixture
def demo(session) -> Article:
    result = load_demo(session)
    session.commit()
    return result.article


def by_quote(article: Article, quote: str) -> Claim:
    return next(c for c in article.claims if c.quote == quote)


def flashes(html: str) -> str:
    return " ".join(re.findall(r'class="flash[^"]*"[^>]*>(.*?)<', html, re.S))


def test_every_demo_claim_is_among_the_top_15_suggestions_on_the_page(client, auth, session, users, demo):
    auth.login(users[Role.REVIEWER])
    html = client.get(f"/review/articles/{demo.id}").get_data(as_text=True)
    suggestions = items(html, "suggestion")
    assert len(suggestions) == 15
    shown = {claim_id for s in suggestions for claim_id in s["claims"]}
    assert shown == {c.id for c in demo.claims}
    assert "figure: roughly 10 million Uighurs" in html and "attribution: accused" in html
    # The plain body stays, so any passage can still be picked.
    assert 'class="article-body"' in html and html.count('class="make-claim"') >= 16


def test_a_suggestion_opens_the_claim_form_with_its_sentence_as_the_quote(client, auth, session, users):
    auth.login(users[Role.REVIEWER])
    article = make_article(session, body=UYGHUR_BODY)
    session.commit()
    html = client.get(f"/review/articles/{article.id}").get_data(as_text=True)
    first = items(html, "suggestion")[0]
    assert first["claims"] == []
    start, end = int(first["attrs"]["data-start"]), int(first["attrs"]["data-end"])
    assert UYGHUR_BODY[start:end].startswith("Officials said on Monday")
    link = next(h for h in first["hrefs"] if "/claims/new" in h).replace("&amp;", "&")
    form = client.get(link).get_data(as_text=True)
    assert UYGHUR_BODY[start:end] in form and f'value="{start}"' in form


def _create_uyghur_claim(client, session) -> Claim:
    article = make_article(session, body=UYGHUR_BODY)
    session.commit()
    response = client.post(
        f"/review/articles/{article.id}/claims/new",
        data={
            "quote": "about 10 million Uyghurs",
            "span_start": str(UYGHUR_BODY.index("about 10 million")),
            "restated": "About 10 million Uyghurs live in the region.",
            "claimant": "Officials",
        },
    )
    assert response.status_code == 302
    return session.execute(select(Claim).where(Claim.article_id == article.id)).scalar_one()


def test_a_new_claim_lists_the_earlier_one_first_on_its_workspace(client, auth, session, users, demo):
    auth.login(users[Role.REVIEWER])
    claim = _create_uyghur_claim(client, session)
    html = client.get(f"/review/claims/{claim.id}").get_data(as_text=True)
    ranked = [int(m["attrs"]["data-claim-id"]) for m in items(html, "match")]
    uighurs = by_quote(demo, "roughly 10 million Uighurs")
    sco = by_quote(demo, SCO_QUOTE)
    assert ranked[0] == uighurs.id
    assert sco.id not in ranked[:1]
    assert "same figure: 10 million" in html or "variants unified" in html


def test_link_as_same_claim_shows_the_earlier_verdict_and_writes_a_revision(
    client, auth, session, users, demo
):
    auth.login(users[Role.REVIEWER])
    claim = _create_uyghur_claim(client, session)
    uighurs = by_quote(demo, "roughly 10 million Uighurs")
    before = session.scalar(
        select(Revision.id).where(Revision.entity_type == "claims").order_by(Revision.id.desc())
    )
    response = client.post(
        f"/review/claims/{claim.id}/same-as", data={"earlier_id": uighurs.id, "version": claim.version}
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Claim, claim.id).same_as_id == uighurs.id
    revision = session.execute(
        select(Revision).where(Revision.entity_id == claim.id, Revision.id > (before or 0))
    ).scalar_one()
    assert "same_as_id" in revision.changes and revision.actor_id == users[Role.REVIEWER].id
    html = client.get(f"/review/claims/{claim.id}").get_data(as_text=True)
    assert "This claim was checked before:" in html and "Mostly true" in html
    assert f'href="/review/claims/{uighurs.id}"' in html

    response = client.post(
        f"/review/claims/{claim.id}/same-as/remove", data={"version": session.get(Claim, claim.id).version}
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Claim, claim.id).same_as_id is None
    assert "This claim was checked before:" not in client.get(f"/review/claims/{claim.id}").get_data(
        as_text=True
    )


def test_self_links_and_loops_are_refused_with_a_message(client, auth, session, users):
    auth.login(users[Role.EDITOR])
    first = make_claim(session, make_article(session, body="roughly 10 million Uighurs"))
    second = make_claim(session, make_article(session, body="roughly 10 million Uighurs"))
    session.commit()
    response = client.post(
        f"/review/claims/{first.id}/same-as",
        data={"earlier_id": first.id, "version": first.version},
        follow_redirects=True,
    )
    assert "Not linked: a claim cannot be the same as itself" in flashes(response.get_data(as_text=True))
    assert (
        client.post(
            f"/review/claims/{first.id}/same-as", data={"earlier_id": second.id, "version": first.version}
        ).status_code
        == 302
    )
    response = client.post(
        f"/review/claims/{second.id}/same-as",
        data={"earlier_id": first.id, "version": second.version},
        follow_redirects=True,
    )
    assert "Not linked" in flashes(response.get_data(as_text=True))
    session.expire_all()
    assert session.get(Claim, second.id).same_as_id is None
    assert session.get(Claim, first.id).same_as_id == second.id
    response = client.post(
        f"/review/claims/{first.id}/same-as", data={"earlier_id": 999999, "version": 1}, follow_redirects=True
    )
    assert "Choose one of the earlier claims" in flashes(response.get_data(as_text=True))


def test_a_reviewer_may_not_link_a_claim_assigned_to_someone_else(client, auth, session, users):
    auth.login(users[Role.REVIEWER])
    claim = make_claim(session, make_article(session, body="roughly 10 million Uighurs"))
    claim.assignee = users[Role.EDITOR]
    other = make_claim(session, make_article(session, body="roughly 10 million Uighurs"))
    session.commit()
    response = client.post(f"/review/claims/{claim.id}/same-as", data={"earlier_id": other.id, "version": 1})
    assert response.status_code == 403
    session.expire_all()
    assert session.get(Claim, claim.id).same_as_id is None


def test_a_stale_version_gets_the_conflict_page_and_links_nothing(client, auth, session, users):
    auth.login(users[Role.EDITOR])
    claim = make_claim(session, make_article(session, body="roughly 10 million Uighurs"))
    other = make_claim(session, make_article(session, body="roughly 10 million Uighurs"))
    claim.claimant = "Someone else"
    session.commit()
    response = client.post(f"/review/claims/{claim.id}/same-as", data={"earlier_id": other.id, "version": 1})
    assert response.status_code == 409
    session.expire_all()
    assert session.get(Claim, claim.id).same_as_id is None


def test_the_claim_workspace_compares_the_figure_with_each_reference(client, auth, session, users, demo):
    auth.login(users[Role.REVIEWER])
    uighurs = by_quote(demo, "roughly 10 million Uighurs")
    html = client.get(f"/review/claims/{uighurs.id}").get_data(as_text=True)
    figures = html[html.index('id="figures-h"') :]
    assert "Value: 10,000,000 Uighurs" in figures and "hedge: roughly" in figures
    checks = re.findall(r'<li class="figure-check">(.*?)</li>', figures, re.S)
    assert len(checks) == 2
    within = next(c for c in checks if "10,069,346" in c)
    outside = next(c for c in checks if "11,774,538" in c)
    assert "Within the hedge" in within and "(2010)" in within
    assert "Outside the hedge" in outside and "(2020)" in outside


def test_comparisons_without_figures_are_shown(client, auth, session, users, demo):
    auth.login(users[Role.REVIEWER])
    iran = next(c for c in demo.claims if "comparable to Iran" in (c.quote or ""))
    html = client.get(f"/review/claims/{iran.id}").get_data(as_text=True)
    assert "Comparison: land area comparable to Iran" in html


def test_evidence_with_a_headcount_figure_is_compared_and_the_form_explains_the_fields(
    client, auth, session, users
):
    auth.login(users[Role.EDITOR])
    claim = make_claim(session, make_article(session, body="roughly 10 million Uighurs"))
    session.commit()
    form = client.get(f"/review/claims/{claim.id}/evidence/new").get_data(as_text=True)
    assert "compares the claim&#39;s figure with it" in form or "compares the claim's figure with it" in form
    response = client.post(
        f"/review/claims/{claim.id}/evidence/new",
        data={
            "url": "https://stats.example.org/census",
            "title": "Census 2010",
            "stance": "supports",
            "reference_value": "10069346",
            "reference_unit": "people",
            "reference_year": "2010",
        },
    )
    assert response.status_code == 302
    html = client.get(f"/review/claims/{claim.id}").get_data(as_text=True)
    assert "Within the hedge" in html and "10,069,346 (2010)" in html


def test_the_public_page_shows_the_figures_and_a_published_earlier_verdict(client, session, users, demo):
    uighurs = by_quote(demo, "roughly 10 million Uighurs")
    later = make_claim(session, make_article(session, body=UYGHUR_BODY), quote="about 10 million Uyghurs")
    later.same_as = uighurs
    publish(session, later, "Mostly true", "Still about right.")
    session.commit()
    html = client.get(f"/claims/{uighurs.id}", follow_redirects=True).get_data(as_text=True)
    assert "Within what the claim says" in html and "Outside what the claim says" in html
    assert "11,774,538" in html
    page = client.get(f"/claims/{later.id}", follow_redirects=True).get_data(as_text=True)
    assert "This claim was checked before:" in page
    assert "China&#39;s 2010 census counted 10.07 million Uighurs" in page or "2010 census counted" in page


def test_the_public_page_hides_unpublished_earlier_claims_and_withdrawn_figures(client, session, users, demo):
    uighurs = by_quote(demo, "roughly 10 million Uighurs")
    earlier = make_claim(session, make_article(session, body=UYGHUR_BODY), quote="about 10 million Uyghurs")
    uighurs.same_as = earlier
    for evidence in session.execute(select(Evidence).where(Evidence.claim_id == uighurs.id)).scalars():
        evidence.withdrawn_at = utcnow()
        evidence.withdrawn_reason = "Superseded."
    uighurs.status = ClaimStatus.RESEARCHING  # reopened: the changes reach readers with the next approval
    publish(session, uighurs, note="The census tables were superseded.")
    session.commit()
    html = client.get(f"/claims/{uighurs.id}", follow_redirects=True).get_data(as_text=True)
    assert "checked before" not in html and earlier.restated not in html
    assert "Within what the claim says" not in html and "figure-check" not in html
