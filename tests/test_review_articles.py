"""Adding an article, reading it sentence by sentence and making claims from its passages."""

from __future__ import annotations

from sqlalchemy import select

from claims.models import Article, Claim
from claims.services.articles import passages
from tests.factories import BODY, make_article
from tests.review_support import field_error

PASTED = """Xinjiang unrest spreads
By Jane Reporter
Human rights groups say the region has roughly 10 million Uighurs.
Photo: A market in Kashgar (Reuters)
Read: Earlier coverage of the region
Its land area is comparable to Iran.
Related stories
Something else entirely."""


def test_add_an_article_and_see_its_workspace(client, auth, session):
    auth.as_role()
    response = client.post(
        "/review/articles/new",
        data={
            "headline": "A headline",
            "outlet": "Example Times",
            "byline": "J. Doe",
            "url": "https://news.example/a",
            "published_on": "2017-07-01",
            "body": BODY,
        },
    )
    assert response.status_code == 302
    article = session.execute(select(Article)).scalar_one()
    assert (article.headline, article.url, article.published_on.isoformat()) == (
        "A headline",
        "https://news.example/a",
        "2017-07-01",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A headline" in page and "Make a claim" in page
    assert page.count('class="sentence"') == 3


def test_strip_page_furniture_takes_headline_and_byline(client, auth, session):
    auth.as_role()
    response = client.post(
        "/review/articles/new", data={"outlet": "Wire", "body": PASTED, "strip_furniture": "y"}
    )
    assert response.status_code == 302
    article = session.execute(select(Article)).scalar_one()
    assert article.headline == "Xinjiang unrest spreads"
    assert article.byline == "Jane Reporter"
    assert "Photo:" not in article.body and "Something else" not in article.body
    assert article.body.endswith("comparable to Iran.")


def test_article_form_errors_are_shown_next_to_the_field_and_input_kept(client, auth, session):
    auth.as_role()
    response = client.post(
        "/review/articles/new",
        data={
            "headline": "Kept headline",
            "outlet": "",
            "url": "javascript:alert(1)",
            "body": BODY,
            "published_on": "yesterday",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This field is required" in field_error(page, "outlet")
    assert "http" in field_error(page, "url")
    assert "date" in field_error(page, "published_on").lower()
    assert 'value="Kept headline"' in page
    assert session.execute(select(Article)).first() is None


def test_headline_needed_unless_taken_from_the_text(client, auth, session):
    auth.as_role()
    response = client.post("/review/articles/new", data={"outlet": "Wire", "body": BODY})
    assert response.status_code == 400
    assert "headline" in field_error(response.get_data(as_text=True), "headline")


def test_sentence_links_carry_the_span_and_prefill_the_quote(client, auth, session):
    auth.as_role()
    article = make_article(session)
    session.commit()
    second = passages(article.body)[1]
    page = client.get(
        f"/review/articles/{article.id}/claims/new?start={second.start - 1}&end={second.end}"
    ).get_data(as_text=True)
    assert "Its land area is comparable to Iran." in page
    assert f'value="{second.start}"' in page  # leading space trimmed from the span


def test_make_a_claim_from_a_passage(client, auth, session):
    user = auth.as_role()
    article = make_article(session)
    session.commit()
    start = BODY.index("roughly 10 million")
    response = client.post(
        f"/review/articles/{article.id}/claims/new",
        data={
            "quote": "roughly 10 million Uighurs",
            "span_start": str(start),
            "restated": "Xinjiang has 10 million Uighurs.",
            "claimant": "Rights groups",
            "claimed_on": "2017-07-01",
            "tags": "population, China, china, ",
        },
    )
    assert response.status_code == 302
    claim = session.execute(select(Claim)).scalar_one()
    assert (claim.span_start, claim.quote, claim.created_by_id) == (
        start,
        "roughly 10 million Uighurs",
        user.id,
    )
    assert [t.name for t in claim.tags] == ["China", "population"]


def test_a_quote_not_in_the_body_is_refused_next_to_the_field(client, auth, session):
    auth.as_role()
    article = make_article(session)
    session.commit()
    response = client.post(
        f"/review/articles/{article.id}/claims/new",
        data={"quote": "roughly 12 million Uighurs", "restated": "Kept restated", "claimant": "X"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "not in the article" in field_error(page, "quote")
    assert 'value="Kept restated"' in page
    assert session.execute(select(Claim)).first() is None


def test_repeated_quote_uses_the_given_span_else_the_first(client, auth, session):
    auth.as_role()
    body = "Prices rose. Then wages fell. Prices rose."
    article = make_article(session, body=body)
    session.commit()
    data = {"quote": "Prices rose.", "restated": "Prices rose", "claimant": "X"}
    client.post(f"/review/articles/{article.id}/claims/new", data={**data, "span_start": "30"})
    client.post(f"/review/articles/{article.id}/claims/new", data={**data, "span_start": "5"})
    starts = sorted(c.span_start for c in session.execute(select(Claim)).scalars())
    assert starts == [0, 30]


def test_long_restated_claim_is_saved_with_a_warning(client, auth, session):
    auth.as_role()
    article = make_article(session)
    session.commit()
    response = client.post(
        f"/review/articles/{article.id}/claims/new",
        data={"quote": "roughly 10 million Uighurs", "restated": "x" * 90, "claimant": "X"},
        follow_redirects=True,
    )
    assert "search engines advise under 75" in response.get_data(as_text=True)
