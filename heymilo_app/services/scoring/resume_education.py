"""Education of a resume stage: the degree levels a resume holds against the one required.

Levels go high school < associate < bachelor < master < doctorate, named in full or as bare
abbreviations (BA, MS, ...); a degree still in progress ("expected 2026") does not count as
held. A resume naming no degree at all leaves the requirement unknown.
"""

from __future__ import annotations

import re
from itertools import islice

from heymilo_app.services.scoring import resume_checks, resume_reader, resume_skills

# (level, pattern); "bare" two-letter abbreviations (BA, MS...) count only before "in <Field>",
# "of <Field>", "degree" or "(Hons)", because "MS Office", "Boston, MA" and "Senior BA" are not
# degrees.
_LEVEL_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (
        5,
        re.compile(
            r"\b(?:ph\.?\s?d|d\.?\s?phil|doctorate|doctoral degree|doctor of \w+|juris doctor|"
            r"ed\.d|psy\.?d)(?!\w)",
            re.IGNORECASE,
        ),
    ),
    (
        4,
        re.compile(
            r"\b(?:master['’]?s|master of|master degree|m\.?b\.?a|m\.sc|msc|m\.eng|meng|"
            r"m\.p\.h|mph|m\.a|m\.s|m\.ed|ll\.m)(?!\w)",
            re.IGNORECASE,
        ),
    ),
    (
        3,
        re.compile(
            r"\b(?:bachelor['’]?s?|baccalaureate|undergraduate degree|b\.?sc|b\.eng|beng|"
            r"b\.?b\.?a|bfa|b\.f\.a|b\.?com|bsn|b\.s\.n|llb|ll\.b|b\.a|b\.s|b\.ed)(?!\w)",
            re.IGNORECASE,
        ),
    ),
    (
        2,
        re.compile(
            r"\b(?:associate['’]?s? (?:degree|of (?:arts|science|applied science))|"
            r"a\.a\.s|a\.a|a\.s)(?!\w)",
            re.IGNORECASE,
        ),
    ),
    (
        1,
        re.compile(
            r"\b(?:high school diploma|high school graduate|graduated (?:from )?high school|"
            r"secondary school (?:diploma|certificate)|ged|(?-i:A)[- ]levels?)\b",
            re.IGNORECASE,
        ),
    ),
)
_BARE_LEVELS = {"BA": 3, "BS": 3, "BEd": 3, "MA": 4, "MS": 4, "MEd": 4, "AA": 2, "AS": 2, "AAS": 2}
_BARE_DEGREE = re.compile(
    r"\b(BA|BS|BEd|MA|MS|MEd|AAS|AA|AS)(?=\s+(?:in|of)\s+[A-Z]|\s+degree\b|\s*\((?i:hons))"
)
# In a requirement a bare abbreviation means the degree ("BA or BS").
_BARE_REQUIREMENT = re.compile(r"\b(BA|BS|BEd|MA|MS|MEd|AAS|AA|AS)\b")
_HIGH_SCHOOL = re.compile(r"\b(?:high school|secondary school)\b", re.IGNORECASE)
_IN_PROGRESS = re.compile(
    r"\b(?:expected|in progress|pursuing|candidate|ongoing|anticipated|enrolled|present)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"(?<![A-Z])[.;!?](?:\s|$)|\s(?:and|but)\s")


# All levels in one pattern, so a long resume is scanned once: group "l<level>" names the level.
_DEGREE = re.compile(
    "|".join(f"(?P<l{level}>{pattern.pattern})" for level, pattern in _LEVEL_PATTERNS),
    re.IGNORECASE,
)


def degree_levels(
    text: str, *, bare: bool = True, start: int = 0, end: int | None = None
) -> list[tuple[int, int, int]]:
    """(level, start, end) of each degree named in text[start:end], in order.

    Args:
        text: The text to look in.
        bare: Also count bare abbreviations ("BA", "MS").
        start: Where to start looking.
        end: Where to stop (default: the end).

    Returns:
        The degrees found, by position.
    """
    end = len(text) if end is None else end
    found = [
        (int(match.lastgroup[1:]), match.start(), match.end())
        for match in islice(_DEGREE.finditer(text, start, end), resume_reader.MAX_MATCHES)
        if match.lastgroup
    ]
    if bare:
        found.extend(
            (_BARE_LEVELS[match.group(1)], match.start(), match.end())
            for match in islice(_BARE_DEGREE.finditer(text, start, end), resume_reader.MAX_MATCHES)
        )
    return sorted(found, key=lambda item: item[1])


def _required_level(requirement: str) -> int | None:
    levels = [level for level, _, _ in degree_levels(requirement)]
    levels += [_BARE_LEVELS[bare] for bare in _BARE_REQUIREMENT.findall(requirement)]
    if not levels and _HIGH_SCHOOL.search(requirement):
        levels = [1]
    if not levels and re.search(r"\bassociate\b", requirement, re.IGNORECASE):
        levels = [2]
    if not levels and re.search(r"\b(?:degree|graduate)\b", requirement, re.IGNORECASE):
        levels = [3]  # "a degree", "university degree", "college graduate"
    return min(levels) if levels else None


def _still_studying(resume: resume_reader.Resume, start: int, end: int) -> bool:
    """Whether the clause naming a degree says it is not finished ("expected 2026")."""
    line_start, line_end = resume.line_bounds(start)
    before = _CLAUSE_END.split(resume.text[max(line_start, start - 40) : start])[-1]
    after = _CLAUSE_END.split(resume.text[end : min(line_end, end + 80)])[0]
    return bool(_IN_PROGRESS.search(f"{before} {after}"))


def education_check(
    resume: resume_reader.Resume, requirement: str
) -> resume_checks.RequirementCheck:
    """Whether the resume holds a degree of at least the level a stage requires.

    Args:
        resume: The resume as read.
        requirement: The requirement as the recruiter wrote it.

    Returns:
        The check, with the quote it rests on.
    """
    held: list[tuple[int, int, int]] = []  # (level, start, end)
    studying: list[tuple[int, int, int]] = []
    for level, start, end in degree_levels(resume.text):
        (studying if _still_studying(resume, start, end) else held).append((level, start, end))
    # "Lincoln High School" counts when it sits under an education heading.
    for match in resume.near(_HIGH_SCHOOL, ("school",)):
        if resume.section(match.start()) == "education":
            held.append((1, match.start(), match.end()))
    held.sort(key=lambda item: item[1])
    studying.sort(key=lambda item: item[1])
    required = _required_level(requirement)
    if required is None:  # a credential, not a level ("RN license"): look for its words
        found = resume_skills.find_skill(resume, requirement)
        if found:
            return resume_checks.RequirementCheck(
                "education", requirement, True, resume.quote(*found)
            )
        return resume_checks.RequirementCheck("education", requirement, None, "")
    meeting = [item for item in held if item[0] >= required]
    if meeting:
        return resume_checks.RequirementCheck(
            "education", requirement, True, resume.quote(*meeting[0][1:])
        )
    in_progress = [item for item in studying if item[0] >= required]
    if in_progress:  # not held yet: left to the recruiter, not a failure
        return resume_checks.RequirementCheck(
            "education", requirement, None, resume.quote(*in_progress[0][1:])
        )
    if held:
        best = max(held, key=lambda item: item[0])
        return resume_checks.RequirementCheck(
            "education", requirement, False, resume.quote(*best[1:])
        )
    return resume_checks.RequirementCheck("education", requirement, None, "")
