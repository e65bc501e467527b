"""The interview builder page: the stage list, selection, ordering, undo and publishing.

Every change goes to ``services.interviews`` at once (the builder autosaves), then the whole
view is read back from the database, so what the page shows is what is stored.
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from heymilo_app import routes
from heymilo_app.models import Interview, InterviewStatus, User
from heymilo_app.services.common.errors import Invalid, NotFound, ServiceError
from heymilo_app.services.jobs import interviews, jobs, publishing, stage_edits, versions
from heymilo_app.services.jobs.interview_checks import InterviewInvalid, problems_of
from heymilo_app.state.auth import REFUSALS, AuthState, acting
from heymilo_app.state.builder_view import (
    CriterionForm,
    QuestionForm,
    StageCard,
    StageForm,
    question_forms,
    rubric_forms,
    stage_cards,
    stage_form,
)


def error_text(error: ServiceError) -> str:
    """One readable sentence for a refused change.

    Args:
        error: What a service raised.

    Returns:
        The message.
    """
    if isinstance(error, Invalid):
        return " ".join(error.errors.values())
    return str(error) or "That change was not allowed."


class BuilderState(AuthState):
    """One job's interview as the builder shows it."""

    # Whether the job of the URL is not the organization's.
    not_found: bool = False
    # Whether loading finished.
    loaded: bool = False
    # Hiring managers see the builder without any way to change it.
    read_only: bool = False
    # The job's id (the URL's job_id is the route argument) and title.
    current_job_id: int = 0
    job_title: str = ""
    # The version shown and its status ("draft" or "published").
    interview_id: int = 0
    version: int = 0
    status: str = ""
    # Version number of the live interview, 0 when nothing is published.
    published_version: int = 0
    # Whether a deleted stage or question can be brought back.
    can_undo: bool = False
    # The stage cards in order.
    stages: list[StageCard] = []
    # Id of the selected stage (0: none).
    selected_id: int = 0
    # The selected stage's settings, rubric and questions.
    sel: StageForm = StageForm()
    rubric: list[CriterionForm] = []
    questions: list[QuestionForm] = []
    # Messages of the last publish check, in reading order.
    problem_messages: list[str] = []
    # Whether problems are re-checked after every change (after a refused publish).
    checking: bool = False
    # Bumped when stored values differ from what was typed, so inputs show the stored value.
    form_rev: int = 0
    # Short status line: "All changes saved", "Published version 2", ...
    save_status: str = ""
    # Read out after a stage is moved ("Form moved to position 2 of 5.").
    moved_note: str = ""
    # Id of the card being dragged.
    _dragging_id: int = 0

    # ------------------------------------------------------------------ helpers

    def _refused(self, error: Exception) -> rx.event.EventSpec:
        """A refused change, as the builder says it (every message of an Invalid)."""
        return rx.toast.error(error_text(error))

    def _refresh(self, session: Session, user: User, interview: Interview | None = None) -> None:
        """Read the interview back and rebuild every var of the page."""
        interview = interview or session.get(Interview, self.interview_id)
        try:
            draft = (
                interviews.describe(session=session, user=user, interview=interview)
                if interview is not None
                else None
            )
        except NotFound:
            # Not this user's interview (a forged id): show nothing of it.
            interview = None
        if interview is None:
            self.stages, self.questions, self.rubric = [], [], []
            self.sel, self.selected_id, self.interview_id = StageForm(), 0, 0
            return
        problems = problems_of(session=session, interview=interview) if self.checking else []
        self.interview_id = interview.id
        self.version = interview.version
        self.status = str(interview.status)
        self.published_version = draft.published_version or 0
        self.can_undo = draft.can_undo and not self.read_only
        self.stages = stage_cards(draft, problems)
        self.problem_messages = [
            (f"{card.title}: " if card else "") + problem.message
            for problem in problems
            for card in [next((c for c in self.stages if c.id == problem.stage_id), None)]
        ]
        ids = [card.id for card in self.stages]
        if self.selected_id not in ids:
            self.selected_id = ids[0] if ids else 0
        selected = next((item for item in draft.stages if item.stage.id == self.selected_id), None)
        if selected is None:
            self.sel, self.rubric, self.questions = StageForm(), [], []
            return
        self.sel = stage_form(selected, problems)
        self.rubric = rubric_forms(selected, problems)
        self.questions = question_forms(selected, problems)

    @acting
    def _change(self, session: Session, user: User, action, *, message: str = "All changes saved"):
        """Run a service call as the acting user, then refresh; report refusals as a toast."""
        try:
            result = action(session, user)
        except REFUSALS as error:
            # The page shows what is stored again (an input may hold the refused value).
            session.rollback()
            self._refresh(session, user)
            return self._refused(error)
        self.save_status = result if isinstance(result, str) else message
        self._refresh(session, user)
        return None

    # ------------------------------------------------------------------ page load

    @rx.event
    @acting
    def load_builder(self, session, user):
        """Open the job's draft, else its live version (recruiters; nothing is created for a
        published job), or its current version (hiring managers)."""
        self.loaded = self.not_found = self.checking = False
        self.save_status = ""
        self.selected_id = 0
        self.read_only = not self.is_recruiter
        try:
            if self.read_only:
                interview = versions.interview_for_viewing(
                    session=session, user=user, job_id=self.job_id
                )
            else:
                interview = versions.interview_to_open(
                    session=session, user=user, job_id=self.job_id
                )
            job = jobs.get_job(session=session, user=user, job_id=self.job_id)
        except NotFound:
            self.not_found = True
            self.loaded = True
            return None
        self.current_job_id = job.id
        self.job_title = job.title
        self.interview_id = interview.id if interview else 0
        self._refresh(session, user, interview)
        self.loaded = True
        return None

    # ------------------------------------------------------------------ stage list

    @rx.event
    @acting
    def select_stage(self, session, user, stage_id: int):
        """Open a stage's settings.

        Args:
            stage_id: The stage.
        """
        self.selected_id = int(stage_id)
        self._refresh(session, user)
        return None

    @rx.event
    def add_stage(self, stage_type: str):
        """Add a stage at the end and select it.

        Args:
            stage_type: One of the five stage types.
        """

        def action(session: Session, user: User) -> str:
            stage = stage_edits.add_stage(
                session=session, user=user, interview_id=self.interview_id, stage_type=stage_type
            )
            self.selected_id = stage.id
            return f"Added a {stage.title} stage"

        return self._change(action)

    @rx.event
    def move_stage(self, stage_id: int, delta: int, via: str = "button"):
        """Move a stage up or down by keyboard or button; focus follows the stage.

        The cards are drawn by position: left alone, focus would stay at the old place, on
        the neighbour, and the next arrow would move the neighbour back.

        Args:
            stage_id: The stage.
            delta: -1 for up, 1 for down.
            via: "key" (the card had focus) or "button" (a move button had it).
        """
        index = next((card.index for card in self.stages if card.id == int(stage_id)), None)
        if index is None:
            return None
        refused = self._change(
            lambda session, user: stage_edits.move_stage(
                session=session, user=user, stage_id=int(stage_id), to_index=index + int(delta)
            )
        )
        if refused is not None:
            return refused
        card = next((c for c in self.stages if c.id == int(stage_id)), None)
        if card is None:
            return None
        self.moved_note = f"{card.title} moved to position {card.index + 1} of {len(self.stages)}."
        direction = "up" if int(delta) < 0 else "down"
        target = f"stage-card-{card.index}" if via == "key" else f"move-{direction}-{card.index}"
        fallback = f"stage-card-{card.index}"
        return rx.call_script(
            "requestAnimationFrame(() => requestAnimationFrame(() => "
            f"(document.getElementById('{target}') || document.getElementById('{fallback}'))"
            "?.focus()))"
        )

    @rx.event
    def drag_start(self, stage_id: int):
        """Remember which card is being dragged.

        Args:
            stage_id: The dragged stage.
        """
        self._dragging_id = int(stage_id)

    @rx.event
    def drop_on(self, index: int):
        """Drop the dragged card at the place of another card.

        Args:
            index: Index of the card it was dropped on.
        """
        stage_id, self._dragging_id = self._dragging_id, 0
        if not stage_id:
            return None
        return self._change(
            lambda session, user: stage_edits.move_stage(
                session=session, user=user, stage_id=stage_id, to_index=int(index)
            )
        )

    @rx.event
    def delete_stage(self, stage_id: int):
        """Delete a stage (undo brings it back).

        Args:
            stage_id: The stage.
        """

        def action(session: Session, user: User) -> str:
            stage_edits.delete_stage(session=session, user=user, stage_id=int(stage_id))
            return "Stage deleted. Undo brings it back."

        return self._change(action)

    @rx.event
    def undo(self):
        """Bring back the stage or question deleted last."""
        return self._change(
            lambda session, user: interviews.undo_delete(
                session=session, user=user, interview_id=self.interview_id
            )
        )

    # ------------------------------------------------------------------ publish

    @rx.event
    @acting
    def publish(self, session, user):
        """Check the draft and make it live, or list every problem at its field."""
        try:
            interview = publishing.publish(
                session=session, user=user, interview_id=self.interview_id
            )
        except InterviewInvalid as error:
            session.rollback()
            self.checking = True
            self._refresh(session, user)
            count = len(error.problems)
            return rx.toast.error(
                f"Not published: {count} problem{'s' if count != 1 else ''} to fix."
            )
        self.checking = False
        self.save_status = ""
        self._refresh(session, user, interview)
        return rx.toast.success("Published. New candidates get this version.")

    @rx.event
    @acting
    def edit_published(self, session, user):
        """Start a new draft from the live version."""
        draft = versions.get_or_create_draft(session=session, user=user, job_id=self.current_job_id)
        self.save_status = f"Editing draft version {draft.version}"
        self._refresh(session, user, draft)
        return None

    @rx.event
    @acting
    def discard_draft(self, session, user):
        """Throw the draft away and go back to the live version."""
        publishing.discard_draft(session=session, user=user, interview_id=self.interview_id)
        live = versions.interview_for_viewing(
            session=session, user=user, job_id=self.current_job_id
        )
        self.checking = False
        self.save_status = "Draft discarded"
        self._refresh(session, user, live)
        return None

    @rx.event
    def card_key(self, stage_id: int, key: str):
        """Keyboard on a focused stage card: Enter selects, arrow keys move it.

        Args:
            stage_id: The stage.
            key: The key pressed.
        """
        if key in ("Enter", " "):
            return self.select_stage(stage_id)
        if key in ("ArrowUp", "ArrowDown") and self.is_draft:
            return self.move_stage(stage_id, -1 if key == "ArrowUp" else 1, "key")
        return None

    @rx.var
    def job_url(self) -> str:
        """The job's page."""
        return routes.job(self.current_job_id)

    @rx.var
    def preview_url(self) -> str:
        """The candidate's-eye preview of the selected stage."""
        return routes.preview(self.current_job_id, self.selected_id)

    @rx.var
    def form_key(self) -> str:
        """Changes when the settings inputs must show the stored values again."""
        return f"{self.selected_id}-{self.form_rev}"

    @rx.var
    def is_draft(self) -> bool:
        """Whether the version shown can be edited."""
        return self.status == InterviewStatus.DRAFT.value and not self.read_only
