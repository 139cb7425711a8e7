"""CSV formula injection (security row 24): every risky cell is neutralised and reads back exactly."""

from __future__ import annotations

import csv
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.services.csvcells import FORMULA_TRIGGERS, RowWriter, cell, neutralise, restore
from tests.export_helpers import newsroom, publish, read_csv
from tests.factories import make_claim

ROW_24 = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", "==1+1", "-1+1", 'a,"b', ',"', "'quoted"]
RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "'")

# PostgreSQL text cannot hold NUL; the writer is still tested with it below.
_NO_NUL = "\0" if os.environ.get("TEST_DATABASE_URL") else ""
_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters=_NO_NUL)
_text = st.text(_chars, max_size=60)
claim_texts = st.one_of(
    _text,
    st.builds(lambda p, t: p + t, st.sampled_from([c for c in RISKY_START if c not in _NO_NUL]), _text),
    st.sampled_from(ROW_24 + ["Синьцзян, «цитата»", '他说："是的"', "مرحبا\nبالعالم", "12", "-7"]),
)


@pytest.fixture
def people(session):
    data = newsroom(session)
    return data["reviewer"], data["editor"]


def expected(value: str) -> str:
    return "'" + value if value.startswith(RISKY_START) else value


def test_row_24_cases_are_neutralised_and_quoted():
    text = RowWriter().render([ROW_24])
    assert 'a,""b' in text and '",""' in text  # RFC 4180: quotes doubled inside quoted cells
    assert text.endswith("\r\n")
    (row,) = list(csv.reader(io.StringIO(text, newline="")))
    assert row == [expected(v) for v in ROW_24]
    for value in row[:9]:
        assert value.startswith("'") or value.startswith("a,")
    assert row[7] == "'==1+1" and row[8] == "'-1+1"


def test_numbers_stay_numbers_but_numeric_looking_text_does_not():
    assert cell(-1) == "-1" and cell(-2.5) == "-2.5" and cell(0) == "0"
    assert cell("-1") == "'-1"
    assert cell(None) == "" and cell(True) == "yes"
    assert all(neutralise(t + "x").startswith("'") for t in FORMULA_TRIGGERS)


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_restore_undoes_neutralise(value):
    assert restore(neutralise(value)) == value
    (row,) = list(csv.reader(io.StringIO(RowWriter().render([[value, 1]]), newline="")))
    assert row == [expected(value), "1"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(restated=claim_texts, claimant=claim_texts)
def test_claim_text_survives_the_export(client, session, people, restated, claimant):
    # Readers' rows hold the text a verdict was approved with, so each text is published.
    claim = make_claim(session, restated=restated, claimant=claimant)
    publish(session, claim, *people)
    session.commit()
    rows = read_csv(client.get("/export/claims.csv").data)
    (row,) = [row for row in rows if row["claim_id"] == str(claim.id)]
    assert (row["restated_claim"], row["claimant"]) == (expected(restated), expected(claimant))
    assert restore(row["restated_claim"]) == restated
