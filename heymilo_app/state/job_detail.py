"""One job's page: its details, interview stages and candidates."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.db import session_scope
from heymilo_app.services import (
    applications,
    intake,
    invitations,
    jobs,
    message_log,
    pipeline,
    review_queue,
    score_alerts,
)
from heymilo_app.services.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.stages import stage_kind
from heymilo_app.state.auth import AuthState
from heymilo_app.state.candidates import CandidateSelection
from heymilo_app.state.formatting import application_rows, error_text, short_date, stage_chips


class JobDetailState(AuthState):
    """The job named in the URL, if it belongs to the user's organization."""

    # True when the job does not exist or belongs to another organization.
    not_found: bool = False
    # Whether loading finished.
    loaded: bool = False
    # The job's fields for display.
    title: str = ""
    location: str = ""
    description: str = ""
    requirements: str = ""
    # Interview stages: type, label, title, duration, questions.
    stages: list[dict[str, str]] = []
    # "Published (version N)" or "No published interview yet".
    interview_label: str = ""
    # Applications of this job.
    candidates: list[dict[str, str]] = []
    # Each candidate's stage chips by application id: [{"label", "state", "score", "text"}].
    stage_chips: dict[str, list[dict[str, str]]] = {}
    # Id of the job shown.
    shown_job_id: int = 0

    # Public slug of the job (its apply page).
    slug: str = ""

    @rx.var
    def apply_url(self) -> str:
        """The job's public apply page."""
        return routes.apply(self.slug) if self.slug else ""

    @rx.var
    def builder_url(self) -> str:
        """The job's interview builder."""
        return routes.builder(self.shown_job_id)

    @rx.event
    def load_job(self):
        """Load the job of the URL, or show not-found for anything not the user's.

        Then the list's selection keeps only rows still shown, and the score alert is read.
        """
        self.loaded = False
        self.not_found = False
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                job = jobs.get_job(session=session, user=user, job_id=self.job_id)
            except NotFound:
                self.not_found = True
                self.title = self.location = self.description = self.requirements = ""
                self.stages = []
                self.candidates = []
                self.stage_chips = {}
                self.loaded = True
                return
            interview = jobs.published_interview(session=session, job=job)
            stages = (
                jobs.interview_stages(session=session, interview=interview) if interview else []
            )
            rows = applications.list_applications(session=session, user=user, job_id=job.id)
            self.candidates = application_rows(session, rows)
            self.stage_chips = stage_chips(session, rows)
        self.shown_job_id = job.id
        self.slug = job.slug
        self.title = job.title
        self.location = job.location
        self.description = job.description
        self.requirements = job.requirements
        self.interview_label = (
            f"Published interview, version {interview.version}"
            if interview
            else "No published interview yet"
        )
        self.stages = [
            {
                "position": str(index + 1),
                "label": stage_kind(stage.type).label,
                "title": stage.title or stage_kind(stage.type).label,
                "duration": stage_kind(stage.type).duration,
            }
            for index, stage in enumerate(stages)
        ]
        self.loaded = True
        return [JobCandidatesState.keep_visible_selection, ScoreAlertState.load_alert]


class JobEditState(JobDetailState):
    """The job's edit dialog and archiving."""

    # Whether the edit dialog is open.
    edit_open: bool = False
    # Messages at the dialog's fields.
    edit_errors: dict[str, str] = {}
    # Whether the job is archived.
    archived: bool = False
    # Whether invitations also go out by text message.
    sms_invitations: bool = False

    @rx.event
    def load_job_extras(self):
        """Read the archive and SMS flags of the job of the URL."""
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return None
            try:
                job = jobs.get_job(session=session, user=user, job_id=self.job_id)
            except NotFound:
                return None
            self.archived = job.status == "archived"
            self.sms_invitations = job.sms_invitations
        return None

    @rx.event
    def set_edit_open(self, value: bool):
        """Open or close the edit dialog.

        Args:
            value: Whether it is open.
        """
        self.edit_open = value
        self.edit_errors = {}

    @rx.event
    def save_job(self, form_data: dict):
        """Save the job's details.

        Args:
            form_data: title, location, description, requirements, sms_invitations.
        """
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                jobs.update_job(
                    session=session,
                    user=user,
                    job_id=self.shown_job_id,
                    title=form_data.get("title", ""),
                    location=form_data.get("location", ""),
                    description=form_data.get("description", ""),
                    requirements=form_data.get("requirements", ""),
                    sms_invitations=form_data.get("sms_invitations") in ("on", True, "true"),
                )
            except Invalid as error:
                self.edit_errors = error.errors
                return None
            except (NotFound, PermissionDenied) as error:
                return rx.toast.error(str(error))
        self.edit_open = False
        return [JobDetailState.load_job, JobEditState.load_job_extras]

    @rx.event
    def toggle_archived(self):
        """Archive the job, or reopen it."""
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                job = jobs.set_archived(
                    session=session, user=user, job_id=self.shown_job_id, archived=not self.archived
                )
            except (NotFound, PermissionDenied) as error:
                return rx.toast.error(str(error))
            self.archived = job.status == "archived"
        return rx.toast.success(
            "Job archived: it is hidden from the list." if self.archived else "Job reopened."
        )


class AddCandidateState(JobDetailState):
    """The job page's "Add candidate" dialog."""

    # Whether the dialog is open.
    add_open: bool = False
    # Messages at the dialog's fields.
    add_errors: dict[str, str] = {}

    @rx.event
    def set_add_open(self, value: bool):
        """Open or close the dialog.

        Args:
            value: Whether it is open.
        """
        self.add_open = value
        self.add_errors = {}

    @rx.event
    def add_candidate(self, form_data: dict):
        """Add the candidate and send the invitation.

        Args:
            form_data: first_name, last_name, email, phone.
        """
        self.add_errors = {}
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                intake.add_candidate(
                    session=session,
                    user=user,
                    job_id=self.shown_job_id,
                    first_name=str(form_data.get("first_name", "")),
                    last_name=str(form_data.get("last_name", "")),
                    email=str(form_data.get("email", "")),
                    phone=str(form_data.get("phone", "")),
                )
            except Invalid as error:
                self.add_errors = error.errors
                return None
            except (NotFound, PermissionDenied) as error:
                return rx.toast.error(str(error))
        self.add_open = False
        return [
            JobDetailState.load_job,
            rx.toast.success("Candidate added; the invitation is on its way."),
        ]


class CandidateMessagesState(JobDetailState):
    """A candidate's messages on the job page: history, delivery, resend and extend."""

    # Whether the messages dialog is open.
    messages_open: bool = False
    # The application shown in the dialog.
    messages_application_id: int = 0
    # Whose messages: the candidate's name.
    messages_name: str = ""
    # [{"what", "to", "queued", "sent", "label", "tone", "detail"}], newest first.
    messages: list[dict[str, str]] = []

    def _load_messages(self, session, user) -> None:
        self.messages = [
            {
                "what": m.what,
                "to": m.to,
                "queued": short_date(m.created_at),
                "sent": m.sent_at.strftime("%b %d, %H:%M UTC") if m.sent_at else "",
                "label": m.delivery.label,
                "tone": m.delivery.tone,
                "detail": m.delivery.detail,
            }
            for m in message_log.history(
                session=session, user=user, application_id=self.messages_application_id
            )
        ]

    @rx.event
    def open_messages(self, application_id: str, name: str):
        """Show a candidate's messages.

        Args:
            application_id: The application.
            name: The candidate's name (the dialog's title).
        """
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            self.messages_application_id = int(application_id or 0)
            try:
                self._load_messages(session, user)
            except NotFound as error:
                return rx.toast.error(str(error))
        self.messages_name = name
        self.messages_open = True
        return None

    @rx.event
    def set_messages_open(self, value: bool):
        """Open or close the dialog.

        Args:
            value: Whether it is open.
        """
        self.messages_open = value

    @rx.event
    def resend(self, application_id: str, extend: bool):
        """Send the invitation again, extending the deadline first when asked.

        Args:
            application_id: The application.
            extend: Whether to extend the deadline.
        """
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                application = invitations.resend_as(
                    session=session, user=user, application_id=int(application_id), extend=extend
                )
            except (Invalid, NotFound, PermissionDenied) as error:
                return rx.toast.error(error_text(error))
            deadline = invitations.format_deadline(application)
            if self.messages_open and self.messages_application_id == application.id:
                self._load_messages(session, user)
        return [
            JobDetailState.load_job,
            rx.toast.success(
                f"Invitation sent again; the link is open until {deadline}."
                if extend
                else "Invitation sent again."
            ),
        ]


class ReviewQueueState(JobDetailState):
    """The job page's "Waiting for you" card: reviews to decide and candidates' requests."""

    # [{"id", "name", "email", "stage", "reason", "asked", "since"}].
    reviews: list[dict[str, str]] = []
    # [{"id", "name", "kind", "details", "when"}].
    requests: list[dict[str, str]] = []
    # The note typed for a decision, by application id.
    notes: dict[str, str] = {}

    def _load_queue(self, session, user) -> None:
        self.reviews = [
            {
                "id": str(item.application_id),
                "name": item.name,
                "email": item.email,
                "stage": item.stage,
                "reason": item.reason,
                "asked": "yes" if item.candidate_asked else "",
                "since": short_date(item.since),
            }
            for item in review_queue.in_review(session=session, user=user, job_id=self.job_id)
        ]
        self.requests = [
            {
                "id": str(item.accommodation_id),
                "name": item.name,
                "kind": item.kind,
                "details": item.details,
                "when": short_date(item.created_at),
            }
            for item in review_queue.open_requests(session=session, user=user, job_id=self.job_id)
        ]

    @rx.event
    def load_queue(self):
        """Load what waits for a decision on the job of the URL."""
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return None
            try:
                self._load_queue(session, user)
            except NotFound:
                self.reviews, self.requests = [], []
        return None

    @rx.event
    def set_note(self, application_id: str, value: str):
        """Type the note of a decision.

        Args:
            application_id: The application.
            value: The note.
        """
        self.notes[application_id] = value[:2000]

    @rx.event
    def decide(self, application_id: str, advance: bool):
        """Advance or reject an application in review.

        Args:
            application_id: The application.
            advance: True to move it on, False to disqualify it.
        """
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                pipeline.decide_review(
                    session=session,
                    user=user,
                    application_id=int(application_id),
                    advance=advance,
                    note=self.notes.get(application_id, ""),
                )
            except (Invalid, NotFound, PermissionDenied) as error:
                return rx.toast.error(error_text(error))
            self.notes.pop(application_id, None)
            self._load_queue(session, user)
        return [
            JobDetailState.load_job,
            rx.toast.success("Moved on to the next stage." if advance else "Rejected."),
        ]

    @rx.event
    def answer_request(self, accommodation_id: str, grant: bool):
        """Grant or decline a candidate's request.

        Args:
            accommodation_id: The request.
            grant: Whether it is granted.
        """
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                pipeline.decide_accommodation(
                    session=session, user=user, accommodation_id=int(accommodation_id), grant=grant
                )
            except (Invalid, NotFound, PermissionDenied) as error:
                return rx.toast.error(error_text(error))
            self._load_queue(session, user)
        return rx.toast.success("Granted." if grant else "Declined.")


class JobCandidatesState(CandidateSelection, JobDetailState):
    """The job page's candidate selection and its bulk actions."""

    def _visible_rows(self) -> list[dict[str, str]]:
        return self.candidates

    def _reload(self):
        return JobDetailState.load_job


ALERT_NUMBER_MESSAGE = "Enter a whole number from 1 to 100."


class ScoreAlertState(JobDetailState):
    """The job page's score alert: email me when a candidate finishes at or above a score."""

    # The score typed in the field.
    alert_min: str = "80"
    # The saved score (0: no alert).
    alert_current: int = 0
    # The message at the field.
    alert_error: str = ""

    @rx.event
    def load_alert(self):
        """Read the user's alert for the job shown."""
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None or not self.shown_job_id:
                return None
            current = score_alerts.get_alert(session=session, user=user, job_id=self.shown_job_id)
        self.alert_current = current or 0
        self.alert_min = str(current or 80)
        self.alert_error = ""
        return None

    @rx.event
    def set_alert_min(self, value: str):
        """Type the score.

        Args:
            value: What was typed.
        """
        self.alert_min = str(value)[:6]
        self.alert_error = ""

    @rx.event
    def save_alert(self):
        """Save the alert with the score typed."""
        if not self.alert_min.strip():
            self.alert_error = ALERT_NUMBER_MESSAGE
            return None
        return self._store(self.alert_min)

    @rx.event
    def clear_alert(self):
        """Turn the alert off."""
        return self._store(None)

    def _store(self, min_score: str | None):
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                score_alerts.set_alert(
                    session=session, user=user, job_id=self.shown_job_id, min_score=min_score
                )
            except Invalid as error:
                self.alert_error = error.errors.get("min_score", error_text(error))
                return None
            except (NotFound, PermissionDenied) as error:
                return rx.toast.error(str(error))
            current = score_alerts.get_alert(session=session, user=user, job_id=self.shown_job_id)
        self.alert_current = current or 0
        self.alert_error = ""
        if current is None:
            return rx.toast.success("Score alert turned off.")
        self.alert_min = str(current)
        return rx.toast.success(
            f"Saved: you will be emailed when a candidate finishes at or above {current}/100."
        )
