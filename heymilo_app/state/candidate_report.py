"""The candidate report page (/candidates/{application_id}): scores, evidence, answers, actions.

Recruiters advance, reject, resend the invitation and rescore stages from here; recruiters and
hiring managers both write notes and rate (the ``ReportNotes`` mixin). Every handler resolves
the logged-in user again and the services check the role, so a hiring manager's hand-made
event changes nothing.
"""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.services.common.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.services.pipeline import decisions, links, rejections, rescoring, resends
from heymilo_app.services.review import report as report_service
from heymilo_app.services.review import rescores
from heymilo_app.state.auth import AuthState, acting
from heymilo_app.state.formatting import SOURCE_LABELS, error_text
from heymilo_app.state.formatting import status_label as status_text
from heymilo_app.state.report_notes import ReportNotes
from heymilo_app.state.report_views import StageView, moment_text, stage_view


class CandidateReportState(ReportNotes, AuthState):
    """The report of the application in the URL, and what the reader may do with it."""

    not_found: bool = False
    loaded: bool = False
    name: str = ""
    email: str = ""
    phone: str = ""
    job_title: str = ""
    job_url: str = ""
    status: str = ""
    status_label: str = ""
    source: str = ""
    outcome_reason: str = ""
    overall: str = ""
    stages: list[StageView] = []
    resume_text: str = ""
    # [{"when", "what", "stage"}] and [{"what", "to", "label", "detail"}].
    timeline: list[dict[str, str]] = []
    messages: list[dict[str, str]] = []
    # Which recruiter actions the status and the reader's role allow.
    can_advance: bool = False
    can_reject: bool = False
    can_resend: bool = False
    # A lapsed invitation is extended when it is sent again.
    resend_extends: bool = False
    # The advance / reject dialog: open, which, why, whether to email, and the refusal.
    decision_open: bool = False
    decision_advance: bool = True
    decision_note: str = ""
    decision_notify: bool = True
    decision_error: str = ""

    @rx.var
    def can_decide(self) -> bool:
        """Whether any recruiter action is shown (hiring managers see none)."""
        return self.can_advance or self.can_reject or self.can_resend

    def _load(self, session, user) -> None:
        """Copy the report of the application in the URL into the vars (NotFound escapes)."""
        report = report_service.candidate_report(
            session=session, user=user, application_id=int(self.application_id or 0)
        )
        application, candidate = report.application, report.candidate
        self.not_found = False
        self.name, self.email, self.phone = candidate.full_name, candidate.email, candidate.phone
        self.job_title, self.job_url = report.job.title, routes.job(report.job.id)
        self.status = str(application.status)
        rejected = rejections.rejected_ids(session=session, application_ids=[application.id])
        self.status_label = status_text(self.status, bool(rejected))
        self.source = SOURCE_LABELS.get(str(application.source), str(application.source))
        self.outcome_reason = application.outcome_reason
        self.overall = "" if report.overall is None else f"{report.overall:g}"
        self.resume_text = report.resume_text
        self.stages = [stage_view(stage) for stage in report.stages]
        self.timeline = [
            {"when": moment_text(item.when), "what": item.what, "stage": item.stage}
            for item in report.timeline
            if item.when is not None
        ]
        self.messages = [
            {"what": m.what, "to": m.to, "label": m.delivery.label, "detail": m.delivery.detail}
            for m in report.messages
        ]
        actions = report.actions
        self.can_advance, self.can_reject = actions.advance, actions.reject
        self.can_resend, self.resend_extends = actions.resend, actions.resend_extends
        self._load_notes(report)
        self.loaded = True

    def _clear(self) -> None:
        """Show "not found" and nothing of the application."""
        self.not_found = self.loaded = True
        self.stages, self.timeline, self.messages, self.notes, self.ratings = [], [], [], [], []
        self.name = self.email = self.phone = self.job_title = self.overall = ""
        self.can_advance = self.can_reject = self.can_resend = False

    @rx.event
    @acting
    def load_report(self, session, user):
        """Load the report of the application in the URL."""
        self.loaded = False
        self.note_draft = self.note_error = ""
        self.decision_open = False
        try:
            self._load(session, user)
        except (NotFound, ValueError):
            self._clear()
        return None

    @acting
    def _act(self, session, user, action):
        """Run ``action(session, user)`` and reload; a refusal becomes an error toast.

        Args:
            action: Calls a service; returns what the handler returns on success.

        Returns:
            The action's result, a toast, or a redirect to the login page.
        """
        result = action(session, user)
        self._load(session, user)
        return result

    @rx.event
    def open_decision(self, advance: bool):
        """Open the dialog that asks why the application is advanced or rejected.

        Args:
            advance: True for "Advance", False for "Reject".
        """
        self.decision_advance = advance
        self.decision_note, self.decision_error = "", ""
        self.decision_notify = True
        self.decision_open = True

    @rx.event
    def set_decision_open(self, value: bool):
        """Open or close the decision dialog.

        Args:
            value: Whether it is open.
        """
        self.decision_open = value

    @rx.event
    def set_decision_note(self, value: str):
        """Type why.

        Args:
            value: The reason.
        """
        self.decision_note = value[: decisions.MAX_DECISION_NOTE]
        self.decision_error = ""

    @rx.event
    def set_decision_notify(self, value: bool):
        """Choose whether a rejected candidate gets the not-advancing email.

        Args:
            value: Whether to email them.
        """
        self.decision_notify = bool(value)

    @rx.event
    @acting
    def confirm_decision(self, session, user):
        """Advance or reject the application with the reason typed, then reload the report."""
        advance, notify = self.decision_advance, self.decision_notify
        try:
            decisions.decide(
                session=session,
                user=user,
                application_id=int(self.application_id or 0),
                advance=advance,
                note=self.decision_note,
                notify=notify,
            )
        except Invalid as error:
            self.decision_error = error_text(error)
            return None
        except (NotFound, PermissionDenied) as error:
            self.decision_open = False
            return rx.toast.error(error_text(error))
        self._load(session, user)
        self.decision_open, self.decision_note = False, ""
        if advance:
            return rx.toast.success("Advanced; the decision is on the timeline.")
        return rx.toast.success(
            "Rejected; the not-advancing email is on its way." if notify else "Rejected; no email."
        )

    @rx.event
    def resend_invitation(self):
        """Send the invitation again (extending a lapsed one), then reload the report."""
        extend = self.resend_extends

        def resend(session, user):
            application = resends.resend_as(
                session=session,
                user=user,
                application_id=int(self.application_id or 0),
                extend=extend,
            )
            deadline = links.format_deadline(application)
            return rx.toast.success(
                f"Invitation sent again; the link is open until {deadline}."
                if extend
                else "Invitation sent again."
            )

        return self._act(resend)

    @rx.event
    def rescore(self, stage_id: int):
        """Have a finished stage scored again and say what changed.

        Args:
            stage_id: The stage.
        """
        titles = {s.stage_id: s.title for s in self.stages}

        def rescore(session, user):
            rescored = rescoring.rescore_stage(
                session=session,
                user=user,
                application_id=int(self.application_id or 0),
                stage_id=int(stage_id),
            )
            title = titles.get(int(stage_id), "The stage")
            return rx.toast.success(rescores.rescore_message(title, rescored))

        return self._act(rescore)
