"""What rescoring a stage changed: the earlier scores, and each criterion that moved.

A stage's scores are kept when it is scored again (only the newest is current). The report
lists the earlier ones with what the next score changed (``score_history``), and a recruiter
who rescores is told the totals and the criteria that moved (``rescore_message``), each
change in words by ``change_text`` ("Empathy 3 → 4").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from heymilo_app.models import Score
from heymilo_app.services.pipeline.rescoring import Rescored


@dataclass(frozen=True)
class CriterionChange:
    """How one criterion's score changed when a stage was rescored (None: not scored then)."""

    name: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class EarlierScore:
    """A score a stage had before it was rescored, and what the next score changed."""

    total: float
    scorer: str
    rubric_version: str
    scored_at: datetime
    # The total of the score that replaced it.
    next_total: float
    changes: list[CriterionChange]


def criterion_changes(before: Score, after: Score) -> list[CriterionChange]:
    """The criteria whose 1-5 score differs between two scores of a stage.

    Args:
        before: The older score.
        after: The newer one.

    Returns:
        The changed criteria (a criterion only one of them has counts as changed), in the
        newer score's order.
    """
    old = {str(c.get("name", "")): int(c.get("score", 1)) for c in before.criteria or []}
    new = {str(c.get("name", "")): int(c.get("score", 1)) for c in after.criteria or []}
    names = list(new) + [name for name in old if name not in new]
    return [
        CriterionChange(name, old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    ]


def change_text(change: CriterionChange) -> str:
    """One criterion's change in words, e.g. "Empathy 3 → 4".

    Args:
        change: The change.

    Returns:
        The text.
    """
    if change.before is None:
        return f"{change.name}: new, {change.after}"
    if change.after is None:
        return f"{change.name}: no longer scored (was {change.before})"
    return f"{change.name} {change.before} → {change.after}"


def rescore_message(title: str, rescored: Rescored) -> str:
    """What a recruiter is told after rescoring a stage: the totals and the criteria changed.

    Args:
        title: The stage's title.
        rescored: The previous and the new score.

    Returns:
        For example "Text screen rescored: 64 → 72 (Empathy 3 → 4)."
    """
    current, previous = rescored.current, rescored.previous
    if previous is None:
        return f"{title} scored: {current.total:g}/100 by {current.scorer}."
    changes = criterion_changes(previous, current)
    text = f"{title} rescored: {previous.total:g} → {current.total:g}"
    if changes:
        return text + " (" + ", ".join(change_text(c) for c in changes) + ")."
    if previous.total == current.total:
        return f"{title} rescored: still {current.total:g}, no criterion changed."
    return text + "."


def score_history(rows: list[Score]) -> list[EarlierScore]:
    """The scores a stage had before its current one, newest first.

    Args:
        rows: Every score of the stage, oldest first (the current one last).

    Returns:
        The earlier scores, each with what the score after it changed.
    """
    earlier = []
    for older, newer in pairwise(rows):
        if older.is_current:
            continue
        earlier.append(
            EarlierScore(
                total=older.total,
                scorer=older.scorer,
                rubric_version=older.rubric_version,
                scored_at=older.created_at,
                next_total=newer.total,
                changes=criterion_changes(older, newer),
            )
        )
    return earlier[::-1]
