"""A demo organization for a new install: two logins, a job with a published interview, candidates.

``make run`` seeds it when the database is empty, so a new user has something to look at. The
candidates stand at different points of the interview; nothing here is a score: scores come
only from the scoring engine.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    AttemptStatus,
    Branding,
    Candidate,
    Interview,
    InterviewStatus,
    Job,
    Organization,
    Question,
    QuestionKind,
    Role,
    Stage,
    StageAttempt,
    StageType,
    User,
    utcnow,
)
from heymilo_app.services.accounts import hash_password

logger = logging.getLogger(__name__)

DEMO_ORG_SLUG = "demo-acme"
RECRUITER_EMAIL = "recruiter@example.com"
MANAGER_EMAIL = "manager@example.com"
# Demo passwords are documented in the README; they only exist in a demo database.
RECRUITER_PASSWORD = "demo-recruiter-pass"
MANAGER_PASSWORD = "demo-manager-pass"


@dataclass(frozen=True)
class DemoLogins:
    """The logins of the demo organization, printed by ``make run``."""

    recruiter_email: str = RECRUITER_EMAIL
    recruiter_password: str = RECRUITER_PASSWORD
    manager_email: str = MANAGER_EMAIL
    manager_password: str = MANAGER_PASSWORD


def database_is_empty(session: Session) -> bool:
    """Whether no organization exists yet.

    Args:
        session: Database session.

    Returns:
        True for a new database.
    """
    return session.exec(select(func.count(Organization.id))).one() == 0


def _rubric(*names: str) -> list[dict]:
    return [
        {
            "name": name,
            "weight": 1.0,
            "low": f"No evidence of {name.lower()}.",
            "high": f"Clear, specific evidence of {name.lower()}.",
        }
        for name in names
    ]


def _stages(interview: Interview) -> list[tuple[Stage, list[Question]]]:
    resume = Stage(
        interview_id=interview.id,
        type=StageType.RESUME,
        position=0,
        title="Resume",
        config={
            "must_have": ["customer support", "ticketing system"],
            "nice_to_have": ["Zendesk", "SQL", "Spanish"],
            "min_years": 2,
            "education": "",
            "locations": ["United States"],
            "dealbreakers": ["min_years"],
        },
        rubric=_rubric("Relevant experience", "Tools", "Communication"),
        pass_threshold=50,
        intro_text="Share your resume so we can match your experience to the role.",
    )
    form = Stage(
        interview_id=interview.id,
        type=StageType.FORM,
        position=1,
        title="Eligibility",
        rubric=_rubric("Availability"),
        pass_threshold=0,  # the dealbreakers decide; the score informs
        intro_text="A few quick questions about eligibility and availability.",
    )
    form_questions = [
        Question(
            prompt="Are you legally authorized to work in the United States?",
            kind=QuestionKind.YES_NO,
            scored=False,
            dealbreaker={"rule": "equals", "value": "yes"},
        ),
        Question(
            prompt="How many years of customer support experience do you have?",
            kind=QuestionKind.NUMBER,
            dealbreaker={"rule": "min", "value": 2},
        ),
        Question(
            prompt="Which shifts can you work?",
            kind=QuestionKind.MULTIPLE_CHOICE,
            options=["Morning", "Afternoon", "Evening", "Weekend"],
        ),
        Question(
            prompt="When could you start?", kind=QuestionKind.DATE, required=False, scored=False
        ),
    ]
    sms = Stage(
        interview_id=interview.id,
        type=StageType.SMS,
        position=2,
        title="Text screen",
        config={
            "opening": "Hi {candidate_first_name}, this is the hiring team at {company_name}. "
            "A few quick questions by text; reply whenever suits you."
        },
        rubric=_rubric("Clarity", "Customer focus"),
        intro_text="We will text you a few questions. Reply at your own pace.",
    )
    sms_questions = [
        Question(prompt="Tell us about a time you turned an unhappy customer around.", followups=1),
        Question(prompt="How do you keep track of many open tickets at once?", followups=1),
    ]
    voice = Stage(
        interview_id=interview.id,
        type=StageType.VOICE,
        position=3,
        title="Conversation",
        config={"mode": "browser_voice", "voice": ""},
        rubric=_rubric("Problem solving", "Empathy", "Communication"),
        intro_text="A short conversation with our AI interviewer about how you work.",
    )
    voice_questions = [
        Question(
            prompt="Walk me through how you handle a customer whose issue you cannot "
            "solve right away.",
            followups=2,
        ),
        Question(prompt="What does great customer support mean to you?", followups=1),
    ]
    assessment = Stage(
        interview_id=interview.id,
        type=StageType.ASSESSMENT,
        position=4,
        title="Assessment",
        config={
            "brief": "A customer writes that they were charged twice. Use the AI assistant to "
            "draft a reply and an internal note for the billing team.",
            "deliverable": "The customer reply and the internal note.",
            "time_limit_minutes": 25,
            "persona": "A helpful writing assistant.",
        },
        rubric=_rubric("Prompt clarity", "Guiding the AI", "Quality of the deliverable"),
        intro_text="Work with an AI assistant on a realistic support task.",
    )
    return [
        (resume, []),
        (form, form_questions),
        (sms, sms_questions),
        (voice, voice_questions),
        (assessment, []),
    ]


_DEMO_CANDIDATES = [
    # first, last, email, phone, status, index of the current stage, source
    ("Ada", "Moreno", "ada.moreno@example.net", "+14155550101", "invited", 0, "ats"),
    ("Grace", "Okafor", "grace.okafor@example.net", "+14155550102", "in_progress", 1, "job_board"),
    ("Alan", "Schmidt", "alan.schmidt@example.net", "", "in_progress", 0, "manual"),
    ("Lin", "Park", "lin.park@example.net", "+14155550104", "disqualified", 1, "csv"),
]

_DEMO_RESUME = (
    "Grace Okafor\nCustomer Support Lead, Brightdesk (2020-2025)\n"
    "Handled 60+ tickets a day in Zendesk, our ticketing system; trained five new agents.\n"
    "Customer support associate, CityTel (2018-2020). Fluent in Spanish."
)


def seed_demo(*, session: Session) -> DemoLogins | None:
    """Create the demo organization when the database is empty.

    Args:
        session: Database session.

    Returns:
        The demo logins, or None when the database already had data (nothing changed).
    """
    if not database_is_empty(session):
        return None
    now = utcnow()
    organization = Organization(name="Acme Support Co.", slug=DEMO_ORG_SLUG)
    session.add(organization)
    session.flush()
    session.add(
        Branding(
            organization_id=organization.id,
            welcome_message="Thanks for your interest in Acme! This interview takes about "
            "45 minutes in all, and you can stop and come back at any time.",
        )
    )
    session.add(
        User(
            organization_id=organization.id,
            email=RECRUITER_EMAIL,
            full_name="Riley Recruiter",
            role=Role.RECRUITER,
            password_hash=hash_password(RECRUITER_PASSWORD),
        )
    )
    session.add(
        User(
            organization_id=organization.id,
            email=MANAGER_EMAIL,
            full_name="Morgan Manager",
            role=Role.HIRING_MANAGER,
            password_hash=hash_password(MANAGER_PASSWORD),
        )
    )
    job = Job(
        organization_id=organization.id,
        title="Customer Support Specialist",
        slug="customer-support-specialist-demo",
        location="Remote (United States)",
        description="Help our customers by chat, email and phone; resolve billing and account "
        "questions; write clear notes for the rest of the team.",
        requirements="2+ years of customer support; a ticketing system such as Zendesk; "
        "authorized to work in the United States. Spanish is a plus.",
        sms_invitations=True,
    )
    session.add(job)
    session.flush()
    interview = Interview(
        job_id=job.id, version=1, status=InterviewStatus.PUBLISHED, published_at=now
    )
    session.add(interview)
    session.flush()
    stages: list[Stage] = []
    for stage, questions in _stages(interview):
        session.add(stage)
        session.flush()
        stages.append(stage)
        for position, question in enumerate(questions):
            question.stage_id = stage.id
            question.position = position
            session.add(question)
    session.flush()
    form_questions = session.exec(
        select(Question).where(Question.stage_id == stages[1].id).order_by(Question.position)
    ).all()
    for days_ago, (first, last, email, phone, status, stage_index, source) in enumerate(
        _DEMO_CANDIDATES, start=1
    ):
        candidate = Candidate(
            organization_id=organization.id,
            first_name=first,
            last_name=last,
            email=email,
            phone=phone,
        )
        session.add(candidate)
        session.flush()
        invited = now - timedelta(days=days_ago)
        application = Application(
            organization_id=organization.id,
            job_id=job.id,
            interview_id=interview.id,
            candidate_id=candidate.id,
            status=ApplicationStatus(status),
            current_stage_id=stages[stage_index].id,
            source=ApplicationSource(source),
            invited_at=invited,
            expires_at=invited + timedelta(days=14),
            resume_text=_DEMO_RESUME if first == "Grace" else "",
        )
        session.add(application)
        session.flush()
        if status == "invited":
            continue
        application.started_at = invited + timedelta(hours=2)
        if stage_index == 0:
            session.add(
                StageAttempt(
                    application_id=application.id,
                    stage_id=stages[0].id,
                    started_at=application.started_at,
                )
            )
            continue
        session.add(
            StageAttempt(
                application_id=application.id,
                stage_id=stages[0].id,
                status=AttemptStatus.PASSED,
                started_at=application.started_at,
                finished_at=application.started_at,
            )
        )
        authorized = "no" if status == "disqualified" else "yes"
        form_attempt = StageAttempt(
            application_id=application.id,
            stage_id=stages[1].id,
            answers={str(form_questions[0].id): authorized},
            started_at=application.started_at + timedelta(minutes=1),
        )
        if status == "disqualified":
            form_attempt.status = AttemptStatus.DISQUALIFIED
            form_attempt.finished_at = form_attempt.started_at + timedelta(minutes=2)
            application.finished_at = form_attempt.finished_at
        session.add(form_attempt)
    session.commit()
    logger.info("seeded the demo organization %s", DEMO_ORG_SLUG)
    return DemoLogins()
