"""The demo: the seed article parsed into its parts, claims anchored, verdicts published, loaded once."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from claims.demo.content import CLAIMS
from claims.demo.loader import load_demo, seed_article_text
from claims.models import Article, Claim, ClaimStatus, Evidence, Revision, User, VerdictState
from claims.services.article_text import parse_article_text


def test_the_seed_article_is_split_into_headline_byline_and_body():
    parsed = parse_article_text(seed_article_text())
    assert parsed.headline == "Turkey and China Pledge Security Cooperation"
    assert parsed.byline == "Gerry Shih"
    assert parsed.body.startswith("BEIJING — Turkey’s top diplomat vowed Thursday")
    assert parsed.body.endswith("that were initially shunned by Western powers.")
    for furniture in ("Photo:", "Read: Police", "Story:", "Related stories", "Twice Entered Thailand"):
        assert furniture not in parsed.body
    assert parsed.body.count("\n\n") == 11  # twelve paragraphs


def test_parse_refuses_empty_text():
    import pytest

    with pytest.raises(ValueError, match="empty"):
        parse_article_text("  \n\n ")


def test_the_demo_loads_claims_with_exact_quotes_and_published_verdicts(session):
    result = load_demo(session)
    session.commit()
    claims = session.execute(select(Claim).order_by(Claim.id)).scalars().all()
    assert len(claims) == len(CLAIMS) >= 8
    for claim in claims:
        assert claim.article.body[claim.span_start : claim.span_end] == claim.quote
    quotes = {c.quote for c in claims}
    for expected in (
        "roughly 10 million Uighurs",
        "a land area comparable to Iran",
        "Hundreds have died in Xinjiang in violent clashes in recent years",
        "a security alliance comprised of Russia and several central Asian states",
    ):
        assert expected in quotes
    assert any("genocide" in q and "2009" in q for q in quotes)
    assert any("2015" in q and "Thailand" in q for q in quotes)
    assert any("anti-China activity inside Turkey" in q for q in quotes)
    published = [c for c in claims if c.status is ClaimStatus.PUBLISHED]
    assert len(published) >= 3
    for claim in published:
        (verdict,) = [v for v in claim.verdicts if v.state is VerdictState.PUBLISHED]
        assert verdict.approver_id != verdict.author_id
        assert any(not e.withdrawn for e in claim.evidence)
    uighurs = next(c for c in claims if c.quote == "roughly 10 million Uighurs")
    assert uighurs.verdicts[0].rating_level.label == "Mostly true"
    assert {e.reference_value for e in uighurs.evidence} >= {10_069_346, 11_774_538}
    assert set(result.passwords) == {"reviewer@example.org", "editor@example.org"}
    assert all(len(p) >= 12 for p in result.passwords.values())
    assert session.scalar(select(func.count(Revision.id))) > len(claims)


def test_loading_the_demo_twice_adds_nothing(session):
    load_demo(session)
    session.commit()
    counts = [session.scalar(select(func.count(m.id))) for m in (Article, Claim, Evidence, User)]
    again = load_demo(session)
    session.commit()
    assert again.article is None and again.passwords == {}
    assert [session.scalar(select(func.count(m.id))) for m in (Article, Claim, Evidence, User)] == counts


def test_a_fresh_database_has_no_accounts(session):
    assert session.scalar(select(func.count(User.id))) == 0


def test_demo_command_prints_passwords_once_and_is_idempotent(runner, session):
    first = runner.invoke(args=["demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "Loaded the demo article with 9 claims" in first.output
    passwords = dict(re.findall(r"^\s+(\S+@example\.org)\s+(\S+)$", first.output, re.M))
    user = session.scalar(select(User).where(User.email == "editor@example.org"))
    assert user.check_password(passwords["editor@example.org"])
    second = runner.invoke(args=["demo", "--if-empty"])
    assert "not loaded" in second.output and "@example.org" not in second.output
    assert session.scalar(select(func.count(Article.id))) == 1


def test_home_page_shows_published_verdicts_and_only_counts_of_the_rest(client, session):
    load_demo(session)
    session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "roughly 10 million Uighurs" in page and "Mostly true" in page
    assert "China&#39;s 2010 census counted 10.07 million Uighurs" in page
    # Work in progress shows as counts only: no quotes, drafts or comments.
    assert "Thousands of Uighurs have fled" not in page
    assert "alone killed 197" not in page
    assert "how many went to Turkey" not in page
    assert "In review: 1 claim" in page and "Researching: 2 claims" in page
