"""The candidate report page (/candidates/{application_id}): scores, evidence, answers, actions.

Recruiters advance, reject, resend the invitation and rescore stages from here; recruiters and
hiring managers both write notes and rate. Every handler resolves the logged-in user again and
the services check the role, so a hiring manager's hand-made event changes nothing.
"""

from __future__ import annotations

import dataclasses

import reflex as rx

from heymilo_app import routes
from heymilo_app.db import session_scope
from heymilo_app.services import invitations, notes, pipeline
from heymilo_app.services import report as report_service
from heymilo_app.services.errors import Invalid, NotFound, PermissionDenied
from heymilo_app.state.auth import AuthState
from heymilo_app.state.formatting import SOURCE_LABELS, STATUS_LABELS, error_text, short_date

MET_LABELS = {True: ("Met", "green"), False: ("Not met", "red"), None: ("Not stated", "gray")}
KIND_LABELS = {
    "must_have": "Must-have",
    "nice_to_have": "Nice to have",
    "min_years": "Experience",
    "education": "Education",
    "locations": "Location",
    "work_authorization": "Work authorization",
}


@dataclasses.dataclass
class CriterionView:
    """A rubric criterion's score."""

    name: str = ""
    score: int = 0
    weight: str = ""
    evidence: str = ""


@dataclasses.dataclass
class AnswerView:
    """A question and its answer."""

    prompt: str = ""
    answer: str = ""


@dataclasses.dataclass
class CheckView:
    """A resume requirement, checked."""

    kind: str = ""
    requirement: str = ""
    label: str = ""
    color: str = "gray"
    evidence: str = ""


@dataclasses.dataclass
class HistoryView:
    """A score the stage had before a rescore, and what the rescore changed."""

    text: str = ""
    changes: str = ""


@dataclasses.dataclass
class StageView:
    """A stage of the report."""

    stage_id: int = 0
    title: str = ""
    type: str = ""
    status: str = ""
    scored: bool = False
    total: str = ""
    threshold: str = ""
    passed: bool = False
    summary: str = ""
    # "Scored by offline-lexical-v1 (rubric 3f2a…), Nov 25, 2026".
    scorer: str = ""
    criteria: list[CriterionView] = dataclasses.field(default_factory=list)
    failures: list[str] = dataclasses.field(default_factory=list)
    answers: list[AnswerView] = dataclasses.field(default_factory=list)
    checks: list[CheckView] = dataclasses.field(default_factory=list)
    years: str = ""
    finished: str = ""
    history: list[HistoryView] = dataclasses.field(default_factory=list)
    rescorable: bool = False


class CandidateReportState(AuthState):
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
    # [{"author", "role", "body", "when"}], newest first.
    notes: list[dict[str, str]] = []
    # [{"name", "role", "rating"}] and their average ("" when nobody rated).
    ratings: list[dict[str, str]] = []
    rating_average: str = ""
    # The reader's own rating, 0 when none.
    my_rating: int = 0
    # The note being written, and the message when it was refused.
    note_draft: str = ""
    note_error: str = ""
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
        self.status_label = STATUS_LABELS.get(self.status, self.status)
        self.source = SOURCE_LABELS.get(str(application.source), str(application.source))
        self.outcome_reason = application.outcome_reason
        self.overall = "" if report.overall is None else f"{report.overall:g}"
        self.resume_text = report.resume_text
        self.stages = [_stage_view(stage) for stage in report.stages]
        self.timeline = [
            {"when": _when(item.when), "what": item.what, "stage": item.stage}
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
        self.notes = [
            {
                "author": n.author,
                "role": n.role,
                "body": n.body,
                "when": _when(n.created_at),
            }
            for n in report.notes
        ]
        self.ratings = [
            {"name": r.name, "role": r.role, "rating": str(r.rating)} for r in report.ratings.items
        ]
        average = report.ratings.average
        self.rating_average = "" if average is None else f"{average:g}"
        self.my_rating = report.ratings.mine or 0
        self.loaded = True

    def _clear(self) -> None:
        """Show "not found" and nothing of the application."""
        self.not_found = self.loaded = True
        self.stages, self.timeline, self.messages, self.notes, self.ratings = [], [], [], [], []
        self.name = self.email = self.phone = self.job_title = self.overall = ""
        self.can_advance = self.can_reject = self.can_resend = False

    @rx.event
    def load_report(self):
        """Load the report of the application in the URL."""
        self.loaded = False
        self.note_draft = self.note_error = ""
        self.decision_open = False
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                self._load(session, user)
            except (NotFound, ValueError):
                self._clear()
        return None

    def _act(self, action):
        """Run ``action(session, user)`` and reload; a refusal becomes an error toast.

        Args:
            action: Calls a service; returns what the handler returns on success.

        Returns:
            The action's result, a toast, or a redirect to the login page.
        """
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                result = action(session, user)
            except (Invalid, NotFound, PermissionDenied) as error:
                return rx.toast.error(error_text(error))
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
        self.decision_note = value[: pipeline.MAX_DECISION_NOTE]
        self.decision_error = ""

    @rx.event
    def set_decision_notify(self, value: bool):
        """Choose whether a rejected candidate gets the not-advancing email.

        Args:
            value: Whether to email them.
        """
        self.decision_notify = bool(value)

    @rx.event
    def confirm_decision(self):
        """Advance or reject the application with the reason typed, then reload the report."""
        advance, notify = self.decision_advance, self.decision_notify
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                pipeline.decide(
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
            application = invitations.resend_as(
                session=session,
                user=user,
                application_id=int(self.application_id or 0),
                extend=extend,
            )
            deadline = invitations.format_deadline(application)
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
            rescored = pipeline.rescore_stage(
                session=session,
                user=user,
                application_id=int(self.application_id or 0),
                stage_id=int(stage_id),
            )
            title = titles.get(int(stage_id), "The stage")
            return rx.toast.success(report_service.rescore_message(title, rescored))

        return self._act(rescore)

    @rx.event
    def set_note_draft(self, value: str):
        """Type a note.

        Args:
            value: The text so far.
        """
        self.note_draft = value[: notes.MAX_NOTE + 100]
        self.note_error = ""

    @rx.event
    def add_note(self):
        """Add the note typed to the application (recruiters and hiring managers)."""
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                notes.add_note(
                    session=session,
                    user=user,
                    application_id=int(self.application_id or 0),
                    body=self.note_draft,
                )
            except Invalid as error:
                self.note_error = error_text(error)
                return None
            except NotFound as error:
                return rx.toast.error(error_text(error))
            self._load(session, user)
        self.note_draft = ""
        return None

    @rx.event
    def set_rating(self, value: str):
        """Set, change or clear the reader's own 1-5 rating.

        Args:
            value: "1" to "5", or "" to clear it.
        """

        def rate(session, user):
            notes.set_rating(
                session=session,
                user=user,
                application_id=int(self.application_id or 0),
                rating=value,
            )

        return self._act(rate)


def _stage_view(stage: report_service.StageReport) -> StageView:
    return StageView(
        stage_id=stage.stage_id,
        title=stage.title,
        type=stage.type,
        status=stage.status.capitalize(),
        scored=stage.total is not None and bool(stage.criteria),
        total="" if stage.total is None else f"{stage.total:g}",
        threshold=str(stage.pass_threshold),
        passed=bool(stage.passed),
        summary=stage.summary,
        scorer=_scored_by(
            "Scored", stage.total, stage.scorer, stage.rubric_version, stage.scored_at
        )
        if stage.scorer
        else "",
        criteria=[
            CriterionView(name=c.name, score=c.score, weight=f"{c.weight:g}", evidence=c.evidence)
            for c in stage.criteria
        ],
        failures=[
            f"{d.get('requirement', '')}: {d.get('reason', '')}"
            + (" (sent to review)" if d.get("action") == "review" else "")
            for d in stage.dealbreakers
        ],
        answers=[AnswerView(prompt=a.prompt, answer=a.answer) for a in stage.answers],
        checks=[
            CheckView(
                kind=KIND_LABELS.get(str(c.get("kind")), str(c.get("kind"))),
                requirement=str(c.get("requirement", "")),
                label=MET_LABELS[c.get("met")][0],
                color=MET_LABELS[c.get("met")][1],
                evidence=str(c.get("evidence", "")),
            )
            for c in stage.screening
        ],
        years="" if stage.years is None else f"{stage.years:g}",
        finished=short_date(stage.finished_at),
        history=[
            HistoryView(
                text=_scored_by("Earlier:", h.total, h.scorer, h.rubric_version, h.scored_at),
                changes=(
                    "Then " + ", ".join(report_service.change_text(c) for c in h.changes)
                    if h.changes
                    else "No criterion's score changed."
                ),
            )
            for h in stage.history
        ],
        rescorable=stage.rescorable,
    )


def _scored_by(lead: str, total, scorer: str, version: str, when) -> str:
    """E.g. "Earlier: 64 by offline-lexical-v1 (rubric 3f2a…), Nov 25, 2026"."""
    text = f"{lead} {total:g} by {scorer}" if lead.endswith(":") else f"{lead} by {scorer}"
    if version:
        text += f" (rubric {version[:4]}…)"
    return text + (f", {short_date(when)}" if when else "")


def _when(value) -> str:
    """E.g. "Nov 25, 14:03 UTC"."""
    return value.strftime("%b %d, %H:%M UTC")
