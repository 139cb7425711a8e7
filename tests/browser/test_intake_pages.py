"""Intake in Chromium: the suggestions panel, a claim made from a suggestion, and a same-claim link."""

from __future__ import annotations

from claims.demo.loader import load_demo
from claims.models import Role
from tests.browser.conftest import log_in, shot
from tests.factories import make_article, make_user

BODY = (
    "Officials said on Monday that about 10 million Uyghurs live in the region. "
    "The ministry did not reply to questions."
)


def test_suggest_make_and_link_a_claim(browser, live_url, session, tmp_path):
    demo = load_demo(session).article
    make_user(session, Role.REVIEWER, email="rita@example.org", display_name="Rita Reviewer")
    article = make_article(session, body=BODY, headline="Census row flares again")
    session.commit()
    demo_id, article_id = demo.id, article.id
    session.close()  # the server thread writes to the same database: hold no transaction open
    shots = tmp_path / "screens"
    shots.mkdir()

    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_url, "rita@example.org")

    page.goto(f"{live_url}/review/articles/{demo_id}")
    assert page.locator("li.suggestion").count() == 15
    assert page.locator("li.suggestion a.existing-claim").count() >= 9
    shot(page, shots, "01-demo-article-suggestions")

    page.goto(f"{live_url}/review/articles/{article_id}")
    page.locator("li.suggestion a.make-suggested").first.click()
    assert page.input_value("#quote").startswith("Officials said on Monday that about 10 million Uyghurs")
    page.fill("#restated", "About 10 million Uyghurs live in the region.")
    page.fill("#claimant", "Officials")
    page.click("text=Save the claim")
    first_match = page.locator("li.match").first
    assert "China has roughly 10 million Uighurs." in first_match.inner_text()
    shot(page, shots, "02-new-claim-matches")

    first_match.get_by_role("button", name="Same claim").click()
    page.wait_for_load_state()
    assert "This claim was checked before:" in page.inner_text("main")
    assert "Mostly true" in page.inner_text(".earlier-verdict")
    shot(page, shots, "03-linked-claim")

    page.goto(f"{live_url}/review/articles/{demo_id}")
    page.locator("a.existing-claim", has_text="roughly 10 million Uighurs").first.click()
    assert page.locator("li.figure-check .badge-within").count() == 1
    assert page.locator("li.figure-check .badge-outside").count() == 1
    shot(page, shots, "04-claim-figures")
    assert errors == []
