"""The whole review story in Chromium: a reviewer adds an article, makes a claim from a passage,
adds evidence and proposes a verdict; an editor approves it and it shows on the home page."""

from __future__ import annotations

from claims.models import Role
from tests.browser.conftest import log_in, shot
from tests.factories import BODY, make_user


def test_review_story(browser, live_url, session, tmp_path):
    make_user(session, Role.REVIEWER, email="rita@example.org", display_name="Rita Reviewer")
    make_user(session, Role.EDITOR, email="ed@example.org", display_name="Ed Editor")
    session.commit()
    reviewer_email, editor_email = "rita@example.org", "ed@example.org"
    session.close()  # the server thread writes to the same database: hold no transaction open
    shots = tmp_path / "screens"
    shots.mkdir()

    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_url, reviewer_email)
    page.goto(live_url + "/review/")
    shot(page, shots, "01-dashboard")

    page.click("main >> text=Add an article")
    page.fill("#headline", "Xinjiang census row")
    page.fill("#outlet", "Example Times")
    page.fill("#url", "https://news.example/xinjiang")
    page.fill("#body", BODY)
    shot(page, shots, "02-add-article")
    page.click("text=Add the article")
    assert page.locator(".sentence").count() == 3
    shot(page, shots, "03-article-workspace")

    page.locator("a.make-claim").first.click()
    assert page.input_value("#quote") == "Human rights groups say the region has roughly 10 million Uighurs."
    page.fill("#restated", "Xinjiang has about 10 million Uighurs.")
    page.fill("#claimant", "Human rights groups")
    page.fill("#tags", "population, China")
    shot(page, shots, "04-new-claim")
    page.click("text=Save the claim")
    assert "Xinjiang has about 10 million Uighurs." in page.inner_text("h1")

    for title, stance in [("China census 2010", "refutes"), ("Amnesty report", "supports")]:
        page.click("text=Add evidence")
        page.fill("#url", "https://stats.example.org/" + stance)
        page.fill("#title", title)
        page.select_option("#stance", stance)
        shot(page, shots, f"05-evidence-{stance}")
        page.click("text=Save the evidence")
    assert page.locator(".evidence").count() == 2
    shot(page, shots, "06-claim-workspace")

    page.click("text=Write a verdict")
    page.select_option("#rating_level_id", label="Mostly true")
    page.fill("#conclusion", "The census counts about 10 million.")
    page.fill("#explanation", "China's 2010 census counted 10,069,346 Uighurs.")
    shot(page, shots, "07-verdict")
    page.click("text=Save and submit for approval")
    assert "Waiting for an editor" in page.content()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()

    page = browser.new_context().new_page()
    log_in(page, live_url, editor_email)
    page.goto(live_url + "/review/")
    page.click("#awaiting-h ~ ul >> text=Xinjiang has about 10 million Uighurs.")
    shot(page, shots, "08-approval")
    page.click("text=Approve and publish")
    page.goto(live_url + "/")
    shot(page, shots, "09-home")
    assert "The census counts about 10 million." in page.content()
    assert "Mostly true" in page.inner_text("main")
    assert errors == []
    assert len(list(shots.iterdir())) == 10
