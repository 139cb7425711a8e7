"""Hostile and random input for the fuzz walk: odd digits, huge numbers, NUL bytes, bad UTF-8,
lone surrogates, far dates, forged cursors, unsafe links, over-long text, and files to upload."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from claims.services.exports import CLAIM_COLUMNS
from claims.services.search import encode_moment


@dataclass(frozen=True)
class Raw:
    """Bytes sent percent-encoded as they are, whether or not they are UTF-8."""

    data: bytes


def _cursor(moment: Any, row_id: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps([moment, row_id]).encode()).decode().rstrip("=")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


FAR_EAST, FAR_WEST = timezone(timedelta(hours=5)), timezone(timedelta(hours=-5))
NOW = datetime(2026, 1, 1, tzinfo=UTC)
CURSORS = [
    encode_moment(NOW, 2**31),
    encode_moment(NOW, 2**63),
    encode_moment(NOW, 10**30),
    encode_moment(NOW, -1),
    encode_moment(NOW, 0),
    encode_moment(datetime(1, 1, 1, tzinfo=FAR_EAST), 1),
    encode_moment(datetime(1, 1, 1, tzinfo=UTC), 1),
    encode_moment(datetime(9999, 12, 31, 23, 59, 59, tzinfo=FAR_WEST), 1),
    encode_moment(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), 1),
    _cursor("2026-01-01T00:00:00", 1),  # no offset
    _cursor("2026-01-01T00:00:00+00:00", True),
    _cursor("2026-01-01T00:00:00+00:00", 1.5),
    _cursor("2026-01-01T00:00:00+00:00", "1"),
    _cursor("2026-01-01T00:00:00+00:00", None),
    _cursor("²⁰²⁶-01-01T00:00:00+00:00", 1),
    _cursor("2026-01-01T00:00:00+99:00", 1),
    _cursor("\ud800", 1),
    _cursor(None, 1),
    _b64(json.dumps(["2026-01-01T00:00:00+00:00", 1, 2]).encode()),
    _b64(json.dumps({"a": 1}).encode()),
    _b64(b"[" * 3000),  # nested deeper than the JSON parser recurses
    _b64(b"\xff\xfe"),
    _b64(b"\x00"),
    "",
    "=",
    "!!!",
    "a",
    "x" * 5000,
]
JS_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "javascript://x/%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example",
    "/\\evil.example",
    "http:/\\evil.example",
    "http://testserver\\@evil.example",
    "https://[::1",
    "http://exa\u2100mple.org/",
    "http://a\x00b.example/",
    "https://ex ample.org/",
    "http://",
    "https://example.org/" + "a" * 3000,
]
HUGE_INTS = [str(n) for n in (2**31 - 1, 2**31, 2**32, 2**63 - 1, 2**63, 2**64, 10**30, -1, -(2**63) - 1, 0)]
HOSTILE_TEXT: list[str | Raw] = [
    "²",
    "١٢",
    "³⁴",
    "𝟙𝟚",
    "１２",
    "½",
    "Ⅻ",
    *HUGE_INTS,
    "1e309",
    "nan",
    "-inf",
    "0x10",
    "1_000",
    " 7 ",
    "\x00",
    "a\x00b",
    "%00",
    "\x01\x1b[31m\x7f",
    "\r\nSet-Cookie: x=1",
    "\u202e\ufeff\u200b",
    "\ud800",
    "a\udfffb",
    Raw(b"\xff"),
    Raw(b"a\xffb"),
    Raw(b"\xc3\x28"),
    Raw(b"\xed\xa0\x80"),
    Raw(b"\xf4\x90\x80\x80"),
    Raw(b"\xc0\xae"),
    "%",
    "%zz",
    "%ff",
    "+",
    "",
    " ",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    '"',
    "'; DROP TABLE claims; --",
    '" OR 1=1 --',
    '"a" OR "b" NEAR(c) *',
    "\\",
    "*",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2024-02-30",
    "-001-01-01",
    "２０２４-01-01",
    "2024-01-01T00:00:00+99:00",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    *JS_URLS,
    *CURSORS,
    "x" * 61,
    "x" * 81,
    "x" * 201,
    "x" * 301,
    "x" * 2001,
    "x" * 10_001,
    "x" * 100_001,
    "é" * 20_001,
    "9" * 4000,
]
# Values that pass the first checks, so the random ones are tried against deeper code too.
PLAUSIBLE = [
    "1",
    "2",
    "3",
    "up",
    "new",
    "researching",
    "published",
    "supports",
    "refutes",
    "y",
    "on",
    "2024-01-01",
    "#336699",
    "https://example.org/source",
    "/review/",
    "Human rights groups",
    "roughly 10 million Uighurs",
    "The region has about 10 million Uighurs.",
    "False",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.sampled_from(PLAUSIBLE),
    st.text(st.characters(exclude_categories=()), max_size=40),
    st.integers().map(str),
    st.binary(max_size=12).map(Raw),
)
JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.sampled_from([10**400, -(10**400), 2**63, 1e308]),
    st.sampled_from([v for v in HOSTILE_TEXT if isinstance(v, str)]),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
JSON_BODIES = [b"[1, 2]", b'"x"', b"1", b"null", b"{", b"[" * 5000, b'{"a": ' * 3000]
PATH_VALUES = [
    *HUGE_INTS,
    "²",
    "١٢",
    "1²",
    "%00",
    "a%00b",
    "%ff",
    "%ED%A0%80",
    "9" * 1000,
    "1-" + "x" * 5000,
    "1-%00",
    "javascript:alert(1)",
    "..%2f..%2fetc%2fpasswd",
    "%2e%2e",
]


def _encoded(value: str | Raw) -> str:
    if isinstance(value, Raw):
        return quote(value.data, safe="")
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def urlencode(pairs: list[tuple[str, str | Raw]]) -> str:
    return "&".join(f"{_encoded(name)}={_encoded(value)}" for name, value in pairs)


def as_text(value: str | Raw) -> str:
    """The value as text a multipart body can carry (it encodes parts as UTF-8)."""
    raw = value.data if isinstance(value, Raw) else value.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def _csv_cell(value: str | Raw) -> str:
    text = as_text(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\r\n') else text


GOOD_FILES = [
    (b"restated_claim,claimant\r\nThe sky is green.,A pundit\r\n", "ok.csv"),
    (
        json.dumps(
            {
                "@type": "ClaimReview",
                "url": "https://example.org/review/1",
                "claimReviewed": "The sky is green.",
                "author": {"@type": "Organization", "name": "Example Checks"},
                "reviewRating": {"@type": "Rating", "alternateName": "False"},
            }
        ).encode(),
        "ok.json",
    ),
]
FILE_NAMES = [
    "upload.csv",
    "review.json",
    "page.html",
    "x",
    "../../etc/passwd.json",
    "a\x00b.json",
    "é" * 300 + ".json",
]
CSV_FILES = st.lists(
    st.lists(VALUES.map(_csv_cell), min_size=1, max_size=len(CLAIM_COLUMNS)), max_size=3
).map(
    lambda rows: "\r\n".join([",".join(CLAIM_COLUMNS), *(",".join(row) for row in rows)]).encode(
        "utf-8", "surrogatepass"
    )
)


def _node(*names: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={name: JSON_VALUES for name in names})


# ClaimReview in the shape the importer reads, with hostile values where it reads them.
CLAIMREVIEW_FILES = st.fixed_dictionaries(
    {"@type": st.sampled_from(["ClaimReview", ["ClaimReview"], "https://schema.org/ClaimReview"])},
    optional={
        "url": st.sampled_from(["https://example.org/review", *JS_URLS]) | JSON_LEAVES,
        "claimReviewed": JSON_VALUES,
        "author": _node("@type", "name", "url", "worksFor") | JSON_VALUES,
        "datePublished": JSON_VALUES,
        "inLanguage": JSON_VALUES,
        "reviewRating": _node("ratingValue", "bestRating", "worstRating", "alternateName", "name"),
        "itemReviewed": _node("author", "datePublished", "appearance", "firstAppearance", "url"),
    },
).map(lambda doc: json.dumps(doc).encode())
UPLOADS = st.tuples(
    st.one_of(
        CSV_FILES,
        CLAIMREVIEW_FILES,
        st.binary(max_size=200),
        st.sampled_from(
            [
                b"\xef\xbb\xbf",
                b"\x00" * 10,
                b'"unclosed',
                b"restated_claim\r\n" + b"x" * 200_000,
                b"[" * 5000 + b"]" * 5000,
                b'<script type="application/ld+json">' + b'{"a": ' * 5000 + b"</script>",
                "\ufeff[]".encode("utf-16"),
            ]
        ),
    ),
    st.sampled_from(FILE_NAMES),
)
