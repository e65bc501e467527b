"""The hiring manager reads the dashboard's charts, opens a report and downloads the CSV."""

from __future__ import annotations

import re

import pandas as pd
from playwright.sync_api import Page, expect

from heymilo_app import demo
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accounts_e2e import _log_in, at


def test_the_hiring_manager_reads_the_charts_opens_a_report_and_exports(
    page: Page, app_server: dict, tmp_path
) -> None:
    base = app_server["base_url"]
    page.set_viewport_size({"width": 1280, "height": 800})
    _log_in(page, base, demo.MANAGER_EMAIL, demo.MANAGER_PASSWORD)
    page.wait_for_url(at(base, "/jobs"))
    page.goto(f"{base}/dashboard")
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()

    # Plotly drew its SVG for at least four charts.
    charts = page.locator(".chart-card .js-plotly-plot")
    # The plotting library loads on first use: give it time on a busy machine.
    expect(charts.first.locator("svg.main-svg").first).to_be_visible(timeout=90_000)
    assert charts.count() >= 4
    for index in range(charts.count()):
        expect(charts.nth(index).locator("svg.main-svg").first).to_be_visible()
    expect(page.locator("#chart-funnel")).to_contain_text("Pipeline funnel")
    expect(page.locator("#chart-criteria")).to_contain_text("Choose a job to see its criteria")
    expect(page.locator("#adverse-impact")).to_contain_text("voluntary")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "dashboard.png")
    page.screenshot(path=ARTIFACTS / "dashboard-full.png", full_page=True)

    # The ranked table says how many rows match; its first name opens that report.
    range_text = page.locator("#ranked-range").inner_text()
    match = re.fullmatch(r"\d+-\d+ of (\d+)", range_text.strip())
    assert match, range_text
    total = int(match.group(1))
    first = page.locator(".report-link").first
    name = first.inner_text().strip()
    first.click()
    page.wait_for_url(re.compile(r".*/candidates/\d+/?$"))
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()

    page.go_back()
    page.wait_for_url(re.compile(r".*/dashboard/?(\?.*)?$"))
    expect(page.locator("#ranked-range")).to_have_text(range_text)
    with page.expect_download() as download_info:
        page.click("#download-csv")
    download = download_info.value
    assert re.fullmatch(r"candidates-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    frame = pd.read_csv(path, encoding="utf-8-sig")
    assert len(frame) == total
    assert {"Candidate", "Email", "Job", "Status", "Overall", "Report URL"} <= set(frame.columns)
    assert name in set(frame["Candidate"])

    # On a phone the ranked candidates are cards in the same order, each opening its report.
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator(".report-link").first).to_be_hidden()
    cards = page.locator(".ranked-card")
    expect(cards.first).to_be_visible()
    expect(cards.first).to_contain_text("overall")
    assert cards.count() == min(total, 25)
    card_link = cards.first.locator(".ranked-link")
    expect(card_link).to_have_text(name)
    page.screenshot(path=ARTIFACTS / "dashboard-phone.png", full_page=True)
    card_link.click()
    page.wait_for_url(re.compile(r".*/candidates/\d+/?$"))
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
