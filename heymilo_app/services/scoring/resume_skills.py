"""Skills of a resume stage: must-haves and nice-to-haves found in the resume, or not.

A skill is met when the resume names it: case-insensitive, on word boundaries, with simple
variants (``customer support`` = ``customer-support``, a plural ``s``); a longer phrase is also
met by one resume line holding all its content words. A skill the resume does not name is not
met (never unknown): the resume is where a candidate lists what they can do.
"""

from __future__ import annotations

import re

from heymilo_app.services.scoring import resume_checks, resume_reader

_FILLER = frozenset(
    re.findall(
        r"\S+",
        "a an and or the of in on at for to with using use via as by from any some "
        "experience experienced knowledge skills skill skilled proficiency proficient "
        "familiarity familiar strong excellent good solid great working ability able "
        "demonstrated proven hands-on hands",
    )
)


def find_skill(resume: resume_reader.Resume, phrase: str) -> tuple[int, int] | None:
    """Where the phrase (or, failing that, all its content words on one line) appears.

    Args:
        resume: The resume as read.
        phrase: The skill as the recruiter wrote it.

    Returns:
        (start, end) of the first match, or None.
    """
    if match := next(resume.phrase_matches(phrase), None):
        return match.span()
    words = [
        word
        for word in re.split(rf"{resume_reader.SEPARATORS}+|[,;:()]", phrase)
        if word and word.lower() not in _FILLER
    ]
    if (
        not words
        or len(words) == len(re.split(rf"{resume_reader.SEPARATORS}+", phrase.strip())) == 1
    ):
        return None
    lines: set[int] | None = None
    first_hit: dict[int, int] = {}
    for word in words:
        found: set[int] = set()
        for match in resume.phrase_matches(word):
            index = resume.line_index(match.start())
            found.add(index)
            first_hit.setdefault(index, match.start())
        lines = found if lines is None else lines & found
        if not lines:
            return None
    index = min(lines or ())
    start = first_hit[index]
    return start, start + 1


def skill_check(
    resume: resume_reader.Resume, kind: str, skill: str
) -> resume_checks.RequirementCheck:
    """Whether the resume names a skill.

    Args:
        resume: The resume as read.
        kind: "must_have" or "nice_to_have".
        skill: The skill as the recruiter wrote it.

    Returns:
        The check, with the quote it rests on.
    """
    found = find_skill(resume, skill)
    if found is None:
        return resume_checks.RequirementCheck(kind, skill, False, "")
    return resume_checks.RequirementCheck(kind, skill, True, resume.quote(*found))
