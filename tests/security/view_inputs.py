"""What a view reads: the forms its code names, and the query arguments and form fields it reads
while it answers a request, recorded as it reads them."""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Callable, Iterator
from types import CodeType, FunctionType
from typing import Any

from flask import Flask, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property
from wtforms import FileField

# The view's code, and the code of our helpers it calls, name the forms it builds.


def _code_names(code: CodeType) -> Iterator[str]:
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from _code_names(const)


def view_forms(view: Callable[..., Any]) -> set[type[FlaskForm]]:
    """The FlaskForm classes a view, or a function of this app's that it calls, refers to."""
    found: set[type[FlaskForm]] = set()
    seen: set[CodeType] = set()

    def walk(func: Callable[..., Any]) -> None:
        func = inspect.unwrap(func)
        if not isinstance(func, FunctionType) or func.__code__ in seen:
            return
        seen.add(func.__code__)
        for name in _code_names(func.__code__):
            obj = func.__globals__.get(name)
            if isinstance(obj, type) and issubclass(obj, FlaskForm):
                found.add(obj)
            elif isinstance(obj, FunctionType) and obj.__module__.startswith("claims."):
                walk(obj)

    walk(view)
    return found


def form_fields(form: type[FlaskForm]) -> dict[str, bool]:
    """The form's field names, each with whether it takes files."""
    unbound = {name: getattr(form, name) for name in dir(form) if not name.startswith("_")}
    return {
        name: issubclass(value.field_class, FileField)
        for name, value in unbound.items()
        if hasattr(value, "_formfield")
    }


# Which query arguments and form fields a view really reads, recorded as it reads them.
READS: dict[str, set[tuple[str, str]]] = defaultdict(set)


class _Recorded(ImmutableMultiDict):  # type: ignore[type-arg]
    kind = ""

    def _saw(self, key: Any) -> None:
        READS[request.endpoint or ""].add((self.kind, str(key)))

    def __contains__(self, key: object) -> bool:
        self._saw(key)
        return super().__contains__(key)

    def __getitem__(self, key: Any) -> Any:
        self._saw(key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None, type: Any = None) -> Any:  # noqa: A002
        self._saw(key)
        return super().get(key, default, type)

    def getlist(self, key: Any, type: Any = None) -> list[Any]:  # noqa: A002
        self._saw(key)
        return super().getlist(key, type)


class _RecordedArgs(_Recorded):
    kind = "query"


class _RecordedForm(_Recorded):
    kind = "form"


def record_reads(app: Flask) -> None:
    """Make the app's requests record every query argument and form field read, in READS."""
    base = app.request_class

    class RecordingRequest(base):  # type: ignore[valid-type, misc]
        parameter_storage_class = _RecordedForm

        @cached_property
        def args(self) -> Any:
            return _RecordedArgs(base.args.fget(self))  # type: ignore[attr-defined]

    app.request_class = RecordingRequest
