"""What checking one requirement of a resume stage answers: met, not met or unknown.

Every kind of requirement (skills, years, education, locations, work authorization) answers
with a ``RequirementCheck``: the requirement as the recruiter wrote it, ``met`` True, False or
None when the resume says nothing either way, and the quote copied verbatim from the resume
that the answer rests on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RequirementCheck:
    """One requirement of the stage, checked against the resume.

    Attributes:
        kind: "must_have", "nice_to_have", "min_years", "education", "locations" or
            "work_authorization".
        requirement: The requirement as the recruiter wrote it ("Zendesk", "3+ years").
        met: True met, False clearly not met, None unknown (the resume says nothing either way).
        evidence: A quote copied verbatim from the resume (one line or sentence, at most 240
            characters) the decision rests on; "" when there is none.
    """

    kind: str
    requirement: str
    met: bool | None
    evidence: str
