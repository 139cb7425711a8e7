"""Forms of the export pages: the GET filter form (no CSRF) and the two import steps."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired, FileSize, MultipleFileField
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from claims.forms import FlaskForm, WholeNumberField
from claims.models import ClaimStatus, RatingLevel
from claims.services.claim_filters import MAX_QUERY_LENGTH, ClaimFilters

# Imports run as background jobs, so the limit is about memory, not request time: 100,000 rows
# of claims.csv with every column fit.
IMPORT_MAX_MB = 64
IMPORT_MAX_BYTES = IMPORT_MAX_MB * 1024 * 1024


def no_nul(_form: FlaskForm, field: StringField) -> None:
    """Refuse a NUL byte: no stored text holds one, and PostgreSQL cannot even compare with it.

    :raises ValidationError: the value holds a NUL.
    """
    if field.data and "\x00" in field.data:
        raise ValidationError("This must be plain text (it holds a NUL byte).")


class FilterForm(FlaskForm):
    """The claim list's filters, read from the query string."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = StringField("Search text", validators=[Optional(), Length(max=MAX_QUERY_LENGTH), no_nul])
    status = SelectField("Status", choices=[SelectChoice("", "Any status")], default="", validate_choice=True)
    rating = SelectField("Rating", choices=[SelectChoice("", "Any rating")], default="", validate_choice=True)
    tag = StringField("Tag", validators=[Optional(), Length(max=80), no_nul])
    claimant = StringField("Claimant contains", validators=[Optional(), Length(max=200), no_nul])
    article = WholeNumberField("Article id", validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    reviewer = WholeNumberField("Reviewer (user id)", validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    date_from = DateField("Claim date from", validators=[Optional()])
    date_to = DateField("Claim date to", validators=[Optional()])

    def __init__(self, session: Session, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [SelectChoice("", "Any status")] + [
            SelectChoice(s.value, s.label) for s in ClaimStatus
        ]
        levels = session.execute(select(RatingLevel).order_by(RatingLevel.scale_id, RatingLevel.position))
        self.rating.choices = [SelectChoice("", "Any rating")] + [
            SelectChoice(str(lv.id), lv.label) for lv in levels.scalars()
        ]

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")

    def to_filters(self) -> ClaimFilters:
        """Return the validated filters."""
        return ClaimFilters(
            q=(self.q.data or "").strip(),
            status=ClaimStatus(self.status.data) if self.status.data else None,
            rating=int(self.rating.data) if self.rating.data else None,
            tag=(self.tag.data or "").strip(),
            claimant=(self.claimant.data or "").strip(),
            article=self.article.data,
            reviewer=self.reviewer.data,
            date_from=self.date_from.data,
            date_to=self.date_to.data,
        )

    def errors_text(self) -> str:
        """Return every field error as one line, for a 400 page."""
        return "; ".join(f"{self[name].label.text}: {', '.join(errs)}" for name, errs in self.errors.items())


class ImportUploadForm(FlaskForm):
    """Step one: upload a CSV in claims.csv's columns and check it."""

    file = FileField(
        "CSV file (the columns of claims.csv)",
        validators=[
            FileRequired("Choose a CSV file."),
            FileSize(IMPORT_MAX_BYTES, message=f"The file is over {IMPORT_MAX_MB} MB."),
        ],
    )
    submit = SubmitField("Check")


class ClaimReviewUploadForm(FlaskForm):
    """Step one for other fact-checkers' verdicts: ClaimReview JSON, JSON-LD or whole HTML pages."""

    files = MultipleFileField(
        "ClaimReview files (.json, .jsonld, .html)",
        validators=[
            FileRequired("Choose one or more files."),
            FileSize(IMPORT_MAX_BYTES, message=f"A file is over {IMPORT_MAX_MB} MB."),
        ],
    )
    submit = SubmitField("Check")


class ImportConfirmForm(FlaskForm):
    """Step two: import the checked file (the token names the checked job)."""

    token = HiddenField(validators=[DataRequired(), Length(max=64)])
    submit = SubmitField("Import")


class ExportJobForm(FlaskForm):
    """Prepare a large export in the background; the filters come from the query string."""

    what = SelectField(
        choices=[SelectChoice("claims", "Claims"), SelectChoice("evidence", "Evidence")], validate_choice=True
    )
    bom = HiddenField()
    submit = SubmitField("Prepare the file")
