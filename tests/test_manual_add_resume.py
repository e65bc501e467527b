"""A recruiter adds a candidate by hand with a resume: it is kept and screened, never asked again.

The service first (``intake.add_candidate``), then the job page's dialog through its Reflex
handlers (``AddCandidateState``): a file read as the apply page reads it, or pasted text.
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
import reflex as rx
from sqlmodel import Session, func, select

from heymilo_app.models import Application, Candidate, Score
from heymilo_app.services.common.errors import Invalid
from heymilo_app.services.intake import intake
from heymilo_app.services.pipeline import journey
from heymilo_app.services.scoring import resumes
from heymilo_app.state.add_candidate import AddCandidateState
from heymilo_app.state.job_detail import JobDetailState
from tests.test_pipeline import RESUME, world  # noqa: F401 - the job fixture
from tests.test_states import _login, _root
from tests.test_states_messaging import _nested


def _add(session: Session, world: dict, email: str, **fields) -> Application:  # noqa: F811
    return intake.add_candidate(
        session=session,
        user=world["recruiter"],
        job_id=world["job"].id,
        first_name="Dana",
        last_name="Cruz",
        email=email,
        **fields,
    )


def test_a_resume_given_by_the_recruiter_is_screened_without_asking_the_candidate(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    application = _add(session, world, "dana@example.net", resume_text=f"  {RESUME}  ")
    assert application.resume_text == RESUME.strip() and application.source == "manual"

    view = journey.start(session=session, token=application.token)
    # Straight past the resume stage to the form: the candidate is not asked for it.
    assert view.screen == "stage" and view.current.title == "Eligibility"
    score = session.exec(select(Score).where(Score.application_id == application.id)).one()
    assert score.stage_id == world["stages"][0].id

    # Without a resume the candidate is asked for one, as before.
    other = _add(session, world, "sam@example.net")
    assert other.resume_text == ""
    assert journey.start(session=session, token=other.token).current.title == "Resume"


def test_a_resume_too_long_adds_nobody(session: Session, world: dict) -> None:  # noqa: F811
    with pytest.raises(Invalid) as raised:
        _add(
            session,
            world,
            "long@example.net",
            resume_text="x" * (resumes.MAX_CHARACTERS + 1),
        )
    assert raised.value.errors == {"resume": intake.RESUME_TOO_LONG}
    session.rollback()
    assert not session.exec(select(Candidate).where(Candidate.email == "long@example.net")).all()


def _dialog(session: Session, world: dict) -> AddCandidateState:  # noqa: F811
    job = world["job"]
    root = _root(
        _login(session, world["recruiter"].email),
        path=f"/jobs/{job.id}",
        route="/jobs/[job_id]",
        query={"job_id": str(job.id)},
    )
    _nested(root, JobDetailState).load_job()
    state = _nested(root, JobDetailState, AddCandidateState)
    state.set_add_open(True)
    return state


def _file(name: str, data: bytes) -> rx.UploadFile:
    return rx.UploadFile(file=io.BytesIO(data), path=Path(name))


FORM = {"first_name": "Dana", "last_name": "Cruz", "email": "dana@example.net", "phone": ""}


def _applications(session: Session) -> int:
    return session.exec(select(func.count(Application.id))).one()


def test_the_dialog_reads_a_resume_file_and_an_unreadable_one_adds_nothing(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    state = _dialog(session, world)
    before = _applications(session)

    asyncio.run(state.receive_resume([_file("scan.pdf", b"%PDF-1.4\n%%EOF")]))
    assert "PDF" in state.add_errors["resume"] and state.resume_name == ""
    state.add_candidate(FORM)
    # The message stays at the field and nobody is added without the resume meant for them.
    assert "PDF" in state.add_errors["resume"] and state.add_open
    assert _applications(session) == before

    state.clear_resume()
    assert "resume" not in state.add_errors
    asyncio.run(state.receive_resume([_file("dana.txt", RESUME.encode("cp1252"))]))
    assert state.resume_name == "dana.txt" and "resume" not in state.add_errors
    assert "_resume_text" not in AddCandidateState.base_vars  # the text stays on the server
    state.add_candidate(FORM)
    assert state.add_errors == {} and not state.add_open and state.resume_name == ""

    session.expire_all()
    application = session.exec(
        select(Application).join(Candidate).where(Candidate.email == "dana@example.net")
    ).one()
    assert "Zendesk" in application.resume_text
    view = journey.start(session=session, token=application.token)
    assert view.current.title == "Eligibility"


def test_the_dialog_takes_a_pasted_resume(session: Session, world: dict) -> None:  # noqa: F811
    state = _dialog(session, world)
    state.add_candidate({**FORM, "email": "pasted@example.net", "resume_text": RESUME})
    assert state.add_errors == {}
    session.expire_all()
    application = session.exec(
        select(Application).join(Candidate).where(Candidate.email == "pasted@example.net")
    ).one()
    assert application.resume_text == RESUME.strip()

    # A bad field keeps the dialog open with its message; the resume is not lost.
    state.set_add_open(True)
    asyncio.run(state.receive_resume([_file("dana.txt", RESUME.encode())]))
    state.add_candidate({**FORM, "email": "not-an-email"})
    assert "email" in state.add_errors and state.resume_name == "dana.txt"


def test_the_apply_page_reads_its_resume_through_the_same_helper() -> None:
    from heymilo_app.state.apply import ApplyState

    root = _root("", path="/apply/x", route="/apply/[slug]", query={"slug": "x"})
    apply = root.substates[ApplyState.get_name()]
    asyncio.run(apply.receive_resume([_file("scan.pdf", b"%PDF-1.4\n%%EOF")]))
    assert "PDF" in apply.errors["resume"] and apply.resume_name == ""
    asyncio.run(apply.receive_resume([_file("dana.txt", RESUME.encode())]))
    assert "resume" not in apply.errors and apply.resume_name == "dana.txt"
    assert "Zendesk" in apply._resume_text
