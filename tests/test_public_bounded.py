"""No public request does work that grows with the archive.

A small archive is built, every public route is requested and the statements run and the rows
the database reads are counted; then nine times as much older material is added (published
claims with evidence, tags and corrections, and work in progress) and the same requests must
run the same statements and read exactly as many rows. The pages are shrunk so the small
archive fills every one of them: the two archives then show the same content, and any
difference is work done on rows nobody sees.

Rows read: on SQLite, the virtual machine steps of every statement (a scan steps once per row,
and the order rows come in moves the count by a few steps, hence a small allowance); on
PostgreSQL, the tuples the transaction read (`pg_stat_xact_user_tables`), with sequential scans
discouraged as the planner does on a large table. Both databases have fresh statistics, as
`flask --app app recount` leaves them after a bulk load.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import event, select, text

from claims.database import refresh_statistics
from claims.extensions import db
from claims.models import ClaimStatus, Correction, Evidence, Tag, Verdict
from claims.public.links import claim_ref
from claims.services import publication
from claims.services.claims import move_claim
from claims.services.search import encode_cursor, encode_moment
from tests.factories import make_article, make_claim, make_evidence
from tests.publishing import publish, staff

SEARCH_WORD = "xinjiang"
# Public routes that are dumps of the whole archive by design: streamed, never pages.
DUMPS = {"export.claims_csv", "export.evidence_csv", "export.summary_csv"}


def _archive(session, n: int, prefix: str, word: str, people, topics: list) -> list:
    """Publish n claims over n // 4 articles, with evidence, tags, corrections and work in progress."""
    published = []
    articles = [
        make_article(session, headline=f"{prefix} article {a}", body=f"{prefix} {a} says " + "x" * 40)
        for a in range(max(1, n // 4))
    ]
    for i in range(n):
        article = articles[i % len(articles)]
        claim = make_claim(
            session,
            article,
            quote=article.body[:10],
            restated=f"{prefix} claim {i} about {word} and roughly {i} million people",
            tags=[topics[i % len(topics)]],
        )
        for k in range(i % 3):
            make_evidence(session, claim, title=f"{prefix} source {i}.{k}")
        publish(session, claim, people=people, conclusion=f"{prefix} conclusion {i}")
        published.append(claim)
    for claim in published[: max(1, n // 2)]:
        move_claim(session, claim, ClaimStatus.RESEARCHING, people[0])
        publish(session, claim, rating="True", conclusion="Corrected.", people=people, note="We erred.")
    for i in range(max(1, n // 4)):
        make_claim(session, articles[0], quote=articles[0].body[:10], restated=f"{prefix} draft {i}")
    session.commit()
    return published


def _age(session, since_claim_id: int, years: int = 10) -> None:
    """Move the material of claims after `since_claim_id` years back, so every list shows it last."""
    shift = timedelta(days=365 * years)
    for model, columns in (
        (Verdict, ("published_at", "approved_at", "created_at")),
        (Correction, ("published_at", "created_at")),
        (Evidence, ("created_at",)),
    ):
        for row in session.execute(select(model).where(model.claim_id > since_claim_id)).scalars():
            for column in columns:
                if getattr(row, column) is not None:
                    setattr(row, column, getattr(row, column) - shift)
    session.commit()


def _urls(session, claims) -> list[str]:
    """Concrete URLs for every public page, including deep pages and each filter."""
    newest = publication.latest_published(session)
    claim = max(claims, key=lambda c: c.id)
    verdict = publication.published_claim(session, claim.id)[1]
    notes = publication.published_corrections(session, 2)
    tag = claim.tags[0].name
    return [
        "/",
        "/claims",
        f"/claims?q={SEARCH_WORD}",
        f"/claims?after={encode_cursor(newest[1][1])}",
        f"/claims?tag={tag}",
        f"/claims?article={claim.article_id}",
        f"/claims?rating={verdict.rating_level_id}",
        f"/claims/{claim_ref(claim)}",
        f"/articles/{claim.article_id}",
        "/ratings",
        "/ratings.css",
        "/corrections",
        f"/corrections?before={encode_moment(notes[0].published_at, notes[0].id)}",
        "/feed.atom",
        "/claimreview.json",
        f"/claimreview.json?after={encode_cursor(newest[1][1])}",
        "/api/v1/claims",
        f"/api/v1/claims?cursor={encode_cursor(newest[1][1])}",
        f"/api/v1/claims?q={SEARCH_WORD}",
        f"/api/v1/claims/{claim.id}",
        "/api/v1/openapi.json",
    ]


class _Meter:
    """Counts statements and rows read by the database while a request runs."""

    def __init__(self) -> None:
        self.statements = 0
        self.steps = 0

    def _count(self, *_args) -> None:
        self.statements += 1

    def _step(self) -> int:
        self.steps += 1
        return 0

    def measure(self, client, url: str) -> tuple[int, int]:
        self.statements = self.steps = 0
        # A fresh session, as each request has in production: nothing comes from the identity map.
        db.session.remove()
        postgres = db.engine.dialect.name == "postgresql"
        if postgres:
            # A few hundred rows fit in a page or two, where a scan beats any index.
            db.session.execute(text("SET LOCAL enable_seqscan = off"))
        raw = db.session.connection().connection.driver_connection
        before = _tuples_read() if postgres else 0
        if not postgres:
            raw.set_progress_handler(self._step, 1)
        event.listen(db.engine, "before_cursor_execute", self._count)
        try:
            response = client.get(url)
        finally:
            event.remove(db.engine, "before_cursor_execute", self._count)
            if not postgres:
                raw.set_progress_handler(None, 1)
        assert response.status_code == 200, url
        rows = _tuples_read() - before if postgres else self.steps
        return self.statements, rows


def _tuples_read() -> int:
    # Statistics of this transaction only; the app's request runs in the same session.
    return int(
        db.session.execute(
            text(
                "SELECT coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0) "
                "FROM pg_stat_xact_user_tables"
            )
        ).scalar_one()
    )


def _grew(small: tuple[int, int], large: tuple[int, int]) -> bool:
    """Whether the larger archive took more statements, or clearly more rows (a scan of the added rows adds several times the small count)."""
    return large[0] != small[0] or large[1] > small[1] * 1.3 + 30


def _analyse(session) -> None:
    session.commit()
    refresh_statistics(session.connection())
    session.commit()


@pytest.fixture
def small_pages(monkeypatch):
    for name in publication.PAGE_SIZES:
        monkeypatch.setitem(publication.PAGE_SIZES, name, 3)


@pytest.fixture
def app_config(app_config):
    # Measured on the database, not on the cache in front of it.
    return {**app_config, "PUBLIC_CACHE": False}


def test_every_public_page_reads_the_same_rows_on_a_ten_times_larger_archive(
    app, client, session, small_pages
):
    people = staff(session)
    session.commit()
    # A newsroom's topics grow far slower than its archive: the larger one reuses the same three.
    topics = [Tag(name=f"topic {t}") for t in range(3)]
    claims = _archive(session, 12, "recent", SEARCH_WORD, people, topics)
    _analyse(session)
    urls = _urls(session, claims)
    covered = {app.url_map.bind("localhost").match(urlsplit(u).path)[0] for u in urls}
    public = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint.split(".")[0] in ("public", "api")
    }
    assert public - covered == set(), "add the new public route to this walk"
    meter = _Meter()
    small = {url: meter.measure(client, url) for url in urls}

    last_small_claim = max(int(u.rsplit("/", 1)[1]) for u in urls if u.startswith("/api/v1/claims/"))
    _archive(session, 108, "older", "census", people, [session.merge(t) for t in topics])
    _age(session, last_small_claim)
    _analyse(session)
    large = {url: meter.measure(client, url) for url in urls}

    grown = {url: (small[url], large[url]) for url in urls if _grew(small[url], large[url])}
    assert grown == {}, "(statements, rows read) small -> large:\n" + "\n".join(
        f"{u}: {v}" for u, v in grown.items()
    )
    assert DUMPS.isdisjoint(public)
