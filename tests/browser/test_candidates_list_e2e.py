"""A recruiter finds people among many candidates: pages of fifty, search, filters, sort,
the score column, Rejected apart from Disqualified, and the list on a phone."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import Session

from heymilo_app import db
from heymilo_app.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Candidate,
    Interview,
    InterviewStatus,
    Job,
    Stage,
    StageType,
    utcnow,
)
from heymilo_app.services.org import accounts
from heymilo_app.services.pipeline import decisions
from tests.browser.test_accounts_e2e import _log_in, at

ROOT = Path(__file__).resolve().parents[2]
# Screenshots to look at (not committed).
SHOTS = ROOT / "shots"
PASSWORD = "correct horse battery"
COUNT = 62


def _build(database_url: str) -> str:
    """An organization of its own with 62 applications; returns its recruiter's email."""
    engine = db.make_engine(database_url)
    email = f"lists-{secrets.token_hex(4)}@e2e.example.com"
    with Session(engine, expire_on_commit=False) as session:
        recruiter = accounts.sign_up(
            session=session,
            organization_name="Maple Staffing",
            full_name="Lee Lister",
            email=email,
            password=PASSWORD,
        )
        job = Job(
            organization_id=recruiter.organization_id,
            title="Warehouse Associate",
            slug=f"warehouse-{secrets.token_hex(4)}",
        )
        session.add(job)
        session.flush()
        interview = Interview(
            job_id=job.id, status=InterviewStatus.PUBLISHED, published_at=utcnow()
        )
        session.add(interview)
        session.flush()
        stage = Stage(interview_id=interview.id, type=StageType.RESUME, position=0, title="Resume")
        session.add(stage)
        session.flush()
        start = utcnow() - timedelta(hours=2)
        ids = []
        for i in range(COUNT):
            candidate = Candidate(
                organization_id=recruiter.organization_id,
                first_name="Quinn" if i == 7 else f"Person{i:02d}",
                last_name="Oakley" if i == 7 else "Birch",
                email=f"person{i:02d}@e2e.example.com",
                phone=f"+1555020{i:04d}",
            )
            session.add(candidate)
            session.flush()
            application = Application(
                organization_id=recruiter.organization_id,
                job_id=job.id,
                interview_id=interview.id,
                candidate_id=candidate.id,
                current_stage_id=stage.id,
                status=ApplicationStatus.INVITED,
                created_at=start + timedelta(minutes=i),
                overall_score=97.0 if i == 3 else (None if i % 4 == 0 else 40.0 + i / 2),
            )
            session.add(application)
            session.flush()
            ids.append(application.id)
        # One disqualified by a rule (as the engine records it), one rejected by a person.
        ruled = session.get(Application, ids[10])
        ruled.status = ApplicationStatus.DISQUALIFIED
        session.add(ApplicationEvent(application_id=ruled.id, kind="disqualified", detail="Rule"))
        session.commit()
        decisions.decide(
            session=session,
            user=recruiter,
            application_id=ids[11],
            advance=False,
            note="Not available on weekends",
            notify=False,
        )
    return email


def test_a_recruiter_pages_searches_filters_and_sorts_candidates(
    page: Page, app_server: dict
) -> None:
    base = app_server["base_url"]
    email = _build(app_server["database_url"])
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in(page, base, email, PASSWORD)
    page.wait_for_url(at(base, "/jobs"))
    page.goto(f"{base}/candidates")
    expect(page.get_by_role("heading", name="Candidates", level=1)).to_be_visible()

    # Fifty a page, newest first, with the score column.
    expect(page.locator("#candidates-range")).to_have_text("Showing 1–50 of 62")
    rows = page.locator(".candidate-row")
    expect(rows).to_have_count(50)
    expect(rows.first).to_contain_text("Person61 Birch")
    expect(page.get_by_role("columnheader", name="Score")).to_be_visible()
    expect(page.locator("#candidates-previous")).to_be_disabled()
    page.screenshot(path=SHOTS / "candidates-1280.png")
    page.click("#candidates-next")
    expect(page.locator("#candidates-range")).to_have_text("Showing 51–62 of 62")
    expect(rows).to_have_count(12)
    expect(page.locator("#candidates-next")).to_be_disabled()

    # A person's rejection and a failed rule read apart.
    expect(page.locator(".candidate-row", has_text="Person11 Birch")).to_contain_text("Rejected")
    expect(page.locator(".candidate-row", has_text="Person10 Birch")).to_contain_text(
        "Disqualified"
    )

    # Search waits for typing to pause, then starts from the first page.
    page.fill("#candidates-search", "OAKLEY")
    expect(page.locator("#candidates-range")).to_have_text("Showing 1–1 of 1")
    expect(rows.first).to_contain_text("Quinn Oakley")
    page.fill("#candidates-search", "555 020 0042")
    expect(page.locator("#candidates-range")).to_have_text("Showing 1–1 of 1")
    expect(rows.first).to_contain_text("Person42 Birch")
    page.fill("#candidates-search", "nobody-like-this")
    expect(page.get_by_text("No candidates match").first).to_be_visible()
    page.click("#clear-filters")
    expect(page.locator("#candidates-range")).to_have_text("Showing 1–50 of 62")

    # The status filter offers Rejected apart from Disqualified.
    page.click("#filter-status")
    page.get_by_role("option", name="Rejected", exact=True).click()
    expect(page.locator("#candidates-range")).to_have_text("Showing 1–1 of 1")
    expect(rows.first).to_contain_text("Person11 Birch")
    page.click("#filter-status")
    page.get_by_role("option", name="Any status").click()
    expect(page.locator("#candidates-range")).to_have_text("Showing 1–50 of 62")

    # Best score first.
    page.click("#candidates-sort")
    page.get_by_role("option", name="Score, high to low").click()
    expect(rows.first).to_contain_text("Person03 Birch")
    expect(rows.first.locator(".candidate-score")).to_have_text("97")

    # On a phone: cards, nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    cards = page.locator(".candidate-card")
    expect(cards.first).to_be_visible()
    expect(rows.first).to_be_hidden()
    expect(cards.first).to_contain_text("Person03 Birch")
    expect(cards.first.locator(".candidate-card-score")).to_contain_text("97")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    expect(page.locator("#candidates-next")).to_be_visible()
    page.screenshot(path=SHOTS / "candidates-390.png")
    page.screenshot(path=SHOTS / "candidates-390-full.png", full_page=True)
    assert re.search(r"Showing 1–50 of 62", page.locator("#candidates-range").inner_text())
