"""A recruiter resends an invitation and reads its delivery; sets quiet hours; in Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from heymilo_app import demo
from tests.browser.test_accounts_e2e import _log_in, at


def test_resend_an_invitation_and_read_its_delivery(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    _log_in(page, base, demo.RECRUITER_EMAIL, demo.RECRUITER_PASSWORD)
    page.wait_for_url(at(base, "/jobs"))
    page.get_by_text("Customer Support Specialist").click()
    page.wait_for_url(re.compile(r".*/jobs/\d+/?$"))
    row = page.locator("tr").filter(has_text="ada.moreno@example.net")
    row.get_by_role("button", name="Actions for Ada Moreno").click()
    page.get_by_role("menuitem", name="Resend invitation").click()
    expect(page.get_by_text("Invitation sent again.")).to_be_visible()
    # The demo invited Ada weeks ago; the new invitation is listed first, and the app's
    # sender delivers it within seconds.
    dialog = page.locator("#messages-dialog")
    emails = dialog.locator(".message-row").filter(has_text="Invitation · Email")
    row = page.locator("tr").filter(has_text="ada.moreno@example.net")
    for _ in range(20):
        row.get_by_role("button", name="Actions for Ada Moreno").click()
        page.get_by_role("menuitem", name="Messages and delivery").click()
        expect(dialog).to_contain_text("Messages to Ada Moreno")
        expect(emails).to_have_count(2)
        if "Not sent: no email or SMS service" in emails.first.inner_text():
            break
        dialog.get_by_role("button", name="Close").click()
        expect(dialog).to_be_hidden()
        page.wait_for_timeout(1000)
    expect(emails.first).to_contain_text("Not sent: no email or SMS service")
    expect(emails.first).to_contain_text("ada.moreno@example.net")


def test_quiet_hours_are_saved_and_a_bad_value_is_refused(
    browser: Browser, app_server: dict
) -> None:
    # A recruiter in Lisbon: the organization, still on UTC, is offered their zone.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="Europe/Lisbon"
    )
    context.set_default_timeout(20_000)
    try:
        _quiet_hours(context.new_page(), app_server["base_url"])
    finally:
        context.close()


def _quiet_hours(page: Page, base: str) -> None:
    _log_in(page, base, demo.RECRUITER_EMAIL, demo.RECRUITER_PASSWORD)
    page.wait_for_url(at(base, "/jobs"))
    page.goto(f"{base}/settings?tab=messaging")
    expect(page.locator("#reminder_hours")).to_have_value("24, 72")
    page.fill("#reminder_hours", "24, later")
    page.click("#save-messaging")
    expect(page.locator("#reminder_hours-error")).to_contain_text("not a number")
    page.fill("#reminder_hours", "12, 48")
    # The organization is still on UTC: the browser's zone is offered (not saved yet).
    expect(page.get_by_text("Your browser's time zone; save to keep it.")).to_be_visible()
    expect(page.locator("#timezone")).to_have_value("Europe/Lisbon")
    page.select_option("#timezone", "America/Chicago")
    page.fill("#contact_email", "not an address")
    page.locator("#day-5").click()
    page.click("#save-messaging")
    expect(page.locator("#contact_email-error")).to_contain_text("Enter a valid email address")
    page.fill("#contact_email", "jobs@northwind.example.com")
    page.click("#save-messaging")
    expect(page.get_by_text("Messaging rules saved.")).to_be_visible()
    page.reload()
    expect(page.locator("#reminder_hours")).to_have_value("12, 48")
    expect(page.locator("#timezone")).to_have_value("America/Chicago")
    expect(page.locator("#contact_email")).to_have_value("jobs@northwind.example.com")
    expect(page.locator("#day-5")).to_have_attribute("data-state", "checked")
