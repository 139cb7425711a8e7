"""Full-text search and filters on /claims and the API: published claims only, both databases."""

from __future__ import annotations

from datetime import date

import pytest

from claims.models import ClaimStatus
from claims.services.claim_filters import ClaimFilters, FilterError, parse_filters
from claims.services.claims import move_claim
from claims.services.search import decode_cursor, search_claims
from claims.services.verdicts import start_verdict
from tests.factories import make_article, make_claim
from tests.publishing import publish, staff, submit

BODY = "The minister said exports of saffron tripled. Critics said the harbour closed twice. Nobody counted walruses."


def _ids(session, **filters):
    return [claim.id for claim, _ in search_claims(session, ClaimFilters(**filters)).items]


@pytest.fixture
def world(session):
    people = staff(session)
    article = make_article(session, body=BODY)
    saffron = make_claim(session, article, "exports of saffron tripled", restated="Saffron exports tripled.")
    harbour = make_claim(
        session, article, "the harbour closed twice", restated="The harbour closed twice.", claimant="Critics"
    )
    walrus = make_claim(session, article, "Nobody counted walruses", restated="Nobody counted walruses.")
    publish(session, saffron, "False", "Customs figures show a modest rise.", people)
    publish(session, harbour, "True", "Port records confirm both closures.", people)
    submit(session, walrus, people[0], "Mixed", "Unpublished zebra conclusion.")
    session.commit()
    return {"saffron": saffron, "harbour": harbour, "walrus": walrus, "people": people, "article": article}


def test_search_matches_claim_quote_and_conclusion(session, world):
    assert _ids(session, q="saffron") == [world["saffron"].id]
    assert _ids(session, q="customs figures") == [world["saffron"].id]  # published conclusion
    assert _ids(session, q="closures") == [world["harbour"].id]  # stemmed: closure/closures
    assert _ids(session, q='"harbour closed"') == [world["harbour"].id]


def test_search_never_returns_unpublished(session, world):
    assert _ids(session, q="walruses") == []
    assert _ids(session, q="zebra") == []


def test_draft_conclusion_of_reopened_claim_is_not_searchable(session, world):
    claim = world["saffron"]
    from claims.models import ClaimStatus

    claim.status = ClaimStatus.RESEARCHING
    draft = start_verdict(session, claim, world["people"][0])
    draft.conclusion = "Secret quokka rethink"
    session.commit()
    assert _ids(session, q="quokka") == []
    assert _ids(session, q="customs") == [claim.id]  # still the public verdict


def test_index_follows_approvals_not_edits(session, world):
    harbour = world["harbour"]
    move_claim(session, harbour, ClaimStatus.RESEARCHING, world["people"][0])
    harbour.restated = "The harbour closed twice in pelican season."
    session.commit()
    assert _ids(session, q="pelican") == []  # an edit waits for the next approval
    assert _ids(session, q="closures") == [harbour.id]
    publish(session, harbour, "True", "Port records confirm both closures.", world["people"])
    session.commit()
    assert _ids(session, q="pelican") == [harbour.id]


@pytest.mark.parametrize(
    "q", ['"', "NOT", "a OR", "*", "(((", "harbour AND -", "' OR 1=1 --", "NEAR(a b)", "-"]
)
def test_odd_queries_never_fail(client, world, q):
    response = client.get("/claims", query_string={"q": q})
    assert response.status_code == 200
    assert client.get("/api/v1/claims", query_string={"q": q}).status_code == 200


def test_filters(session, world):
    harbour, saffron = world["harbour"], world["saffron"]
    assert _ids(session, claimant="critic") == [harbour.id]
    assert _ids(session, claimant="%") == []
    assert _ids(session, rating=harbour.verdicts[0].rating_level_id) == [harbour.id]
    assert set(_ids(session, article=world["article"].id)) == {harbour.id, saffron.id}
    assert _ids(session, article=world["article"].id + 1) == []
    from claims.models import Tag

    move_claim(session, saffron, ClaimStatus.RESEARCHING, world["people"][0])
    saffron.tags = [Tag(name="Trade")]
    saffron.claimed_on = date(2020, 1, 2)
    saffron.claimant = "Trade ministry"
    session.commit()
    # Readers filter on what was approved: the edits count once the claim is approved again.
    assert _ids(session, tag="trade") == [] and _ids(session, claimant="ministry") == []
    assert _ids(session, date_from=date(2020, 1, 1)) == []
    publish(session, saffron, "False", "Customs figures show a modest rise.", world["people"])
    session.commit()
    assert _ids(session, tag="trade") == [saffron.id] and _ids(session, claimant="ministry") == [saffron.id]
    assert _ids(session, date_from=date(2020, 1, 1), date_to=date(2020, 1, 31)) == [saffron.id]
    assert _ids(session, date_from=date(2020, 1, 3)) == []


def test_page_filters_are_shareable_links(client, world):
    html = client.get("/claims?q=saffron&claimant=minister").get_data(as_text=True)
    assert 'value="saffron"' in html and 'value="minister"' in html
    assert world["saffron"].restated not in html  # the claimant is "Human rights groups"
    html = client.get("/claims?q=saffron").get_data(as_text=True)
    assert world["saffron"].restated in html and world["harbour"].restated not in html


@pytest.mark.parametrize(
    "args",
    [
        {"rating": "x"},
        {"date_from": "2020-13-01"},
        {"article": "-1"},
        {"q": "x" * 201},
        {"after": "nonsense"},
    ],
)
def test_bad_filters_are_400_not_500(client, world, args):
    response = client.get("/claims", query_string=args)
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)


def test_parse_and_cursor_errors():
    with pytest.raises(FilterError):
        parse_filters({"date_from": "2020-02-01", "date_to": "2020-01-01"})
    for token in ["", "!!", "W10", "WyJ4IiwgMV0"]:
        with pytest.raises(FilterError):
            decode_cursor(token)


def test_keyset_pagination_walks_everything_once(client, session):
    people = staff(session)
    article = make_article(session, body=" ".join(f"Claim number {n:02d} is here." for n in range(25)))
    for n in range(25):
        publish(
            session,
            make_claim(session, article, f"Claim number {n:02d}", restated=f"Claim {n:02d}."),
            people=people,
        )
    session.commit()
    seen, after, pages = [], None, 0
    while True:
        page = search_claims(session, ClaimFilters(), after, limit=10)
        seen += [c.id for c, _ in page.items]
        pages += 1
        after = page.next_cursor
        if after is None:
            break
    assert pages == 3 and len(seen) == 25 == len(set(seen))
    assert seen == sorted(seen, reverse=True)  # published in id order, listed newest first
    html = client.get("/claims").get_data(as_text=True)
    assert 'rel="next"' in html
