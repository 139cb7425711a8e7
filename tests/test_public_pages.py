"""Reader pages: home chart, verdict page, article marks, ratings, corrections, feeds and caching."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from claims.models import ClaimStatus
from claims.orm import utcnow
from claims.services.verdicts import start_verdict
from tests.factories import BODY, make_article, make_claim, make_evidence
from tests.publishing import publish, staff, submit

ATOM = "{http://www.w3.org/2005/Atom}"


def test_home_chart_and_counts(client, session):
    people = staff(session)
    article = make_article(session)
    publish(session, make_claim(session, article), "False", people=people)
    publish(session, make_claim(session, article, "comparable to Iran"), "False", people=people)
    publish(session, make_claim(session, article, "42 people were hurt"), "True", people=people)
    session.commit()
    html = client.get("/").get_data(as_text=True)
    assert '<svg class="rating-chart" role="img" aria-labelledby="chart-title chart-desc"' in html
    assert '<title id="chart-title">Published verdicts by rating</title>' in html
    assert "False: 2. Mostly false: 0. Mixed: 0. Mostly true: 0. True: 1. Unverifiable: 0. Total 3." in html
    assert '<text x="0" y="22" class="chart-label">False</text>' in html
    assert "<td>2</td>" in html and "<td>1</td>" in html
    assert 'fill="#b91c1c"' in html


def test_claim_page_redirects_to_canonical_slug(client, session):
    claim = make_claim(session)
    publish(session, claim)
    session.commit()
    canonical = f"/claims/{claim.id}-the-region-has-about-10-million-uighurs"
    for path in (f"/claims/{claim.id}", f"/claims/{claim.id}-wrong-slug"):
        response = client.get(path)
        assert response.status_code == 301 and response.headers["Location"] == canonical
    assert client.get(canonical).status_code == 200
    assert client.get("/claims/abc").status_code == 404
    assert client.get("/claims/99999999999999999999").status_code == 404


def test_claim_page_contents(client, session):
    people = staff(session)
    article = make_article(session, url="https://news.example/story", headline="Region story")
    claim = make_claim(session, article)
    make_evidence(session, claim, title="Census tables 2010", is_primary=True)
    make_evidence(session, claim, title="Critique", stance="refutes", url="https://blog.example/x")
    gone = make_evidence(session, claim, title="Withdrawn sourcexyz")
    gone.withdrawn_at = utcnow()
    publish(session, claim, "Mostly false", "Closer to 11 million.", people)
    session.commit()
    html = client.get(f"/claims/{claim.id}", follow_redirects=True).get_data(as_text=True)
    assert "Human rights groups say the region has" in html  # the quote in its sentence
    assert '<mark class="quote-mark">roughly 10 million Uighurs</mark>' in html
    assert 'href="https://news.example/story"' in html
    assert 'class="badge rating-version-' in html and "Mostly false" in html and "Closer to 11 million." in html
    assert "Census tables 2010" in html and "Primary source" in html and "Refutes the claim" in html
    assert "Withdrawn sourcexyz" not in html
    assert people[0].display_name in html and people[1].display_name in html
    assert 'href="/ratings"' in html
    assert (
        '<meta property="og:title" content="Mostly false: The region has about 10 million Uighurs.">' in html
    )
    assert "being re-reviewed" not in html


def test_reopened_claim_keeps_public_verdict_and_shows_correction(client, session):
    people = staff(session)
    claim = make_claim(session)
    publish(session, claim, "False", "Old conclusion.", people)
    claim.status = ClaimStatus.RESEARCHING
    draft = start_verdict(session, claim, people[0])
    draft.conclusion = "Draft kumquat conclusion"
    session.commit()
    html = client.get(f"/claims/{claim.id}", follow_redirects=True).get_data(as_text=True)
    assert "being re-reviewed" in html and "Old conclusion." in html and "kumquat" not in html
    submit(session, claim, people[0], "True", "New conclusion.")
    from claims.services.verdicts import approve_verdict

    approve_verdict(session, claim.verdicts[-1], people[1], "We found the 2020 census.")
    session.commit()
    html = client.get(f"/claims/{claim.id}", follow_redirects=True).get_data(as_text=True)
    assert "New conclusion." in html and "We found the 2020 census." in html
    assert "rating changed from False to True" in html
    corrections = client.get("/corrections").get_data(as_text=True)
    assert "We found the 2020 census." in corrections
    feed = ET.fromstring(client.get("/feed.atom").data)  # noqa: S314  (our own feed)
    entries = feed.findall(f"{ATOM}entry")
    assert any(e.find(f"{ATOM}title").text.startswith("Correction:") for e in entries)


def test_article_marks_only_published_claims(client, session):
    people = staff(session)
    article = make_article(session, body=BODY)
    shown = make_claim(session, article, "roughly 10 million Uighurs")
    hidden = make_claim(session, article, "comparable to Iran")
    assert client.get(f"/articles/{article.id}").status_code == 404  # nothing published yet
    publish(session, shown, "False", people=people)
    submit(session, hidden, people[0])
    session.commit()
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    version = shown.verdicts[0].snapshot.rating_version_id
    assert f'<mark class="claim-mark mark-version-{version}">roughly 10 million Uighurs</mark>' in html
    assert f'href="/claims/{shown.id}-' in html
    assert "<mark" not in html.split("comparable to Iran")[0].split("roughly 10 million Uighurs</mark>")[1]
    assert html.count("<mark") == 1
    assert client.get("/articles/999999").status_code == 404


def test_ratings_page_lists_definitions(client):
    html = client.get("/ratings").get_data(as_text=True)
    assert "The claim is partly accurate and partly inaccurate." in html
    assert "How we check claims" in html


def test_atom_feed_is_valid_and_claimreview_feed(client, session):
    claim = make_claim(session)
    publish(session, claim, "Mixed", "Partly right.")
    session.commit()
    response = client.get("/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314  (our own feed)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("title", "id", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Mixed: The region has about 10 million Uighurs."
    assert entry.find(f"{ATOM}link").get("href").startswith(f"http://localhost/claims/{claim.id}-")
    datetime.fromisoformat(entry.find(f"{ATOM}updated").text).astimezone(UTC)
    data = client.get("/claimreview.json").get_json(force=True)
    assert data["@type"] == "DataFeed"
    (element,) = data["dataFeedElement"]
    assert element["@type"] == "DataFeedItem"
    assert element["item"][0]["@type"] == "ClaimReview"
    assert element["item"][0]["claimReviewed"] == claim.restated


def test_conditional_get_returns_304(client, session):
    publish(session, make_claim(session))
    session.commit()
    for path in (
        "/",
        "/claims",
        "/ratings",
        "/corrections",
        "/feed.atom",
        "/claimreview.json",
        "/api/v1/claims",
    ):
        first = client.get(path)
        assert first.status_code == 200 and first.headers["ETag"], path
        assert "must-revalidate" in first.headers["Cache-Control"]
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b"", path


def test_hostile_text_is_escaped(client, session):
    claim = make_claim(
        session, restated='<img src=x onerror=alert(1)> " onmouseover=x', claimant="<b>bold</b>"
    )
    publish(session, claim)
    session.commit()
    for path in ("/", "/claims", f"/claims/{claim.id}"):
        html = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert "<img src=x" not in html and "<b>bold</b>" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_security_headers_on_public_pages(client):
    for path in ("/", "/claims", "/api/v1/openapi.json", "/feed.atom"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp and "object-src 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
