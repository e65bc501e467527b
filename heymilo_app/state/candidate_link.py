"""The candidate's pages behind ``/i/{token}``: welcome, each stage, and where they stand.

Every handler hands the token to the pipeline engine, which decides; the state only copies
the journey it returns into vars. It never loads recruiter state.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import reflex as rx

from heymilo_app.db import session_scope
from heymilo_app.services import branding, i18n, pipeline
from heymilo_app.services.errors import Invalid, NotFound
from heymilo_app.services.interviews import StageDraft
from heymilo_app.state.candidate_view import (
    BrandView,
    CandidateStage,
    StageSummary,
    brand_view,
    candidate_stage,
    stage_summaries,
)
from heymilo_app.state.journey_view import (
    FOCUS_FIRST_ERROR,
    FOCUS_HEADING,
    AccommodationView,
    accommodation_views,
    form_fields,
    journey_texts,
)

logger = logging.getLogger(__name__)

# Questions answered by picking (saved on change); the others are typed (kept as they are
# typed, then saved and checked on blur).
CHOICE_KINDS = ("yes_no", "single_choice", "multiple_choice", "self_id")


async def finish_stage(submit: Callable[[Any], object]) -> pipeline.Refused | Invalid | None:
    """Run the engine's submit of a stage in a session of its own, in a worker thread.

    Scoring may wait seconds on a model (and longer when it is down and retried); in a thread
    the event loop goes on serving every other candidate and recruiter meanwhile.

    Args:
        submit: Calls the engine with the session it is given.

    Returns:
        What the engine refused (the page shows it), or None when the stage finished.
    """

    def run() -> pipeline.Refused | Invalid | None:
        with session_scope() as session:
            try:
                submit(session)
            except (pipeline.Refused, Invalid) as error:
                session.rollback()
                return error
        return None

    return await asyncio.to_thread(run)


class CandidateLinkState(rx.State):
    """What the candidate's link shows, and their answers to the current stage."""

    # "" or "unknown" (a link that matches no application).
    problem: str = ""
    # Whether loading finished.
    loaded: bool = False
    # The hiring organization's look, the stages and the translated texts.
    brand: BrandView = BrandView()
    summaries: list[StageSummary] = []
    tx: dict[str, str] = {}
    # welcome, stage, waiting, review, thanks, disqualified, withdrawn or expired.
    screen: str = ""
    # The current stage, and its 1-based position.
    stage: CandidateStage = CandidateStage()
    step: int = 0
    # Form answers as given (question id → text) and multiple-choice picks.
    answers: dict[str, str] = {}
    picks: dict[str, list[str]] = {}
    # Messages at the fields: question ids, and "form" (above the submit button).
    errors: dict[str, str] = {}
    # A message at the top of the page (the page was out of date, ...).
    notice: str = ""
    # Whether a submission is being handled (its button is disabled meanwhile).
    busy: bool = False
    # The requirement not met, and whether a person may be asked to review.
    reason: str = ""
    can_request_review: bool = False
    # The candidate's adjustment requests.
    accommodations: list[AccommodationView] = []

    @rx.event
    def load_link(self):
        """Show where the candidate of the URL's token stands."""
        self.loaded = False
        self.notice = ""
        self.busy = False
        self.refresh()
        # Forms of the page start closed (the tab may have shown another link before).
        from heymilo_app.state.candidate_requests import CandidateRequestsState

        return CandidateRequestsState.reset_requests

    def refresh(self) -> None:
        """Load the journey again (after a change, or when the page was out of date)."""
        with session_scope() as session:
            try:
                view = pipeline.journey(session=session, token=str(self.token))
            except NotFound:
                self._show_problem("unknown")
                return
            self.show(view)

    def show(self, view: pipeline.Journey) -> None:
        """Copy a journey into the page's vars.

        Args:
            view: The journey, read in an open session.
        """
        self.brand = brand_view(view.organization, view.branding, branding.logo_url(view.branding))
        language = self.brand.language
        self.problem = ""
        self.screen = view.screen
        self.tx = journey_texts(view)
        self.summaries = stage_summaries(
            [StageDraft(s, view.stage_questions.get(s.id, [])) for s in view.stages], language
        )
        self.step = view.position
        self.reason = view.reason
        self.can_request_review = view.can_request_review
        self.accommodations = accommodation_views(view.accommodations, language)
        self.errors = {}
        self.answers, self.picks = {}, {}
        self.stage = CandidateStage()
        if view.current is not None:
            values = {
                "candidate_first_name": view.candidate.first_name,
                "job_title": view.job.title,
                "company_name": view.organization.name,
            }
            self.stage = candidate_stage(StageDraft(view.current, view.questions), values)
        if view.screen == "stage" and view.attempt is not None:
            self.answers, self.picks, self.errors = form_fields(
                view.questions, dict(view.attempt.answers or {})
            )
        self.loaded = True

    def _show_problem(self, reason: str) -> None:
        # The organization is unknown for a bad link: English, the default catalog.
        self.problem = reason
        self.screen = ""
        self.brand = BrandView()
        self.summaries = []
        self.tx = {
            "problem_title": i18n.t(None, f"link_{reason}_title"),
            "problem_text": i18n.t(None, f"link_{reason}_text"),
        }
        self.loaded = True

    def out_of_date(self, error: pipeline.Refused) -> None:
        """Show where the candidate really is, and say the page was out of date.

        Args:
            error: What the engine refused.
        """
        logger.info("candidate page out of date: %s", error.message)
        self.refresh()
        self.notice = self.tx.get("page_moved", error.message)

    @rx.event
    def start(self):
        """The candidate presses Start: the first stage (or where they left off) opens."""
        with session_scope() as session:
            try:
                view = pipeline.start(session=session, token=str(self.token))
            except pipeline.Refused as error:
                session.rollback()
                self.out_of_date(error)
                return
            except NotFound:
                self._show_problem("unknown")
                return
            self.notice = ""
            self.show(view)
        return rx.call_script(FOCUS_HEADING)

    @rx.event
    def save_answer(self, question_id: str, value: Any):
        """Record one answer as it is given (on blur, or on change for choices).

        Args:
            question_id: The question's id.
            value: What the candidate gave (a list for multiple choice).
        """
        key = str(question_id)
        if isinstance(value, list):
            self.picks = {**self.picks, key: [str(v) for v in value]}
        else:
            value = "" if value is None else str(value)
            if value == self.answers.get(key) and key not in self.errors:
                return
            self.answers = {**self.answers, key: value}
        self._save(key, value)

    @rx.event
    def keep_typing(self, question_id: str, value: Any):
        """Keep a typed answer while it is being typed (the page sends it after a pause).

        It is stored as the candidate left it, so a reload or a lost connection loses nothing,
        but not judged yet: a half-typed number or date gets its message when the field is
        left (``save_answer``), not while the candidate is still typing. The page's vars are
        left alone, so leaving the field still checks and shows the answer.

        Args:
            question_id: The question's id.
            value: The text in the field now.
        """
        key = str(question_id)
        if self.screen != "stage" or key not in {str(q.id) for q in self.stage.questions}:
            return
        # Refused: the stage was submitted meanwhile (a pause ends after the submit), nothing
        # to keep or tell. Invalid: kept as a draft, its message comes when the field is left.
        self._store(key, "" if value is None else str(value))

    @rx.event
    def toggle_choice(self, question_id: str, option: str, checked: bool):
        """Tick or untick one option of a multiple-choice question, and save the picks.

        Args:
            question_id: The question's id.
            option: The option.
            checked: Whether it is now ticked.
        """
        key = str(question_id)
        picked = [o for o in self.picks.get(key, []) if o != option]
        if checked:
            picked.append(option)
        self.picks = {**self.picks, key: picked}
        self._save(key, picked)

    def _store(self, key: str, value: Any) -> pipeline.Refused | Invalid | None:
        """Hand one answer to the engine; what it refused, if anything."""
        with session_scope() as session:
            try:
                pipeline.save_answer(
                    session=session,
                    token=str(self.token),
                    stage_id=self.stage.id,
                    question_id=int(key),
                    value=value,
                )
            except pipeline.Refused as error:
                session.rollback()
                return error
            except Invalid as error:
                return error
        return None

    def _save(self, key: str, value: Any) -> bool:
        errors = {k: v for k, v in self.errors.items() if k not in (key, "form")}
        problem = self._store(key, value)
        if isinstance(problem, pipeline.Refused):
            self.out_of_date(problem)
            return False
        if isinstance(problem, Invalid):
            self.errors = {**errors, key: problem.errors.get(key, str(problem))}
            return False
        self.errors = errors
        return True

    @rx.event
    async def submit_form(self, form_data: dict):
        """Submit the form stage (typed answers not yet saved are saved first).

        Args:
            form_data: The form's text fields by question id.
        """
        if self.busy or self.screen != "stage" or self.stage.type != "form":
            return
        self.busy = True
        yield
        stage_id = self.stage.id
        typed = {str(q.id) for q in self.stage.questions if q.kind not in CHOICE_KINDS}
        try:
            for key in typed & set(form_data):
                text = "" if form_data[key] is None else str(form_data[key])
                if text != self.answers.get(key) or key in self.errors:
                    self.answers = {**self.answers, key: text}
                    self._save(key, text)
                if self.stage.id != stage_id:
                    return
            unsaved = {k: v for k, v in self.errors.items() if k != "form"}
            token = str(self.token)
            problem = await finish_stage(
                lambda session: pipeline.submit_form(
                    session=session, token=token, stage_id=stage_id
                )
            )
            if isinstance(problem, pipeline.Refused):
                self.out_of_date(problem)
                return
            if isinstance(problem, Invalid):
                self.errors = {**problem.errors, **unsaved, "form": self.tx["form_fix"]}
                yield rx.call_script(FOCUS_FIRST_ERROR)
                return
            self.refresh()
            yield rx.call_script(FOCUS_HEADING)
        finally:
            self.busy = False
