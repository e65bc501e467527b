"""Sign up, log out, log in, and organizations kept apart, in a real Chromium."""

from __future__ import annotations

import json
import re
import secrets
import urllib.request

import sqlalchemy as sa
from playwright.sync_api import BrowserContext, Page, expect

from heymilo_app import demo

PASSWORD = "a long enough password"


def at(base: str, path: str) -> re.Pattern:
    """Match a page URL with or without the trailing slash the production server adds."""
    return re.compile("^" + re.escape(base + path).replace(r"\?", "/?\\?") + "/?$")


def _sign_up(page: Page, base: str, *, org: str, email: str) -> None:
    page.goto(f"{base}/signup")
    page.fill("#field-organization_name", org)
    page.fill("#field-full_name", "Sam Signup")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#signup-submit")
    page.wait_for_url(at(base, "/jobs"))


def _log_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#field-email", email)
    page.fill("#field-password", password)
    page.click("#login-submit")


def _unique_email(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}@e2e.example.com"


def test_sign_up_log_out_log_in_and_see_the_jobs_page(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    email = _unique_email("first")
    _sign_up(page, base, org="Northwind Hiring", email=email)
    expect(page.get_by_role("heading", name="Jobs", level=1)).to_be_visible()
    expect(page.get_by_text("Create your first job").first).to_be_visible()
    expect(page.get_by_text("Northwind Hiring")).to_be_visible()
    # The login cookie is HttpOnly: set by the server, invisible to every script on the page.
    [login_cookie] = [c for c in page.context.cookies() if c["name"].startswith("hm_session_")]
    assert login_cookie["httpOnly"] and login_cookie["sameSite"] == "Lax"
    assert "hm_session" not in page.evaluate("document.cookie")

    page.click("#logout")
    page.wait_for_url(at(base, "/login"))
    assert not [c for c in page.context.cookies() if c["name"].startswith("hm_session_")]
    page.goto(f"{base}/jobs")
    page.wait_for_url(at(base, "/login?next=%2Fjobs"))

    _log_in(page, base, email, PASSWORD)
    page.wait_for_url(at(base, "/jobs"))
    expect(page.get_by_role("heading", name="Jobs", level=1)).to_be_visible()


def test_bad_sign_up_shows_messages_at_the_fields(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    page.goto(f"{base}/signup")
    page.fill("#field-organization_name", "Dup Co")
    page.fill("#field-full_name", "Dee Dup")
    page.fill("#field-email", demo.RECRUITER_EMAIL)
    page.fill("#field-password", "short")
    page.click("#signup-submit")
    expect(page.locator("#field-email-error")).to_contain_text("cannot be used for a new account")
    expect(page.locator("#field-password-error")).to_contain_text("at least 10")
    assert at(base, "/signup").match(page.url)


def test_wrong_password_gets_one_generic_message(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    _log_in(page, base, demo.RECRUITER_EMAIL, "not the password")
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    assert page.url.startswith(f"{base}/login")


def test_another_organization_cannot_open_a_job_url(
    context: BrowserContext, browser, app_server: dict
) -> None:
    base = app_server["base_url"]
    owner = context.new_page()
    _log_in(owner, base, demo.RECRUITER_EMAIL, demo.RECRUITER_PASSWORD)
    owner.wait_for_url(at(base, "/jobs"))
    owner.click("#new-job")
    owner.fill("#field-title", "Confidential Launch Lead")
    owner.fill("#field-location", "Berlin")
    owner.click("#create-job-submit")
    owner.wait_for_url(re.compile(r".*/jobs/\d+/?$"))
    job_url = owner.url
    expect(owner.get_by_role("heading", name="Confidential Launch Lead")).to_be_visible()

    other_context = browser.new_context()
    try:
        other = other_context.new_page()
        _sign_up(other, base, org="Rival Corp", email=_unique_email("rival"))
        other.goto(job_url)
        expect(other.locator("#not-found")).to_have_text("Job not found")
        assert "Confidential Launch Lead" not in other.content()
        assert "Berlin" not in other.content()
    finally:
        other_context.close()


def test_login_returns_to_the_page_asked_for(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    page.goto(f"{base}/dashboard")
    page.wait_for_url(at(base, "/login?next=%2Fdashboard"))
    page.fill("#field-email", demo.RECRUITER_EMAIL)
    page.fill("#field-password", demo.RECRUITER_PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(at(base, "/dashboard"))
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def test_demo_hiring_manager_reads_jobs_without_edit_buttons(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    _log_in(page, base, demo.MANAGER_EMAIL, demo.MANAGER_PASSWORD)
    page.wait_for_url(at(base, "/jobs"))
    expect(page.get_by_text("Customer Support Specialist")).to_be_visible()
    expect(page.get_by_text("Hiring manager", exact=True).first).to_be_visible()
    expect(page.locator("#new-job")).to_have_count(0)


def test_candidate_link_has_its_own_shell(page: Page, app_server: dict) -> None:
    base = app_server["base_url"]
    engine = sa.create_engine(app_server["database_url"])
    with engine.connect() as connection:
        token = connection.execute(
            sa.text(
                "SELECT a.token FROM application a JOIN candidate c ON c.id = a.candidate_id "
                "WHERE c.first_name = 'Ada'"
            )
        ).scalar_one()
    engine.dispose()
    page.goto(f"{base}/i/{token}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hi Ada")
    expect(page.get_by_text("Customer Support Specialist")).to_be_visible()
    expect(page.get_by_text("a person makes the hiring decision")).to_be_visible()
    expect(page.get_by_role("navigation")).to_have_count(0)
    page.goto(f"{base}/i/not-a-real-token")
    expect(page.get_by_role("heading", level=1)).to_have_text("This interview link is not valid")


def test_health_answers_on_the_app_port(app_server: dict) -> None:
    with urllib.request.urlopen(f"{app_server['base_url']}/api/health", timeout=10) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"status": "ok", "database": "ok"}
