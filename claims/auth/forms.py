"""Login, logout and change-password forms."""

from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from claims.forms import FlaskForm
from claims.models.user import MAX_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    """Email and password; the field names are relied on by browser tests."""

    email = EmailField("Email", validators=[InputRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    submit = SubmitField("Log in")


class LogoutForm(FlaskForm):
    """An empty form: logging out is a POST carrying a CSRF token."""

    submit = SubmitField("Log out")


class ChangePasswordForm(FlaskForm):
    """The current password, then the new one twice; the strength rules are the service's."""

    current_password = PasswordField(
        "Current password", validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    new_password = PasswordField(
        "New password", validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    confirm_password = PasswordField(
        "New password again",
        validators=[InputRequired(), EqualTo("new_password", message="The two new passwords differ.")],
    )
    submit = SubmitField("Change password")
