"""The interview builder, settings and preview in Chromium, as a recruiter and a hiring manager."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from heymilo_app import demo
from tests.browser.test_accounts_e2e import _log_in, _sign_up, at

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5d3e4"
    "7b0000000049454e44ae426082"
)


def _card_types(page: Page) -> list[str]:
    return page.locator("[id^=stage-card-]").evaluate_all(
        "els => els.map(e => e.dataset.stageType)"
    )


def _blur_fill(page: Page, selector: str, value: str) -> None:
    page.fill(selector, value)
    page.locator(selector).blur()
    page.wait_for_timeout(300)


def test_build_reorder_publish_and_find_it_all_after_reload(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    _sign_up(page, base, org="Builder Co", email=f"b-{secrets.token_hex(4)}@e2e.example.com")
    page.click("#first-job")
    page.fill("#field-title", "Onboarding Specialist")
    page.click("#create-job-submit")
    page.wait_for_url(re.compile(r".*/jobs/\d+/?$"))
    page.click("#open-builder")
    page.wait_for_url(re.compile(r".*/jobs/\d+/builder/?$"))
    builder_url = page.url
    expect(page.locator("[id^=stage-card-]")).to_have_count(5)
    assert _card_types(page) == ["resume", "form", "sms", "voice", "assessment"]

    # Remove the proposal and add all five stage types by hand, in another order.
    for remaining in range(5, 0, -1):
        page.click("#stage-card-0")
        page.click("#delete-stage")
        expect(page.locator("[id^=stage-card-]")).to_have_count(remaining - 1)
    for stage_type in ("form", "resume", "sms", "voice", "assessment"):
        page.click("#add-stage")
        page.click(f"#add-stage-{stage_type}")
        page.wait_for_timeout(300)
    assert _card_types(page) == ["form", "resume", "sms", "voice", "assessment"]

    # Drag the resume card above the form card.
    page.drag_and_drop("#stage-card-1", "#stage-card-0")
    expect(page.locator("#stage-card-0")).to_have_attribute("data-stage-type", "resume")
    assert _card_types(page) == ["resume", "form", "sms", "voice", "assessment"]

    # By keyboard: focus goes with the moved card, so a second arrow moves it again.
    card = page.locator("#stage-card-0")
    card.focus()
    expect(card).to_have_attribute("aria-describedby", "stage-move-hint")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#stage-card-1")).to_have_attribute("data-stage-type", "resume")
    expect(page.locator("#stage-card-1")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#stage-card-2")).to_have_attribute("data-stage-type", "resume")
    expect(page.locator("#stage-card-2")).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="moved to position")).to_have_text(
        re.compile(r"moved to position 3 of 5\.")
    )
    assert _card_types(page) == ["form", "sms", "resume", "voice", "assessment"]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#stage-card-0")).to_have_attribute("data-stage-type", "resume")
    expect(page.locator("#stage-card-0")).to_be_focused()
    # The buttons too: the pressed button stays under the finger, on the moved card.
    page.click("#move-down-0")
    expect(page.locator("#stage-card-1")).to_have_attribute("data-stage-type", "resume")
    expect(page.locator("#move-down-1")).to_be_focused()
    page.click("#move-up-1")
    expect(page.locator("#stage-card-0")).to_have_attribute("data-stage-type", "resume")
    assert _card_types(page) == ["resume", "form", "sms", "voice", "assessment"]

    # A publish now is refused with every problem listed.
    page.click("#publish")
    expect(page.locator("#publish-problems")).to_contain_text("A form needs at least one question")
    expect(page.locator("#publish-problems")).to_contain_text("Describe the task")

    # A form question with a dealbreaker.
    page.click("#stage-card-1")
    page.click("#add-question")
    page.click("#add-question-yes_no")
    question = page.locator("[id^=question-]").first
    expect(question).to_be_visible()
    prompt = question.locator("textarea").first
    prompt.fill("Are you authorized to work in Portugal?")
    prompt.blur()
    page.wait_for_timeout(300)
    question.locator("[id^=dealbreaker-]").click()
    expect(question).to_contain_text("The answer must meet this rule")
    expect(question.locator("[id^=rule-action-]")).to_contain_text("Disqualify at once")
    expect(page.locator("#stage-card-1")).to_contain_text("Dealbreakers")

    # The conversational stages need a question, the assessment a task.
    for index in (2, 3):
        page.click(f"#stage-card-{index}")
        page.click("#add-question")
        page.wait_for_timeout(300)
    page.click("#stage-card-4")
    _blur_fill(page, "#config-brief", "Plan a customer's first week with the AI assistant.")
    _blur_fill(page, "#config-deliverable", "A one-page onboarding plan.")
    expect(page.locator("#publish-problems")).to_have_count(0)
    page.click("#publish")
    expect(page.get_by_text("Published version 1")).to_be_visible()

    page.goto(builder_url)
    expect(page.locator("[id^=stage-card-]")).to_have_count(5)
    # Opening the builder of a published interview shows it and creates nothing; editing
    # it is a choice, which starts draft version 2 from it.
    expect(page.locator("#edit-published")).to_be_visible()
    expect(page.get_by_text("Draft version 2", exact=True)).to_have_count(0)
    page.click("#edit-published")
    expect(page.get_by_text("Draft version 2", exact=True)).to_be_visible()
    assert _card_types(page) == ["resume", "form", "sms", "voice", "assessment"]
    page.click("#stage-card-1")
    question = page.locator("[id^=question-]").first
    expect(question.locator("textarea").first).to_have_value(
        "Are you authorized to work in Portugal?"
    )
    expect(question).to_contain_text("The answer must meet this rule")
    expect(question.locator("[id^=rule-action-]")).to_contain_text("Disqualify at once")
    page.click("#stage-card-4")
    expect(page.locator("#config-brief")).to_have_value(
        "Plan a customer's first week with the AI assistant."
    )


def test_branding_shows_in_the_preview(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    _sign_up(page, base, org="Teal Co", email=f"t-{secrets.token_hex(4)}@e2e.example.com")
    page.goto(f"{base}/settings?tab=branding")
    page.fill("#primary-color", "#FFEB3B")
    page.click("#save-branding")
    expect(page.get_by_role("alert").filter(has_text="contrast")).to_be_visible()
    page.fill("#primary-color", "#0F766E")
    page.fill("#welcome-message", "Welcome to Teal Co, where support is a craft.")
    page.locator("#logo-upload input[type=file]").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": PNG_1PX}]
    )
    expect(page.locator("#logo-preview")).to_be_visible()
    page.click("#save-branding")
    expect(page.get_by_text("Branding saved.")).to_be_visible()

    page.goto(f"{base}/jobs")
    page.click("#first-job")
    page.fill("#field-title", "Support Lead")
    page.click("#create-job-submit")
    page.wait_for_url(re.compile(r".*/jobs/\d+/?$"))
    page.click("#open-builder")
    page.wait_for_url(re.compile(r".*/jobs/\d+/builder/?$"))
    page.click("#preview")
    page.wait_for_url(re.compile(r".*/preview\?stage=\d+"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Resume")
    page.locator("#preview-stage").click()
    page.get_by_role("option", name="Welcome page").click()
    expect(page.get_by_text("Welcome to Teal Co, where support is a craft.")).to_be_visible()
    start = page.get_by_role("button", name="Start")
    expect(start).to_have_css("background-color", "rgb(15, 118, 110)")
    expect(page.locator("img[alt='Teal Co']")).to_be_visible()


def test_hiring_manager_sees_the_builder_read_only(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    _log_in(page, base, demo.MANAGER_EMAIL, demo.MANAGER_PASSWORD)
    page.wait_for_url(at(base, "/jobs"))
    page.get_by_text("Customer Support Specialist").click()
    page.click("#open-builder")
    page.wait_for_url(re.compile(r".*/builder/?$"))
    expect(page.get_by_text("Read only")).to_be_visible()
    expect(page.locator("[id^=stage-card-]")).to_have_count(5)
    for forbidden in ("#publish", "#add-stage", "#delete-stage", "#open-draft", "#undo"):
        expect(page.locator(forbidden)).to_have_count(0)
    expect(page.locator("#stage-title")).to_be_disabled()
    assert page.locator("#stage-card-0").get_attribute("draggable") == "false"


def test_draft_from_the_job_description(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    _sign_up(page, base, org="Draft Co", email=f"d-{secrets.token_hex(4)}@e2e.example.com")
    page.click("#first-job")
    page.fill("#field-title", "Backend Engineer")
    page.click("#create-job-submit")
    page.wait_for_url(re.compile(r".*/jobs/\d+/?$"))
    page.click("#open-builder")
    page.click("#open-draft")
    page.fill(
        "#draft-text",
        "We need a backend engineer with 4+ years of Python and "
        "PostgreSQL experience. Must be authorized to work in Canada.",
    )
    page.click("#create-draft")
    expect(page.get_by_text("Drafted offline")).to_be_visible()
    page.click("#stage-card-1")
    expect(page.locator("[id^=question-]").first.locator("textarea").first).to_have_value(
        "Are you legally authorized to work in Canada?"
    )
    page.click("#publish")
    expect(page.get_by_text("Published version 1")).to_be_visible()
