"""CSV cells: spreadsheet-safe text (OWASP formula injection), ISO 8601 UTC times, RFC 4180 rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

# A spreadsheet may treat a cell starting with one of these as a formula (or split it on import).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
# A leading quote is escaped too, so that removing one quote on import is never ambiguous.
ESCAPE = "'"

BOM = "\ufeff"


_RISKY_FIRST = frozenset((*FORMULA_TRIGGERS, ESCAPE))


def neutralise(text: str) -> str:
    """Return text with a leading ' when a spreadsheet could read it as a formula (or it starts with ')."""
    return ESCAPE + text if text[:1] in _RISKY_FIRST else text


def restore(text: str) -> str:
    """Undo neutralise(): drop the one ' it added, and nothing else."""
    if text.startswith(ESCAPE) and (text[1:].startswith(FORMULA_TRIGGERS) or text[1:].startswith(ESCAPE)):
        return text[1:]
    return text


def iso_time(value: datetime) -> str:
    """Return an aware datetime as ISO 8601 in UTC with a Z suffix."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def cell(value: Any) -> str:
    """Turn one value into CSV cell text: numbers stay numbers, all text is neutralised."""
    kind = type(value)
    if kind is str:  # the common case first: an export calls this for every cell
        return ESCAPE + value if value[:1] in _RISKY_FIRST else value
    if value is None:
        return ""
    if kind is int:
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        # A number we produced is a number, even a negative one: nothing to neutralise.
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, datetime):
        return iso_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(value))


class RowWriter:
    """Render rows as RFC 4180 text (CRLF, quotes doubled), a chunk at a time for streaming."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def render(self, rows: Iterable[Iterable[Any]]) -> str:
        """Return the CSV text of these rows and forget it, so memory stays flat."""
        for row in rows:
            self._writer.writerow([cell(value) for value in row])
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text
