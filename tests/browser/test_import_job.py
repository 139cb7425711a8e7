"""In Chromium: an editor checks a CSV, confirms it, and the job page's progress bar follows the worker."""

from __future__ import annotations

import threading

from flask import Flask

from claims.extensions import db
from claims.jobs import current_queue
from claims.models import Role
from tests.browser.conftest import log_in, shot
from tests.factories import make_user


def test_import_job_page_follows_the_worker(browser, live_url, app: Flask, session, tmp_path):
    email = make_user(session, Role.EDITOR).email
    session.commit()  # and read nothing after: the server's requests write to the same SQLite file
    csv_file = tmp_path / "claims.csv"
    rows = "".join(f"Browser claim {n},Speaker {n},new\r\n" for n in range(40))
    csv_file.write_text("restated_claim,claimant,status\r\n" + rows)

    page = browser.new_page()
    log_in(page, live_url, email)
    page.goto(live_url + "/export/import")
    page.set_input_files("input[name=file]", str(csv_file))
    page.get_by_role("button", name="Check").first.click()
    page.wait_for_load_state()
    assert "40 claims would be created" in page.content()
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/export/jobs/*")
    assert page.locator("#job-state").inner_text() == "Waiting for a worker"
    assert page.locator("#job-progress").get_attribute("value") == "0"
    shot(page, tmp_path, "job-waiting")

    def worker() -> None:
        with app.app_context():
            current_queue().drain()
            db.session.remove()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(timeout=60)
    # The page polls the job's JSON and reloads itself with the result; nobody touches it.
    page.wait_for_selector("text=40 created, 0 skipped, 0 failed", timeout=20_000)
    assert page.locator("#job-state").inner_text() == "Done"
    assert page.locator("#job-progress").get_attribute("value") == "100"
    shot(page, tmp_path, "job-done")
