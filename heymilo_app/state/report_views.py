"""How a candidate report reads: the display rows of its stages, built from the report service.

Plain dataclasses the report page iterates over (``CandidateReportState.stages``), so the state
module keeps to loading and actions.
"""

from __future__ import annotations

import dataclasses

from heymilo_app.services.review import report as report_service
from heymilo_app.services.review import rescores
from heymilo_app.state.formatting import short_date

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


SPEAKER_LABELS = {"interviewer": "AI interviewer", "candidate": "Candidate", "system": "Note"}
TURN_LABELS = {
    "follow_up": "Follow-up",
    "knowledge": "From the knowledge base",
    "deferral": "Passed to you",
    "clarification": "Clarifying",
    "recap": "Recap",
    "nudge": "Reminder",
    "closing": "Closing",
}


@dataclasses.dataclass
class LineView:
    """A turn of the conversation."""

    speaker: str = ""
    # "interviewer", "candidate" or "system": how the line is drawn.
    side: str = ""
    text: str = ""
    when: str = ""
    # What kind of turn, when it is not a plain question or answer ("Follow-up"...).
    tag: str = ""
    # "Answers: <question>" for a candidate's turn.
    about: str = ""
    # "Offline interviewer (model unavailable)" when the fallback engine said it.
    engine: str = ""


def line_view(line: report_service.Line) -> LineView:
    """A conversation turn as the report shows it.

    Args:
        line: The turn.

    Returns:
        The view.
    """
    tag = TURN_LABELS.get(line.kind, "")
    if line.speaker == "system" and line.kind == "deferral":
        tag = "Question for you"
    if line.knowledge:
        tag = f"From the knowledge base: {line.knowledge}"
    engine = ""
    if line.engine.endswith("(fallback)"):
        engine = "Said by the offline interviewer: the model did not answer in time"
    return LineView(
        speaker=SPEAKER_LABELS.get(line.speaker, line.speaker),
        side=line.speaker,
        text=line.text,
        when=moment_text(line.when),
        tag=tag,
        about=f"Answers: {line.question}" if line.speaker == "candidate" and line.question else "",
        engine=engine,
    )


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
    transcript: list[LineView] = dataclasses.field(default_factory=list)


def stage_view(stage: report_service.StageReport) -> StageView:
    """A stage of a report as the page shows it (scores, evidence, checks, history)."""
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
                    "Then " + ", ".join(rescores.change_text(c) for c in h.changes)
                    if h.changes
                    else "No criterion's score changed."
                ),
            )
            for h in stage.history
        ],
        rescorable=stage.rescorable,
        transcript=[line_view(line) for line in stage.transcript],
    )


def _scored_by(lead: str, total, scorer: str, version: str, when) -> str:
    """E.g. "Earlier: 64 by offline-lexical-v1 (rubric 3f2a…), Nov 25, 2026"."""
    text = f"{lead} {total:g} by {scorer}" if lead.endswith(":") else f"{lead} by {scorer}"
    if version:
        text += f" (rubric {version[:4]}…)"
    return text + (f", {short_date(when)}" if when else "")


def moment_text(value) -> str:
    """E.g. "Nov 25, 14:03 UTC"."""
    return value.strftime("%b %d, %H:%M UTC")
