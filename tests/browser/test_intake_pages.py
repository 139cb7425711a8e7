"""Intake in Chromium: the suggestions panel, a claim made from a suggestion, and a same-claim link."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from claims.demo.loader import load_demo
from claims.models import Role
from tests.factories import PASSWORD, make_article, make_user

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM), reason="needs Debian's Chromium: apt-get install chromium"
    ),
]


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """Real forms in the browser: CSRF on."""
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_url(app: Any) -> Iterator[str]:
    """Serve the app from a thread on a free port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def _shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _log_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, "login failed"


BODY = (
    "Officials said on Monday that about 10 million Uyghurs live in the region. "
    "The ministry did not reply to questions."
)


def test_suggest_make_and_link_a_claim(live_url, session, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    demo = load_demo(session).article
    make_user(session, Role.REVIEWER, email="rita@example.org", display_name="Rita Reviewer")
    article = make_article(session, body=BODY, headline="Census row flares again")
    session.commit()
    demo_id, article_id = demo.id, article.id
    session.close()  # the server thread writes to the same database: hold no transaction open
    shots = tmp_path / "screens"
    shots.mkdir()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        _log_in(page, live_url, "rita@example.org")

        page.goto(f"{live_url}/review/articles/{demo_id}")
        assert page.locator("li.suggestion").count() == 15
        assert page.locator("li.suggestion a.existing-claim").count() >= 9
        _shot(page, shots, "01-demo-article-suggestions")

        page.goto(f"{live_url}/review/articles/{article_id}")
        page.locator("li.suggestion a.make-suggested").first.click()
        assert page.input_value("#quote").startswith("Officials said on Monday that about 10 million Uyghurs")
        page.fill("#restated", "About 10 million Uyghurs live in the region.")
        page.fill("#claimant", "Officials")
        page.click("text=Save the claim")
        first_match = page.locator("li.match").first
        assert "China has roughly 10 million Uighurs." in first_match.inner_text()
        _shot(page, shots, "02-new-claim-matches")

        first_match.get_by_role("button", name="Same claim").click()
        page.wait_for_load_state()
        assert "This claim was checked before:" in page.inner_text("main")
        assert "Mostly true" in page.inner_text(".earlier-verdict")
        _shot(page, shots, "03-linked-claim")

        page.goto(f"{live_url}/review/articles/{demo_id}")
        page.locator("a.existing-claim", has_text="roughly 10 million Uighurs").first.click()
        assert page.locator("li.figure-check .badge-within").count() == 1
        assert page.locator("li.figure-check .badge-outside").count() == 1
        _shot(page, shots, "04-claim-figures")
        browser.close()
    assert errors == []
