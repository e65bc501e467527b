"""The candidate's pages behind ``/i/{token}``: welcome, each stage, and where they stand.

Every handler hands the token to the pipeline engine, which decides; the state only copies
the journey it returns into vars. It never loads recruiter state.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from heymilo_app.db import session_scope
from heymilo_app.services.common import i18n
from heymilo_app.services.common.errors import Invalid, NotFound
from heymilo_app.services.jobs.interviews import StageDraft
from heymilo_app.services.org import logos
from heymilo_app.services.pipeline import journey, records, resume
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


def journey_fields(view: records.Journey) -> dict[str, Any]:
    """What the page's vars become for a journey (plain values, read while its session is open).

    Args:
        view: The journey.

    Returns:
        The vars of ``CandidateLinkState`` by name.
    """
    brand = brand_view(view.organization, view.branding, logos.logo_url(view.branding))
    language = brand.language
    fields: dict[str, Any] = {
        "brand": brand,
        "problem": "",
        "screen": view.screen,
        "tx": journey_texts(view),
        "summaries": stage_summaries(
            [StageDraft(s, view.stage_questions.get(s.id, [])) for s in view.stages], language
        ),
        "step": view.position,
        "reason": view.reason,
        "can_request_review": view.can_request_review,
        "accommodations": accommodation_views(view.accommodations, language),
        "errors": {},
        "answers": {},
        "picks": {},
        "stage": CandidateStage(),
        "loaded": True,
    }
    if view.current is not None:
        values = {
            "candidate_first_name": view.candidate.first_name,
            "job_title": view.job.title,
            "company_name": view.organization.name,
        }
        fields["stage"] = candidate_stage(
            StageDraft(view.current, view.questions), values, language
        )
    fields["resume_text"] = ""
    if view.screen == "stage" and view.attempt is not None:
        given = dict(view.attempt.answers or {})
        fields["answers"], fields["picks"], fields["errors"] = form_fields(view.questions, given)
        fields["resume_text"] = str(given.get(resume.RESUME_DRAFT, ""))
    return fields


def problem_fields(reason: str) -> dict[str, Any]:
    """What the page's vars become for a link that cannot be shown.

    Args:
        reason: "unknown" (a link that matches no application).

    Returns:
        The vars by name.
    """
    # The organization is unknown for a bad link: English, the default catalog.
    return {
        "problem": reason,
        "screen": "",
        "brand": BrandView(),
        "summaries": [],
        "tx": {
            "problem_title": i18n.t(None, f"link_{reason}_title"),
            "problem_text": i18n.t(None, f"link_{reason}_text"),
        },
        "loaded": True,
    }


@dataclasses.dataclass
class Outcome:
    """What a candidate's action came to, and the page it leaves."""

    # The page's vars to set (empty when the action's input was refused and the page stays).
    fields: dict[str, Any]
    # The page was out of date: the engine refused the action for where the candidate is.
    refused: records.Refused | None = None
    # The action's input was not accepted (messages by field).
    invalid: Invalid | None = None


def _read(session: Session, token: str) -> dict[str, Any]:
    try:
        return journey_fields(journey.journey(session=session, token=token))
    except NotFound:
        return problem_fields("unknown")


async def act(token: str, action: Callable[[Session], object] | None = None) -> Outcome:
    """Run a candidate's action, then read where they stand, in a worker thread.

    Anyone may send these events, with any token: the database work (and scoring, which may
    wait seconds on a model) never runs on the event loop, so one request cannot stall every
    other candidate and recruiter. The action's session is closed before the journey is read
    again in a session of its own (one session at a time: see ``db.NestedSessionError``).

    Args:
        token: The candidate's token (from the URL).
        action: Calls the engine with the session it is given; it may return the journey it
            left, which the page then shows. None only reads the journey.

    Returns:
        The outcome.
    """

    def run() -> Outcome:
        refused = None
        if action is not None:
            with session_scope() as session:
                try:
                    result = action(session)
                except records.Refused as error:
                    session.rollback()
                    refused = error
                except Invalid as error:
                    session.rollback()
                    return Outcome(fields={}, invalid=error)
                except NotFound:
                    session.rollback()
                    return Outcome(fields=problem_fields("unknown"))
                else:
                    if isinstance(result, records.Journey):
                        return Outcome(fields=journey_fields(result))
        with session_scope() as session:
            return Outcome(fields=_read(session, token), refused=refused)

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
    # The resume being pasted, as the candidate left it (kept until it is sent).
    resume_text: str = ""
    # Changes each time the page is loaded: the typed fields are drawn again with what the
    # server kept (a field keeps what it was first drawn with, whatever arrives later).
    revision: int = 0
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
    async def load_link(self):
        """Show where the candidate of the URL's token stands."""
        self.loaded = False
        self.notice = ""
        self.busy = False
        await self.refresh()
        self.revision += 1
        # Its forms start closed (CandidateRequestsState.reset_requests, with the page's load).

    async def refresh(self) -> None:
        """Load the journey again (after a change, or when the page was out of date)."""
        self.show(await act(str(self.token)))

    async def out_of_date(self, error: records.Refused) -> None:
        """Show where the candidate really is, and say the page was out of date.

        Args:
            error: What the engine refused.
        """
        outcome = await act(str(self.token))
        self.show(dataclasses.replace(outcome, refused=error))

    def show(self, outcome: Outcome) -> bool:
        """Copy what an action left into the page's vars.

        Args:
            outcome: From ``act``.

        Returns:
            False when the action's input was refused (the page is left as it is).
        """
        if outcome.invalid is not None:
            return False
        for name, value in outcome.fields.items():
            setattr(self, name, value)
        if outcome.refused is not None:
            logger.info("candidate page out of date: %s", outcome.refused.message)
            self.notice = self.tx.get("page_moved", outcome.refused.message)
        return True

    @rx.event
    async def start(self):
        """The candidate presses Start: the first stage (or where they left off) opens."""
        token = str(self.token)
        outcome = await act(token, lambda session: journey.start(session=session, token=token))
        self.show(outcome)
        if outcome.refused is not None or self.problem:
            return None
        self.notice = ""
        return rx.call_script(FOCUS_HEADING)
