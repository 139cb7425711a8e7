"""ClaimReview JSON-LD on verdict pages: every field, escaping inside <script>, imported verdicts."""

from __future__ import annotations

import json
import re

from claims.models import Claim
from claims.services.claimreview import claim_review, claimant_type
from claims.services.publication import published_claim
from tests.factories import make_article, make_claim
from tests.publishing import publish

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _ld(html: str) -> dict:
    blocks = LD.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def _page(client, claim: Claim) -> str:
    response = client.get(f"/claims/{claim.id}", follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_jsonld_fields(client, session):
    from datetime import date

    article = make_article(
        session, headline="Census row erupts", outlet="Example Times", url="https://news.example/a"
    )
    claim = make_claim(session, article, claimant="Jane Doe", claimed_on=date(2017, 8, 3))
    verdict = publish(session, claim, rating="Mostly false", conclusion="Half of it is wrong.")
    session.commit()
    data = _ld(_page(client, claim))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == claim.restated
    assert data["url"] == f"http://localhost/claims/{claim.id}-the-region-has-about-10-million-uighurs"
    assert data["datePublished"] == verdict.published_at.date().isoformat()
    assert data["author"] == {
        "@type": "Organization",
        "name": "Test Fact Check",
        "url": "https://factcheck.example/",
    }
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    }
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert item["datePublished"] == "2017-08-03"
    appearance = {
        "@type": "NewsArticle",
        "headline": "Census row erupts",
        "url": "https://news.example/a",
        "publisher": {"@type": "Organization", "name": "Example Times"},
    }
    assert item["appearance"] == appearance
    assert item["firstAppearance"] == appearance


def test_level_without_value_has_only_alternate_name(client, session):
    claim = make_claim(session)
    publish(session, claim, rating="Unverifiable")
    session.commit()
    assert _ld(_page(client, claim))["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_script_breakout_round_trips(client, session):
    hostile = "Officials said </script><script>alert(1)</script> & <!-- 42 people were hurt"
    claim = make_claim(session, restated=hostile)
    publish(session, claim)
    session.commit()
    html = _page(client, claim)
    raw = LD.findall(html)[0]
    assert "</script>" not in raw and "<" not in raw and "&" not in raw
    assert "\\u003c/script\\u003e" in raw and "\\u0026" in raw
    assert json.loads(raw)["claimReviewed"] == hostile
    assert "<script>alert(1)" not in html


def test_imported_verdict_is_theirs_and_has_no_claimreview(client, session):
    claim = make_claim(session)
    verdict = publish(session, claim)
    verdict.external_publisher = "Other Checkers"
    verdict.external_url = "https://other.example/check/1"
    session.commit()
    html = _page(client, claim)
    assert not LD.findall(html)
    assert "Rated by" in html and 'href="https://other.example/check/1"' in html and "Other Checkers" in html
    assert "Who checked this" not in html


def test_claimant_type_and_pure_builder(session):
    assert claimant_type("Human rights groups") == "Organization"
    assert claimant_type("Recep Tayyip Erdogan") == "Person"
    assert claimant_type("Associated Press", "Associated Press") == "Organization"
    claim = make_claim(session, claimant="Associated Press")
    publish(session, claim)
    shown, verdict = published_claim(session, claim.id)
    data = claim_review(
        shown, verdict, "Org", "https://org.example/", lambda c: f"https://org.example/{c.id}"
    )
    assert data["url"] == f"https://org.example/{claim.id}"
    assert data["itemReviewed"]["author"]["@type"] == "Organization"
