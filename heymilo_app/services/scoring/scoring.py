"""Scoring one stage of one application against its rubric.

One interface, two engines: ``offline_scorer.OfflineScorer`` (the default, no keys, no
network) and ``llm_scorer.LLMScorer`` (the configured OpenAI-compatible model); ``get_scorer``
picks the configured one and ``score_with_retries`` asks it. Here are what they take
(``Material``) and give (``ScoreResult``), and the rules they share: a rubric's criteria
normalized, its version, and the total, always computed here from the criterion scores, never
by a model.

A stage with an empty rubric scores 0 with no criteria: the pipeline decides such stages on their
dealbreakers only. A criterion with weight 0 is scored and shown but does not count in the total.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from dataclasses import dataclass, field
from typing import Any, Protocol

from heymilo_app.providers.llm import get_llm
from heymilo_app.services.scoring import llm_scorer, offline_scorer

logger = logging.getLogger(__name__)

MAX_EVIDENCE = 300


@dataclass(frozen=True)
class Material:
    """What a candidate gave in one stage, as data."""

    # "resume" | "form" | "sms" | "voice" | "assessment"
    stage_type: str
    job_title: str
    # The job's requirements text.
    job_requirements: str
    # (question prompt, the candidate's answer as text), in order.
    answers: list[tuple[str, str]]
    resume_text: str = ""
    # Screening facts already established, e.g. "Estimated 4.5 years of experience".
    facts: list[str] = field(default_factory=list)

    def candidate_texts(self) -> list[str]:
        """Everything the candidate wrote or said: each answer, then the resume.

        Returns:
            The texts, unchanged (empty ones included).
        """
        return [answer for _, answer in self.answers] + (
            [self.resume_text] if self.resume_text else []
        )


@dataclass(frozen=True)
class CriterionScore:
    """The score of one rubric criterion."""

    name: str
    weight: float
    # 1..5
    score: int
    # Quoted verbatim from the candidate's material, or "" when nothing supports it.
    evidence: str


@dataclass(frozen=True)
class ScoreResult:
    """A stage's score."""

    # Weighted, out of 100 (see ``weighted_total``).
    total: float
    criteria: list[CriterionScore]
    # One paragraph.
    summary: str
    # "offline-lexical-v1" or the model name.
    scorer: str
    # See ``rubric_version``.
    rubric_version: str


class ScoringFailed(Exception):
    """A scorer could not produce a usable score (the reason is the message)."""


class Scorer(Protocol):
    """What the pipeline needs from a scorer."""

    name: str

    def score(self, *, rubric: list[dict], material: Material) -> ScoreResult:
        """Score a stage's material against its rubric.

        Args:
            rubric: ``[{"name", "weight", "low", "high"}]``.
            material: What the candidate gave.

        Returns:
            The score.

        Raises:
            ScoringFailed: When no usable score could be made.
        """
        ...


# ---------------------------------------------------------------- shared helpers


def _weight(criterion: dict[str, Any]) -> float:
    try:
        value = float(criterion.get("weight", 1.0))
    except (TypeError, ValueError):
        return 0.0
    return value if math.isfinite(value) and value > 0 else 0.0


def criteria_of(rubric: list[dict]) -> list[dict[str, Any]]:
    """The rubric's criteria with a name, normalized (weight >= 0, text fields as strings).

    Args:
        rubric: ``[{"name", "weight", "low", "high"}]``.

    Returns:
        ``{"name", "weight", "low", "high"}`` for each criterion that has a name, in order.
    """
    cleaned = []
    for criterion in rubric or []:
        if not isinstance(criterion, dict):
            continue
        name = " ".join(str(criterion.get("name", "")).split())
        if name:
            cleaned.append(
                {
                    "name": name,
                    "weight": _weight(criterion),
                    "low": str(criterion.get("low", "") or "").strip(),
                    "high": str(criterion.get("high", "") or "").strip(),
                }
            )
    return cleaned


def rubric_version(rubric: list[dict]) -> str:
    """A short stable hash of what a rubric scores against.

    Key order, extra keys and ``1`` versus ``1.0`` do not change it; names, weights and the
    descriptions of a 1 and a 5 do.

    Args:
        rubric: ``[{"name", "weight", "low", "high"}]``.

    Returns:
        The first 12 hex digits of the SHA-256 of the rubric's canonical JSON.
    """
    canonical = json.dumps(
        criteria_of(rubric), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def weighted_total(criteria: list[CriterionScore]) -> float:
    """The total out of 100: ``sum(w * (score - 1) / 4) / sum(w) * 100``, one decimal.

    Args:
        criteria: Scored criteria (weight 0 ones do not count).

    Returns:
        The total; 0 when no criterion has a weight.
    """
    weights = sum(c.weight for c in criteria if c.weight > 0)
    if weights <= 0:
        return 0.0
    points = sum(c.weight * (c.score - 1) / 4 for c in criteria if c.weight > 0)
    return round(points / weights * 100, 1)


def summary_from_scores(criteria: list[CriterionScore]) -> str:
    """One factual sentence about the scores, claiming nothing else.

    Args:
        criteria: Scored criteria.

    Returns:
        The sentence ("" for no criteria).
    """
    counted = [c for c in criteria if c.weight > 0] or criteria
    if not counted:
        return ""
    if len(counted) == 1:
        return f"{counted[0].name}: {counted[0].score}/5."
    if len({c.score for c in counted}) == 1:
        return f"Every criterion scored {counted[0].score}/5."
    strongest = max(counted, key=lambda c: c.score)  # the first of the highest
    weakest = min(counted, key=lambda c: c.score)  # the first of the lowest
    return (
        f"Strongest on {strongest.name} ({strongest.score}/5); "
        f"weakest on {weakest.name} ({weakest.score}/5)."
    )


NO_RUBRIC_SUMMARY = "This stage has no rubric: it is decided by its dealbreakers only."


def empty_rubric_result(scorer: str, rubric: list[dict]) -> ScoreResult:
    """The score of a stage whose rubric has no criteria: 0, decided by dealbreakers only.

    Args:
        scorer: The scorer's name.
        rubric: The (empty) rubric.

    Returns:
        The score.
    """
    return ScoreResult(0.0, [], NO_RUBRIC_SUMMARY, scorer, rubric_version(rubric))


def clip_evidence(sentence: str) -> str:
    """A long quote cut at a word boundary (still a verbatim prefix).

    Args:
        sentence: The quote.

    Returns:
        It, or its first words within ``MAX_EVIDENCE`` characters.
    """
    if len(sentence) <= MAX_EVIDENCE:
        return sentence
    cut = sentence[:MAX_EVIDENCE]
    return cut[: cut.rfind(" ")] if " " in cut else cut


# ---------------------------------------------------------------- choosing and retrying


def get_scorer() -> Scorer:
    """The model's scorer when a key is configured, else the offline engine.

    Returns:
        The scorer.
    """
    llm = get_llm()
    return offline_scorer.OfflineScorer() if llm is None else llm_scorer.LLMScorer(llm)


def score_with_retries(
    scorer: Scorer, *, rubric: list[dict], material: Material, attempts: int = 2
) -> ScoreResult | None:
    """Score, trying again when the scorer fails.

    Args:
        scorer: The scorer.
        rubric: ``[{"name", "weight", "low", "high"}]``.
        material: What the candidate gave.
        attempts: How many tries in all (at least one).

    Returns:
        The score, or None when every attempt failed ("score pending"); each failure is logged.
    """
    attempts = max(1, attempts)
    for attempt in range(1, attempts + 1):
        try:
            return scorer.score(rubric=rubric, material=material)
        except ScoringFailed as error:
            logger.warning("scoring attempt %d of %d failed: %s", attempt, attempts, error)
    logger.error("scoring by %s failed %d times: the score stays pending", scorer.name, attempts)
    return None
