"""Adverse impact: the selection rate of each self-identified group at each stage.

Groups are the answers to the self-ID questions of the form stages in scope, read only as
counts per group and stage (never per candidate, never with scores); cells of fewer than
``MIN_GROUP`` candidates are hidden and counted, and an impact ratio under the four-fifths
rule is flagged. The dashboard's table; no report shows a candidate's own answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, func, select

from heymilo_app.models import (
    Application,
    AttemptStatus,
    Question,
    QuestionKind,
    StageAttempt,
    User,
)
from heymilo_app.services.analytics.scope import Scope
from heymilo_app.services.analytics.sql import json_text

# Self-ID answers that are not a group (compared lower-cased).
NOT_A_GROUP = frozenset(
    {"", "prefer not to say", "prefer not to answer", "decline to answer", "i prefer not to say"}
)
# Groups smaller than this at a stage are not shown (privacy).
MIN_GROUP = 5
# The four-fifths rule: an impact ratio below this is flagged.
FOUR_FIFTHS = 0.8


@dataclass(frozen=True)
class ImpactRow:
    """Selection rate of one self-identified group at one stage."""

    stage_label: str
    group: str
    # Group members who reached the stage, and of those who passed it.
    candidates: int
    selected: int
    rate: float
    # Rate over the highest shown group's rate at that stage (1.0 when that rate is 0).
    impact_ratio: float
    flagged: bool
    # The self-ID question the group answers (several questions are tabled one by one).
    question: str = ""


def adverse_impact(session: Session, user: User, scope: Scope) -> tuple[list[ImpactRow], str, int]:
    """Selection rates per self-identified group at each stage (adverse impact).

    Groups are the answers to the self-ID question(s) of the form stages in scope ("Prefer
    not to say" and no answer are not a group). At each stage, candidates are the group's
    members who finished it (candidates still in a stage are not counted until it decides)
    and selected those who moved on from it (passed, or passed on dealbreakers with the score
    pending); scores are never read. Cells of fewer than 5 candidates are hidden and
    counted; the impact ratio is against the highest rate among the shown groups of that
    stage, flagged under 4/5.
    Several self-ID questions (same prompt across versions counts as one) are tabled one
    after the other.

    Args:
        session: Database session.
        user: The acting user.
        scope: The filtered applications and their stages.

    Returns:
        (rows in stage order, the question's prompt or "", hidden cells).
    """
    query = select(Question.id, Question.prompt, Question.stage_id).where(
        Question.kind == QuestionKind.SELF_ID.value,
        Question.stage_id.in_(list(scope.stages.of)) if scope.stages.of else sa.false(),
    )
    by_prompt: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for question_id, prompt, stage_id in session.exec(query.order_by(Question.id)).all():
        by_prompt[" ".join(prompt.split())].append((question_id, stage_id))
    rows: list[ImpactRow] = []
    prompts: list[str] = []
    hidden = 0
    for prompt, questions in by_prompt.items():
        cells = _group_cells(session, scope, questions)
        if not cells:
            continue
        prompts.append(prompt)
        shown, hidden_here = _impact_rows(cells, scope.stages.labels, prompt)
        rows += shown
        hidden += hidden_here
    return rows, " / ".join(prompts), hidden


def _group_cells(
    session: Session, scope: Scope, questions: list[tuple[int, int]]
) -> dict[tuple[str, str], list[int]]:
    """(stage label, group) -> [candidates, selected] for one self-ID question."""
    form = sa.orm.aliased(StageAttempt, name="form_attempt")
    answers = {
        stage_id: json_text(form.answers, str(q), scope.dialect) for q, stage_id in questions
    }
    # One question per stage (the builder allows one): read only the one of the row's stage.
    answer = (
        next(iter(answers.values())) if len(answers) == 1 else sa.case(answers, value=form.stage_id)
    )
    members = select(form.application_id.label("application_id"), answer.label("grp")).where(
        form.stage_id.in_(sorted({stage_id for _, stage_id in questions}))
    )
    if scope.narrowed:
        members = members.join(Application, Application.id == form.application_id).where(
            *scope.conditions
        )
    members = members.subquery()
    # A stage decides once it is finished: those still in it are not counted yet, and a
    # score still pending moved on by the dealbreakers (selected).
    moved_on = (AttemptStatus.PASSED.value, AttemptStatus.SCORE_PENDING.value)
    passed = sa.case((StageAttempt.status.in_(moved_on), 1), else_=0)
    result = session.exec(
        select(members.c.grp, StageAttempt.stage_id, func.count(), func.sum(passed))
        .join(StageAttempt, StageAttempt.application_id == members.c.application_id)
        # A member's attempts are all of its own interview's stages, in scope: no stage
        # filter, so each member's attempts are one index range.
        .where(members.c.grp.is_not(None), StageAttempt.finished_at.is_not(None))
        .group_by(members.c.grp, StageAttempt.stage_id)
    ).all()
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for group, stage_id, candidates, selected in result:
        group = " ".join(str(group).split())
        label = scope.stages.of.get(stage_id)
        if group.lower() in NOT_A_GROUP or label is None:
            continue
        cell = cells[(label, group)]
        cell[0] += candidates
        cell[1] += selected or 0
    return cells


def _impact_rows(
    cells: dict[tuple[str, str], list[int]], labels: Sequence[str], question: str
) -> tuple[list[ImpactRow], int]:
    """Rows of the shown groups at each stage, and how many cells were hidden."""
    rows, hidden = [], 0
    for label in labels:
        groups = sorted(
            (group, counts) for (stage, group), counts in cells.items() if stage == label
        )
        shown = [(g, c, s) for g, (c, s) in groups if c >= MIN_GROUP]
        hidden += len(groups) - len(shown)
        best = max((s / c for _, c, s in shown), default=0.0)
        for group, candidates, selected in shown:
            rate = selected / candidates
            ratio = rate / best if best else 1.0
            rows.append(
                ImpactRow(
                    stage_label=label,
                    group=group,
                    candidates=candidates,
                    selected=selected,
                    rate=round(rate, 3),
                    impact_ratio=round(ratio, 3),
                    flagged=ratio < FOUR_FIFTHS,
                    question=question,
                )
            )
    return rows, hidden
