"""The candidate's pages behind /i/{token}, through their Reflex handlers, on the real engine.

The states are instantiated directly and their handlers called as the browser would call them;
a reload is a new state tree loading the same token.
"""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from pathlib import Path

import reflex as rx
from reflex.istate.data import RouterData
from reflex.state import State
from sqlmodel import Session, func, select

import heymilo_app.heymilo_app  # noqa: F401 - registers the pages and their dynamic route vars
from heymilo_app.models import (
    Accommodation,
    Application,
    ApplicationStatus,
    Candidate,
    Organization,
    StageAttempt,
    utcnow,
)
from heymilo_app.services.messaging import sms_inbound
from heymilo_app.state.candidate_form import CandidateFormState
from heymilo_app.state.candidate_link import CandidateLinkState
from heymilo_app.state.candidate_requests import CandidateRequestsState
from heymilo_app.state.candidate_resume import CandidateResumeState
from tests.test_pipeline import RESUME, _apply, world  # noqa: F401 - the job fixture


def _root(token: str = "", path: str = "/", route: str = "/", query: dict | None = None) -> State:
    root = State()
    root.router = RouterData.from_router_data(
        {"pathname": route, "asPath": path, "query": query or {}, "headers": {}}
    )
    return root


def _page(token: str) -> tuple[CandidateLinkState, CandidateResumeState, CandidateRequestsState]:
    """A fresh page load of /i/{token} (a reload, or another tab)."""
    root = _root("", path=f"/i/{token}", route="/i/[token]", query={"token": token})
    link = root.substates[CandidateLinkState.get_name()]
    _run(link.load_link())
    return (
        link,
        root.substates[CandidateResumeState.get_name()],
        root.substates[CandidateRequestsState.get_name()],
    )


def _form(link: CandidateLinkState) -> CandidateFormState:
    """The form stage's handlers: a substate that sets the link page's vars."""
    return link.substates[CandidateFormState.get_name()]


def _run(handler) -> None:
    """Run a handler: plain, generator, coroutine or async generator."""

    async def drain_async() -> None:
        async for _ in handler:
            pass

    if hasattr(handler, "__anext__"):
        asyncio.run(drain_async())
    elif hasattr(handler, "__next__"):
        list(handler)
    elif asyncio.iscoroutine(handler):
        asyncio.run(handler)


def _at_the_form(session: Session, world: dict) -> tuple[str, CandidateLinkState]:  # noqa: F811
    token = _apply(session, world).token
    link, resume, _ = _page(token)
    _run(link.start())
    _run(resume.submit_text({"resume_text": RESUME}))
    assert link.screen == "stage" and link.stage.type == "form"
    return token, link


def _key(world: dict, name: str) -> str:  # noqa: F811
    return str(world["q"][name].id)


def _answered(link: CandidateLinkState, world: dict) -> dict:  # noqa: F811
    """Give the form's choices; return its typed fields as the submit sends them."""
    _run(_form(link).save_answer(_key(world, "authorized"), "yes"))
    _run(_form(link).save_answer(_key(world, "shifts"), "Day"))
    return {_key(world, "years"): "4", _key(world, "start"): ""}


def test_a_candidate_starts_and_pastes_a_resume(session: Session, world: dict) -> None:  # noqa: F811
    token = _apply(session, world).token
    link, resume, _ = _page(token)
    assert link.screen == "welcome" and link.problem == ""
    assert link.tx["welcome_heading_text"] == "Hi Dana, welcome to your interview"
    assert [s.title for s in link.summaries] == ["Resume", "Eligibility", "Text screen"]
    # How long each takes, from what it holds: six questions of the form, about 6 minutes.
    assert [s.duration for s in link.summaries] == ["Instant", "About 6 min", "At your pace"]
    assert link.tx["ai_disclosure"].startswith("An AI will ask you questions and score")
    assert "a person makes the hiring decision" in link.tx["ai_disclosure"]
    _run(link.start())
    assert link.screen == "stage" and link.stage.type == "resume" and link.step == 1
    assert link.tx["step_of"] == "Step 1 of 3 · Resume"

    pasted = "Dana Cruz, support agent."
    _run(resume.submit_text({"resume_text": pasted}))
    assert resume.error == "Paste the whole resume, or upload the file."
    assert resume.error_at == "text" and link.resume_text == pasted  # nothing typed is lost
    assert link.screen == "stage" and link.stage.type == "resume"

    _run(resume.submit_text({"resume_text": RESUME}))
    assert resume.error == "" and link.resume_text == ""
    assert link.stage.title == "Eligibility" and link.step == 2
    assert link.tx["step_of"] == "Step 2 of 3 · Eligibility"
    assert [q.kind for q in link.stage.questions] == [
        "yes_no",
        "single_choice",
        "number",
        "date",
        "multiple_choice",
        "long_text",
    ]
    # Coming back lands on the same stage, not on the welcome page.
    again, _, _ = _page(token)
    assert again.screen == "stage" and again.stage.title == "Eligibility"


def test_a_resume_being_pasted_is_kept_until_it_is_sent(session: Session, world: dict) -> None:  # noqa: F811
    token = _apply(session, world).token
    link, resume, _ = _page(token)
    _run(link.start())
    half = RESUME[: len(RESUME) // 2]
    _run(resume.keep_text(half))  # a pause while pasting or typing
    assert link.resume_text == half
    reloaded, _, _ = _page(token)  # the tab was reloaded, or closed and opened again
    assert reloaded.screen == "stage" and reloaded.stage.type == "resume"
    assert reloaded.resume_text == half
    assert reloaded.revision == 1  # the box is drawn again with what was kept

    _run(resume.submit_text({"resume_text": RESUME}))
    assert link.stage.title == "Eligibility"
    application = session.exec(select(Application).where(Application.token == token)).one()
    session.refresh(application)
    assert application.resume_text == RESUME.strip()
    attempt = session.exec(
        select(StageAttempt).where(
            StageAttempt.application_id == application.id,
            StageAttempt.stage_id == world["stages"][0].id,
        )
    ).one()
    assert "draft:resume" not in attempt.answers  # the sent text replaces the draft
    # A pause that ends after the send keeps nothing and changes nothing.
    _run(resume.keep_text(half + " more"))
    assert link.stage.title == "Eligibility" and link.notice == ""


def test_an_uploaded_resume_file_is_read_and_submitted(session: Session, world: dict) -> None:  # noqa: F811
    token = _apply(session, world).token
    link, resume, _ = _page(token)
    _run(link.start())
    scanned = rx.UploadFile(file=io.BytesIO(b"%PDF-1.4\n%%EOF"), path=Path("scan.pdf"))
    _run(resume.upload([scanned]))
    assert resume.error_at == "file" and "PDF" in resume.error
    assert link.screen == "stage" and link.stage.type == "resume" and not resume.busy
    resume.reject_file(["file-too-large"])  # refused in the browser: only the reason comes
    assert resume.error.startswith("This file is larger than 10 MB. Choose a smaller one.")
    resume.reject_file(["file-invalid-type"])
    assert resume.error.startswith("This kind of file cannot be used. Choose a PDF, DOCX")
    # Sent anyway (the browser's check skipped): the server says the same, nothing kept.
    huge = rx.UploadFile(file=io.BytesIO(b"x" * (10 * 1024 * 1024 + 1)), path=Path("big.txt"))
    _run(resume.upload([huge]))
    assert "larger than 10 MB" in resume.error and link.stage.type == "resume"

    upload = rx.UploadFile(file=io.BytesIO(RESUME.encode()), path=Path("dana.txt"))
    _run(resume.upload([upload]))
    assert resume.error == "" and link.stage.title == "Eligibility"
    application = session.exec(select(Application).where(Application.token == token)).one()
    session.refresh(application)
    assert "Zendesk" in application.resume_text


def test_answers_are_saved_as_given_and_a_reload_keeps_them_all(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    token, link = _at_the_form(session, world)
    _run(_form(link).save_answer(_key(world, "authorized"), "yes"))
    _run(_form(link).save_answer(_key(world, "shifts"), "Day"))
    _run(_form(link).toggle_choice(_key(world, "tools"), "Excel", True))
    _run(_form(link).toggle_choice(_key(world, "tools"), "Zendesk", True))
    _run(_form(link).toggle_choice(_key(world, "tools"), "Excel", False))
    _run(_form(link).save_answer(_key(world, "years"), "three"))
    message = "Enter a number, like 3 or 2.5."
    assert link.errors == {_key(world, "years"): message}
    assert link.answers[_key(world, "years")] == "three"

    reloaded, _, _ = _page(token)
    assert reloaded.screen == "stage" and reloaded.stage.type == "form"
    assert reloaded.answers[_key(world, "authorized")] == "yes"
    assert reloaded.answers[_key(world, "shifts")] == "Day"
    assert reloaded.picks[_key(world, "tools")] == ["Zendesk"]
    assert reloaded.answers[_key(world, "years")] == "three"  # the draft, as typed
    assert reloaded.errors == {_key(world, "years"): message}

    _run(_form(reloaded).save_answer(_key(world, "years"), "4"))
    assert reloaded.errors == {}
    assert _page(token)[0].answers[_key(world, "years")] == "4"


def test_submitting_with_missing_answers_says_which(session: Session, world: dict) -> None:  # noqa: F811
    _, link = _at_the_form(session, world)
    _run(_form(link).save_answer(_key(world, "authorized"), "yes"))
    _run(_form(link).submit_form({_key(world, "years"): "", _key(world, "start"): "2030-02-30"}))
    assert link.screen == "stage" and link.stage.type == "form" and not link.busy
    assert link.errors[_key(world, "shifts")] == "Answer this question."
    assert link.errors[_key(world, "years")] == "Answer this question."
    assert link.errors[_key(world, "start")] == "Enter a date (year-month-day)."
    assert _key(world, "authorized") not in link.errors
    assert link.errors["form"] == link.tx["form_fix"]


def test_a_typed_answer_is_saved_by_the_submit_and_a_double_submit_counts_once(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    token, link = _at_the_form(session, world)
    # Enter pressed in the last field: the value comes with the submit, not from a blur.
    data = _answered(link, world)
    _run(_form(link).submit_form(data))
    assert link.screen == "waiting" and link.stage.type == "sms" and link.step == 3
    assert link.tx["waiting_text"].startswith("We have sent you a text message from Acme")
    _run(_form(link).submit_form(data))  # the second click of a double click
    assert link.screen == "waiting" and link.notice == ""
    application = session.exec(select(Application).where(Application.token == token)).one()
    finished = session.exec(
        select(func.count(StageAttempt.id)).where(
            StageAttempt.application_id == application.id, StageAttempt.finished_at.is_not(None)
        )
    ).one()
    assert finished == 2


def test_the_submit_scores_what_the_field_shows_after_a_pause_stored_other_text(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    token, link = _at_the_form(session, world)
    form = _form(link)
    years = _key(world, "years")
    _run(form.save_answer(years, "12"))
    _run(form.keep_typing(years, "12a"))  # a pause mid-edit stores the half-typed text
    assert link.answers[years] == "12a"  # and the page holds what the field shows
    _run(form.save_answer(years, "12"))  # the "a" deleted, then the field left
    assert link.errors == {}
    data = _answered(link, world)
    _run(form.submit_form({**data, years: "12"}))
    assert link.screen == "waiting" and link.errors == {}
    application = session.exec(select(Application).where(Application.token == token)).one()
    attempt = session.exec(
        select(StageAttempt).where(
            StageAttempt.application_id == application.id,
            StageAttempt.stage_id == world["stages"][1].id,
        )
    ).one()
    session.refresh(attempt)
    assert attempt.answers[years] == "12"


def test_the_waiting_page_promises_no_text_to_a_number_that_replied_stop(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    token, link = _at_the_form(session, world)
    _run(_form(link).submit_form(_answered(link, world)))
    assert link.tx["waiting_text"].startswith("We have sent you a text message from Acme")
    application = session.exec(select(Application).where(Application.token == token)).one()
    phone = session.get(Candidate, application.candidate_id).phone
    sms_inbound.handle_inbound(session=session, from_number=phone, body="STOP")
    session.commit()
    reloaded, _, _ = _page(token)
    assert reloaded.screen == "waiting" and reloaded.tx["waiting_text"].startswith(
        "This step happens by text message, but we have no mobile number we may text."
    )


def test_a_failed_dealbreaker_names_the_requirement_and_a_review_can_be_asked(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    token, link = _at_the_form(session, world)
    _run(_form(link).save_answer(_key(world, "authorized"), "no"))
    _run(_form(link).save_answer(_key(world, "shifts"), "Day"))
    _run(_form(link).save_answer(_key(world, "years"), "4"))
    _run(_form(link).submit_form({}))
    assert link.screen == "disqualified"
    assert link.reason == "Are you authorized to work in the US?"
    assert link.can_request_review
    assert link.tx["disqualified_text"] == "You did not meet the requirements for this role:"

    page, _, requests = _page(token)
    other_tab, _, stale = _page(token)
    requests.toggle_review()
    assert requests.review_open
    _run(requests.request_review({"message": "x" * 2001}))
    assert requests.errors == {"message": "Keep it under 2,000 characters."}
    assert page.screen == "disqualified"
    _run(requests.request_review({"message": "My visa was approved last week."}))
    assert page.screen == "review" and requests.sent == page.tx["review_sent"]
    assert page.tx["review_text"].startswith("A person from Acme is reviewing")
    # Asking again from another tab still showing the old page is refused; it catches up.
    assert other_tab.screen == "disqualified"
    _run(stale.request_review({"message": ""}))
    assert other_tab.screen == "review" and other_tab.notice == other_tab.tx["page_moved"]
    assert stale.sent == ""


def test_withdrawing_ends_the_interview(session: Session, world: dict) -> None:  # noqa: F811
    token = _apply(session, world).token
    link, _, requests = _page(token)
    _run(link.start())
    _run(requests.withdraw())
    assert link.screen == "withdrawn"
    assert link.tx["link_withdrawn_title"] == "This application was withdrawn"
    _run(link.start())  # a stale Start button
    assert link.screen == "withdrawn" and link.notice
    application = session.exec(select(Application).where(Application.token == token)).one()
    session.refresh(application)
    assert application.status == ApplicationStatus.WITHDRAWN


def test_an_adjustment_is_asked_for_and_its_status_shown(session: Session, world: dict) -> None:  # noqa: F811
    token = _apply(session, world).token
    link, _, requests = _page(token)
    requests.toggle_adjust()
    _run(requests.request_accommodation({"details": ""}))
    assert requests.errors == {"kind": "Choose what you need."}
    requests.set_kind("other")
    _run(requests.request_accommodation({"details": "  "}))
    assert requests.errors == {"details": "Tell us what you need."}
    assert requests.adjust_open
    requests.set_kind("more_time")
    _run(requests.request_accommodation({"details": "I work night shifts."}))
    assert requests.errors == {} and not requests.adjust_open
    assert requests.sent == "Your request was sent to Acme."
    assert [(a.kind, a.status_label) for a in link.accommodations] == [
        ("More time", "Waiting for an answer")
    ]
    assert session.exec(select(func.count(Accommodation.id))).one() == 1
    assert _page(token)[0].accommodations[0].details == "I work night shifts."


def test_an_expired_link_says_to_ask_for_more_time(session: Session, world: dict) -> None:  # noqa: F811
    application = _apply(session, world)
    application.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    link, _, _ = _page(application.token)
    assert link.screen == "expired" and link.problem == ""
    assert "extend" in link.tx["link_expired_text"]


def test_the_pages_speak_the_organizations_language(session: Session, world: dict) -> None:  # noqa: F811
    organization = session.get(Organization, world["organization"].id)
    organization.language = "fr"
    session.commit()
    token = _apply(session, world).token
    link, _, _ = _page(token)
    assert link.brand.language == "fr" and link.tx["start"] == "Commencer"
    _run(link.start())
    assert link.tx["step_of"] == "Étape 1 sur 3 · Resume"
    assert link.tx["withdraw_link"] == "Retirer ma candidature"


def test_scoring_leaves_the_event_loop_free_for_everyone_else(
    session: Session,
    world: dict,  # noqa: F811
    monkeypatch,
) -> None:
    """A slow model scores in a worker thread: other users' events go on being served."""
    import time

    from heymilo_app.services.scoring import offline_scorer, scoring

    class Slow(offline_scorer.OfflineScorer):
        def score(self, *, rubric, material):
            time.sleep(0.6)
            return super().score(rubric=rubric, material=material)

    _, link = _at_the_form(session, world)
    _run(_form(link).save_answer(_key(world, "authorized"), "yes"))
    _run(_form(link).save_answer(_key(world, "shifts"), "Day"))
    _run(_form(link).save_answer(_key(world, "years"), "4"))
    _run(
        _form(link).save_answer(
            _key(world, "story"), "I refunded a double charge and fixed the plan."
        )
    )
    monkeypatch.setattr(scoring, "get_scorer", lambda: Slow())
    ticks = []

    async def other_users() -> None:
        while True:
            ticks.append(time.monotonic())
            await asyncio.sleep(0.05)

    async def both() -> None:
        ticker = asyncio.create_task(other_users())
        async for _ in _form(link).submit_form({}):
            pass
        ticker.cancel()

    started = time.monotonic()
    asyncio.run(both())
    assert time.monotonic() - started >= 0.6  # the model was waited on
    assert link.screen == "waiting"
    # Every 50 ms while it waited (12 at most; a loaded machine runs fewer), not once after it.
    assert len(ticks) >= 5


def test_what_is_typed_is_kept_before_the_field_is_left(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    token, link = _at_the_form(session, world)
    story = "A customer was billed twice; I refunded"
    _run(_form(link).keep_typing(_key(world, "story"), story))
    _run(_form(link).keep_typing(_key(world, "years"), "thr"))  # half typed, and not a number
    assert link.errors == {}  # no message while typing
    reloaded, _, _ = _page(token)  # the tab crashed, or the connection dropped
    assert reloaded.answers[_key(world, "story")] == story
    assert reloaded.answers[_key(world, "years")] == "thr"
    # Leaving the field checks it and says what to fix.
    _run(_form(link).save_answer(_key(world, "years"), "thr"))
    assert link.errors[_key(world, "years")] == "Enter a number, like 3 or 2.5."
    # A pause that ends after the submit changes nothing and tells nothing.
    _run(_form(link).save_answer(_key(world, "years"), "4"))
    _run(_form(link).save_answer(_key(world, "authorized"), "yes"))
    _run(_form(link).save_answer(_key(world, "shifts"), "Day"))
    _run(_form(link).submit_form({}))
    assert link.screen == "waiting"
    _run(_form(link).keep_typing(_key(world, "story"), story + " it"))
    assert link.notice == "" and link.screen == "waiting"
    assert _page(token)[0].screen == "waiting"


def test_requests_with_an_unknown_token_show_the_bad_link_page_at_once(
    session: Session,
    world: dict,  # noqa: F811
) -> None:
    """Each request opens its sessions one after another, in a worker thread.

    Before, the refused request's write session was still open when the page read the journey
    again: on SQLite the second session waited out the 30 s busy timeout on the event loop.
    """
    root = _root("", path="/i/nope", route="/i/[token]", query={"token": "nope"})
    requests = root.substates[CandidateRequestsState.get_name()]
    link = root.substates[CandidateLinkState.get_name()]
    requests.kind = "more_time"
    for request in (
        requests.withdraw(),
        requests.request_review({"message": "please"}),
        requests.request_accommodation({"details": "more time"}),
    ):
        link.problem = ""

        async def with_ticks(handler=request) -> int:
            ticks = 0

            async def tick() -> None:
                nonlocal ticks
                while True:
                    ticks += 1
                    await asyncio.sleep(0)

            ticker = asyncio.create_task(tick())
            await handler
            ticker.cancel()
            return ticks

        ticks = asyncio.run(with_ticks())
        assert link.problem == "unknown"
        assert link.tx["problem_title"] == "This interview link is not valid"
        # The database work ran in a thread: the event loop went on meanwhile.
        assert ticks >= 1
