"""No public route leaks unpublished work: walks the url map with ids of every unpublished kind."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from claims.demo.loader import load_demo
from claims.models import Claim, ClaimStatus, Comment
from claims.orm import utcnow
from claims.services.publication import published_claims
from claims.services.verdicts import start_verdict
from tests.factories import make_article, make_claim, make_evidence
from tests.publishing import publish, staff, submit

PRIVATE_PREFIXES = ("/review/", "/review", "/admin/", "/admin", "/login", "/logout", "/export/", "/export")
ID_ARGUMENTS = {"claim_id", "article_id", "ref"}

DEMO_MARKERS = [
    "Thousands of Uighurs have fled China to seek asylum",
    "The 2009 Urumqi riots alone killed 197",
    "check how many went to Turkey",
    "Cavusoglu pledged to allow no anti-China activity",
    "Wang Yi said security cooperation is the core",
    "A statement of priorities, not a fact",
    "In 2015 Turkey offered asylum to Uighurs detained",
]
MARKER = "LEAKMARK"
# Distinct words in each marked text, searched for on their own so the search box's echo is innocent.
SEARCH_WORDS = ["zebrafish", "quokkas", "narwhals", "axolotls", "pangolins", "wombats", "okapis"]
BODY = (
    "The mayor said zebrafish thrive here. The council said quokkas moved in. "
    "Residents said narwhals visit. Experts said axolotls are rare. A report said rain fell."
)


def public_rules(app: Flask) -> list:
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule.startswith(PRIVATE_PREFIXES) or "GET" not in rule.methods:
            continue
        assert set(rule.arguments) <= ID_ARGUMENTS, f"teach this test the arguments of {rule.rule}"
        rules.append(rule)
    return rules


@pytest.fixture
def seeded(session):
    load_demo(session)
    people = staff(session)
    reviewer = people[0]
    article = make_article(session, body=BODY)
    hidden_article = make_article(session, body="Only unpublished: okapis were seen. Nothing else.")
    new = make_claim(session, article, "zebrafish thrive here", restated=f"Zebrafish {MARKER} new")
    researching = make_claim(session, article, "quokkas moved in", restated=f"Quokkas {MARKER} researching")
    researching.status = ClaimStatus.RESEARCHING
    make_evidence(session, researching, title=f"{MARKER} evidence on unpublished claim")
    session.add(Comment(claim=researching, author=reviewer, body=f"{MARKER} internal comment"))
    in_review = make_claim(session, article, "narwhals visit", restated=f"Narwhals {MARKER} in review")
    submit(session, in_review, reviewer, "False", f"{MARKER} submitted conclusion")
    not_checkable = make_claim(session, article, "axolotls are rare", restated=f"Axolotls {MARKER} nc")
    not_checkable.not_checkable_reason = f"{MARKER} reason"
    not_checkable.status = ClaimStatus.NOT_CHECKABLE
    make_claim(session, hidden_article, "okapis were seen", restated=f"Okapis {MARKER} alone")
    reopened = make_claim(session, article, "rain fell", restated="A report said rain fell.")
    publish(session, reopened, "True", "Rain did fall.", people)
    make_evidence(
        session, reopened, title=f"{MARKER} withdrawn evidence", withdrawn_at=utcnow(), reference_value=1.0
    )
    reopened.same_as = in_review  # a published claim linked to an unpublished one shows no earlier verdict
    reopened.status = ClaimStatus.RESEARCHING
    draft = start_verdict(session, reopened, reviewer)
    draft.conclusion = f"Pangolins {MARKER} draft conclusion"
    draft.explanation = f"Wombats {MARKER} draft explanation"
    session.commit()
    assert not any(m in a.body for m in DEMO_MARKERS for a in (article, new.article))
    published_ids = [c.id for c, _ in session.execute(published_claims())]
    unpublished = [c.id for c in session.execute(select(Claim)).scalars() if c.id not in published_ids]
    assert len(unpublished) >= 9 and reopened.id in published_ids
    return {
        "unpublished_claims": unpublished,
        "published_claims": published_ids,
        "unpublished_articles": [hidden_article.id],
        "published_articles": [article.id, new.article.id]
        + [c.article_id for c in session.execute(select(Claim)).scalars() if c.id in published_ids],
        "hidden_words": ["Okapis", "okapis", "Zebrafish", "quokkas"],
    }


def _check(client, url: str) -> int:
    response = client.get(url, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert MARKER not in body, url
    for marker in DEMO_MARKERS:
        assert marker not in body, (url, marker)
    assert response.status_code < 500, url
    return response.status_code


def test_no_public_route_leaks_unpublished_work(app, client, seeded):
    rules = public_rules(app)
    assert {"/claims/<ref>", "/articles/<int:article_id>", "/api/v1/claims/<int:claim_id>", "/feed.atom"} <= {
        r.rule for r in rules
    }
    for rule in rules:
        if not rule.arguments:
            _check(client, rule.rule)
            for word in SEARCH_WORDS + ["asylum", "Urumqi", "Cavusoglu"]:
                _check(client, f"{rule.rule}?q={word}")
            for article_id in seeded["unpublished_articles"]:
                _check(client, f"{rule.rule}?article={article_id}")
            continue
        kind = "articles" if "article_id" in rule.arguments else "claims"
        for ident in seeded[f"unpublished_{kind}"]:
            for value in (str(ident), f"{ident}-slug"):
                if value.endswith("-slug") and "ref" not in rule.arguments:
                    continue
                url = rule.rule.split("<")[0] + value
                assert _check(client, url) == 404, url
        for ident in seeded[f"published_{kind}"]:
            url = rule.rule.split("<")[0] + str(ident)
            assert _check(client, url) == 200, url


def test_search_finds_nothing_unpublished(client, seeded):
    for word in SEARCH_WORDS + ["fled", "Urumqi", "detained", "priorities"]:
        data = client.get(f"/api/v1/claims?q={word}").get_json()
        assert data["data"] == [], word
        html = client.get(f"/claims?q={word}").get_data(as_text=True)
        assert "No published fact-checks match." in html, word
    assert (
        client.get("/api/v1/claims?q=rain").get_json()["data"][0]["verdict"]["conclusion"] == "Rain did fall."
    )
