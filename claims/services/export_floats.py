"""Float cells built by the database, exactly as Python's repr() writes the float.

repr() writes the fewest significant digits that read back as the same double (the nearest such
decimal when there are several), positionally from 1e-4 up to below 1e16 with '.0' on integral
values, otherwise as d.ddde+XX. Neither database's own float text is that: SQLite's printf
is not correctly rounded past 15 digits, and PostgreSQL's shortest form leaves out a decimal
lying exactly halfway to the next double, which repr() takes when it rounds back half to even.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles

from claims.services.export_sql import Cell, arguments_sql, column_sql


class FloatCell(Cell):
    """A float as Python's repr() writes it: `0.1`, `100.0`, `1e+16`, `-2.5e-05`, `inf`, `nan`."""

    inherit_cache = True
    own_text = True


def _float_repr(value: float | None) -> str | None:
    return None if value is None else repr(float(value))


def register_sqlite_functions(dbapi_connection: Any) -> None:
    """Give a SQLite connection csv_float(): repr() itself, which no SQLite SQL can match exactly."""
    dbapi_connection.create_function("csv_float", 1, _float_repr, deterministic=True)


@compiles(FloatCell, "sqlite")
def _sqlite_float_cell(element: FloatCell, compiler: Any, **kw: Any) -> str:
    (x,) = arguments_sql(compiler, element, **kw)
    return f"coalesce(csv_float({x}), '')"


def _pg_digits(x: str, n: int | str) -> str:
    """x in scientific notation, correctly rounded to n significant digits (the C library's printf)."""
    pattern = f"'9.{'9' * (n - 1)}EEEE'" if isinstance(n, int) else f"'9.' || repeat('9', {n} - 1) || 'EEEE'"
    return f"to_char({x}, {pattern})"


def _pg_reads_back(text: str, x: str) -> str:
    """Whether the decimal text reads back as x (above the largest double it would raise an error)."""
    return (
        f"CASE WHEN abs(CAST({text} AS NUMERIC)) > CAST('1.7976931348623157e308' AS NUMERIC) THEN false"
        f" ELSE CAST({text} AS DOUBLE PRECISION) = {x} END"
    )


def _pg_shortest(x: str) -> str:
    """The fewest significant digits that read back as x, as PostgreSQL's to_char() writes them."""
    # Every decimal of at most 15 digits reads back exactly, so for a normal double 15 digits
    # settle the short cases (zeros stripped later); subnormals hold fewer digits and are searched.
    search = (
        f"(SELECT {_pg_digits(x, 'n')} FROM generate_series(1, 17) AS n"  # noqa: S608  (compiled SQL, no input)
        f" WHERE {_pg_reads_back(_pg_digits(x, 'n'), x)} ORDER BY n LIMIT 1)"
    )
    steps = []
    for n in (15, 16):
        for text in (_pg_digits(x, n), _pg_digits_up(x, n)):
            steps.append(f" WHEN {_pg_reads_back(text, x)} THEN {text}")
    return (
        f"CASE WHEN abs({x}) < CAST('2.2250738585072014e-308' AS DOUBLE PRECISION) THEN {search}"
        + "".join(steps)
        + f" ELSE {_pg_digits(x, 17)} END"
    )


def _pg_digits_up(x: str, n: int) -> str:
    """The n-digit decimal next above x's nearest one in magnitude.

    At a power of two the doubles below lie twice as close as those above, so the nearest
    n-digit decimal can read back as the double below while the next one up reads back as x:
    repr(2**-24) is 5.960464477539063e-08, not the nearer ...062e-08.
    """
    nearest = _pg_digits(x, n)
    # '1e-23' read as NUMERIC is exact, where power(10, -23) is rounded to its default scale.
    step = f"CAST('1e' || (CAST(split_part({nearest}, 'e', 2) AS INTEGER) - {n - 1}) AS NUMERIC)"
    up = f"CAST({nearest} AS NUMERIC) + CASE WHEN {x} < 0 THEN -1 ELSE 1 END * {step}"
    return f"to_char({up}, '9.{'9' * (n - 1)}EEEE')"


# repr() layout from the sign, the significant digits d and the decimal exponent e.
_PG_REPR = (
    "sign || CASE WHEN e < -4 OR e >= 16 THEN left(d, 1) || CASE WHEN length(d) > 1 THEN '.' || substr(d, 2)"
    " ELSE '' END || 'e' || CASE WHEN e < 0 THEN '-' ELSE '+' END || CASE WHEN abs(e) < 10 THEN '0' ELSE '' END"
    " || CAST(abs(e) AS TEXT) WHEN e < 0 THEN '0.' || repeat('0', -e - 1) || d"
    " WHEN length(d) <= e + 1 THEN d || repeat('0', e + 1 - length(d)) || '.0'"
    " ELSE left(d, e + 1) || '.' || substr(d, e + 2) END"
)


@compiles(FloatCell, "postgresql")
def _pg_float_cell(element: FloatCell, compiler: Any, **kw: Any) -> str:
    x = column_sql(compiler, element, **kw)
    # OFFSET 0 keeps each step a subquery evaluated once, not pasted into every use of its columns.
    parts = (
        f"SELECT CASE WHEN {x} < 0 THEN '-' ELSE '' END AS sign,"  # noqa: S608  (compiled SQL, no input)
        " rtrim(replace(split_part(ltrim(t, ' -'), 'e', 1), '.', ''), '0') AS d,"
        f" CAST(split_part(t, 'e', 2) AS INTEGER) AS e FROM (SELECT {_pg_shortest(x)} AS t OFFSET 0) AS digits"
        " OFFSET 0"
    )
    special = "CAST('{}' AS DOUBLE PRECISION)"
    return (
        f"CASE WHEN {x} IS NULL THEN '' WHEN {x} = {special.format('NaN')} THEN 'nan'"  # noqa: S608
        f" WHEN {x} = {special.format('Infinity')} THEN 'inf' WHEN {x} = {special.format('-Infinity')} THEN '-inf'"
        f" WHEN {x} = 0 THEN CASE WHEN left(CAST({x} AS TEXT), 1) = '-' THEN '-0.0' ELSE '0.0' END"
        f" ELSE (SELECT {_PG_REPR} FROM ({parts}) AS parts) END"
    )
