"""The rubrics a new stage starts with, one per kind of stage.

Each criterion is scored 1 to 5 between its ``low`` and ``high`` anchors and weighted into
the stage's score out of 100. The registry of kinds (``kinds.py``) gives each kind its
rubric; a recruiter rewrites it in the builder.
"""

from __future__ import annotations

from typing import Any

Criterion = dict[str, Any]


def criterion(name: str, low: str, high: str, weight: float = 1.0) -> Criterion:
    """One rubric criterion.

    Args:
        name: What is scored.
        low: What a 1 looks like.
        high: What a 5 looks like.
        weight: Its weight in the stage's score.

    Returns:
        The criterion as stored on ``Stage.rubric``.
    """
    return {"name": name, "weight": weight, "low": low, "high": high}


RESUME: tuple[Criterion, ...] = (
    criterion(
        "Relevant experience",
        "No related experience.",
        "Several years doing closely related work.",
    ),
    criterion(
        "Skills match",
        "Few of the required skills.",
        "Every must-have skill and most nice-to-haves.",
    ),
)
FORM: tuple[Criterion, ...] = (
    criterion(
        "Fit with the role's basics",
        "Availability or logistics do not fit.",
        "Availability and logistics fit the role well.",
    ),
)
SMS: tuple[Criterion, ...] = (
    criterion("Clarity", "Hard to follow.", "Clear, concise and specific."),
    criterion(
        "Relevance",
        "Does not answer the question.",
        "Answers directly with a concrete example.",
    ),
)
VOICE: tuple[Criterion, ...] = (
    criterion(
        "Problem solving",
        "No structured approach.",
        "Breaks the problem down and explains trade-offs.",
    ),
    criterion("Communication", "Hard to follow.", "Clear, structured and specific."),
    criterion(
        "Role knowledge",
        "Little knowledge of the work.",
        "Deep, practical knowledge of the work.",
    ),
)
ASSESSMENT: tuple[Criterion, ...] = (
    criterion(
        "Prompt clarity",
        "Vague requests the AI cannot act on.",
        "Precise instructions with context and constraints.",
    ),
    criterion(
        "Guiding the AI",
        "Accepts whatever the AI returns.",
        "Checks, corrects and steers the AI toward the goal.",
    ),
    criterion(
        "Quality of the deliverable",
        "Incomplete or wrong.",
        "Complete, correct and ready to use.",
    ),
)
