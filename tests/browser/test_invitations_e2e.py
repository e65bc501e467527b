"""Add a candidate, find the invitation in the dev inbox, follow its link, in Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from heymilo_app import demo
from tests.browser.test_accounts_e2e import _log_in, at


def test_add_a_candidate_and_follow_the_invitation(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    _log_in(page, base, demo.RECRUITER_EMAIL, demo.RECRUITER_PASSWORD)
    page.wait_for_url(at(base, "/jobs"))
    page.get_by_text("Customer Support Specialist").click()
    page.wait_for_url(re.compile(r".*/jobs/\d+/?$"))
    page.click("#add-candidate")
    page.fill("#job-first_name", "Noor")
    page.fill("#job-last_name", "Haddad")
    page.fill("#job-email", "not-an-email")
    page.click("#add-candidate-submit")
    expect(page.get_by_role("alert").filter(has_text="valid email")).to_be_visible()
    page.fill("#job-email", "noor.haddad@example.net")
    page.fill("#job-phone", "+1 415 555 0188")
    page.click("#add-candidate-submit")
    # The candidate table (a phone would show the same row as a card).
    expect(page.locator("tbody").get_by_text("noor.haddad@example.net")).to_be_visible()
    # On a phone the list is cards: the same candidate, their stage chips, a link to the report.
    page.set_viewport_size({"width": 390, "height": 844})
    card = page.locator(".candidate-card").filter(has_text="noor.haddad@example.net")
    expect(card).to_be_visible()
    expect(card.locator(".stage-chip").first).to_be_visible()
    expect(card.get_by_role("link", name="Noor Haddad")).to_be_visible()
    expect(page.locator("tbody")).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{base}/dev/inbox")
    row = page.locator(".dev-inbox-row").filter(has_text="noor.haddad@example.net")
    expect(row).to_be_visible()
    # The app's sender delivers the outbox within a few seconds.
    for _ in range(20):
        if "delivered offline" in row.inner_text():
            break
        page.wait_for_timeout(1000)
        page.reload()
        row = page.locator(".dev-inbox-row").filter(has_text="noor.haddad@example.net")
    expect(row).to_contain_text("delivered offline")
    row.click()
    body = page.locator("#dev-message-body")
    expect(body).to_contain_text("Hi Noor")
    link = re.search(r"http://\S+/i/[\w-]+", body.inner_text()).group(0)
    assert link.startswith("http://localhost:")
    sms_row = page.locator(".dev-inbox-row").filter(has_text="+14155550188")
    expect(sms_row).to_be_visible()

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hi Noor")
    expect(page.get_by_text("Acme Support Co. is hiring for")).to_be_visible()


def test_import_50_candidates_from_csv_then_follow_an_invitation(
    page: Page, app_server: dict, tmp_path
) -> None:
    base = app_server["base_url"]
    rows = (
        ["First Name;Last Name;E-mail;Mobile"]
        + [f"Cand{index};Import;cand{index}@import.example.net;" for index in range(50)]
        + ["Broken;Row;not-an-email;"]
    )
    path = tmp_path / "candidates.csv"
    path.write_text("\ufeff" + "\r\n".join(rows), encoding="utf-8")
    _log_in(page, base, demo.RECRUITER_EMAIL, demo.RECRUITER_PASSWORD)
    page.wait_for_url(at(base, "/jobs"))
    page.get_by_text("Customer Support Specialist").click()
    page.wait_for_url(re.compile(r".*/jobs/\d+/?$"))
    page.click("#import-csv")
    page.locator("#csv-upload input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("51 rows found")).to_be_visible()
    expect(page.get_by_text("cand0@import.example.net")).to_be_visible()
    page.click("#csv-start")
    expect(page.locator("#csv-report")).to_contain_text("Added and invited 50 of 51")
    expect(page.locator("#csv-report")).to_contain_text("Line 52: Email")
    expect(page.locator("#csv-progress")).to_have_attribute("data-state", "complete")
    page.keyboard.press("Escape")
    expect(page.locator("tbody").get_by_text("cand49@import.example.net")).to_be_visible()

    page.goto(f"{base}/dev/inbox")
    row = page.locator(".dev-inbox-row").filter(has_text="cand7@import.example.net")
    expect(row).to_be_visible()
    row.click()
    body = page.locator("#dev-message-body")
    expect(body).to_contain_text("Hi Cand7")
    link = re.search(r"http://\S+/i/[\w-]+", body.inner_text()).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hi Cand7")


def test_apply_on_the_job_board_and_go_straight_into_the_interview(
    page: Page, app_server: dict
) -> None:
    base = app_server["base_url"]
    page.goto(f"{base}/apply/customer-support-specialist-demo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Customer Support Specialist")
    page.fill("#apply-first_name", "Omar")
    page.fill("#apply-last_name", "Farouk")
    page.fill("#apply-email", "omar@example")  # the browser accepts it; the app does not
    page.click("#apply-submit")
    expect(page.get_by_role("alert").filter(has_text="valid email")).to_be_visible()
    page.fill("#apply-email", "omar.farouk@example.net")
    page.fill("#apply-resume_text", "Support agent for four years at a telecom; Zendesk daily.")
    page.click("#apply-submit")
    page.wait_for_url(re.compile(r".*/i/[\w-]+/?$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hi Omar")
    page.goto(f"{base}/apply/no-such-job")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This job is not open for applications"
    )
