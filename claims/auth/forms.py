"""Login and logout forms."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import InputRequired, Length

from claims.models.user import MAX_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    """Email and password; the field names are relied on by browser tests."""

    email = EmailField("Email", validators=[InputRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    submit = SubmitField("Log in")


class LogoutForm(FlaskForm):
    """An empty form: logging out is a POST carrying a CSRF token."""

    submit = SubmitField("Log out")
