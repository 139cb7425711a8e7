"""Public lists load what they show in a fixed number of queries, however many claims they list."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from claims.extensions import db
from claims.services.ratings import level_by_label
from claims.services.verdicts import approve_verdict, start_verdict, submit_verdict
from tests.factories import make_article, make_claim, make_user


def _publish(session, first: int, count: int) -> None:
    from claims.models import Role, Tag

    author, editor = make_user(session), make_user(session, Role.EDITOR)
    for n in range(first, first + count):
        article = make_article(session, body=f"Claim number {n} says roughly 10 million Uighurs.")
        claim = make_claim(session, article, tags=[Tag(name=f"tag-{n}")])
        verdict = start_verdict(session, claim, author)
        verdict.rating_level, verdict.conclusion = level_by_label(session, "True"), f"Conclusion {n}."
        submit_verdict(verdict)
        session.flush()
        approve_verdict(session, verdict, editor)
    session.commit()


def _queries(client, path: str) -> int:
    seen: list[str] = []

    def count(*_args) -> None:
        seen.append("q")

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


@pytest.mark.parametrize("path", ["/", "/claims", "/api/v1/claims?limit=20", "/feed.atom", "/claimreview.json"])
def test_list_pages_do_not_query_per_claim(client, session, path):
    _publish(session, 0, 3)
    few = _queries(client, path)
    _publish(session, 3, 9)
    assert _queries(client, path) == few
