"""One set of claim filters: the public list, the API and the CSV export agree on what they select."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from claims.demo.loader import load_demo
from claims.services.claim_filters import FilterError, parse_filters
from claims.services.ratings import level_by_label
from tests.export_helpers import read_csv


@pytest.fixture
def demo(session):
    load_demo(session)
    session.commit()


def _api_ids(client, query: str) -> set[int]:
    return {item["id"] for item in client.get(f"/api/v1/claims?{query}").get_json()["data"]}


def _export_ids(client, query: str) -> set[int]:
    return {int(row["claim_id"]) for row in read_csv(client.get(f"/export/claims.csv?{query}").data)}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=census",
        "q=Iran",
        "tag=uighurs",
        "claimant=associated",
        "date_from=2017-01-01&date_to=2017-12-31",
        "status=published",
        "status=researching",
    ],
)
def test_api_and_anonymous_export_select_the_same_claims(client, demo, query):
    assert _api_ids(client, query) == _export_ids(client, query)


def test_rating_filter_agrees_too(client, session, demo):
    level = level_by_label(session, "True")
    ids = _api_ids(client, f"rating={level.id}")
    assert len(ids) == 2 and ids == _export_ids(client, f"rating={level.id}")


def test_search_text_filters_the_export(client, demo):
    (row,) = read_csv(client.get("/export/claims.csv?q=Iran").data)
    assert row["quote"] == "a land area comparable to Iran"
    assert read_csv(client.get("/export/claims.csv?status=researching").data) == []


@pytest.mark.parametrize(
    "args,message",
    [
        ({"status": "secret"}, "status must be one of"),
        ({"rating": "x"}, "whole number"),
        ({"date_from": "2017-13-01"}, "YYYY-MM-DD"),
        ({"date_from": "2018-01-01", "date_to": "2017-01-01"}, "after"),
    ],
)
def test_bad_filters_are_refused_with_a_message(args, message):
    with pytest.raises(FilterError, match=message):
        parse_filters(args)


def test_claimant_and_tag_filters_fold_non_ascii_capitals(client, session, demo):
    from claims.models import Claim, ClaimStatus, Tag
    from tests.publishing import publish

    claim = session.scalar(select(Claim).where(Claim.claimant == "Mevlut Cavusoglu"))
    uighurs = session.scalar(select(Claim).where(Claim.quote == "roughly 10 million Uighurs"))
    uighurs.status = ClaimStatus.RESEARCHING  # reopened: readers filter on what the next approval publishes
    uighurs.claimant = "Mevlüt Çavuşoğlu"
    uighurs.tags.append(Tag(name="Öffentlichkeit"))
    publish(session, uighurs, note="The claimant's name as he spells it.")
    session.commit()
    assert claim is not None
    for query in ("claimant=Çavuşoğlu", "claimant=çavuşoğlu", "claimant=ÇAVUŞOĞLU", "tag=öffentlichkeit"):
        assert _api_ids(client, query) == {uighurs.id}, query


def test_quoted_phrases_are_phrases_on_every_database(client, demo):
    assert len(_api_ids(client, 'q="land area"')) == 1
    assert _api_ids(client, 'q="area land"') == set()
    # A typed "or" is a word to find, not an operator: no claim has both words.
    assert _api_ids(client, "q=Iran or census") == set()


def test_reopened_claims_still_count_as_published_for_readers(client, session, demo):
    from claims.models import Claim, ClaimStatus

    claim = session.scalar(select(Claim).where(Claim.quote == "a land area comparable to Iran"))
    claim.status = ClaimStatus.RESEARCHING
    session.commit()
    assert claim.id in _api_ids(client, "status=published")
    assert claim.id in _export_ids(client, "status=published")
