"""Settings → Team in a real Chromium: an invitation is emailed, an open invitation's role
changes only after the dialog."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from tests.browser.test_accounts_e2e import _sign_up, _unique_email


def test_invite_and_confirm_a_new_role_for_an_open_invitation(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    _sign_up(page, base, org="Team Co", email=_unique_email("team"))
    page.goto(f"{base}/settings")
    guest = f"guest-{secrets.token_hex(4)}@e2e.example.com"

    # Invite as a hiring manager: the email is sent, the link stays to copy.
    page.click("#invite-role")
    page.get_by_role("option", name=re.compile("Hiring manager")).click()
    page.fill("#invite-email", guest)
    page.click("#invite-submit")
    expect(page.locator("#invite-notice")).to_contain_text(f"Invitation emailed to {guest}.")
    expect(page.locator("#invite-link")).to_contain_text("/join/")

    # The same address as a recruiter: asked first; keeping it changes nothing.
    page.click("#invite-role")
    page.get_by_role("option", name=re.compile("Recruiter")).click()
    page.fill("#invite-email", guest)
    page.click("#invite-submit")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text(
        f"{guest} is already invited as Hiring manager. Invite as Recruiter instead?"
    )
    dialog.get_by_role("button", name="Keep it").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_text(guest, exact=True)).to_be_visible()

    page.fill("#invite-email", guest)
    page.click("#invite-submit")
    page.click("#confirm-invite-role")
    expect(page.locator("#invite-notice")).to_contain_text(f"{guest} is now invited as Recruiter")

    # The dev inbox holds the email with its link.
    page.goto(f"{base}/dev/inbox")
    expect(page.get_by_text(re.compile("invited you to join Team Co")).first).to_be_visible()
