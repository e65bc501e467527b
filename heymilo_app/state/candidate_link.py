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
    FOCUS_HEADING,
    AccommodationView,
    accommodation_views,
    form_fields,
    journey_texts,
)

logger = logging.getLogger(__name__)


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
    """What the candidate's link shows, and their answers to the current stage.

    The form stage's handlers are in ``CandidateFormState``, a substate of this one.
    """

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
