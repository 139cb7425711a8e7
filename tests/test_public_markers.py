"""Nothing readers may not see reaches them: every non-public field and every change made after an
approval carries a marker, and no public page, feed, API answer, DataFeed or export shows one.

Claims in every status are filled with marked text: new, researching, in review, not checkable,
published, reopened (researching after publication, with edits to its wording and evidence, new
evidence with reference figures, a draft verdict), and reopened again with a revised verdict
waiting for approval. An admin also renames and redefines the rating level a published verdict
uses. Then every public GET rule of the url map is requested with the id of every claim and
article, every list with the filters and searches that could reach the marked rows, and every
export an anonymous reader may download.

The current rating scale is public by design (the ratings page, the home page's chart, the claim
list's rating menu, the summary export's counts), so the renamed level's label and definition
may appear there and nowhere else: a verdict shows the level as it was approved.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from claims.models import Article, Claim, ClaimStatus, Comment, Role, Stance, Tag
from claims.orm import utcnow
from claims.services.claims import assign_claim, move_claim, update_claim
from claims.services.evidence import add_evidence, update_evidence, withdraw_evidence
from claims.services.publication import latest_published
from claims.services.rating_admin import update_level
from claims.services.ratings import level_by_label
from claims.services.search import encode_cursor
from claims.services.verdicts import open_verdict, start_verdict
from tests.factories import make_article, make_claim, make_evidence, make_user
from tests.publishing import publish, submit
from tests.security.urlmap import required_role

MARK = "QZXMARK"
# Words that occur only in unpublished or post-approval text; a search for one must find nothing.
# (The search box echoes the query, so they are not markers themselves.)
SECRET_WORDS = ("gorgonzola", "tamarind", "kumquats", "persimmon", "rambutan", "quinces", "durians")
# Where the current rating scale is listed, so the renamed level may appear.
SCALE_ENDPOINTS = {"public.ratings", "public.home", "public.claim_list", "export.summary_csv"}
SCALE_MARKERS = (f"{MARK}-level-label", f"{MARK}-level-definition")
PRIVATE_PREFIXES = ("/review", "/admin", "/login", "/logout", "/account", "/static")
ID_ARGUMENTS = {"claim_id", "article_id", "ref"}

PUBLIC_BODY = (
    "The minister said exports of saffron tripled last year. Officials said the region has roughly "
    "10 million Uighurs. Critics said the harbour closed twice."
)
HIDDEN_BODY = f"Unpublished report {MARK}-hidden-body: witnesses said gorgonzola was rationed. Nothing more."


def _m(name: str) -> str:
    return f"{MARK}-{name}"


def _evidence(title: str, **fields: Any) -> dict[str, Any]:
    values = {
        "url": f"https://sources.example/{title}",
        "title": title,
        "stance": "supports",
        "is_primary": False,
    }
    return {**values, **fields}


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    """Claims in every status, marked wherever readers must not look, and the ids to request."""
    reviewer = make_user(
        session, Role.REVIEWER, display_name="Rita Reviewer", email=f"{MARK.lower()}-r@x.org"
    )
    editor = make_user(session, Role.EDITOR, display_name="Ed Editor", email=f"{MARK.lower()}-e@x.org")
    make_user(session, Role.ADMIN, display_name=_m("admin-name"), email=f"{MARK.lower()}-a@x.org")
    assignee = make_user(session, display_name=_m("assignee-name"), email=f"{MARK.lower()}-as@x.org")
    people = (reviewer, editor)
    public_article = make_article(session, body=PUBLIC_BODY, headline="Trade and census story")
    hidden_article = make_article(session, body=HIDDEN_BODY, headline=_m("hidden-headline"))

    def marked_claim(article: Article, quote: str, name: str, **fields: Any) -> Claim:
        claim = make_claim(
            session,
            article,
            quote,
            restated=f"{_m(name + '-restated')} tamarind",
            claimant=_m(name + "-claimant"),
        )
        for key, value in fields.items():
            setattr(claim, key, value)
        assign_claim(claim, assignee)
        session.add(Comment(claim=claim, author=reviewer, body=_m(name + "-comment")))
        make_evidence(session, claim, title=_m(name + "-evidence"), url=f"https://x.example/{_m(name)}",
                      passage=_m(name + "-passage"), reference_value=3.0, reference_unit="people")  # fmt: skip
        return claim

    # Unpublished claims, each in its own status, quoted from an article nobody may see yet.
    new = marked_claim(
        hidden_article, "witnesses said gorgonzola was rationed", "new", tags=[Tag(name=_m("tag"))]
    )
    researching = marked_claim(hidden_article, "gorgonzola was rationed", "researching")
    researching.status = ClaimStatus.RESEARCHING
    draft = start_verdict(session, researching, reviewer)
    draft.conclusion, draft.explanation = _m("draft-conclusion") + " persimmon", _m("draft-explanation")
    in_review = marked_claim(hidden_article, "Unpublished report", "in-review")
    submit(session, in_review, reviewer, "Mixed", _m("submitted-conclusion") + " rambutan")
    not_checkable = marked_claim(hidden_article, "Nothing more", "not-checkable")
    not_checkable.not_checkable_reason = _m("not-checkable-reason")
    not_checkable.status = ClaimStatus.NOT_CHECKABLE
    elsewhere = Claim(restated=f"{_m('elsewhere-restated')} quinces", claimant=_m("elsewhere-claimant"),
                      quote=_m("elsewhere-quote"), appearance_url=f"https://social.example/{_m('elsewhere')}")  # fmt: skip
    session.add(elsewhere)

    # Published claims: one left alone, one reopened and worked on, one reopened and back in review.
    saffron = make_claim(
        session, public_article, "exports of saffron tripled", restated="Saffron exports tripled."
    )
    make_evidence(session, saffron, title="Customs tables", reference_value=2.0, reference_unit="tonnes")
    make_evidence(session, saffron, title=_m("withdrawn-title"), url=f"https://x.example/{_m('withdrawn')}",
                  passage=_m("withdrawn-passage"), reference_value=9.0, reference_unit="people",
                  withdrawn_at=utcnow(), withdrawn_reason=_m("withdrawn-reason"))  # fmt: skip
    publish(session, saffron, "Mostly false", "Customs figures show a modest rise.", people)
    assign_claim(saffron, assignee)

    census = make_claim(
        session, public_article, "roughly 10 million Uighurs", restated="About 10 million Uighurs."
    )
    shown = make_evidence(session, census, title="Census 2010", reference_value=10_069_346,
                          reference_unit="people", reference_year=2010)  # fmt: skip
    second = make_evidence(session, census, title="Census yearbook", passage="The official count.")
    publish(session, census, "True", "The census agrees.", people)

    harbour = make_claim(
        session, public_article, "the harbour closed twice", restated="The harbour closed twice."
    )
    harbour_source = make_evidence(session, harbour, title="Port records")
    quoted = Claim(restated="Exports rose.", claimant="A trade body", quote="Exports rose by a tenth.",
                   appearance_url="https://social.example/trade", claimed_on=date(2020, 5, 1))  # fmt: skip
    session.add(quoted)
    session.flush()
    publish(session, harbour, "True", "Port records confirm both closures.", people)
    publish(session, quoted, "Mixed", "Partly.", people)
    session.commit()

    # After approval: reopen and edit, as an editor and a reviewer would.
    move_claim(session, census, ClaimStatus.RESEARCHING, editor)
    assign_claim(census, assignee)
    update_claim(session, census, quote="roughly 10 million Uighurs", start=None,
                 restated=f"{_m('reopened-restated')} kumquats", claimant=_m("reopened-claimant"),
                 claimed_on=date(1999, 12, 31), tags=[_m("reopened-tag")])  # fmt: skip
    update_evidence(shown, {**_evidence(_m("edited-title")), "url": f"https://x.example/{_m('edited-url')}",
                            "passage": _m("edited-passage"), "publisher": _m("edited-publisher"),
                            "reference_value": 10_000_000, "reference_unit": "people", "reference_year": 2010})  # fmt: skip
    withdraw_evidence(second, _m("late-withdrawal-reason"))
    add_evidence(session, census, reviewer, _evidence(_m("late-title"), url=f"https://x.example/{_m('late-url')}",
                 passage=_m("late-passage"), reference_value=11_774_538.0, reference_unit="people",
                 reference_year=2020, stance=Stance.REFUTES.value))  # fmt: skip
    census.same_as = saffron
    reopened_draft = open_verdict(census)
    assert reopened_draft is not None
    reopened_draft.conclusion = _m("reopened-draft-conclusion") + " durians"
    reopened_draft.explanation = _m("reopened-draft-explanation")

    move_claim(session, harbour, ClaimStatus.RESEARCHING, editor)
    update_evidence(harbour_source, {**_evidence(_m("harbour-title")), "stance": "refutes"})
    submit(session, harbour, reviewer, "False", _m("revised-conclusion"))

    move_claim(session, quoted, ClaimStatus.RESEARCHING, editor)
    update_claim(session, quoted, quote=_m("offsite-quote"), start=None, restated="Exports rose.",
                 claimant="A trade body", claimed_on=date(2020, 5, 1), tags=[])  # fmt: skip
    quoted.appearance_url = f"https://social.example/{_m('offsite-url')}"

    # An admin renames and redefines the level two published verdicts were approved with.
    level = level_by_label(session, "True")
    update_level(
        session, level, label=SCALE_MARKERS[0], definition=SCALE_MARKERS[1], value=4, colour="#123456"
    )
    session.commit()

    published = [saffron, census, harbour, quoted]
    unpublished = [new, researching, in_review, not_checkable, elsewhere]
    assert {c.status for c in published + unpublished} >= set(ClaimStatus) - {ClaimStatus.PUBLISHED}
    return {
        "published": published,
        "unpublished": unpublished,
        "claims": [c.id for c in published + unpublished],
        "articles": [public_article.id, hidden_article.id],
        "levels": sorted({c.verdicts[0].rating_level_id for c in published}),
        "census": census,
    }


def _public_rules(app: Flask) -> list[Any]:
    """The GET rules an anonymous reader may use: no role required, outside the staff areas."""
    rules = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(PRIVATE_PREFIXES) or rule.endpoint == "static":
            continue
        if required_role(app, rule) is not None:
            continue
        assert set(rule.arguments) <= ID_ARGUMENTS, f"teach this test the arguments of {rule.rule}"
        rules.append(rule)
    return rules


def _urls(app: Flask, session: Any, world: dict[str, Any]) -> list[tuple[str, str]]:
    """(endpoint, url) for every public GET rule with every id, and the lists with every filter."""
    pages: list[tuple[str, str]] = []
    cursors = [encode_cursor(verdict) for _claim, verdict in latest_published(session)]
    filters = [f"q={word}" for word in SECRET_WORDS] + [
        f"claimant={MARK}",
        f"tag={_m('tag')}",
        f"tag={_m('reopened-tag')}",
        "date_from=1999-12-30&date_to=1999-12-31",
        *(f"article={a}" for a in world["articles"]),
        *(f"rating={level}" for level in world["levels"]),
        *(f"after={cursor}" for cursor in cursors),
        *(f"cursor={cursor}" for cursor in cursors),
        *(f"before={cursor}" for cursor in cursors),
    ]
    for rule in _public_rules(app):
        if not rule.arguments:
            pages.append((rule.endpoint, rule.rule))
            pages += [(rule.endpoint, f"{rule.rule}?{query}") for query in filters]
            continue
        kind = "articles" if "article_id" in rule.arguments else "claims"
        for ident in world[kind]:
            values = {arg: ident for arg in rule.arguments}
            pages.append((rule.endpoint, rule.build(values)[1]))
    return pages


def _scale_listing_removed(endpoint: str, body: str) -> str:
    """Cut out the parts of a page that list the current scale, where its labels belong."""
    if endpoint == "public.ratings":
        return ""
    if endpoint == "public.home":
        return re.sub(r'<aside class="home-side">.*?</aside>', "", body, flags=re.S)
    if endpoint == "public.claim_list":
        return re.sub(r'<select id="rating".*?</select>', "", body, flags=re.S)
    if endpoint == "export.summary_csv":
        return "\n".join(line for line in body.splitlines() if not line.startswith("rating,"))
    return body


def _leaks(endpoint: str, response: Any, url: str = "") -> list[str]:
    """The markers in a response; a marker the URL itself asked for (a filter's echo) does not count."""
    body = response.get_data(as_text=True)
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    seen = _scale_listing_removed(endpoint, body) + headers
    for values in parse_qs(urlsplit(url).query).values():
        for echo in values:
            if MARK in echo:
                seen = seen.replace(echo, "")
    return sorted(set(re.findall(rf"{MARK}-[\w-]+", seen, flags=re.I)))


def test_no_public_route_shows_a_marker(app, client, session, world):
    checked = 0
    for endpoint, url in _urls(app, session, world):
        response = client.get(url, follow_redirects=True)  # /claims/<id> goes on to its canonical address
        assert response.status_code < 500, url
        if response.status_code == 200:
            checked += 1
        assert _leaks(endpoint, response, url) == [], url
    for export in ("claims.csv", "evidence.csv", "summary.csv"):
        for query in ("", f"?q={SECRET_WORDS[0]}", f"?claimant={MARK}", "?status=researching"):
            response = client.get(f"/export/{export}{query}")
            assert response.status_code == 200, export
            url = f"/export/{export}{query}"
            assert _leaks(f"export.{export.replace('.', '_')}", response, url) == [], url
    assert checked > 50


def test_the_public_side_shows_the_claims_as_approved(client, world):
    census = world["census"]
    page = client.get(f"/claims/{census.id}", follow_redirects=True).get_data(as_text=True)
    assert "About 10 million Uighurs." in page and "Census 2010" in page and "Census yearbook" in page
    assert "The figures against the sources" in page and "10,069,346" in page
    assert ">True</span>" in page and "This claim was checked before" not in page
    assert "being re-reviewed" in page
    data = client.get(f"/api/v1/claims/{census.id}").get_json()
    assert data["claim"] == "About 10 million Uighurs." and data["verdict"]["rating"] == "True"
    assert [e["title"] for e in data["evidence"]] == ["Census 2010", "Census yearbook"]


def test_searches_and_filters_find_nothing_unpublished(client, world):
    for word in SECRET_WORDS:
        assert client.get(f"/api/v1/claims?q={word}").get_json()["data"] == [], word
        assert "No published fact-checks match." in client.get(f"/claims?q={word}").get_data(as_text=True)
        assert client.get(f"/export/claims.csv?q={word}").data.count(b"\r\n") == 1, word
    for query in (f"claimant={MARK}", f"tag={_m('reopened-tag')}", "date_from=1999-12-30&date_to=1999-12-31"):
        assert client.get(f"/api/v1/claims?{query}").get_json()["data"] == [], query
        assert client.get(f"/export/evidence.csv?{query}").data.count(b"\r\n") == 1, query
    assert client.get("/api/v1/claims?q=saffron").get_json()["data"][0]["claim"] == "Saffron exports tripled."
