"""Every candidate page passes axe-core's WCAG 2.1 A and AA rules, on a phone and a desktop,
and the whole journey can be done with the keyboard alone.

axe-core (bundled by ``axe-playwright-python``) checks what a machine can: names and labels of
every control, contrast of at least 4.5:1, landmarks, headings, ARIA use. The keyboard test
does what a screen-reader or switch user does: Tab, Space and Enter, never the mouse.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.test_candidate_journey_e2e import (
    ABOUT,
    AUTHORIZED,
    RESUME_LINES,
    YEARS,
    build_job,
    invite,
)

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def _violations(page: Page) -> list[str]:
    """axe's WCAG violations of the page as it is now, one line each."""
    results = Axe().run(page, options=WCAG)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
    ]


def _check(page: Page, where: str, found: dict[str, list[str]]) -> None:
    page.wait_for_timeout(300)  # let the page settle (focus moves, transitions)
    problems = _violations(page)
    if problems:
        found[where] = problems


@pytest.fixture(scope="module")
def job(app_server: dict) -> dict:
    return build_job(app_server["database_url"])


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_candidate_page_meets_wcag_aa(
    browser: Browser, app_server: dict, job: dict, size: str
) -> None:
    context = browser.new_context(viewport=SIZES[size])
    context.set_default_timeout(20_000)
    page = context.new_page()
    base = app_server["base_url"]
    found: dict[str, list[str]] = {}
    try:
        page.goto(f"{base}/i/{invite(app_server['database_url'], job['job_id'], 'Ada')}")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hi Ada")
        _check(page, "welcome", found)
        page.click("#start-interview")
        expect(page.get_by_role("heading", level=1)).to_have_text("Resume")
        _check(page, "resume", found)
        page.fill("#resume-text", "Too short")
        page.click("#resume-submit")
        expect(page.get_by_role("alert")).to_be_visible()
        _check(page, "resume with its message", found)
        page.fill("#resume-text", "\n".join(RESUME_LINES))
        page.click("#resume-submit")
        expect(page.get_by_role("heading", level=1)).to_have_text("Eligibility")
        _check(page, "form", found)
        page.click("#form-submit")
        expect(page.locator("[id^=answer-error-]").first).to_be_visible()
        _check(page, "form with messages", found)
        page.click("#adjust-open")
        expect(page.locator("#adjust-details")).to_be_visible()
        _check(page, "adjustment request", found)
        page.get_by_role("radio", name="No").click()
        page.get_by_label(YEARS).fill("5")
        page.get_by_role("checkbox", name="Evening").click()
        page.click("#form-submit")
        expect(page.locator("#disqualified-reason")).to_have_text(AUTHORIZED)
        _check(page, "disqualified", found)
        page.click("#request-review")
        _check(page, "asking for a review", found)
        page.click("#review-send")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Your application is being reviewed"
        )
        _check(page, "in review", found)

        page.goto(f"{base}/i/{invite(app_server['database_url'], job['job_id'], 'Bo')}")
        page.click("#start-interview")
        page.fill("#resume-text", "\n".join(RESUME_LINES))
        page.click("#resume-submit")
        page.get_by_role("radio", name="Yes").click()
        page.get_by_label(YEARS).fill("5")
        page.get_by_role("checkbox", name="Evening").click()
        page.click("#form-submit")
        expect(page.locator("#waiting-text")).to_be_visible()
        _check(page, "waiting for the text", found)
        page.click("#withdraw")
        expect(page.get_by_role("alertdialog")).to_be_visible()
        _check(page, "withdraw dialog", found)
        page.click("#withdraw-confirm")
        expect(page.get_by_role("heading", level=1)).to_have_text("This application was withdrawn")
        _check(page, "withdrawn", found)

        page.goto(f"{base}/i/{'x' * 43}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        _check(page, "unknown link", found)

        page.goto(f"{base}/apply/{job['slug']}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        _check(page, "job board", found)
    finally:
        context.close()
    assert found == {}, "\n".join(f"{where}: {p}" for where, ps in found.items() for p in ps)


def test_the_journey_by_keyboard_alone(page: Page, app_server: dict, job: dict) -> None:
    """Tab, Space and Enter take a candidate from the welcome page to the text stage."""
    token = invite(app_server["database_url"], job["job_id"], "Kay")
    page.goto(f"{app_server['base_url']}/i/{token}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hi Kay")

    def tab_to(target: str | Locator, limit: int = 40) -> None:
        target = page.locator(target) if isinstance(target, str) else target
        inside = "e => e === document.activeElement || e.contains(document.activeElement)"
        for _ in range(limit):
            page.keyboard.press("Tab")
            if target.evaluate(inside):
                return
        raise AssertionError(f"Tab never reached {target}")

    tab_to("#start-interview")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Resume")
    tab_to("#resume-text")
    page.keyboard.insert_text("\n".join(RESUME_LINES))
    tab_to("#resume-submit")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Eligibility")

    # The first question. Under load the stage can re-render just after its heading shows
    # and take the focus with it: the keyboard tries again (at most three times).
    yes = page.get_by_role("radio", name="Yes")
    for _attempt in range(3):
        tab_to(yes)
        page.keyboard.press("Space")
        try:
            expect(yes).to_have_attribute("aria-checked", "true", timeout=5000)
            break
        except AssertionError:
            continue
    expect(yes).to_have_attribute("aria-checked", "true")
    tab_to(page.get_by_label(YEARS))
    page.keyboard.type("4")
    tab_to(page.get_by_role("checkbox", name="Morning"))
    page.keyboard.press("Space")
    tab_to(page.get_by_label(ABOUT))
    page.keyboard.type("I rebooked a worried patient the same day.")
    tab_to("#form-submit")
    page.keyboard.press("Enter")
    expect(page.locator("#waiting-text")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_focused()
