"""Screenshots of every page a candidate can see behind their link, at phone and laptop widths.

Usage: .venv/bin/python scripts/candidate_screenshots.py BASE_URL DATABASE_URL [OUT_DIR]

The app must be running on BASE_URL with DATABASE_URL (seeded with the demo). The script adds
an organization with a logo and a job (the browser tests' job), puts one candidate at each
point of the journey, and saves one PNG per page and width (default /tmp/journey-shots).
"""

from __future__ import annotations

import logging
import sys
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from sqlmodel import Session, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heymilo_app import db  # noqa: E402
from heymilo_app.models import (  # noqa: E402
    Application,
    ApplicationStatus,
    Job,
    Role,
    Stage,
    StageType,
    User,
    utcnow,
)
from heymilo_app.services.org import logos  # noqa: E402
from heymilo_app.services.pipeline import candidate_requests, journey, submissions  # noqa: E402
from tests.browser.test_candidate_journey_e2e import RESUME_LINES, build_job, invite  # noqa: E402

logger = logging.getLogger(__name__)
FIRST_NAMES = ("Amara", "Jonas", "Priya", "Mateo", "Yuki", "Leila", "Tomás", "Grace", "Omar")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" width="220" height="48" viewBox="0 0 220 48">
<rect x="2" y="6" width="36" height="36" rx="8" fill="#0F766E"/>
<path d="M12 32 L20 14 L28 32" stroke="white" stroke-width="4" fill="none"/>
<text x="48" y="32" font-family="Helvetica, Arial" font-size="20" font-weight="700"
 fill="#134E4A">Northwind Clinics</text></svg>"""


def _answer_form(session: Session, token: str, authorized: str) -> None:
    view = journey.journey(session=session, token=token)
    values = {0: authorized, 1: "4", 2: ["Morning"]}
    for index, question in enumerate(view.questions):
        if index in values:
            submissions.save_answer(
                session=session,
                token=token,
                stage_id=view.current.id,
                question_id=question.id,
                value=values[index],
            )


def _prepare(database_url: str) -> dict[str, str]:
    """One candidate at each point of the journey; returns name → token."""
    ids = build_job(database_url)
    french = build_job(database_url, language="fr")
    engine = db.make_engine(database_url)
    tokens: dict[str, str] = {}

    def new(name: str, job_id: int | None = None) -> str:
        first_name = FIRST_NAMES[len(tokens) % len(FIRST_NAMES)]
        tokens[name] = invite(database_url, job_id or ids["job_id"], first_name)
        return tokens[name]

    resume = "\n".join(RESUME_LINES)
    with Session(engine, expire_on_commit=False) as session:
        for organization_id in (ids["organization_id"], french["organization_id"]):
            user = User(
                organization_id=organization_id,
                email=f"logo-{organization_id}@example.net",
                full_name="Logo",
                role=Role.RECRUITER,
                password_hash="!",
            )
            session.add(user)
            session.commit()
            logos.save_logo(session=session, user=user, filename="logo.svg", data=LOGO)
        new("welcome")
        journey.start(session=session, token=new("resume"))
        new("fr-form", french["job_id"])
        for name in ("form", "form-errors", "waiting", "disqualified", "review", "fr-form"):
            token = tokens.get(name) or new(name)
            view = journey.start(session=session, token=token)
            submissions.submit_resume(
                session=session, token=token, stage_id=view.current.id, text=resume
            )
        for name, authorized in (("waiting", "yes"), ("disqualified", "no"), ("review", "no")):
            _answer_form(session, tokens[name], authorized)
            stage = journey.journey(session=session, token=tokens[name]).current
            submissions.submit_form(session=session, token=tokens[name], stage_id=stage.id)
        candidate_requests.request_review(
            session=session, token=tokens["review"], message="Work permit."
        )
        candidate_requests.withdraw(session=session, token=new("withdrawn"))
        # The demo job's later stages, and the states the engine reaches in other ways.
        demo_job = session.exec(select(Job).where(Job.slug.like("customer-support%"))).first()
        voice = session.exec(
            select(Stage).where(Stage.type == StageType.VOICE).order_by(Stage.id.desc())
        ).first()
        for name in ("later", "thanks", "expired"):
            token = new(name, demo_job.id)
            application = session.exec(select(Application).where(Application.token == token)).one()
            if name == "later":
                application.status = ApplicationStatus.IN_PROGRESS
                application.current_stage_id = voice.id
            elif name == "thanks":
                application.status = ApplicationStatus.COMPLETED
            else:
                application.expires_at = utcnow() - timedelta(days=1)
            session.commit()
    engine.dispose()
    tokens["unknown"] = "no-such-link"
    return tokens


def _shoot(page: Page, base: str, token: str, path: Path, action=None) -> None:
    page.goto(f"{base}/i/{token}")
    page.wait_for_selector("main h1", timeout=20_000)
    if action:
        action(page)
    page.wait_for_timeout(600)
    page.screenshot(path=path, full_page=True)


def main() -> None:
    """Prepare the candidates and capture each page."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    base, database_url = sys.argv[1], sys.argv[2]
    out = Path(sys.argv[3] if len(sys.argv) > 3 else "/tmp/journey-shots")
    out.mkdir(parents=True, exist_ok=True)
    tokens = _prepare(database_url)

    def short_resume(page: Page) -> None:
        page.fill("#resume-text", "Support agent.")
        page.click("#resume-submit")
        page.wait_for_selector("[role=alert]")

    def form_errors(page: Page) -> None:
        page.get_by_label("How many years", exact=False).fill("three")
        page.keyboard.press("Tab")
        page.click("#form-submit")
        page.wait_for_selector("#form-error")

    def adjustment(page: Page) -> None:
        page.click("#adjust-open")
        page.get_by_role("radio", name="More time").click()

    def withdraw(page: Page) -> None:
        page.click("#withdraw")
        page.wait_for_selector("[role=alertdialog]")

    def review_form(page: Page) -> None:
        page.click("#request-review")

    shots = [
        ("welcome", "welcome", None),
        ("welcome-adjustment", "welcome", adjustment),
        ("welcome-withdraw", "welcome", withdraw),
        ("resume", "resume", None),
        ("resume-error", "resume", short_resume),
        ("form", "form", None),
        ("form-errors", "form-errors", form_errors),
        ("form-fr", "fr-form", None),
        ("waiting-sms", "waiting", None),
        ("waiting-later", "later", None),
        ("disqualified", "disqualified", None),
        ("disqualified-review-form", "disqualified", review_form),
        ("review", "review", None),
        ("thanks", "thanks", None),
        ("withdrawn", "withdrawn", None),
        ("expired", "expired", None),
        ("unknown", "unknown", None),
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for width, height in ((390, 844), (1280, 800)):
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, who, action in shots:
                _shoot(page, base, tokens[who], out / f"{name}-{width}.png", action)
            context.close()
        browser.close()
    logger.info("saved %d screenshots in %s", len(shots) * 2, out)


if __name__ == "__main__":
    main()
