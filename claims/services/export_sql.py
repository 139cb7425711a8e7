"""CSV cells built by the database: each value formatted, neutralised and quoted in SQL.

Every construct here renders exactly what `csvcells.RowWriter` writes for the same value (the
reference semantics, checked by tests/test_export_sql_lines.py), on SQLite and on PostgreSQL,
so an export only has to concatenate the lines the database hands back. Floats are in
export_floats.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnClause, Label
from sqlalchemy.sql.functions import FunctionElement

from claims.models import Tag, claim_tags, published_snapshot_tags
from claims.services.csvcells import ESCAPE, FORMULA_TRIGGERS

# Joins tag names in a claims.csv cell; the CSV import splits on it.
TAG_SEPARATOR = "; "

# The compile keyword by which _sqlite_line asks its cells for their NUL-free form.
_NO_NUL = "csv_no_nul"

# A cell starting with one of these gets one leading ' (csvcells.neutralise).
RISKY_CODES = tuple(sorted(ord(c) for c in (*FORMULA_TRIGGERS, ESCAPE)))


class Cell(FunctionElement[str]):
    """The CSV text of one value: never NULL, an empty string for NULL."""

    type = String()
    inherit_cache = True
    # Whether the cell's text is the export's own (digits, dates, words) and so never holds a NUL.
    own_text = False

    @property
    def value(self) -> ColumnElement[Any]:
        return self.clauses.clauses[0]


class TextCell(Cell):
    """Any text: a formula trigger or ' gets one leading ', then quoted if it must be."""

    inherit_cache = True


class PlainCell(Cell):
    """Text that needs no escaping and holds no NUL (enum values, escaped links): copied as it is."""

    inherit_cache = True
    own_text = True


class IntCell(Cell):
    """An integer in decimal; a negative number stays a number."""

    inherit_cache = True
    own_text = True


class BoolCell(Cell):
    """`yes` or `no`."""

    inherit_cache = True
    own_text = True


class DateCell(Cell):
    """A date as YYYY-MM-DD."""

    inherit_cache = True
    own_text = True


class TimeCell(Cell):
    """A stored naive-UTC datetime as csvcells.iso_time writes it: `...T12:00:00Z`, `...T12:00:00.500000Z`."""

    inherit_cache = True
    own_text = True


class TagNames(FunctionElement[str]):
    """A claim's tag names in name order, joined by TAG_SEPARATOR (NULL when it has none)."""

    type = String()
    inherit_cache = True
    # The link table the names come from, and its column the argument is compared with.
    link = claim_tags
    key = "claim_id"


class TagsCell(Cell):
    """The text cell of TagNames."""

    inherit_cache = True
    link = claim_tags
    key = "claim_id"


class ApprovedTagNames(TagNames):
    """The tag names a published verdict was approved with, given the verdict's id."""

    inherit_cache = True
    link = published_snapshot_tags
    key = "verdict_id"


class ApprovedTagsCell(TagsCell):
    """The text cell of ApprovedTagNames."""

    inherit_cache = True
    link = published_snapshot_tags
    key = "verdict_id"


class Line(FunctionElement[str]):
    """Cells joined by commas, ended with CRLF: one RFC 4180 record."""

    type = String()
    inherit_cache = True


def arguments_sql(compiler: Any, element: FunctionElement[Any], **kw: Any) -> list[str]:
    """Compile a construct's arguments."""
    kw.pop(_NO_NUL, None)
    return [compiler.process(clause, **kw) for clause in element.clauses.clauses]


def column_sql(compiler: Any, element: Cell, **kw: Any) -> str:
    """Compile a cell's value, which it repeats: a plain column, so repeating it costs nothing."""
    kw.pop(_NO_NUL, None)
    value = element.value
    inner = value.element if isinstance(value, Label) else value
    if not isinstance(inner, ColumnClause):
        raise TypeError(f"{type(element).__name__} repeats its value; give it a column, not {inner!r}")
    return compiler.process(value, **kw)


# SQLite ----------------------------------------------------------------------------------------

# Every trigger is below 'A', so one comparison settles most cells; GLOB stops at a NUL, so the
# NUL test comes first.
_SQLITE_RISKY = (
    "({x} < 'A' AND {x} > '' AND ({x} < char(1) OR {x} GLOB '[-=+@''' || char(9, 13, 10) || ']*'))"
)
# csv.writer quotes a field holding any of these. instr() looks past a NUL; LIKE is quicker but
# stops at one, so it serves only rows known to hold none (see _sqlite_line).
_SQLITE_QUOTED = "(instr({x}, ',') OR instr({x}, '\"') OR instr({x}, char(13)) OR instr({x}, char(10)))"
_SQLITE_QUOTED_NO_NUL = "({x} LIKE '%,%' OR {x} LIKE '%\"%' OR {x} LIKE '%' || char(13) || '%' OR {x} LIKE '%' || char(10) || '%')"


def sqlite_text(x: str, no_nul: bool = False) -> str:
    """SQLite SQL for the text cell of the expression x, which it repeats."""
    risky = _SQLITE_RISKY.format(x=x)
    quoted = (_SQLITE_QUOTED_NO_NUL if no_nul else _SQLITE_QUOTED).format(x=x)
    neutral = f"CASE WHEN {risky} THEN '''' || {x} ELSE {x} END"
    # NULL first, or SQLite calls all four tests on it.
    return (
        f"CASE WHEN {x} IS NULL THEN '' WHEN {quoted}"
        f" THEN '\"' || replace({neutral}, '\"', '\"\"') || '\"' WHEN {risky} THEN '''' || {x} ELSE {x} END"
    )


@compiles(TextCell, "sqlite")
def _sqlite_text_cell(element: TextCell, compiler: Any, **kw: Any) -> str:
    return sqlite_text(column_sql(compiler, element, **kw), kw.get(_NO_NUL, False))


@compiles(DateCell, "sqlite")
def _sqlite_date_cell(element: DateCell, compiler: Any, **kw: Any) -> str:
    # SQLAlchemy stores a date as YYYY-MM-DD text already.
    (x,) = arguments_sql(compiler, element, **kw)
    return f"coalesce({x}, '')"


@compiles(TimeCell, "sqlite")
def _sqlite_time_cell(element: TimeCell, compiler: Any, **kw: Any) -> str:
    # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff'; isoformat() leaves out a zero fraction.
    (x,) = arguments_sql(compiler, element, **kw)
    return f"coalesce(replace(replace({x}, ' ', 'T') || 'Z', '.000000Z', 'Z'), '')"


def _sqlite_any_nul(compiler: Any, cells: list[Any], **kw: Any) -> str:
    """SQL that is true when a row's text could hold a NUL, in any cell."""
    tests = []
    for cell in cells:
        if isinstance(cell, TagsCell):
            # Tags are few; the uncorrelated subquery runs once per statement.
            tags = compiler.preparer.format_table(Tag.__table__)
            tests.append(f"EXISTS (SELECT 1 FROM {tags} WHERE instr(name, char(0)))")  # noqa: S608
        elif isinstance(cell, TextCell):
            tests.append(f"instr({compiler.process(cell.value, **kw)}, char(0))")
        elif not getattr(cell, "own_text", False):
            tests.append(f"instr({compiler.process(cell, **kw)}, char(0))")
    return " OR ".join(tests) or "0"


@compiles(Line, "sqlite")
def _sqlite_line(element: Line, compiler: Any, **kw: Any) -> str:
    # printf() writes the line in one call where a chain of || copies it once per cell, and LIKE
    # beats instr(); but both stop at a NUL, so a row with one takes the || and instr() form.
    cells = list(element.clauses.clauses)
    chained = " || ',' || ".join(compiler.process(cell, **kw) for cell in cells)
    printed = ", ".join(compiler.process(cell, **{_NO_NUL: True}, **kw) for cell in cells)
    template = ",".join(["%s"] * len(cells))
    line = (
        f"CASE WHEN {_sqlite_any_nul(compiler, cells, **kw)} THEN {chained} || char(13, 10)"
        f" ELSE printf('{template}' || char(13, 10), {printed}) END"
    )
    # As a BLOB the line reaches Python as the UTF-8 bytes the response sends, never decoded.
    return f"CAST({line} AS BLOB)"


# PostgreSQL ------------------------------------------------------------------------------------

# ascii('') is 0, and PostgreSQL text cannot hold NUL: so 0 is no trigger here.
_PG_RISKY = f"ascii({{x}}) IN ({', '.join(str(code) for code in RISKY_CODES if code)})"


def pg_text(x: str) -> str:
    """PostgreSQL SQL for the text cell of the expression x, which it repeats."""
    risky = _PG_RISKY.format(x=x)
    neutral = f"CASE WHEN {risky} THEN '''' || {x} ELSE {x} END"
    return (
        f"CASE WHEN {x} ~ '[,\"\\r\\n]' THEN '\"' || replace({neutral}, '\"', '\"\"') || '\"'"
        f" WHEN {risky} THEN '''' || {x} ELSE coalesce({x}, '') END"
    )


@compiles(TextCell, "postgresql")
def _pg_text_cell(element: TextCell, compiler: Any, **kw: Any) -> str:
    return pg_text(column_sql(compiler, element, **kw))


@compiles(DateCell, "postgresql")
def _pg_date_cell(element: DateCell, compiler: Any, **kw: Any) -> str:
    (x,) = arguments_sql(compiler, element, **kw)
    return f"coalesce(to_char({x}, 'YYYY-MM-DD'), '')"


@compiles(TimeCell, "postgresql")
def _pg_time_cell(element: TimeCell, compiler: Any, **kw: Any) -> str:
    (x,) = arguments_sql(compiler, element, **kw)
    return f"coalesce(replace(to_char({x}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '.000000Z', 'Z'), '')"


@compiles(Line, "postgresql")
def _pg_line(element: Line, compiler: Any, **kw: Any) -> str:
    # One concat_ws() call joins every cell, where a chain of || would copy the line once per cell.
    return f"concat_ws(',', {', '.join(arguments_sql(compiler, element, **kw))}) || E'\\r\\n'"


# Both ------------------------------------------------------------------------------------------


@compiles(PlainCell)
def _plain_cell(element: PlainCell, compiler: Any, **kw: Any) -> str:
    (x,) = arguments_sql(compiler, element, **kw)
    return f"coalesce({x}, '')"


@compiles(IntCell)
def _int_cell(element: IntCell, compiler: Any, **kw: Any) -> str:
    (x,) = arguments_sql(compiler, element, **kw)
    return f"coalesce(CAST({x} AS TEXT), '')"


@compiles(BoolCell)
def _bool_cell(element: BoolCell, compiler: Any, **kw: Any) -> str:
    x = column_sql(compiler, element, **kw)
    return f"CASE WHEN {x} THEN 'yes' WHEN NOT {x} THEN 'no' ELSE '' END"


def _tags_query(compiler: Any, element: TagNames | TagsCell, wrap: Callable[[str], str], **kw: Any) -> str:
    """One claim's tag names, joined in name order by an aggregate that `wrap` turns into the result."""
    (owner_id,) = arguments_sql(compiler, element, **kw)
    link, tags = (compiler.preparer.format_table(t) for t in (element.link, Tag.__table__))
    names = f"{tags}.name AS name FROM {link} JOIN {tags} ON {tags}.id = {link}.tag_id WHERE {link}.{element.key} = {owner_id}"
    if compiler.dialect.name == "postgresql":
        joined = f"string_agg(name, '{TAG_SEPARATOR}' ORDER BY name)"
        return f"(SELECT {wrap(joined)} FROM (SELECT {names}) AS tag_names)"  # noqa: S608  (compiled SQL, no input)
    # SQLite before 3.44 has no ORDER BY in aggregates; group_concat() keeps the order of an
    # ordered subquery, which SQLite never flattens into an aggregate query.
    joined = f"group_concat(name, '{TAG_SEPARATOR}')"
    return f"(SELECT {wrap(joined)} FROM (SELECT {names} ORDER BY name))"  # noqa: S608  (compiled SQL, no input)


@compiles(TagNames)
@compiles(ApprovedTagNames)
def _tag_names(element: TagNames, compiler: Any, **kw: Any) -> str:
    return _tags_query(compiler, element, str, **kw)


@compiles(TagsCell)
@compiles(ApprovedTagsCell)
def _tags_cell(element: TagsCell, compiler: Any, **kw: Any) -> str:
    # The text cell repeats the aggregate; both databases compute identical aggregates once.
    if compiler.dialect.name == "postgresql":
        return _tags_query(compiler, element, pg_text, **kw)
    no_nul = kw.get(_NO_NUL, False)
    return _tags_query(compiler, element, lambda names: sqlite_text(names, no_nul), **kw)
