"""The login and logout pages and the users command."""

from __future__ import annotations

from sqlalchemy import select

from claims.models import Role, User
from tests.factories import PASSWORD, make_user


def test_login_form_has_the_agreed_fields(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page
    assert '<button type="submit" id="submit" name="submit" value="y">Log in</button>' in page
    assert '<label for="email">Email</label>' in page


def test_good_login_goes_to_the_review_desk_and_shows_logout(client, auth, users):
    response = auth.login_form(users[Role.REVIEWER])
    assert response.status_code == 302
    assert response.headers["Location"] == "/review/"
    home = client.get("/").get_data(as_text=True)
    assert "Log out" in home and 'href="/review/"' in home


def test_bad_password_and_unknown_email_give_the_same_answer(client, auth, users):
    wrong = auth.login_form(users[Role.EDITOR], password="not the password")
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "whatever123"})
    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        assert "Email or password is incorrect" in response.get_data(as_text=True)
    assert wrong.get_data(as_text=True).replace(users[Role.EDITOR].email, "X") == unknown.get_data(
        as_text=True
    ).replace("nobody@example.org", "X")


def test_typed_email_is_kept_on_error(client, auth, users):
    page = auth.login_form(users[Role.EDITOR], password="wrong-password").get_data(as_text=True)
    assert f'value="{users[Role.EDITOR].email}"' in page


def test_empty_fields_are_form_errors_not_500(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 200
    assert "field-error" in response.get_data(as_text=True)


def test_inactive_user_cannot_log_in(client, auth, session):
    user = make_user(session, Role.ADMIN, active=False)
    session.commit()
    response = auth.login_form(user)
    assert response.status_code == 200
    assert "Email or password is incorrect" in response.get_data(as_text=True)


def test_logout_logs_out(client, auth, users):
    auth.login_form(users[Role.ADMIN])
    response = client.post("/logout")
    assert response.status_code == 302
    assert "Log out" not in client.get("/").get_data(as_text=True)


def test_users_create_list_deactivate(runner, session):
    result = runner.invoke(
        args=["users", "create", "Ann@Example.org", "--role", "editor", "--name", "Ann", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "ann@example.org"))
    assert user.role is Role.EDITOR and user.display_name == "Ann" and user.check_password(PASSWORD)
    listed = runner.invoke(args=["users", "list"])
    assert "ann@example.org\tAnn\teditor\tactive" in listed.output
    token = user.session_token
    result = runner.invoke(args=["users", "deactivate", "ann@example.org"])
    assert result.exit_code == 0
    session.refresh(user)
    assert user.active is False and user.session_token != token
    assert "ann@example.org\tAnn\teditor\tinactive" in runner.invoke(args=["users", "list"]).output


def test_users_create_prompts_twice(runner, session):
    result = runner.invoke(
        args=["users", "create", "bo@example.org", "--role", "admin"],
        input="quartz lemming ferry 42\nquartz lemming ferry 42\n",
    )
    assert result.exit_code == 0, result.output
    assert "quartz" not in result.output
    assert session.scalar(select(User).where(User.email == "bo@example.org")).role is Role.ADMIN


def test_users_create_refuses_short_password_and_duplicates(runner, session):
    result = runner.invoke(
        args=["users", "create", "cy@example.org", "--role", "reviewer", "--password-stdin"],
        input="short77\n",
    )
    assert result.exit_code != 0
    assert "8 to 128 characters" in result.output
    assert session.scalar(select(User).where(User.email == "cy@example.org")) is None
    make_user(session, email="dup@example.org")
    session.commit()
    result = runner.invoke(
        args=["users", "create", "DUP@example.org", "--role", "admin", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code != 0 and "already exists" in result.output


def test_users_deactivate_unknown_email_fails(runner):
    result = runner.invoke(args=["users", "deactivate", "ghost@example.org"])
    assert result.exit_code != 0 and "no account" in result.output
