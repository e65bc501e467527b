"""Instant, deterministic screening of a resume against a resume stage's requirements.

``screen`` reads the resume text the way a careful recruiter skims it and answers, for every
requirement the stage configures (``ResumeConfig``), met / not met / unknown, with a quote copied
verbatim from the resume as evidence:

- must-have and nice-to-have skills: case-insensitive, on word boundaries, with simple variants
  (``customer support`` = ``customer-support``, a plural ``s``); a longer phrase is also met by
  one resume line holding all its words. A skill the resume does not name is not met.
- years of experience: an explicit statement ("6+ years of experience") wins; otherwise the
  work date ranges are added up, overlapping jobs merged so they count once, education ranges
  left out. It is total work experience: the text cannot tell which jobs are relevant.
- education: degree levels (high school < associate < bachelor < master < doctorate); a
  degree still in progress does not count as held.
- locations: any listed place (or "remote") named in the resume.
- work authorization: explicit statements ("US citizen", "green card", "authorized to work
  in ...", "require sponsorship").

An unknown is not a failure. When the resume says nothing either way (no dates, no education,
no place, no authorization statement, or no resume text at all) the check is ``met=None``, and
``Screening.failed`` lists only ``met is False``, so a dealbreaker never disqualifies a candidate
for information the resume simply does not give; the recruiter (or a later stage) asks.

The resume is data: it is only searched with fixed, linear-time patterns, never interpreted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from heymilo_app.services.scoring import (
    resume_authorization,
    resume_checks,
    resume_education,
    resume_experience,
    resume_places,
    resume_reader,
    resume_skills,
)


@dataclass(frozen=True)
class Screening:
    """Every configured requirement checked, and the experience the resume shows.

    Attributes:
        checks: One check per must-have and nice-to-have skill, then one each for minimum
            years, education, locations and work authorization when the stage sets them.
        years: Years of work experience estimated from the resume; None when it shows none.
        years_evidence: The quote(s) the estimate rests on, one per line; "" when none.
    """

    checks: list[resume_checks.RequirementCheck]
    years: float | None
    years_evidence: str

    def failed(self, kind: str) -> list[resume_checks.RequirementCheck]:
        """The checks of a kind that are clearly not met (unknowns are not failures).

        Args:
            kind: A requirement kind, e.g. "must_have".

        Returns:
            The checks of that kind with ``met is False``.
        """
        return [check for check in self.checks if check.kind == kind and check.met is False]


def screen(resume_text: str, config: dict[str, Any], *, now: date | None = None) -> Screening:
    """Screen a resume against a resume stage's requirements.

    Args:
        resume_text: The resume's text (as ``resumes.extract_text`` returns or as pasted).
        config: The resume stage's config (``ResumeConfig`` fields; others are ignored).
        now: Today, for "present" in date ranges; defaults to ``date.today()``.

    Returns:
        The checks, in config order, and the estimated years of experience.
    """
    now = now or date.today()
    wanted = _Requirements.read(config or {})
    resume = resume_reader.Resume(resume_text or "")
    years, years_quotes, years_best = (
        resume_experience.experience(resume, now) if resume.has_text else (None, [], "")
    )
    checks: list[resume_checks.RequirementCheck] = []
    for kind, skills in (("must_have", wanted.must_have), ("nice_to_have", wanted.nice_to_have)):
        for skill in skills:
            checks.append(resume_skills.skill_check(resume, kind, skill))
    if wanted.min_years:
        requirement = f"{wanted.min_years}+ years"
        met = None if years is None else years >= wanted.min_years
        checks.append(resume_checks.RequirementCheck("min_years", requirement, met, years_best))
    if wanted.education:
        checks.append(resume_education.education_check(resume, wanted.education))
    if wanted.locations:
        checks.append(resume_places.location_check(resume, wanted.locations))
    if wanted.work_authorization:
        checks.append(resume_authorization.authorization_check(resume, wanted.work_authorization))
    if not resume.has_text:  # nothing to read: every answer is unknown
        checks = [resume_checks.RequirementCheck(c.kind, c.requirement, None, "") for c in checks]
    return Screening(checks, years, "\n".join(years_quotes))


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class _Requirements:
    must_have: list[str]
    nice_to_have: list[str]
    min_years: int | None
    education: str
    locations: list[str]
    work_authorization: str

    @classmethod
    def read(cls, config: dict[str, Any]) -> _Requirements:
        """The config's requirements, tolerant of a stored config of an older shape."""

        def strings(key: str) -> list[str]:
            values = config.get(key) or []
            if isinstance(values, str):
                values = [values]
            out: list[str] = []
            for value in values:
                text = str(value).strip()[:120]
                if text and text.lower() not in (item.lower() for item in out):
                    out.append(text)
            return out

        try:
            min_years = int(config.get("min_years")) if config.get("min_years") else None
        except (TypeError, ValueError):
            min_years = None
        return cls(
            strings("must_have"),
            strings("nice_to_have"),
            min_years,
            str(config.get("education") or "").strip(),
            strings("locations"),
            str(config.get("work_authorization") or "").strip(),
        )
