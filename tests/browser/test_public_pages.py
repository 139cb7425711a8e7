"""Public pages in headless Chromium: axe-core finds no serious or critical problems, screenshots at
desktop and phone widths, and the CSP stops an injected inline script (security row 20)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from claims.demo.loader import load_demo
from claims.extensions import db
from claims.public.links import claim_ref
from claims.services.publication import latest_published
from tests.browser.conftest import serve

AXE_VERSION = "4.10.3"
NODE_DIR = Path(__file__).parent.parent / ".node"
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed once with npm into tests/.node (ignored by git)."""
    script = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    marker = NODE_DIR / f"axe-{AXE_VERSION}"
    if not marker.exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is needed to install axe-core: install Node.js and npm (apt-get install npm)")
        NODE_DIR.mkdir(exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(NODE_DIR),
                f"axe-core@{AXE_VERSION}",
            ],
            check=True,
            capture_output=True,
        )
        marker.touch()
    return script.read_text(encoding="utf-8")


@pytest.fixture
def live_app(app: Flask) -> Iterator[str]:
    """The app with the demo loaded and two test-only pages, served from a thread on a free port."""

    def injected() -> str:
        return "<!doctype html><title>t</title><p id=p>x</p><script>window.injected = 'ran'</script>"

    def injected_without_csp():  # type: ignore[no-untyped-def]
        return injected(), 200, {"Content-Security-Policy": "script-src 'unsafe-inline'"}

    app.add_url_rule("/test-only/injected", "injected", injected)
    app.add_url_rule("/test-only/injected-no-csp", "injected_no_csp", injected_without_csp)
    load_demo(db.session)
    db.session.commit()
    yield from serve(app)


def _public_paths() -> list[str]:
    claim, _ = latest_published(db.session)[0]
    paths = [
        "/",
        "/claims",
        "/claims?q=census",
        f"/claims/{claim_ref(claim)}",
        f"/articles/{claim.article_id}",
        "/ratings",
        "/corrections",
    ]
    # End the read transaction: SQLite transactions here take the write lock, which the server needs.
    db.session.rollback()
    return paths


def test_public_pages_pass_axe_and_look_right(browser, live_app, axe_source, tmp_path):
    failures = []
    paths = _public_paths()
    for name, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for n, path in enumerate(paths):
            response = page.goto(live_app + path)
            assert response is not None and response.status == 200, path
            assert page.locator("main h1").count() == 1, path
            page.evaluate(axe_source + "\n;true")
            result = page.evaluate("async () => (await axe.run(document)).violations")
            for violation in result:
                if violation["impact"] in ("serious", "critical"):
                    failures.append((width, path, violation["id"], violation["help"]))
            page.screenshot(path=str(tmp_path / f"{name}-{n}.png"), full_page=True)
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{path} scrolls sideways at {width}px"
        context.close()
    assert not failures, failures
    assert len(list(tmp_path.glob("*.png"))) == 2 * len(paths)


def test_csp_stops_injected_inline_script(browser, live_app):
    page = browser.new_page()
    violations = []
    page.on("console", lambda msg: violations.append(msg.text))
    page.goto(live_app + "/test-only/injected-no-csp")
    assert page.evaluate("window.injected") == "ran"  # the script works when nothing stops it
    page.goto(live_app + "/test-only/injected")
    assert page.evaluate("window.injected === undefined")
    assert any("Content Security Policy" in text for text in violations)
