"""Model invariants: quotes match spans, safe links, ratings from the active scale, approval by another person."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from claims.models import (
    Claim,
    ClaimStatus,
    Evidence,
    RatingLevel,
    RatingScale,
    Role,
    SpanMismatch,
    Stance,
    Verdict,
)
from claims.services.ratings import active_scale, level_by_label
from tests.factories import BODY, make_article, make_claim, make_user


def test_anchor_finds_the_quote_and_its_span(session):
    claim = make_claim(session)
    start = BODY.index("roughly 10 million Uighurs")
    assert (claim.span_start, claim.span_end) == (start, start + len("roughly 10 million Uighurs"))
    assert claim.article.body[claim.span_start : claim.span_end] == claim.quote


def test_anchor_refuses_a_quote_not_in_the_body(session):
    article = make_article(session)
    claim = Claim(restated="x", claimant="y")
    with pytest.raises(SpanMismatch, match="does not occur"):
        claim.anchor(article, "roughly 12 million Uighurs")


def test_span_that_does_not_match_the_body_is_refused_at_flush(session):
    claim = make_claim(session)
    claim.span_start += 1
    with pytest.raises(SpanMismatch, match="does not match"):
        session.flush()


def test_editing_the_body_under_a_claim_is_refused(session):
    claim = make_claim(session)
    claim.article.body = claim.article.body.replace("roughly", "about")
    with pytest.raises(SpanMismatch):
        session.flush()


def test_a_claim_from_an_article_needs_a_quote(session):
    article = make_article(session)
    session.add(Claim(article=article, restated="x", claimant="y"))
    with pytest.raises(SpanMismatch, match="needs its quote"):
        session.flush()


def test_a_claim_without_an_article_needs_no_span(session):
    claim = Claim(restated="Imported claim", claimant="A politician", appearance_url="https://x.example/")
    session.add(claim)
    session.flush()
    assert claim.id and claim.status is ClaimStatus.NEW and claim.version == 1


def test_restated_claims_over_75_characters_are_flagged(session):
    claim = make_claim(session, restated="x" * 76)
    assert claim.restated_too_long
    claim.restated = "x" * 75
    assert not claim.restated_too_long


def test_version_counter_increases_with_each_update(session):
    claim = make_claim(session)
    claim.claimant = "Someone else"
    session.flush()
    assert claim.version == 2


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "javascript://x/%0aalert(1)",
        "ftp://x.example/",
        "https://",
        "/relative/path",
        "https://exa mple.org/",
        "http://x.example/\nfoo",
    ],
)
def test_evidence_links_must_be_http_or_https(session, url):
    claim = make_claim(session)
    with pytest.raises(ValueError):
        Evidence(claim=claim, url=url, title="t", stance=Stance.SUPPORTS)


def test_evidence_accepts_http_and_https(session):
    claim = make_claim(session)
    ev = Evidence(claim=claim, url=" https://example.org/a?b=c ", title="t", stance=Stance.REFUTES)
    session.add(ev)
    session.flush()
    assert ev.url == "https://example.org/a?b=c"


def test_default_scale_is_ordered_with_values_and_an_unverifiable_level(session):
    scale = active_scale(session)
    assert [(lv.label, lv.value) for lv in scale.levels] == [
        ("False", 1),
        ("Mostly false", 2),
        ("Mixed", 3),
        ("Mostly true", 4),
        ("True", 5),
        ("Unverifiable", None),
    ]
    assert (scale.worst_value, scale.best_value) == (1, 5)
    assert not scale.levels[-1].judges_truth


def test_only_one_scale_can_be_active(session):
    session.add(RatingScale(name="Second", is_active=True))
    with pytest.raises(IntegrityError):
        session.flush()


def test_inactive_scales_are_stored_as_null_so_many_can_exist(session):
    session.add_all([RatingScale(name="Old 1", is_active=False), RatingScale(name="Old 2", is_active=False)])
    session.flush()
    assert session.scalar(select(RatingScale).where(RatingScale.name == "Old 1")).is_active is None


def test_rating_colours_must_be_hex(session):
    with pytest.raises(ValueError, match="#rrggbb"):
        RatingLevel(label="x", definition="d", colour="red", position=9)


def _draft(session, level):
    claim = make_claim(session)
    author = make_user(session)
    verdict = Verdict(claim=claim, author=author, rating_level=level, conclusion="c")
    session.add(verdict)
    return verdict


def test_a_verdict_rates_on_the_active_scale(session):
    verdict = _draft(session, level_by_label(session, "True"))
    session.flush()
    assert verdict.id is not None and verdict.rating_level.scale.is_active


def test_a_verdict_may_not_use_a_retired_level(session):
    level = level_by_label(session, "Mixed")
    level.retired = True
    _draft(session, level)
    with pytest.raises(ValueError, match="active rating scale"):
        session.flush()


def test_a_verdict_may_not_use_a_level_of_an_inactive_scale(session):
    old = RatingScale(name="Old", is_active=False)
    level = RatingLevel(
        scale=old, position=1, label="Pants on fire", definition="d", value=1, colour="#ff0000"
    )
    session.add(old)
    _draft(session, level)
    with pytest.raises(ValueError, match="active rating scale"):
        session.flush()


def test_the_author_cannot_approve_their_own_verdict_in_the_model(session):
    verdict = _draft(session, level_by_label(session, "True"))
    verdict.approver = verdict.author
    with pytest.raises(ValueError, match="cannot approve"):
        session.flush()


def test_the_database_refuses_self_approval_too(session):
    verdict = _draft(session, level_by_label(session, "True"))
    session.flush()
    editor_id = verdict.author_id
    with pytest.raises(IntegrityError):
        session.execute(
            Verdict.__table__.update().where(Verdict.id == verdict.id).values(approver_id=editor_id)
        )


def test_emails_are_normalised_and_passwords_hashed_with_argon2id(session):
    user = make_user(session, role=Role.EDITOR, email="  Editor@Example.ORG ")
    assert user.email == "editor@example.org"
    assert user.password_hash.startswith("$argon2id$")
    assert user.check_password("correct horse battery staple")
    assert not user.check_password("Correct horse battery staple")
    assert user.has_role(Role.REVIEWER) and not user.has_role(Role.ADMIN)


@pytest.mark.parametrize("length,ok", [(7, False), (8, True), (64, True), (129, False)])
def test_password_length_policy(session, length, ok):
    user = make_user(session)
    if ok:
        user.set_password("p" * length)
        assert user.check_password("p" * length) and not user.check_password("p" * (length - 1))
    else:
        with pytest.raises(ValueError, match="characters long"):
            user.set_password("p" * length)
