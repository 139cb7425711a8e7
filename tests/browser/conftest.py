"""Browser fixtures: Debian's Chromium driven by Playwright, and the app served from a thread."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
# Headless as root in a sandbox, with no network: no sandboxing, GPU or background fetches.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def browser() -> Iterator[Any]:
    """A headless Chromium; skipped with instructions where Debian's Chromium is not installed."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("browser tests need Debian's Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def serve(app: Flask) -> Iterator[str]:
    """Serve the app from a thread on a free port until the generator is closed."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """Real forms in the browser: CSRF on."""
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    """The app served from a thread on a free port."""
    yield from serve(app)


def shot(page: Any, folder: Path, name: str) -> None:
    """Save a full-page screenshot as folder/name.png."""
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def log_in(page: Any, base: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form and check it worked."""
    page.goto(base + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, "login failed"
