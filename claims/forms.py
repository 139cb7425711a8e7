"""The base of every form in the app, reading only what a browser posts, and its number field."""

from __future__ import annotations

import re
from typing import Any

import flask_wtf
from flask import request
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import FileField, IntegerField

# NumberRange, which sets each field's real bounds, converts to float (math.isnan): past about
# 308 digits that overflows. Up to 300, an absurd number still gets NumberRange's own message.
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,300}")


class FlaskForm(flask_wtf.FlaskForm):
    """Flask-WTF's form, except that posted values come from the form body only: text fields get
    text from `request.form`, file fields get uploads from `request.files`, and a JSON body is no
    form data at all.

    Flask-WTF also fills a form from a JSON body, and hands a text field an upload sent under its
    name. Either gives a field a number, a list or a FileStorage where its validators expect text,
    and they fail with a 500 instead of an error next to the field.
    """

    class Meta:
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            # Flask-WTF's default argument means "read the request"; anything with getlist (or
            # None) was passed in by the view, like the filter form's request.args.
            if formdata is None or hasattr(formdata, "getlist"):
                return formdata
            if not form.is_submitted():
                return None
            file_fields = [field.name for field in form if isinstance(field, FileField)]
            uploads = MultiDict([(name, up) for name in file_fields for up in request.files.getlist(name)])
            if uploads:
                return CombinedMultiDict([uploads, request.form])
            return request.form or None


class WholeNumberField(IntegerField):
    """WTForms' IntegerField, taking only ASCII digits, at most 300 of them.

    int() also reads "١٢", "1_000" and numbers thousands of digits long, on which NumberRange
    fails with an OverflowError. Here they are a field error.
    """

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        raw = valuelist[0].strip() if isinstance(valuelist[0], str) else ""
        if not _WHOLE_NUMBER.fullmatch(raw):
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))
        self.data = int(raw)
