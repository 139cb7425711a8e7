"""Forms for the review pages. Each maps to a table's columns, with their lengths as limits."""

from __future__ import annotations

import math
from typing import Any

from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from claims.forms import FlaskForm, WholeNumberField
from claims.models import ClaimStatus, Stance, UnsafeURL, check_http_url

LONG_TEXT = 100_000  # explanations, passages, comments: generous, but a bound
BODY_TEXT = 500_000  # a whole article


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _newlines(value: Any) -> Any:
    # Browsers send textarea line breaks as CRLF; article bodies and quotes are compared as LF.
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def plain_text(multiline: bool = False):  # type: ignore[no-untyped-def]
    """Refuse control characters (NUL, escapes); line breaks and tabs only in multi-line fields."""
    allowed = {"\n", "\t"} if multiline else set()

    def check(_form: Any, field: Any) -> None:
        if any((ord(ch) < 0x20 or ord(ch) == 0x7F) and ch not in allowed for ch in field.data or ""):
            raise ValidationError("This field may not contain control characters.")

    return check


def http_url(_form: Any, field: Any) -> None:
    """Accept only absolute http(s) links."""
    if field.data:
        try:
            field.data = check_http_url(field.data)
        except UnsafeURL as error:
            raise ValidationError(f"Not a safe link: {error}.") from error


def finite(_form: Any, field: Any) -> None:
    """Refuse nan, infinity and absurdly large figures."""
    if field.data is not None and (not math.isfinite(field.data) or abs(field.data) >= 1e15):
        raise ValidationError("Give an ordinary number.")


class TolerantInt(HiddenField):
    """A hidden number (a version, an offset); bad input reads as missing rather than as an error nobody sees."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = valuelist[0] if valuelist else ""
        ok = isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 15
        self.data = int(raw) if ok else None

    def set(self, value: int | None) -> None:
        """Set the value the field renders, replacing what was posted."""
        self.data, self.raw_data = value, [str(value)]


def text(label: str, length: int, required: bool = True, **kw: Any) -> StringField:
    first = DataRequired() if required else Optional()
    return StringField(label, [first, Length(max=length), plain_text()], filters=[_strip], **kw)


def area(label: str, length: int = LONG_TEXT, required: bool = False) -> TextAreaField:
    first = DataRequired() if required else Optional()
    return TextAreaField(label, [first, Length(max=length), plain_text(True)], filters=[_newlines, _strip])


def url_field(label: str, required: bool) -> StringField:
    first = DataRequired() if required else Optional()
    return StringField(label, [first, Length(max=2000), http_url], filters=[_strip])


def date_field(label: str) -> DateField:
    return DateField(label, [Optional()])


class ArticleForm(FlaskForm):
    headline = text(
        "Headline", 300, required=False, description="Leave empty to take the first line of the text."
    )
    outlet = text("Outlet", 200)
    byline = text("Byline", 200, required=False)
    url = url_field("Link to the article", required=False)
    published_on = date_field("Publication date")
    body = TextAreaField(
        "Article text", [DataRequired(), Length(max=BODY_TEXT), plain_text(True)], filters=[_newlines, _strip]
    )
    strip_furniture = BooleanField(
        "Remove captions, cross-links and related-story lists from the pasted text"
    )
    submit = SubmitField("Add the article")


def _tag_names(raw: str | None) -> list[str]:
    names: list[str] = []
    for part in (raw or "").split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def tag_list(_form: Any, field: Any) -> None:
    """Each comma-separated tag fits the tags table."""
    if any(len(name) > 80 for name in _tag_names(field.data)):
        raise ValidationError("Each tag may be at most 80 characters long.")


class ClaimForm(FlaskForm):
    quote = TextAreaField(
        "Exact quote from the article",
        [DataRequired(), Length(max=20_000), plain_text(True)],
        filters=[_newlines, _strip],
    )
    span_start = TolerantInt()
    restated = text(
        "The claim, restated as one sentence", 300, description="Search engines advise under 75 characters."
    )
    claimant = text("Who made the claim", 200)
    claimed_on = date_field("When it was claimed")
    tags = StringField(
        "Tags (comma-separated)", [Optional(), Length(max=2000), plain_text(), tag_list], filters=[_strip]
    )
    submit = SubmitField("Save the claim")

    def tag_names(self) -> list[str]:
        """Return the tags typed, tidied and without duplicates."""
        return _tag_names(self.tags.data)

    def claim_values(self) -> dict[str, Any]:
        """Return what the claim services take from this form, by their argument names."""
        return {
            "quote": self.quote.data,
            "start": self.span_start.data,
            "restated": self.restated.data,
            "claimant": self.claimant.data,
            "claimed_on": self.claimed_on.data,
            "tags": self.tag_names(),
        }


class EditClaimForm(ClaimForm):
    version = TolerantInt()


class EvidenceForm(FlaskForm):
    url = url_field("Link to the source", required=True)
    title = text("Title", 300)
    publisher = text("Publisher", 200, required=False)
    published_on = date_field("Published on")
    accessed_on = date_field("Accessed on")
    passage = area("Passage quoted from the source")
    stance = SelectField("Stance", choices=[SelectChoice(s.value, s.value.capitalize()) for s in Stance])
    is_primary = BooleanField("Primary source (the original data or document)")
    reference_value = FloatField(
        "Reference figure",
        [Optional(), finite],
        description="The figure this source reports, e.g. 10069346; the claim page compares the "
        "claim's figure with it and says whether it is within the claim's hedge.",
    )
    reference_unit = text(
        "Unit of the figure",
        80,
        required=False,
        description="What is counted or measured, as in the claim: Uighurs, percent, km2. "
        "Leave empty to compare with every figure in the claim.",
    )
    reference_year = WholeNumberField(
        "Year of the figure",
        [Optional(), NumberRange(min=1, max=9999)],
        description="The year the figure refers to (a census year, say), shown with the comparison.",
    )
    version = TolerantInt()
    submit = SubmitField("Save the evidence")


class WithdrawForm(FlaskForm):
    reason = text("Why it is withdrawn", 2000)
    version = TolerantInt()
    submit = SubmitField("Withdraw")


class MoveForm(FlaskForm):
    target = SelectField("Move to", choices=[SelectChoice(s.value, s.label) for s in ClaimStatus])
    version = TolerantInt()


class NotCheckableForm(FlaskForm):
    reason = area("Why it cannot be checked", 5000, required=True)
    version = TolerantInt()
    submit = SubmitField("Mark not checkable")


class AssignForm(FlaskForm):
    assignee = SelectField("Assign to", coerce=int)
    version = TolerantInt()
    submit = SubmitField("Assign")


class CommentForm(FlaskForm):
    body = area("Comment (internal, never public)", 10_000, required=True)
    submit = SubmitField("Add comment")


def _optional_int(value: Any) -> int | None:
    return None if value in (None, "", "None") else int(value)


class VerdictForm(FlaskForm):
    rating_level_id = SelectField("Rating", coerce=_optional_int)
    conclusion = text("Conclusion (one line)", 300, required=False)
    explanation = area("Explanation")
    version = TolerantInt()
    save = SubmitField("Save draft")
    submit_for_approval = SubmitField("Save and submit for approval")


class ApproveForm(FlaskForm):
    correction_note = area("Correction note (public: what changed and why)", 10_000)
    version = TolerantInt()
    # What the page showed would be published (services.verdicts.approval_fingerprint).
    seen = HiddenField()
    submit = SubmitField("Approve and publish")


class ReturnForm(FlaskForm):
    comment = area("What needs to change", 10_000, required=True)
    version = TolerantInt()
    submit = SubmitField("Send back to the author")


class LevelForm(FlaskForm):
    label = text("Label", 60)
    definition = area("Public definition", 5000, required=True)
    value = WholeNumberField(
        "Value (1 = worst; empty for levels that judge no truth)", [Optional(), NumberRange(1, 1000)]
    )
    colour = StringField(
        "Colour (#rrggbb)",
        [DataRequired(), Regexp(r"^#[0-9a-fA-F]{6}$", message="Write the colour as #rrggbb.")],
        filters=[_strip],
    )
    fingerprint = HiddenField()
    submit = SubmitField("Save the level")


class SameClaimForm(FlaskForm):
    """The hidden values behind a "same claim" button: which earlier claim, and the version seen."""

    earlier_id = TolerantInt()
    version = TolerantInt()


class ButtonForm(FlaskForm):
    """An empty form: the CSRF token for a POST-only button."""


def sentence(message: str) -> str:
    """Turn a service's refusal ("the quote is empty") into a sentence to show."""
    message = message.strip().rstrip(".")
    return message[:1].upper() + message[1:] + "."
