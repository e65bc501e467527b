"""Phone menu, settings tabs in view, apply-form errors tied to fields, dev inbox by keyboard."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from heymilo_app import demo
from tests.browser.test_accounts_e2e import _log_in, at

# Screenshots to look at by hand (not committed).
SHOTS = Path(__file__).resolve().parents[2] / "shots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")


def _recruiter(page: Page, base: str) -> None:
    _log_in(page, base, demo.RECRUITER_EMAIL, demo.RECRUITER_PASSWORD)
    page.wait_for_url(at(base, "/jobs"))


def _no_sideways_scroll(page: Page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    inside = "e => e === document.activeElement || e.contains(document.activeElement)"
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate(inside):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_on_a_phone_the_navigation_is_behind_a_menu_button(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    _recruiter(page, base)
    page.set_viewport_size(DESKTOP)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("navigation").get_by_role("link", name="Candidates")).to_be_visible()
    _shot(page, "nav-1280")

    page.set_viewport_size(PHONE)
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    # No row of links cut off at the edge: they are in the menu.
    expect(page.get_by_role("link", name="Candidates", exact=True)).to_have_count(0)
    _no_sideways_scroll(page)
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    links = page.locator("#nav-menu-content").get_by_role("navigation", name="Main")
    for name in ("Jobs", "Candidates", "Dashboard", "Settings", "Dev inbox"):
        link = links.get_by_role("link", name=name)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], name
    expect(links.get_by_role("link", name="Jobs")).to_have_attribute("aria-current", "page")
    _shot(page, "nav-390")
    # Escape closes it; the keyboard opens it again and reaches the links.
    page.keyboard.press("Escape")
    expect(links).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    expect(links.get_by_role("link", name="Settings")).to_be_visible()
    links.get_by_role("link", name="Settings").click()
    page.wait_for_url(at(base, "/settings"))
    expect(page.get_by_role("heading", name="Settings", level=1)).to_be_visible()


def test_every_settings_tab_is_in_view_on_a_laptop_and_a_phone(
    page: Page, app_server: dict
) -> None:
    base = app_server["base_url"]
    _recruiter(page, base)
    page.goto(f"{base}/settings")
    tabs = page.get_by_role("tab")
    expect(tabs).to_have_count(7)
    for size, name in ((DESKTOP, "settings-1280"), (PHONE, "settings-390")):
        page.set_viewport_size(size)
        page.wait_for_timeout(300)
        for index in range(7):
            tab = tabs.nth(index)
            expect(tab).to_be_visible()
            box = tab.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= size["width"], (
                size,
                tab.inner_text(),
            )
        _no_sideways_scroll(page)
        _shot(page, name)
    # The last tab, once hidden at 1280, opens like any other.
    page.set_viewport_size(DESKTOP)
    page.get_by_role("tab", name="API & webhooks").click()
    expect(page.get_by_role("heading", name="API keys")).to_be_visible()


def test_a_refused_application_focuses_the_first_field_and_names_its_message(
    page: Page, app_server: dict
) -> None:
    base = app_server["base_url"]
    for size, name in ((PHONE, "apply-390"), (DESKTOP, "apply-1280")):
        page.set_viewport_size(size)
        page.goto(f"{base}/apply/customer-support-specialist-demo")
        expect(page.get_by_role("heading", level=1)).to_have_text("Customer Support Specialist")
        page.fill("#apply-last_name", "Farouk")
        page.fill("#apply-email", "omar@example")
        page.click("#apply-submit")
        first = page.locator("#apply-first_name")
        expect(first).to_be_focused()
        for field in ("#apply-first_name", "#apply-email"):
            control = page.locator(field)
            expect(control).to_have_attribute("aria-invalid", "true")
            # Marked by its border too, not only by the message under it.
            shadow = control.evaluate(
                "el => getComputedStyle(el.closest('.rt-TextFieldRoot') || el).boxShadow"
            )
            assert "inset" in shadow, (field, shadow)
            described = control.get_attribute("aria-describedby") or ""
            texts = [page.locator(f"#{i}").inner_text() for i in described.split()]
            assert any(t.strip() for t in texts), field
        expect(page.locator("#" + first.get_attribute("aria-describedby"))).to_have_text(
            "Enter the first name."
        )
        email_message = page.locator("#apply-email-error")
        expect(email_message).to_contain_text("valid email")
        expect(page.locator("#apply-last_name")).to_have_attribute("aria-invalid", "false")
        _no_sideways_scroll(page)
        _shot(page, name)
        # Changing a field takes its own message away, before any new submit.
        page.locator("#apply-email").press_sequentially(".net")
        expect(email_message).to_have_count(0)
        expect(page.locator("#apply-email")).to_have_attribute("aria-invalid", "false")
        expect(page.locator("#apply-first_name-error")).to_be_visible()


def test_a_dev_inbox_message_opens_from_the_keyboard(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    _recruiter(page, base)
    page.goto(f"{base}/dev/inbox")
    rows = page.locator("button.dev-inbox-row")
    expect(rows.first).to_have_attribute("aria-pressed", "true")
    second, third = rows.nth(1), rows.nth(2)
    _tab_to(page, second)
    expect(second).to_be_focused()
    # A visible focus ring on the focused row.
    assert second.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(second).to_have_attribute("aria-pressed", "true")
    expect(rows.first).to_have_attribute("aria-pressed", "false")
    to = second.locator("span[title]").first.get_attribute("title")
    expect(page.locator("p strong").filter(has_text=to)).to_be_visible()
    page.keyboard.press("Tab")
    expect(third).to_be_focused()
    page.keyboard.press(" ")
    expect(third).to_have_attribute("aria-pressed", "true")
    # An invitation's link is a link.
    email = rows.filter(has_text="Invitation").filter(has_text="@").first
    email.focus()
    page.keyboard.press("Enter")
    link = page.locator("#dev-message-body a[href*='/i/']")
    expect(link).to_be_visible()
    assert link.get_attribute("href") == link.inner_text()
