"""A demo organization for a new install: two logins, a job with a published interview, candidates.

``make run`` seeds it when the database is empty, so a new user (a hiring manager's first look
at the dashboard) has something to look at: about forty candidates over the last thirty days,
from every source, invited by email alone or by email and text.

Nothing here is a made-up result. Each candidate is driven through the real engine
(``services/pipeline``: start, resume, answers, submit, withdraw) with a varied, deterministic
resume and answers (``random.Random(seed)``), so their scores, dealbreaker outcomes and statuses
are the engine's own; only the clock is then moved back, spreading them over the thirty days
with plausible minutes per stage. The offline scorer scores the demo (fast, the same every
time, no model called); a recruiter may rescore a stage with a model later.

The outbox holds each candidate's invitation (email, and a text to those with a phone
number), recorded as delivered offline when they were invited. Other messages the engine
queued for those past moments (the "next stage" notes) are dropped: sending them now, weeks
late, would flood the dev inbox.
Invitations past their deadline are lapsed as the scheduler would lapse them.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationStatus,
    Branding,
    Candidate,
    Interview,
    InterviewStatus,
    Job,
    Organization,
    OutboundMessage,
    Question,
    QuestionKind,
    Role,
    Score,
    Stage,
    StageAttempt,
    StageType,
    User,
    utcnow,
)
from heymilo_app.services.messaging import outbox
from heymilo_app.services.messaging.messaging_policy import invitation_days
from heymilo_app.services.org.password_hashing import hash_password
from heymilo_app.services.pipeline import (
    candidate_requests,
    invitations,
    journey,
    reminders,
    submissions,
)
from heymilo_app.services.scoring import offline_scorer, scoring
from heymilo_app.services.stages.kinds import stage_kind
from heymilo_app.services.stages.stage_config import SELF_ID_OPTIONS, SELF_ID_PROMPT

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


CUSTOMER_QUESTION = (
    "Tell us about a customer you helped, and about your availability for this role."
)


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
        intro_text=stage_kind(StageType.RESUME).intro,
    )
    form = Stage(
        interview_id=interview.id,
        type=StageType.FORM,
        position=1,
        title="Eligibility",
        rubric=_rubric("Availability", "Customer focus"),
        pass_threshold=stage_kind(StageType.FORM).pass_mark,  # the dealbreakers decide
        intro_text=stage_kind(StageType.FORM).intro,
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
        Question(prompt=CUSTOMER_QUESTION, kind=QuestionKind.LONG_TEXT),
        Question(
            prompt=SELF_ID_PROMPT,
            kind=QuestionKind.SELF_ID,
            options=list(SELF_ID_OPTIONS),
            required=False,
            scored=False,
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
        intro_text=stage_kind(StageType.SMS).intro,
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


# ---------------------------------------------------------------- the demo's candidates

DEMO_SEED = 20_240_611
# How many of the demo candidates are created (the four named ones come first). The test
# suite lowers it for tests that only need the named four: driving all forty through the
# engine takes seconds, and tests/test_demo_data.py checks the full demo.
DEMO_CANDIDATES = 40
# What happens to a candidate, as the engine will decide it from their resume and answers.
INVITED = "invited"  # never opened the link
RESUME_OPEN = "resume_open"  # opened it, has not given a resume yet
RESUME_SHORT = "resume_short"  # under two years of experience: the resume dealbreaker fails
RESUME_WEAK = "resume_weak"  # a resume with little of the role in it: under the pass mark
FORM_OPEN = "form_open"  # part-way through the form
FORM_UNAUTHORIZED = "form_unauthorized"  # answers "no" to the work authorization dealbreaker
FORM_FEW_YEARS = "form_few_years"  # says one year on the form: the years dealbreaker fails
PASSED = "passed"  # through resume and form: waits for the text-message stage
WITHDRAWN_INVITED = "withdrawn_invited"
WITHDRAWN_FORM = "withdrawn_form"
WITHDRAWN_WAITING = "withdrawn_waiting"

# How many of the generated candidates (besides the four named ones) each script gets.
_SCRIPTS = {
    INVITED: 5,
    RESUME_OPEN: 2,
    RESUME_SHORT: 3,
    RESUME_WEAK: 3,
    FORM_OPEN: 2,
    FORM_UNAUTHORIZED: 3,
    FORM_FEW_YEARS: 1,
    PASSED: 14,
    WITHDRAWN_INVITED: 1,
    WITHDRAWN_FORM: 1,
    WITHDRAWN_WAITING: 1,
}
# When the candidate was invited, in days before now: candidates still on their way are
# recent (older ones have moved on), finished ones are spread over the month.
_DAYS = {
    INVITED: (0.2, 20.0),
    RESUME_OPEN: (0.1, 2.0),
    FORM_OPEN: (0.1, 2.0),
    PASSED: (0.5, 29.5),
}
_FINISHED_DAYS = (0.5, 29.5)
# Scripts whose candidates submit the form, and so may answer the self-identification question.
_FORM_SUBMITTERS = (FORM_UNAUTHORIZED, FORM_FEW_YEARS, PASSED, WITHDRAWN_WAITING)
# Self-identification answers of those who submit a form, in the question's choices; None is
# a candidate who skipped it. Enough women to show a group, too few non-binary candidates to
# show one (groups under 5 are hidden in the adverse impact table).
_SELF_ID_ANSWERS = (
    ["Woman"] * 8 + ["Man"] * 7 + ["Non-binary"] * 2 + ["Prefer not to say"] * 2 + [None] * 1
)

_FIRST_NAMES = (  # noqa: SIM905 - names read better as words
    "Aisha Bruno Camila Dmitri Elena Farid Hana Ibrahim Julia Kwame Leila Mateo Nadia Oscar "
    "Priya Quentin Rosa Tariq Uma Victor Wen Ximena Yusuf Zara Amara Bilal Chen Dalia Emeka "
    "Fatima Gabriel Hiro Ines Jamal Keiko Luca"
).split()
_LAST_NAMES = (  # noqa: SIM905 - names read better as words
    "Abara Bianchi Castillo Dubois Eriksen Fischer Gupta Hassan Ito Jovanovic Kowalski "
    "Lindqvist Mensah Nguyen Oyelaran Petrov Quispe Rahman Sato Tanaka Usman Varga Walsh Xu "
    "Yamamoto Zhang Adeyemi Brennan Costa Delgado Esposito Farouk Grant Horvat Iyer Jensen"
).split()
_AREA_CODES = ("312", "646", "512", "206", "617", "305", "720", "404")
_CITIES = (
    "Austin, Texas",
    "Denver, Colorado",
    "Chicago, Illinois",
    "Atlanta, Georgia",
    "Phoenix, Arizona",
    "Columbus, Ohio",
    "Raleigh, North Carolina",
    "Tampa, Florida",
)
_COMPANIES = ("Brightdesk", "CityTel", "Quickpay", "HomeNet", "Parcelo", "Lumen Bank")

_GRACE_RESUME = (
    "Grace Okafor\nCustomer Support Lead, Brightdesk (2020-2025)\n"
    "Handled 60+ tickets a day in Zendesk, our ticketing system; trained five new agents.\n"
    "Customer support associate, CityTel (2018-2020). Fluent in Spanish."
)


@dataclass
class _Plan:
    """One demo candidate: who they are, what they give, and when things happened."""

    first: str
    last: str
    email: str
    phone: str
    source: ApplicationSource
    script: str
    days_ago: float
    resume: str = ""
    answers: dict[int, object] = field(default_factory=dict)  # question index -> answer
    # Minutes between steps (drawn once, so the timeline is the same every seed).
    start_hours: float = 1.0
    stage_minutes: tuple[float, float] = (4.0, 8.0)
    gap_minutes: float = 2.0
    withdraw_hours: float = 20.0


def _resume(rng: random.Random, first: str, last: str, quality: str) -> str:
    """A plausible resume whose strength (and years) the screening and scorer will find.

    Args:
        rng: The seeded generator.
        first: First name.
        last: Last name.
        quality: "strong", "good", "short" (under two years) or "weak" (little of the role).

    Returns:
        The resume's text.
    """
    city = rng.choice(_CITIES)
    first_job, second_job = rng.sample(_COMPANIES, 2)
    end = rng.choice((2023, 2024, 2025))
    lines = [f"{first} {last} - {city}, United States"]
    if quality == "weak":
        lines += [
            f"Barista, Bean Town Coffee, {end - 5} - {end}. Cashier, Corner Market, "
            f"{end - 7} - {end - 5}.",
            "Friendly, punctual and good with people.",
        ]
        return "\n".join(lines)
    if quality == "short":
        lines += [
            f"Customer support intern, {first_job}, {end - 1} - {end}: answered chat tickets "
            "in Zendesk and escalated billing issues.",
            "Studying communications.",
        ]
        return "\n".join(lines)
    years = rng.randint(3, 6)
    lines.append(
        f"Customer support agent, {first_job}, {end - years} - {end}: answered customer "
        "emails and calls about billing and accounts; logged every ticket."
    )
    if quality == "strong":
        lines += [
            f"Support team lead, {second_job}, {end - years - 3} - {end - years}: "
            f"{rng.choice((40, 60, 80))} tickets a day in Zendesk, our ticketing system; "
            "trained new agents on clear, empathetic replies.",
            rng.choice(
                (
                    "Wrote SQL queries to find duplicate charges. Fluent in Spanish.",
                    "Kept a 96% customer satisfaction score. Conversational Spanish.",
                    "Built the team's help center articles and macros.",
                )
            ),
        ]
    else:
        lines.append(rng.choice(("Used Freshdesk daily.", "Helped customers reset devices.")))
    return "\n".join(lines)


_STRONG_STORIES = (
    "A customer was charged twice and was angry on chat. I apologized, found the duplicate "
    "charge in our billing tool, refunded it while we talked and wrote a clear note in the "
    "ticket so the billing team could fix the cause. I am available full time, mornings and "
    "weekends included.",
    "An elderly customer could not log in before a trip. I stayed on the phone, walked her "
    "through the reset step by step and followed up by email the next day; she wrote to thank "
    "the team. My availability is flexible: any shift, and I can start within two weeks.",
    "A small business lost access to invoices at month end. I escalated in Zendesk with every "
    "detail, kept the customer updated every hour and the issue was solved the same day. I can "
    "work afternoons and evenings, and weekends when needed.",
)
_PLAIN_STORIES = (
    "I helped a customer who had a billing question and explained the charge. I can work most "
    "shifts.",
    "I like helping customers and solving their problems quickly. Available weekdays.",
)
_THIN_STORIES = ("I like people.", "Helped a customer once.", "Yes.")


def _answers(rng: random.Random, script: str, self_id: str | None) -> dict[int, object]:
    """Form answers by question index, in line with the script.

    Args:
        rng: The seeded generator.
        script: What happens to the candidate.
        self_id: The self-identification answer, or None to skip it.

    Returns:
        Question index to answer (what the page would send).
    """
    story = rng.choice(
        rng.choice((_STRONG_STORIES, _STRONG_STORIES, _PLAIN_STORIES, _THIN_STORIES))
    )
    answers: dict[int, object] = {
        0: "no" if script == FORM_UNAUTHORIZED else "yes",
        1: "1" if script == FORM_FEW_YEARS else str(rng.choice((2, 3, 4, 5, 6, 8))),
        2: sorted(rng.sample(["Morning", "Afternoon", "Evening", "Weekend"], rng.randint(1, 4))),
        4: story,
    }
    if rng.random() < 0.6:
        # A start date from next week to four months on (the form takes no past date). Two
        # draws, as before: the rest of the demo comes out the same.
        weeks = 4 * rng.randint(0, 1) + rng.randint(1, 12)
        answers[3] = (utcnow().date() + timedelta(weeks=weeks)).isoformat()
    if self_id is not None:
        answers[5] = self_id
    if script == FORM_OPEN:  # part-way: the first few answers only
        return {index: answers[index] for index in sorted(answers)[: rng.randint(1, 3)]}
    return answers


def _named_plans() -> list[_Plan]:
    """The four candidates the demo has always had (other features' tests know them)."""
    return [
        _Plan(
            "Ada",
            "Moreno",
            "ada.moreno@example.net",
            "+14155550101",
            ApplicationSource.ATS,
            INVITED,
            1.0,
        ),
        _Plan(
            "Grace",
            "Okafor",
            "grace.okafor@example.net",
            "+14155550102",
            ApplicationSource.JOB_BOARD,
            FORM_OPEN,
            0.7,
            resume=_GRACE_RESUME,
            answers={0: "yes", 1: "7"},
        ),
        _Plan(
            "Alan",
            "Schmidt",
            "alan.schmidt@example.net",
            "",
            ApplicationSource.MANUAL,
            RESUME_OPEN,
            0.5,
        ),
        _Plan(
            "Lin",
            "Park",
            "lin.park@example.net",
            "+14155550104",
            ApplicationSource.CSV,
            FORM_UNAUTHORIZED,
            4.2,
        ),
    ]


def demo_plans(seed: int = DEMO_SEED) -> list[_Plan]:
    """Every demo candidate, the same for the same seed.

    Args:
        seed: Seed of the generator.

    Returns:
        The plans, the four named candidates first.
    """
    rng = random.Random(seed)
    plans = _named_plans()
    scripts = [script for script, count in _SCRIPTS.items() for _ in range(count)]
    rng.shuffle(scripts)
    self_ids = list(_SELF_ID_ANSWERS)
    rng.shuffle(self_ids)
    firsts = rng.sample(_FIRST_NAMES, len(scripts))
    lasts = rng.sample(_LAST_NAMES, len(scripts))
    sources = [ApplicationSource.MANUAL, ApplicationSource.CSV, ApplicationSource.ATS] * 9 + [
        ApplicationSource.JOB_BOARD
    ] * 9
    rng.shuffle(sources)
    for index, (script, first, last) in enumerate(zip(scripts, firsts, lasts, strict=True)):
        source = sources[index % len(sources)]
        if script == RESUME_OPEN and source in (ApplicationSource.ATS, ApplicationSource.JOB_BOARD):
            source = ApplicationSource.CSV  # a resume from the ATS would be screened at once
        low, high = _DAYS.get(script, _FINISHED_DAYS)
        quality = {RESUME_SHORT: "short", RESUME_WEAK: "weak"}.get(
            script, rng.choice(("strong", "strong", "good"))
        )
        # About two in three gave a phone number: they are invited by email and text.
        phone = (
            f"+1{_AREA_CODES[index % len(_AREA_CODES)]}5550{300 + index}"
            if rng.random() < 0.65
            else ""
        )
        self_id = self_ids.pop() if script in _FORM_SUBMITTERS and self_ids else None
        if script == FORM_OPEN and rng.random() < 0.5:
            self_id = rng.choice(SELF_ID_OPTIONS)
        plans.append(
            _Plan(
                first=first,
                last=last,
                email=f"{first}.{last}@example.org".lower(),
                phone=phone,
                source=source,
                script=script,
                days_ago=round(rng.uniform(low, high), 3),
                resume=_resume(rng, first, last, quality),
                answers=_answers(rng, script, self_id),
                start_hours=rng.choice((0.2, 0.5, 1.0, 3.0, 8.0, 20.0, 30.0)),
                stage_minutes=(rng.uniform(2.0, 7.0), rng.uniform(4.0, 14.0)),
                gap_minutes=rng.choice((0.5, 1.0, 2.0, 5.0, 240.0)),
                withdraw_hours=rng.uniform(2.0, 48.0),
            )
        )
    for plan in plans[:4]:
        if plan.script == FORM_UNAUTHORIZED:  # Lin: a good resume, then "no" on the form
            plan.resume = _resume(rng, plan.first, plan.last, "strong")
            plan.answers = _answers(rng, FORM_UNAUTHORIZED, None)
    return plans


# ---------------------------------------------------------------- driving the engine


@contextmanager
def _offline_scoring() -> Iterator[None]:
    """Score with the offline engine while seeding: fast, deterministic, no model called."""
    original = scoring.get_scorer
    scoring.get_scorer = offline_scorer.OfflineScorer
    try:
        yield
    finally:
        scoring.get_scorer = original


def _drive(
    session: Session,
    application: Application,
    plan: _Plan,
    stages: list[Stage],
    questions: list[Question],
) -> None:
    """Take one candidate as far as their script goes, through the real engine.

    Args:
        session: Database session.
        application: The new application (invited).
        plan: What the candidate does.
        stages: The interview's stages.
        questions: The form stage's questions.
    """
    token = application.token
    if plan.script == INVITED:
        return
    if plan.script == WITHDRAWN_INVITED:
        candidate_requests.withdraw(session=session, token=token)
        return
    journey.start(session=session, token=token)  # a resume that came along is screened here
    if plan.script == RESUME_OPEN:
        return
    session.refresh(application)
    if application.status != ApplicationStatus.IN_PROGRESS:
        return  # the resume that came along decided (disqualified or in review)
    if application.current_stage_id == stages[0].id:
        submissions.submit_resume(
            session=session, token=token, stage_id=stages[0].id, text=plan.resume
        )
        session.refresh(application)
    if application.current_stage_id != stages[1].id or application.status != "in_progress":
        return  # the resume decided (disqualified or in review)
    for index, value in sorted(plan.answers.items()):
        submissions.save_answer(
            session=session,
            token=token,
            stage_id=stages[1].id,
            question_id=questions[index].id,
            value=value,
        )
    if plan.script == FORM_OPEN:
        return
    if plan.script == WITHDRAWN_FORM:
        candidate_requests.withdraw(session=session, token=token)
        return
    submissions.submit_form(session=session, token=token, stage_id=stages[1].id)
    if plan.script == WITHDRAWN_WAITING:
        candidate_requests.withdraw(session=session, token=token)


def _timeline(
    plan: _Plan, attempts: list[StageAttempt], now: datetime, came_with_resume: bool
) -> tuple[datetime, datetime, list, datetime]:
    """When things happened: invited, started, each attempt's (start, end), the last moment.

    Everything is squeezed, keeping its proportions, to end a few minutes before ``now``.
    """
    invited = now - timedelta(days=plan.days_ago)
    offsets: list[tuple[float, float | None]] = []  # minutes after the invitation
    clock = plan.start_hours * 60
    started = clock
    for index, attempt in enumerate(attempts):
        if index:
            clock += plan.gap_minutes
        begin = clock
        if attempt.finished_at is None:
            offsets.append((begin, None))
            continue
        instant = index == 0 and came_with_resume
        clock += 0.1 if instant else plan.stage_minutes[min(index, 1)]
        offsets.append((begin, clock))
    last = clock + (plan.withdraw_hours * 60 if "withdrawn" in plan.script else 0)
    available = max(1.0, (now - invited).total_seconds() / 60 - 5)
    factor = min(1.0, available / max(last, 1.0))

    def at(minutes: float) -> datetime:
        return invited + timedelta(minutes=minutes * factor)

    spans = [(at(begin), at(end) if end is not None else None) for begin, end in offsets]
    return invited, at(started), spans, at(last)


@dataclass
class _Rows:
    """An application's attempts, scores and events, read in one go for dating."""

    attempts: list[StageAttempt] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    events: list[ApplicationEvent] = field(default_factory=list)


def _rows_by_application(session: Session, organization: Organization) -> dict[int, _Rows]:
    """Every demo application's attempts (in stage order), scores and events."""
    rows: dict[int, _Rows] = {}
    owned = select(Application.id).where(Application.organization_id == organization.id)
    for attempt in session.exec(
        select(StageAttempt)
        .join(Stage, Stage.id == StageAttempt.stage_id)
        .where(StageAttempt.application_id.in_(owned))
        .order_by(Stage.position)
    ):
        rows.setdefault(attempt.application_id, _Rows()).attempts.append(attempt)
    for score in session.exec(select(Score).where(Score.application_id.in_(owned))):
        rows.setdefault(score.application_id, _Rows()).scores.append(score)
    for event in session.exec(
        select(ApplicationEvent).where(ApplicationEvent.application_id.in_(owned))
    ):
        rows.setdefault(event.application_id, _Rows()).events.append(event)
    return rows


def _backdate(
    application: Application,
    candidate: Candidate,
    rows: _Rows,
    plan: _Plan,
    now: datetime,
    days_valid: int,
) -> None:
    """Move an application's timestamps (and its attempts', scores' and events') into the past.

    Args:
        application: The driven application.
        candidate: Its candidate.
        rows: Its attempts (in stage order), scores and events.
        plan: Its plan (when things happened).
        now: The seeding's now.
        days_valid: How long an invitation stays valid.
    """
    attempts = rows.attempts
    came_with_resume = application.source in (ApplicationSource.ATS, ApplicationSource.JOB_BOARD)
    invited, started, spans, last = _timeline(plan, attempts, now, came_with_resume)
    when: dict[int, tuple[datetime, datetime | None]] = {}
    for attempt, (begin, end) in zip(attempts, spans, strict=True):
        attempt.started_at, attempt.finished_at = begin, end
        when[attempt.stage_id] = (begin, end)
    for score in rows.scores:
        score.created_at = when.get(score.stage_id, (last, last))[1] or last
    for event in rows.events:
        begin, end = when.get(event.stage_id, (last, last))
        event.created_at = {
            "started": started,
            "entered": begin,
            "withdrawn": last,
        }.get(event.kind, end or last)
    candidate.created_at = invited
    application.created_at = invited
    application.invited_at = invited
    application.expires_at = invited + timedelta(days=days_valid)
    application.started_at = started if attempts else None
    current = when.get(application.current_stage_id)
    application.stage_entered_at = current[0] if current and attempts else None
    if application.status == ApplicationStatus.WITHDRAWN:
        application.finished_at = last
    elif application.status == ApplicationStatus.DISQUALIFIED:
        application.finished_at = max(end for _, end in spans if end is not None)


def _record_invitations(
    session: Session, job: Job, applications: list[Application], candidates: list[Candidate]
) -> None:
    """Each candidate's invitation, from the job's own templates, as delivered when they were
    invited: the email, and the text to those who gave a phone number (the job texts too).

    The candidate's message history and the dashboard's completion by channel read these.
    They are recorded as kept offline: nothing is sent now.
    """
    context = invitations.invitation_context(session=session, job=job, kind="invitation")
    for application, candidate in zip(applications, candidates, strict=True):
        invited = application.invited_at
        for message in invitations.invite(
            session=session,
            application=application,
            candidate=candidate,
            context=context,
            fresh=True,
        ):
            outbox.record_delivered(message, provider="offline", at=invited)
            message.created_at = message.send_after = invited


def _seed_candidates(
    session: Session,
    organization: Organization,
    job: Job,
    interview: Interview,
    stages: list[Stage],
    now: datetime,
    seed: int,
) -> None:
    """Create the demo candidates and drive each through the engine, then date them."""
    questions = session.exec(
        select(Question).where(Question.stage_id == stages[1].id).order_by(Question.position)
    ).all()
    days_valid = invitation_days(organization)
    plans = demo_plans(seed)[:DEMO_CANDIDATES]
    applications: list[Application] = []
    candidates: list[Candidate] = []
    for index, plan in enumerate(plans):
        candidate = Candidate(
            organization_id=organization.id,
            first_name=plan.first,
            last_name=plan.last,
            email=plan.email,
            phone=plan.phone,
        )
        session.add(candidate)
        session.flush()
        candidates.append(candidate)
        carries_resume = plan.source in (ApplicationSource.ATS, ApplicationSource.JOB_BOARD)
        application = Application(
            organization_id=organization.id,
            job_id=job.id,
            interview_id=interview.id,
            candidate_id=candidate.id,
            current_stage_id=stages[0].id,
            source=plan.source,
            external_id=f"demo-{index + 1:03d}" if plan.source == "ats" else None,
            resume_text=plan.resume if carries_resume else "",
            # Open while the engine drives it (by the real clock); dated later.
            invited_at=utcnow(),
            expires_at=utcnow() + timedelta(days=days_valid),
        )
        session.add(application)
        applications.append(application)
    session.commit()
    with _offline_scoring():
        for application, plan in zip(applications, plans, strict=True):
            _drive(session, application, plan, stages, questions)
    rows = _rows_by_application(session, organization)
    for application, candidate, plan in zip(applications, candidates, plans, strict=True):
        session.refresh(application)
        _backdate(application, candidate, rows.get(application.id, _Rows()), plan, now, days_valid)
    # Messages the engine queued for those past moments would go out weeks late: drop them.
    session.execute(
        sa.delete(OutboundMessage).where(OutboundMessage.organization_id == organization.id)
    )
    _record_invitations(session, job, applications, candidates)
    reminders.lapse_expired(session=session, now=now)
    session.commit()


def seed_demo(
    *, session: Session, now: datetime | None = None, seed: int = DEMO_SEED
) -> DemoLogins | None:
    """Create the demo organization when the database is empty.

    Args:
        session: Database session.
        now: The present the candidates' thirty days end at (tests fix it).
        seed: Seed of the generator of candidates, resumes and answers.

    Returns:
        The demo logins, or None when the database already had data (nothing changed).
    """
    if not database_is_empty(session):
        return None
    now = now or utcnow()
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
        created_at=now - timedelta(days=31),
        updated_at=now - timedelta(days=31),
    )
    session.add(job)
    session.flush()
    interview = Interview(
        job_id=job.id,
        version=1,
        status=InterviewStatus.PUBLISHED,
        created_at=now - timedelta(days=31),
        published_at=now - timedelta(days=31),
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
    session.commit()
    _seed_candidates(session, organization, job, interview, stages, now, seed)
    logger.info("seeded the demo organization %s", DEMO_ORG_SLUG)
    return DemoLogins()
