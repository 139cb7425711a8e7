"""URL converters that keep every id in a URL within the database's integer range."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

# The id columns are 32-bit integers on PostgreSQL; a larger id can name nothing.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` that matches only ids the database can hold, so a huge one is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]  # noqa: A002
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_routing(app: Flask) -> None:
    """Use IdConverter for every `<int:...>` in the app's routes (register before the blueprints)."""
    app.url_map.converters["int"] = IdConverter
