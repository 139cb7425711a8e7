"""The home page's counts are kept in step with every commit, and `recount` rebuilds them."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from claims.demo.loader import load_demo
from claims.models import Claim, ClaimStatus, Tally, Verdict, VerdictState
from claims.services.claims import move_claim
from claims.services.publication import rating_counts, work_in_progress_counts
from tests.factories import make_claim
from tests.publishing import publish, staff, submit


def _stored(session) -> dict[tuple[str, str], int]:
    return {(t.kind, t.key): t.count for t in session.execute(select(Tally)).scalars() if t.count}


def _counted(session) -> dict[tuple[str, str], int]:
    statuses = session.execute(select(Claim.status, func.count()).group_by(Claim.status))
    ratings = session.execute(
        select(Verdict.rating_level_id, func.count())
        .where(Verdict.state == VerdictState.PUBLISHED, Verdict.rating_level_id.is_not(None))
        .group_by(Verdict.rating_level_id)
    )
    counted = {("status", ClaimStatus(s).value): n for s, n in statuses}
    counted.update({("rating", str(level)): n for level, n in ratings})
    return counted


def test_tallies_follow_every_step_of_the_workflow(session):
    load_demo(session)
    session.commit()
    assert _stored(session) == _counted(session)
    people = staff(session)
    claim = make_claim(session)
    session.commit()
    assert _stored(session) == _counted(session)
    publish(session, claim, people=people)
    session.commit()
    assert _stored(session) == _counted(session)
    move_claim(session, claim, ClaimStatus.RESEARCHING, people[0])  # reopened: still public, new draft
    session.commit()
    assert _stored(session) == _counted(session)
    publish(session, claim, rating="True", conclusion="Right after all.", people=people, note="Corrected.")
    session.commit()
    assert _stored(session) == _counted(session)
    other = make_claim(session)
    submit(session, other, people[0])
    session.rollback()  # work that is rolled back is never counted
    assert _stored(session) == _counted(session)
    session.delete(claim)
    session.commit()
    assert _stored(session) == _counted(session)


def test_the_home_page_reads_its_counts_from_the_tallies(client, session):
    publish(session, make_claim(session), rating="True")
    make_claim(session)
    session.commit()
    counts = {level.label: n for level, n in rating_counts(session)}
    assert counts["True"] == 1 and work_in_progress_counts(session)[ClaimStatus.NEW] == 1
    page = client.get("/").get_data(as_text=True)
    assert "True: 1." in page


def test_recount_rebuilds_tallies_written_around_the_orm(runner, session):
    load_demo(session)
    session.commit()
    session.execute(delete(Tally))
    session.commit()
    result = runner.invoke(args=["recount"])
    assert result.exit_code == 0, result.output
    assert _stored(session) == _counted(session) != {}
