"""The candidate report page (/candidates/{application_id}): scores, evidence, answers."""

from __future__ import annotations

import dataclasses

import reflex as rx

from heymilo_app import routes
from heymilo_app.db import session_scope
from heymilo_app.services import report as report_service
from heymilo_app.services.errors import NotFound
from heymilo_app.state.auth import AuthState
from heymilo_app.state.formatting import SOURCE_LABELS, STATUS_LABELS, short_date

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
class StageView:
    """A stage of the report."""

    title: str = ""
    type: str = ""
    status: str = ""
    scored: bool = False
    total: str = ""
    threshold: str = ""
    passed: bool = False
    summary: str = ""
    scorer: str = ""
    criteria: list[CriterionView] = dataclasses.field(default_factory=list)
    failures: list[str] = dataclasses.field(default_factory=list)
    answers: list[AnswerView] = dataclasses.field(default_factory=list)
    checks: list[CheckView] = dataclasses.field(default_factory=list)
    years: str = ""
    finished: str = ""


class CandidateReportState(AuthState):
    """The report of the application in the URL."""

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
    # [{"when", "what"}] and [{"what", "to", "label", "detail"}].
    timeline: list[dict[str, str]] = []
    messages: list[dict[str, str]] = []

    @rx.event
    def load_report(self):
        """Load the report of the application in the URL."""
        self.loaded = False
        with session_scope() as session:
            user = self._acting_user(session)
            if user is None:
                return self._to_login()
            try:
                report = report_service.candidate_report(
                    session=session, user=user, application_id=int(self.application_id or 0)
                )
            except (NotFound, ValueError):
                self.not_found = True
                self.loaded = True
                self.stages, self.timeline, self.messages = [], [], []
                return None
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
            {"when": when.strftime("%b %d, %H:%M UTC"), "what": what}
            for when, what in report.timeline
            if when is not None
        ]
        self.messages = [
            {"what": m.what, "to": m.to, "label": m.delivery.label, "detail": m.delivery.detail}
            for m in report.messages
        ]
        self.loaded = True
        return None


def _stage_view(stage: report_service.StageReport) -> StageView:
    return StageView(
        title=stage.title,
        type=stage.type,
        status=stage.status.capitalize(),
        scored=stage.total is not None and bool(stage.criteria),
        total="" if stage.total is None else f"{stage.total:g}",
        threshold=str(stage.pass_threshold),
        passed=bool(stage.passed),
        summary=stage.summary,
        scorer=stage.scorer,
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
    )
