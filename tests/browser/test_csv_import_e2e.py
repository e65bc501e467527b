"""The CSV import dialog in Chromium: every column's control fits the dialog at 1280 and 390 px,
and candidates can be added without being invited.

Screenshots of the dialog go to ``$SHOTS_DIR`` when it is set (for a person to look at).
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from heymilo_app import demo
from tests.browser.test_accounts_e2e import _log_in, at

SIX_COLUMNS = (
    "First name,Last name,Candidate email address,Mobile phone number,Lead source,Resume\n"
    'Ines,Moreau,ines.moreau@csv-e2e.example.net,+1 415 555 0171,LinkedIn,"'
    + "Customer support lead for six years across telecom and retail, Zendesk admin. "
    * 8
    + '"\n'
    "Tariq,Aziz,tariq.aziz@csv-e2e.example.net,,referral,Two years of phone support.\n"
)


def _shot(page: Page, name: str) -> None:
    directory = os.environ.get("SHOTS_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / name))


def _assert_fits(page: Page) -> None:
    """Nothing in the dialog is wider than it; every column's select lies inside it."""
    dialog = page.get_by_role("dialog")
    widths = dialog.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
    assert widths[0] <= widths[1], widths
    box = dialog.bounding_box()
    selects = dialog.get_by_role("combobox")
    expect(selects).to_have_count(6)
    for index in range(6):
        select = selects.nth(index)
        select.scroll_into_view_if_needed()
        inner = select.bounding_box()
        box = dialog.bounding_box()
        assert box["x"] <= inner["x"] and inner["x"] + inner["width"] <= box["x"] + box["width"]
    # No two columns' rows overlap.
    rows = [row.bounding_box() for row in dialog.locator(".csv-column").all()]
    for above, below in itertools.pairwise(rows):
        assert above["y"] + above["height"] <= below["y"] + 1


def test_six_columns_fit_at_1280_and_390_and_import_without_inviting(
    page: Page, app_server: dict, tmp_path: Path
) -> None:
    base = app_server["base_url"]
    path = tmp_path / "six.csv"
    path.write_text(SIX_COLUMNS, encoding="utf-8")
    _log_in(page, base, demo.RECRUITER_EMAIL, demo.RECRUITER_PASSWORD)
    page.wait_for_url(at(base, "/jobs"))
    page.get_by_text("Customer Support Specialist").click()
    page.wait_for_url(re.compile(r".*/jobs/\d+/?$"))
    page.click("#import-csv")
    page.locator("#csv-upload input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("2 rows found")).to_be_visible()

    dialog = page.get_by_role("dialog")
    email = dialog.get_by_role("combobox", name="Field for the column Candidate email address")
    expect(email).to_have_text("Email")
    expect(dialog.get_by_role("combobox", name="Field for the column Lead source")).to_have_text(
        "Source"
    )
    expect(dialog.get_by_role("combobox", name="Field for the column Resume")).to_have_text(
        "Resume"
    )
    expect(dialog.locator(".csv-column").first).to_contain_text("Ines")
    _assert_fits(page)
    dialog.locator(".csv-column").first.scroll_into_view_if_needed()
    _shot(page, "csv-import-1280.png")

    page.set_viewport_size({"width": 390, "height": 844})
    _assert_fits(page)
    dialog.locator(".csv-column").first.scroll_into_view_if_needed()
    _shot(page, "csv-import-390.png")

    # Leave the phone out, then add both without inviting.
    phone = dialog.get_by_role("combobox", name="Field for the column Mobile phone number")
    phone.click()
    page.get_by_role("option", name="Don't import").click()
    expect(phone).to_have_text("Don't import")
    expect(page.locator("#csv-start")).to_have_text("Import and invite")
    page.locator("#csv-invite-later").click()
    expect(page.locator("#csv-start")).to_have_text("Import")
    page.click("#csv-start")
    expect(page.locator("#csv-report")).to_contain_text("Added 2 candidates; no invitations sent.")
    _shot(page, "csv-import-390-done.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.keyboard.press("Escape")
    expect(page.locator("tbody").get_by_text("ines.moreau@csv-e2e.example.net")).to_be_visible()

    page.goto(f"{base}/dev/inbox")
    expect(page.locator(".dev-inbox-row").first).to_be_visible()
    expect(page.locator(".dev-inbox-row").filter(has_text="csv-e2e.example.net")).to_have_count(0)
