"""The CSV lines the database builds equal what csvcells.RowWriter writes for the same values.

Arbitrary text, numbers, dates and times go into real rows (inserted around the ORM, so no
validator narrows them), and each export's bytes are compared with RowWriter's rendering of the
values as inserted, on whichever database the suite runs on.
"""

from __future__ import annotations

import math
import os
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Table, insert, select

from claims.models import (
    Article,
    Claim,
    ClaimStatus,
    Evidence,
    RatingLevel,
    RatingScale,
    Stance,
    Tag,
    User,
    Verdict,
    claim_tags,
)
from claims.services import exports
from claims.services.claim_filters import ClaimFilters
from claims.services.csvcells import RowWriter, cell
from claims.services.snapshots import write_missing_snapshots

POSTGRES = bool(os.environ.get("TEST_DATABASE_URL"))
NO_FILTERS = ClaimFilters()
RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "'")

# PostgreSQL text cannot hold NUL; SQLite can, and instr() must look past it.
_nul = "\0" if POSTGRES else ""
_plain = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=_nul), max_size=40)
texts = st.one_of(
    _plain,
    st.builds(
        lambda lead, rest: lead + rest, st.sampled_from([c for c in RISKY_START if c not in _nul]), _plain
    ),
    st.sampled_from(
        ['a,"b', ",", '"', "'=1", "-7", "12", "", " ", "x\r\ny", "Синьцзян, «цитата»", '他说："是的"']
    ),
)
maybe_texts = st.none() | texts
_moments = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC))
# Half of them on a whole second: isoformat() then leaves the fraction out.
moments = _moments | _moments.map(lambda moment: moment.replace(microsecond=0))
days = st.none() | st.dates()
# SQLite keeps neither NaN (it stores NULL) nor -0.0 (it stores the integer 0).
floats = st.none() | st.floats(allow_nan=POSTGRES).filter(
    lambda f: POSTGRES or not (f == 0 and math.copysign(1, f) < 0)
)
int32 = st.integers(-(2**31), 2**31 - 1)
org_urls = st.sampled_from(["https://factcheck.example/", '=evil,"org/', "'quoted.example", ""])


def _add(session: Any, table: Table, **values: Any) -> int:
    return session.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()


def _csv(rows: list[tuple[Any, ...]], columns: tuple[str, ...]) -> str:
    return RowWriter().render([columns, *rows])


@st.composite
def claim_values(draw: Any) -> dict[str, Any]:
    """Everything claims.csv and evidence.csv show about one published claim, drawn at random."""
    names = draw(st.lists(texts, max_size=4, unique=True))
    return {
        "restated": draw(texts),
        "quote": draw(texts),
        "claimant": draw(texts),
        "claimed_on": draw(days),
        "headline": draw(texts),
        "outlet": draw(texts),
        "article_url": draw(maybe_texts),
        "appearance_url": draw(maybe_texts),
        "status": draw(st.sampled_from(ClaimStatus)),
        "label": draw(texts),
        "value": draw(st.none() | st.integers(1, 2**31 - 1)),
        "conclusion": draw(texts),
        "author": draw(texts),
        "approver": draw(maybe_texts),
        "published_at": draw(moments),
        "claim_updated": draw(moments),
        "verdict_updated": draw(moments),
        "tags": names,
        "external": [draw(maybe_texts) for _ in range(3)],
        "evidence": {
            "url": draw(texts),
            "title": draw(texts),
            "publisher": draw(maybe_texts),
            "published_on": draw(days),
            "accessed_on": draw(days),
            "passage": draw(maybe_texts),
            "stance": draw(st.sampled_from(Stance)),
            "is_primary": draw(st.booleans()),
            "reference_value": draw(floats),
            "reference_unit": draw(maybe_texts),
            "reference_year": draw(st.none() | int32),
            "created_at": draw(moments),
            "withdrawn_at": draw(st.none() | moments),
            "withdrawn_reason": draw(maybe_texts),
        },
    }


# fmt: off
def _insert(session: Any, v: dict[str, Any]) -> dict[str, int]:
    """Write the values as real rows; return the ids the rows got."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    user = {"role": "editor", "password_hash": "x", "active": True, "created_at": now}
    author = _add(session, User.__table__, email="a@x.example", display_name=v["author"], session_token="a", **user)
    approver = None if v["approver"] is None else _add(
        session, User.__table__, email="b@x.example", display_name=v["approver"], session_token="b", **user)
    scale = _add(session, RatingScale.__table__, name="Property scale", is_active=None, created_at=now)
    level = _add(session, RatingLevel.__table__, scale_id=scale, position=1, label=v["label"], definition="",
                 value=v["value"], colour="#000000", retired=False)
    article = _add(session, Article.__table__, headline=v["headline"], outlet=v["outlet"], url=v["article_url"],
                   body=v["quote"] or "x", created_at=now, updated_at=now)
    claim = _add(session, Claim.__table__, article_id=article, quote=v["quote"], span_start=0,
                 span_end=max(1, len(v["quote"])), restated=v["restated"], claimant=v["claimant"],
                 claimed_on=v["claimed_on"], appearance_url=v["appearance_url"], status=v["status"],
                 created_at=now, updated_at=v["claim_updated"], version=1)
    publisher, rating, url = v["external"]
    _add(session, Verdict.__table__, claim_id=claim, state="published", rating_level_id=level,
         conclusion=v["conclusion"], explanation="", author_id=author, approver_id=approver,
         published_at=v["published_at"], external_publisher=publisher, external_rating=rating, external_url=url,
         created_at=now, updated_at=v["verdict_updated"], version=1)
    for name in v["tags"]:
        tag = _add(session, Tag.__table__, name=name)
        session.execute(insert(claim_tags).values(claim_id=claim, tag_id=tag))
    evidence = _add(session, Evidence.__table__, claim_id=claim, updated_at=now, version=1, **v["evidence"])
    return {"article": article, "claim": claim, "evidence": evidence}
# fmt: on


def _tag_cell(session: Any, names: list[str]) -> str:
    """The names in the database's own order, which on SQLite must be code point order."""
    ordered = list(session.scalars(select(Tag.name).where(Tag.name.in_(names)).order_by(Tag.name)))
    if not POSTGRES:
        assert ordered == sorted(names)
    return exports.TAG_SEPARATOR.join(ordered)


def _public(v: dict[str, Any]) -> bool:
    """Whether readers see the evidence: standing, and there when the verdict was approved."""
    e = v["evidence"]
    return e["withdrawn_at"] is None and e["created_at"] <= v["published_at"]


def _claim_row(session: Any, v: dict[str, Any], ids: dict[str, int], staff: bool, org: str) -> tuple:
    if staff:
        status, updated = v["status"].value, max(v["claim_updated"], v["verdict_updated"])
        count = int(v["evidence"]["withdrawn_at"] is None)
    else:
        status, updated, count = "published", v["verdict_updated"], int(_public(v))
    return (
        ids["claim"],
        ids["article"],
        v["restated"],
        v["quote"],
        v["claimant"],
        v["claimed_on"],
        v["headline"],
        v["outlet"],
        v["article_url"],
        v["appearance_url"],
        status,
        v["label"],
        v["value"],
        v["conclusion"],
        v["author"],
        v["approver"],
        v["published_at"],
        updated,
        count,
        _tag_cell(session, v["tags"]),
        f"{org.rstrip('/')}/claims/{ids['claim']}",
        *v["external"],
    )


def _evidence_rows(v: dict[str, Any], ids: dict[str, int], staff: bool) -> list[tuple]:
    e = v["evidence"]
    if not staff and not _public(v):
        return []
    withdrawn = (e["withdrawn_at"], e["withdrawn_reason"]) if staff else (None, None)
    row = (ids["claim"], ids["evidence"], e["url"], e["title"], e["publisher"], e["published_on"])
    row += (e["accessed_on"], e["passage"], e["stance"].value, e["is_primary"], e["reference_value"])
    return [(*row, e["reference_unit"], e["reference_year"], e["created_at"], *withdrawn)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=claim_values(), org=org_urls)
def test_sql_lines_equal_row_writer(app, session, values, org):
    try:
        ids = _insert(session, values)
        # Written around the ORM, the verdict gets its snapshot as `flask recount` would give it.
        write_missing_snapshots(session)
        for staff in (True, False):
            claims = b"".join(exports.claim_csv(session, staff, NO_FILTERS, org)).decode()
            expected = _csv([_claim_row(session, values, ids, staff, org)], exports.CLAIM_COLUMNS)
            assert claims == expected, f"staff={staff}"
            # The unformatted values come from the same column definitions and render the same.
            assert claims == _csv(
                list(exports.claim_rows(session, staff, NO_FILTERS, org)), exports.CLAIM_COLUMNS
            )
            evidence = b"".join(exports.evidence_csv(session, staff, NO_FILTERS)).decode()
            assert evidence == _csv(_evidence_rows(values, ids, staff), exports.EVIDENCE_COLUMNS), (
                f"staff={staff}"
            )
    finally:
        session.rollback()


@pytest.mark.skipif(POSTGRES, reason="PostgreSQL text cannot hold NUL")
def test_rows_with_nul_take_the_nul_safe_form(app, session):
    """SQLite builds most lines with printf() and LIKE, which stop at a NUL: rows holding one must not."""
    from tests.export_helpers import newsroom, publish
    from tests.factories import make_claim

    data = newsroom(session)
    claim = make_claim(session, restated='=a\0,b"', tags=[Tag(name="x\0,y")])
    publish(session, claim, data["reviewer"], data["editor"])
    data["draft"].claimant = "\0-1"
    session.commit()
    for staff in (True, False):
        rows = list(exports.claim_rows(session, staff, NO_FILTERS, "https://x.example/"))
        lines = b"".join(exports.claim_csv(session, staff, NO_FILTERS, "https://x.example/")).decode()
        assert lines == _csv(rows, exports.CLAIM_COLUMNS)
        assert '"\'=a\0,b"""' in lines and '"x\0,y"' in lines


def test_plain_cells_need_no_escaping():
    """Status and stance values go out unescaped, so they must be exactly what csvcells writes."""
    for value in [*ClaimStatus, *Stance]:
        assert RowWriter().render([[value.value, ""]]) == value.value + ",\r\n"
        assert cell(value.value) == value.value


def test_many_rows_stream_in_chunks(app, session, monkeypatch):
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(7):
        _add(
            session,
            Claim.__table__,
            restated=f"=Claim {n}, 'x'",
            claimant="Officials",
            claimed_on=date(2020, 1, n + 1),
            status="new",
            created_at=now,
            updated_at=now,
            version=1,
        )
    monkeypatch.setattr(exports, "FETCH_ROWS", 3)
    chunks = list(exports.claim_csv(session, True, NO_FILTERS, ""))
    assert [chunk.count(b"\r\n") for chunk in chunks] == [1, 3, 3, 1]
    rows = list(exports.claim_rows(session, True, NO_FILTERS, "", batch=2))
    assert b"".join(chunks).decode() == _csv(rows, exports.CLAIM_COLUMNS)
    session.rollback()


def test_cli_writes_what_the_staff_download_gets(app, client, auth, session, runner, tmp_path):
    from tests.export_helpers import newsroom

    data = newsroom(session)
    auth.login(data["editor"])
    for kind in ("claims", "evidence"):
        target = tmp_path / f"{kind}.csv"
        result = runner.invoke(args=["export", kind, str(target), "--bom"])
        assert result.exit_code == 0, result.output
        assert target.read_bytes() == client.get(f"/export/{kind}.csv?bom=1").data
    to_stdout = runner.invoke(args=["export", "evidence", "-"])
    assert to_stdout.stdout_bytes == client.get("/export/evidence.csv").data
    public = tmp_path / "public.csv"
    assert runner.invoke(args=["export", "claims", str(public), "--public"]).exit_code == 0
    assert public.read_bytes() == app.test_client().get("/export/claims.csv").data


# Doubles where the nearest short decimal reads back as a neighbour: powers of two (whose lower
# neighbours lie twice as close), the smallest and largest, and integral values around 1e16.
TRICKY_FLOATS = [2.0**k for k in range(-1074, 1024, 37)] + [
    2.0**-24,
    -(2.0**-24),
    5e-324,
    2.2250738585072014e-308,
    1.7976931348623157e308,
    0.1,
    1e16,
    9999999999999998.0,
    1e-4,
    9.999999999999999e-5,
    123456789.125,
]


def test_float_cells_match_repr_on_tricky_doubles(app, session):
    from sqlalchemy import Float, column, select, union_all
    from sqlalchemy import literal as sql_literal

    from claims.services.csvcells import restore
    from claims.services.export_floats import FloatCell, register_sqlite_functions

    rows = union_all(*(select(sql_literal(x, Float()).label("x")) for x in TRICKY_FLOATS)).subquery()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        register_sqlite_functions(connection.connection.driver_connection)
    cells = session.execute(select(FloatCell(column("x"))).select_from(rows)).scalars().all()
    assert [restore(cell) for cell in cells] == [repr(x) for x in TRICKY_FLOATS]
