"""What a recruiter and a hiring manager meet first on the jobs list and a job's page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from heymilo_app import demo
from tests.browser.test_accounts_e2e import _log_in, at


def _demo_job(page: Page, base: str) -> None:
    page.wait_for_url(at(base, "/jobs"))
    card = page.get_by_role("link").filter(has_text="Customer Support Specialist")
    expect(card).to_contain_text("In review")
    expect(card).to_contain_text("Live")
    card.first.click()
    page.wait_for_url(re.compile(r".*/jobs/\d+/?$"))


def test_a_recruiter_acts_on_the_queue_and_copies_a_full_apply_link(
    page: Page, app_server: dict
) -> None:
    base = app_server["base_url"]
    _log_in(page, base, demo.RECRUITER_EMAIL, demo.RECRUITER_PASSWORD)
    _demo_job(page, base)
    expect(page.locator("#waiting-heading")).to_have_text("Waiting for you")
    expect(page.locator(".review-advance").first).to_be_visible()
    link = page.locator("#apply-link")
    expect(link).to_have_text(re.compile(r"^http://localhost:\d+/apply/"))
    # The description is folded: the interview comes first.
    expect(page.locator("#job-description")).not_to_have_attribute("open", "")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("#copy-apply-link")
    expect(page.get_by_text("Apply link copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link.inner_text()


def test_a_hiring_manager_sees_the_queue_as_a_recruiters_to_decide(
    page: Page, app_server: dict
) -> None:
    base = app_server["base_url"]
    _log_in(page, base, demo.MANAGER_EMAIL, demo.MANAGER_PASSWORD)
    _demo_job(page, base)
    expect(page.locator("#waiting-heading")).to_have_text("Waiting for a recruiter's decision")
    expect(page.locator("#waiting-manager-note")).to_be_visible()
    expect(page.locator(".review-advance")).to_have_count(0)
