"""The recruiter's preview creates nothing and stays in the organization; catalogs are complete."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, func, select

from heymilo_app import demo
from heymilo_app.models import Application, Interview, StageAttempt
from heymilo_app.services.common import i18n
from heymilo_app.services.common.errors import NotFound
from heymilo_app.services.jobs import interview_preview, interviews, jobs
from heymilo_app.state.candidate_view import candidate_stage
from tests.support import make_org_user


def _counts(session: Session) -> tuple[int, int, int]:
    return tuple(
        session.exec(select(func.count()).select_from(model)).one()
        for model in (Application, Interview, StageAttempt)
    )


def test_preview_shows_a_stage_and_creates_nothing(session: Session) -> None:
    demo.seed_demo(session=session)
    recruiter = accounts_user(session, demo.RECRUITER_EMAIL)
    manager = accounts_user(session, demo.MANAGER_EMAIL)
    job = jobs.list_jobs(session=session, user=recruiter)[0].job
    before = _counts(session)
    welcome = interview_preview.preview(session=session, user=manager, job_id=job.id, stage_id="")
    assert welcome.selected is None and len(welcome.stages) == 5
    sms = welcome.stages[2]
    view = interview_preview.preview(
        session=session, user=manager, job_id=job.id, stage_id=sms.stage.id
    )
    assert view.selected.stage.id == sms.stage.id
    shown = candidate_stage(
        view.selected, {"candidate_first_name": "Alex", "company_name": "Acme Support Co."}
    )
    assert shown.opening.startswith("Hi Alex, this is the hiring team at Acme Support Co.")
    assert shown.first_question == view.selected.questions[0].prompt
    assert _counts(session) == before


def test_preview_refuses_stages_outside_the_job_or_organization(session: Session) -> None:
    demo.seed_demo(session=session)
    recruiter = accounts_user(session, demo.RECRUITER_EMAIL)
    job = jobs.list_jobs(session=session, user=recruiter)[0].job
    stage_id = (
        interview_preview.preview(session=session, user=recruiter, job_id=job.id, stage_id=None)
        .stages[0]
        .stage.id
    )
    other_job = jobs.create_job(session=session, user=recruiter, title="Other")
    with pytest.raises(NotFound):
        interview_preview.preview(
            session=session, user=recruiter, job_id=other_job.id, stage_id=stage_id
        )
    stranger = make_org_user(session, org="Other", email="o@other.example.com")
    with pytest.raises(NotFound):
        interview_preview.preview(session=session, user=stranger, job_id=job.id, stage_id=stage_id)
    for bad in ("abc", "999999"):
        with pytest.raises(NotFound):
            interview_preview.preview(session=session, user=recruiter, job_id=job.id, stage_id=bad)


def accounts_user(session: Session, email: str):
    from heymilo_app.models import User

    return session.exec(select(User).where(User.email == email)).one()


PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("language", sorted(set(i18n.LANGUAGES) - {"en"}))
def test_every_catalog_translates_every_text_with_the_same_placeholders(language: str) -> None:
    english = i18n.CATALOGS["en"]
    catalog = i18n.CATALOGS[language]
    assert set(catalog) == set(english)
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(catalog[key])) == set(PLACEHOLDER.findall(text)), key
    # Some words are the same in both languages ("Optional", "No"), but not most texts.
    same = [key for key, text in english.items() if catalog[key] == text]
    assert len(same) < len(english) / 5, same


def test_unknown_language_falls_back_to_english() -> None:
    assert i18n.t("xx", "start") == "Start"
    assert i18n.t("de", "start") == "Starten"
    assert i18n.t("fr", "assessment_time", minutes=25) == "Durée limite : 25 minutes"


def test_the_welcome_page_says_how_long_each_stage_takes() -> None:
    from heymilo_app.models import Question, Stage, StageType
    from heymilo_app.state.candidate_view import stage_duration

    def draft(kind: StageType, config: dict, *question_kinds: str) -> interviews.StageDraft:
        return interviews.StageDraft(
            stage=Stage(interview_id=1, type=kind, position=0, config=config),
            questions=[
                Question(stage_id=1, position=0, prompt="?", kind=k) for k in question_kinds
            ],
        )

    assessment = draft(StageType.ASSESSMENT, {"time_limit_minutes": 45})
    assert stage_duration(assessment, "en") == "Up to 45 min"
    assert stage_duration(assessment, "de") == "Bis zu 45 Min."
    voice = draft(StageType.VOICE, {"mode": "phone"}, "open", "open", "open")
    assert stage_duration(voice, "en") == "About 8 min"
    form = draft(StageType.FORM, {}, "yes_no", "yes_no", "short_text", "long_text")
    assert stage_duration(form, "es") == "Unos 4 min"
    assert stage_duration(draft(StageType.FORM, {}, "yes_no"), "en") == "About 1 min"
    assert stage_duration(draft(StageType.RESUME, {}), "fr") == i18n.t("fr", "duration_resume")
