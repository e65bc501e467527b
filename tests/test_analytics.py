"""Dashboard numbers against a small world whose every figure was counted by hand.

Job "Support Lead" (interview: Resume, Eligibility form with a voluntary self-ID question,
Phone interview) has 24 applications:

- a1-a3 invited, never started (sources ATS, ATS, CSV), created Nov 1;
- b1 started, resume in progress (CSV), created Nov 1;
- c1, c2 failed the resume (20.0, 45.5; job board), created Nov 2;
- d1-d18 passed the resume and the form, created Nov 4; at the phone interview:
  Woman d1-d8 (d1-d6 passed, d7 failed, d8 still in it), Man d9-d14 (d9-d11 passed,
  d12-d14 failed), Non-binary d15-d16 (passed), "Prefer not to say" d17 (passed),
  no answer d18 (failed). Passing the phone interview completes the interview: d1-d6 on
  Nov 5, the other six on Nov 6. Sources: d1-d9 added by hand, d10-d18 ATS. SMS
  invitations went to d1-d10 (d11 only got an SMS reminder).

Job "Warehouse" of the same organization has 3 applications; another organization's job has
5 completed ones that must never count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session

from heymilo_app.models import (
    Application,
    ApplicationStatus,
    AttemptStatus,
    Candidate,
    Channel,
    Interview,
    InterviewStatus,
    Job,
    OutboundMessage,
    Question,
    QuestionKind,
    Score,
    Stage,
    StageAttempt,
    StageType,
    User,
)
from heymilo_app.services.analytics import dashboard, funnel, ranked_table, scope, scores
from heymilo_app.services.analytics.scope import Filters
from heymilo_app.services.common.errors import Invalid, NotFound
from tests.support import add_manager, make_org_user

DAY = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
GENDER = "How do you describe your gender?"
# Scores have criteria only where the stage has a rubric.
RUBRIC = [{"name": "Experience", "weight": 1}, {"name": "Tools", "weight": 1}]

# Resume totals of d1..d18 (c1, c2 scored 20.0 and 45.5).
RESUME_TOTALS = [50, 50, 55, 60, 60, 65, 70, 70, 75, 80, 80, 85, 90, 90, 95, 99, 100, 62.5]
# Phone interview: (outcome, total, completion day) of d1..d18; d8 is still in it.
VOICE = {
    1: ("passed", 70, 5),
    2: ("passed", 72.5, 5),
    3: ("passed", 75, 5),
    4: ("passed", 78, 5),
    5: ("passed", 80, 5),
    6: ("passed", 82, 5),
    7: ("failed", 30, None),
    8: ("in_progress", None, None),
    9: ("passed", 85, 6),
    10: ("passed", 88, 6),
    11: ("passed", 90, 6),
    12: ("failed", 40, None),
    13: ("failed", 55, None),
    14: ("failed", 60, None),
    15: ("passed", 92, 6),
    16: ("passed", 95, 6),
    17: ("passed", 100, 6),
    18: ("failed", 65.5, None),
}
GROUPS = {**dict.fromkeys(range(1, 9), "Woman"), **dict.fromkeys(range(9, 15), "Man")}
GROUPS.update({15: "Non-binary", 16: "Non-binary", 17: "Prefer not to say"})


@dataclass
class World:
    """The fixture's ids."""

    recruiter: User
    manager: User
    stranger: User
    job: Job
    warehouse: Job
    resume: Stage
    form: Stage
    voice: Stage
    other_job: Job
    ids: dict[str, int]


def _at(day: int, minutes: float = 0) -> datetime:
    return DAY + timedelta(days=day - 1, minutes=minutes)


def _interview(session: Session, job: Job, stages: list[dict[str, Any]]) -> list[Stage]:
    interview = Interview(job_id=job.id, status=InterviewStatus.PUBLISHED, published_at=DAY)
    session.add(interview)
    session.flush()
    made = []
    for position, fields in enumerate(stages):
        stage = Stage(interview_id=interview.id, position=position, **fields)
        session.add(stage)
        made.append(stage)
    session.flush()
    return made


class Builder:
    """Adds candidates, applications, attempts and scores to a job."""

    def __init__(self, session: Session, job: Job, stages: list[Stage]):
        self.session, self.job, self.stages = session, job, stages

    def application(
        self, name: str, *, source: str, day: int, status: str, email: str = ""
    ) -> Application:
        first, _, last = name.partition(" ")
        candidate = Candidate(
            organization_id=self.job.organization_id,
            first_name=first,
            last_name=last,
            email=email or f"{first}.{last}.{self.job.id}@mail.example.com".lower(),
            phone="+15551230000",
        )
        self.session.add(candidate)
        self.session.flush()
        application = Application(
            organization_id=self.job.organization_id,
            job_id=self.job.id,
            interview_id=self.stages[0].interview_id,
            candidate_id=candidate.id,
            source=source,
            status=status,
            created_at=_at(day),
            invited_at=_at(day),
        )
        if status != ApplicationStatus.INVITED:
            application.started_at = _at(day, 60)
        self.session.add(application)
        self.session.flush()
        return application

    def attempt(
        self,
        application: Application,
        stage: Stage,
        status: str,
        *,
        start: datetime,
        minutes: float | None,
        answers: dict | None = None,
    ) -> StageAttempt:
        attempt = StageAttempt(
            application_id=application.id,
            stage_id=stage.id,
            status=status,
            answers=answers or {},
            started_at=start,
            finished_at=start + timedelta(minutes=minutes) if minutes is not None else None,
        )
        self.session.add(attempt)
        self.session.flush()
        return attempt

    def score(
        self,
        application: Application,
        stage: Stage,
        total: float,
        criteria: dict[str, int],
        *,
        current: bool = True,
    ) -> None:
        self.session.add(
            Score(
                application_id=application.id,
                stage_id=stage.id,
                total=total,
                criteria=[
                    {"name": name, "weight": 1, "score": value, "evidence": "quoted"}
                    for name, value in criteria.items()
                ],
                passed=total >= stage.pass_threshold,
                is_current=current,
            )
        )


def _support_lead(session: Session, recruiter: User) -> tuple[Job, list[Stage], dict]:
    job = Job(organization_id=recruiter.organization_id, title="Support Lead", slug="support-lead")
    session.add(job)
    session.flush()
    resume, form, voice = _interview(
        session,
        job,
        [
            {"type": StageType.RESUME, "title": "", "pass_threshold": 50, "rubric": RUBRIC},
            # A rubric, but a form of facts: its empty scores are left out by their criteria.
            {"type": StageType.FORM, "title": "Eligibility", "pass_threshold": 0, "rubric": RUBRIC},
            {
                "type": StageType.VOICE,
                "title": "Phone interview",
                "pass_threshold": 70,
                "rubric": [{"name": "Communication", "weight": 1}],
            },
        ],
    )
    question = Question(
        stage_id=form.id,
        prompt=GENDER,
        kind=QuestionKind.SELF_ID,
        options=["Woman", "Man", "Non-binary", "Prefer not to say"],
        required=False,
        scored=False,
    )
    session.add(question)
    session.flush()
    build = Builder(session, job, [resume, form, voice])
    ids: dict[str, int] = {}
    invited = [("Ada Quinn", "ats"), ("Abe Quarry", "ats"), ("Amy Quill", "csv")]
    for index, (name, source) in enumerate(invited, start=1):
        ids[f"a{index}"] = build.application(
            name, source=source, day=1, status=ApplicationStatus.INVITED
        ).id
    b1 = build.application("Ben Rowe", source="csv", day=1, status="in_progress")
    build.attempt(b1, resume, AttemptStatus.IN_PROGRESS, start=_at(1, 60), minutes=None)
    ids["b1"] = b1.id
    for index, total in enumerate((20.0, 45.5), start=1):
        email = "blacksmith@mail.example.com" if index == 1 else ""
        c = build.application(
            f"Carl Jones{index}", source="job_board", day=2, status="disqualified", email=email
        )
        c.finished_at = _at(2, 80)
        build.attempt(c, resume, AttemptStatus.FAILED, start=_at(2, 60), minutes=10)
        build.score(c, resume, total, {"Experience": 1, "Tools": 3})
        ids[f"c{index}"] = c.id
    voice_minutes = iter(range(1, 18))
    for n in range(1, 19):
        name = {1: "Anna Smith", 9: "Bob SMITH", 16: "Zoë Ångström"}.get(n, f"Dee Person{n}")
        outcome, voice_total, done = VOICE[n]
        status = {"passed": "completed", "failed": "disqualified"}.get(outcome, "in_progress")
        d = build.application(name, source="manual" if n <= 9 else "ats", day=4, status=status)
        ids[f"d{n}"] = d.id
        build.attempt(d, resume, AttemptStatus.PASSED, start=_at(4, 60), minutes=3)
        build.score(d, resume, RESUME_TOTALS[n - 1], {"Experience": 4, "Tools": 3 if n <= 8 else 5})
        answers = {str(question.id): GROUPS[n]} if n in GROUPS else {}
        build.attempt(d, form, AttemptStatus.PASSED, start=_at(4, 70), minutes=4, answers=answers)
        # A form of facts: an empty score, which counts nowhere.
        build.score(d, form, 0.0, {})
        start = _at(done or 4, 120)
        if outcome == "in_progress":
            build.attempt(d, voice, AttemptStatus.IN_PROGRESS, start=start, minutes=None)
            continue
        minutes = next(voice_minutes)
        build.attempt(d, voice, outcome, start=start - timedelta(minutes=minutes), minutes=minutes)
        build.score(d, voice, voice_total, {"Communication": 5 if outcome == "passed" else 2})
        d.finished_at = start
    # A rescored resume: the old score (5.0) is no longer current and counts nowhere.
    build.score(session.get(Application, ids["d3"]), resume, 5.0, {"Experience": 1}, current=False)
    for n in range(1, 12):
        kind = "invitation" if n <= 10 else "reminder"
        session.add(
            OutboundMessage(
                organization_id=job.organization_id,
                application_id=ids[f"d{n}"],
                channel=Channel.SMS,
                kind=kind,
                to_address="+15551230000",
                dedupe_key=f"{kind}:{ids[f'd{n}']}:1:sms",
            )
        )
        session.add(
            OutboundMessage(
                organization_id=job.organization_id,
                application_id=ids[f"d{n}"],
                channel=Channel.EMAIL,
                kind="invitation",
                to_address="x@mail.example.com",
                dedupe_key=f"invitation:{ids[f'd{n}']}:1:email",
            )
        )
    return job, [resume, form, voice], ids


def _warehouse(session: Session, recruiter: User, ids: dict[str, int]) -> Job:
    job = Job(organization_id=recruiter.organization_id, title="Warehouse", slug="warehouse")
    session.add(job)
    session.flush()
    resume, voice = _interview(
        session,
        job,
        [
            {"type": StageType.RESUME, "title": "CV check", "pass_threshold": 40, "rubric": RUBRIC},
            {"type": StageType.VOICE, "title": "", "pass_threshold": 60, "rubric": RUBRIC},
        ],
    )
    build = Builder(session, job, [resume, voice])
    w1 = build.application("Wes Done", source="manual", day=10, status="completed")
    build.attempt(w1, resume, AttemptStatus.PASSED, start=_at(10, 60), minutes=2)
    build.score(w1, resume, 80, {"Experience": 5})
    build.attempt(w1, voice, AttemptStatus.PASSED, start=_at(11, 0), minutes=20)
    build.score(w1, voice, 90, {"Communication": 4})
    w1.finished_at = _at(11, 20)
    w2 = build.application("Will Wait", source="manual", day=10, status="invited")
    w3 = build.application("Walt Short", source="manual", day=10, status="disqualified")
    build.attempt(w3, resume, AttemptStatus.FAILED, start=_at(10, 60), minutes=2)
    build.score(w3, resume, 30, {"Experience": 2})
    ids.update(w1=w1.id, w2=w2.id, w3=w3.id)
    return job


def _other_organization(session: Session) -> tuple[User, Job]:
    stranger = make_org_user(session, org="Globex", email="rec@globex.example.com")
    job = Job(organization_id=stranger.organization_id, title="Support Lead", slug="globex-sl")
    session.add(job)
    session.flush()
    (resume,) = _interview(
        session, job, [{"type": StageType.RESUME, "pass_threshold": 10, "rubric": RUBRIC}]
    )
    build = Builder(session, job, [resume])
    for n in range(5):
        app = build.application(f"Sam Smith{n}", source="ats", day=4, status="completed")
        build.attempt(app, resume, AttemptStatus.PASSED, start=_at(4, 60), minutes=1)
        build.score(app, resume, 99, {"Experience": 5})
        app.finished_at = _at(5)
    return stranger, job


@pytest.fixture
def world(session: Session) -> World:
    """The hand-counted world of this module's docstring."""
    recruiter = make_org_user(session)
    manager = add_manager(session, recruiter)
    job, (resume, form, voice), ids = _support_lead(session, recruiter)
    warehouse = _warehouse(session, recruiter, ids)
    stranger, other_job = _other_organization(session)
    session.commit()
    return World(recruiter, manager, stranger, job, warehouse, resume, form, voice, other_job, ids)


def _data(session: Session, world: World, **filters: Any) -> dashboard.DashboardData:
    return dashboard.dashboard_data(
        session=session, user=world.manager, filters=Filters(job_id=world.job.id, **filters)
    )


def test_funnel_counts_every_step_with_its_drop(session: Session, world: World) -> None:
    data = _data(session, world)
    assert data.applications == 24
    assert [(s.label, s.count, s.percent_of_invited, s.drop_percent) for s in data.funnel] == [
        ("Invited", 24, 100.0, None),
        ("Started", 21, 87.5, 12.5),
        ("Finished Resume", 20, 83.3, 4.8),
        ("Passed Resume", 18, 75.0, 10.0),
        ("Finished Eligibility", 18, 75.0, 0.0),
        ("Passed Eligibility", 18, 75.0, 0.0),
        ("Finished Phone interview", 17, 70.8, 5.6),
        ("Passed Phone interview", 12, 50.0, 29.4),
        ("Finished the interview", 12, 50.0, 0.0),
    ]


def test_score_distributions_bin_current_scored_totals(session: Session, world: World) -> None:
    scores = {d.stage_label: d for d in _data(session, world).scores}
    # The form's empty scores and d3's replaced resume score (5.0) count nowhere.
    assert list(scores) == ["Resume", "Phone interview"]
    resume, voice = scores["Resume"], scores["Phone interview"]
    assert resume.bins == [0, 0, 1, 0, 1, 3, 4, 3, 3, 5]
    assert resume.threshold == 50
    assert resume.passing == 18
    assert len(resume.totals) == 20 and resume.totals[0] == 20.0 and resume.totals[-1] == 100.0
    assert voice.bins == [0, 0, 0, 1, 1, 1, 2, 4, 4, 4]
    assert voice.threshold == 70
    assert voice.passing == 12
    assert sorted(voice.totals) == voice.totals and len(voice.totals) == 17


def test_criteria_average_the_current_scores(session: Session, world: World) -> None:
    averages = [
        (c.stage_label, c.criterion, c.average, c.count) for c in _data(session, world).criteria
    ]
    assert averages == [
        # 18 x 4 and 2 x 1 over 20; 10 x 3 and 10 x 5 over 20.
        ("Resume", "Experience", 3.7, 20),
        ("Resume", "Tools", 4.0, 20),
        # 12 x 5 and 5 x 2 over 17.
        ("Phone interview", "Communication", 4.12, 17),
    ]


def test_stage_times_take_median_and_90th_percentile(session: Session, world: World) -> None:
    times = [
        (t.stage_label, t.median_minutes, t.p90_minutes, t.count)
        for t in _data(session, world).stage_times
    ]
    assert times == [
        # 18 x 3 min and 2 x 10 min: the 90th percentile sits a tenth of the way to 10.
        ("Resume", 3.0, 3.7, 20),
        ("Eligibility", 4.0, 4.0, 18),
        # 1, 2, ..., 17 minutes.
        ("Phone interview", 9.0, 15.4, 17),
    ]


def test_completion_by_channel_and_source(session: Session, world: World) -> None:
    data = _data(session, world)
    assert [(r.label, r.invited, r.completed, r.percent) for r in data.by_channel] == [
        ("Email only", 14, 4, 28.6),
        ("Email + SMS", 10, 8, 80.0),
    ]
    assert [(r.label, r.invited, r.completed, r.percent) for r in data.by_source] == [
        ("ATS", 11, 5, 45.5),
        ("Job board", 2, 0, 0.0),
        ("CSV import", 2, 0, 0.0),
        ("Added by hand", 9, 7, 77.8),
    ]


def test_applications_and_completions_per_day(session: Session, world: World) -> None:
    assert [(d.day, d.applications, d.completions) for d in _data(session, world).over_time] == [
        (date(2026, 11, 1), 4, 0),
        (date(2026, 11, 2), 2, 0),
        (date(2026, 11, 3), 0, 0),
        (date(2026, 11, 4), 18, 0),
        (date(2026, 11, 5), 0, 6),
        (date(2026, 11, 6), 0, 6),
    ]


def test_adverse_impact_flags_under_four_fifths_and_hides_small_groups(
    session: Session, world: World
) -> None:
    data = _data(session, world)
    assert data.impact_question == GENDER
    rows = [
        (r.stage_label, r.group, r.candidates, r.selected, r.rate, r.impact_ratio, r.flagged)
        for r in data.impact
    ]
    assert rows == [
        ("Resume", "Man", 6, 6, 1.0, 1.0, False),
        ("Resume", "Woman", 8, 8, 1.0, 1.0, False),
        ("Eligibility", "Man", 6, 6, 1.0, 1.0, False),
        ("Eligibility", "Woman", 8, 8, 1.0, 1.0, False),
        # Woman 8 is still in the phone interview: not decided, not counted. 3/6 = 0.5
        # against 6/7 = 0.857: 0.583, under four-fifths.
        ("Phone interview", "Man", 6, 3, 0.5, 0.583, True),
        ("Phone interview", "Woman", 7, 6, 0.857, 1.0, False),
    ]
    # Non-binary (2 candidates) at each of the 3 stages; "Prefer not to say" is no group.
    assert data.impact_hidden == 3


def test_across_jobs_stages_line_up_by_type(session: Session, world: World) -> None:
    data = dashboard.dashboard_data(session=session, user=world.recruiter, filters=Filters())
    assert data.applications == 27
    assert [(s.label, s.count) for s in data.funnel] == [
        ("Invited", 27),
        ("Started", 23),
        ("Finished Resume", 22),
        ("Passed Resume", 19),
        ("Finished Form", 18),
        ("Passed Form", 18),
        ("Finished Voice/Video", 18),
        ("Passed Voice/Video", 13),
        ("Finished the interview", 13),
    ]
    assert [(d.stage_label, sum(d.bins)) for d in data.scores] == [
        ("Resume", 22),
        ("Voice/Video", 18),
    ]
    # Rubrics differ between jobs: criteria are shown for one job only.
    assert data.criteria == []
    assert data.over_time[-1] == funnel.DayCount(date(2026, 11, 11), 0, 1)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "completed"}, 12),
        ({"source": "csv"}, 2),
        ({"date_from": date(2026, 11, 2), "date_to": date(2026, 11, 2)}, 2),
        ({"date_to": date(2026, 11, 1)}, 4),
        ({"date_from": date(2026, 11, 3)}, 18),
        ({"search": "smith"}, 3),
        ({"search": "  SMITH "}, 3),
        ({"search": "zoë"}, 1),
        ({"search": "%"}, 0),
    ],
)
def test_each_filter_narrows_the_applications(
    session: Session, world: World, filters: dict, expected: int
) -> None:
    data = _data(session, world, **filters)
    assert data.applications == expected
    assert data.funnel[0].count == expected
    _rows, total = ranked_table.ranked(
        session=session, user=world.recruiter, filters=Filters(job_id=world.job.id, **filters)
    )
    assert total == expected


def test_stage_filter_keeps_those_who_reached_it(session: Session, world: World) -> None:
    data = _data(session, world, stage_id=world.voice.id)
    assert data.applications == 18
    assert data.funnel[1] == funnel.FunnelStep("Started", 18, 100.0, 0.0)
    assert [s.count for s in data.funnel][-3:] == [17, 12, 12]
    # Narrowed by status, the groups shrink under 5: everything is hidden.
    narrowed = _data(session, world, status="disqualified")
    assert narrowed.applications == 7
    # d7 (Woman) and d12-d14 (Man) at each of the 3 stages.
    assert narrowed.impact == [] and narrowed.impact_hidden == 6


def test_selection_filter_and_bad_filters(session: Session, world: World) -> None:
    picked = (world.ids["d1"], world.ids["d9"], world.ids["a1"])
    assert _data(session, world, application_ids=picked).applications == 3
    with pytest.raises(Invalid):
        _data(session, world, status="hired")
    with pytest.raises(Invalid):
        _data(session, world, source="fax")
    with pytest.raises(Invalid):
        _data(session, world, date_from=date(2026, 11, 5), date_to=date(2026, 11, 1))
    with pytest.raises(Invalid):
        dashboard.dashboard_data(
            session=session, user=world.recruiter, filters=Filters(stage_id=world.voice.id)
        )
    with pytest.raises(NotFound):
        dashboard.dashboard_data(
            session=session,
            user=world.recruiter,
            filters=Filters(job_id=world.warehouse.id, stage_id=world.voice.id),
        )


def test_another_organization_never_counts(session: Session, world: World) -> None:
    with pytest.raises(NotFound):
        dashboard.dashboard_data(
            session=session, user=world.recruiter, filters=Filters(job_id=world.other_job.id)
        )
    with pytest.raises(NotFound):
        scope.stage_options(session=session, user=world.recruiter, job_id=world.other_job.id)
    theirs = dashboard.dashboard_data(session=session, user=world.stranger, filters=Filters())
    assert theirs.applications == 5
    assert theirs.impact == [] and theirs.impact_question == ""
    rows, total = ranked_table.ranked(
        session=session, user=world.recruiter, filters=Filters(search="smith")
    )
    assert total == 3 and {r.job_title for r in rows} == {"Support Lead"}
    picked = Filters(application_ids=(world.ids["d1"], *range(1, 200)))
    rows, total = ranked_table.ranked(session=session, user=world.stranger, filters=picked)
    assert total == 5 and world.ids["d1"] not in {r.application_id for r in rows}


def test_ranked_sorts_best_first_with_no_score_last(session: Session, world: World) -> None:
    ids = {value: key for key, value in world.ids.items()}
    filters = Filters(job_id=world.job.id)
    first, total = ranked_table.ranked(
        session=session, user=world.manager, filters=filters, per_page=5
    )
    assert total == 24
    assert [ids[r.application_id] for r in first] == ["d17", "d16", "d15", "d11", "d10"]
    top = first[0]
    assert top.overall == 100.0
    assert top.stage_scores == {"Resume": 100.0, "Eligibility": None, "Phone interview": 100.0}
    assert top.status == "completed" and top.source == "ats"
    # d2: (50 + 72.5) / 2; d8 has no phone interview score yet: its resume's 70 alone.
    by_id = {
        ids[r.application_id]: r
        for r in ranked_table.ranked(
            session=session, user=world.manager, filters=filters, per_page=50
        )[0]
    }
    assert by_id["d2"].overall == 61.2 and by_id["d8"].overall == 70.0
    last, _ = ranked_table.ranked(
        session=session, user=world.manager, filters=filters, page=5, per_page=5
    )
    assert [ids[r.application_id] for r in last] == ["a1", "a2", "a3", "b1"]
    assert all(r.overall is None for r in last)
    ascending, _ = ranked_table.ranked(
        session=session, user=world.manager, filters=filters, descending=False, per_page=3
    )
    assert [ids[r.application_id] for r in ascending] == ["c1", "c2", "d7"]
    beyond, total = ranked_table.ranked(
        session=session, user=world.manager, filters=filters, page=9, per_page=5
    )
    assert beyond == [] and total == 24


def test_ranked_sorts_by_name_date_and_status(session: Session, world: World) -> None:
    filters = Filters(job_id=world.warehouse.id)
    by_name, _ = ranked_table.ranked(
        session=session, user=world.recruiter, filters=filters, sort="name", descending=False
    )
    assert [r.name for r in by_name] == ["Walt Short", "Wes Done", "Will Wait"]
    by_status, _ = ranked_table.ranked(
        session=session, user=world.recruiter, filters=filters, sort="status", descending=True
    )
    assert [r.status for r in by_status] == ["invited", "disqualified", "completed"]
    by_date, _ = ranked_table.ranked(
        session=session, user=world.recruiter, filters=Filters(), sort="created_at"
    )
    assert by_date[0].job_title == "Warehouse" and by_date[-1].created_at == _at(1)
    assert set(by_date[0].stage_scores) == {"Resume", "Form", "Voice/Video"}
    with pytest.raises(Invalid):
        ranked_table.ranked(session=session, user=world.recruiter, filters=filters, sort="salary")
    with pytest.raises(Invalid):
        ranked_table.ranked(session=session, user=world.recruiter, filters=filters, page=0)
    with pytest.raises(Invalid):
        ranked_table.ranked(session=session, user=world.recruiter, filters=filters, per_page=1000)


def test_median_overall_and_select_options(session: Session, world: World) -> None:
    # The 10th and 11th of the 20 overall scores, sorted, are d5's and d8's 70.
    median = scores.median_overall(
        session=session, user=world.manager, filters=Filters(job_id=world.job.id)
    )
    assert median == 70.0
    assert (
        scores.median_overall(
            session=session,
            user=world.manager,
            filters=Filters(job_id=world.job.id, status="invited"),
        )
        is None
    )
    jobs = scope.job_options(session=session, user=world.manager)
    assert [o.label for o in jobs] == ["Support Lead", "Warehouse"]
    stages = scope.stage_options(session=session, user=world.manager, job_id=world.job.id)
    assert stages == [
        scope.Option(str(world.resume.id), "Resume"),
        scope.Option(str(world.form.id), "Eligibility"),
        scope.Option(str(world.voice.id), "Phone interview"),
    ]


def test_an_organization_without_applications_gets_empty_charts(session: Session) -> None:
    user = make_org_user(session, org="Newco", email="rec@newco.example.com")
    data = dashboard.dashboard_data(session=session, user=user, filters=Filters())
    assert data.applications == 0
    assert [(s.label, s.count, s.drop_percent) for s in data.funnel] == [
        ("Invited", 0, None),
        ("Started", 0, 0.0),
        ("Finished the interview", 0, 0.0),
    ]
    assert data.scores == data.criteria == data.stage_times == data.over_time == []
    assert data.by_channel == data.by_source == data.impact == []
    assert ranked_table.ranked(session=session, user=user, filters=Filters()) == ([], 0)
    assert scores.median_overall(session=session, user=user, filters=Filters()) is None


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"job": True},
        {"job": True, "status": "completed", "date_from": date(2026, 11, 4)},
        {"source": "ats"},
    ],
)
def test_the_aggregates_run_at_once_with_the_same_result(
    session: Session, world: World, filters: dict[str, Any]
) -> None:
    """The page asks for the aggregates concurrently (connections of their own)."""
    job_id = world.job.id if filters.pop("job", False) else None
    chosen = Filters(job_id=job_id, **filters)
    one_by_one = dashboard.dashboard_data(session=session, user=world.manager, filters=chosen)
    session.commit()
    at_once = dashboard.dashboard_data(
        session=session, user=world.manager, filters=chosen, concurrent=True
    )
    assert at_once == one_by_one
    assert at_once.applications > 0 and at_once.funnel and at_once.stage_times
