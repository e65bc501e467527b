"""Work authorization of a resume stage: explicit statements, for or against.

Only what the resume states counts: "US citizen", "green card", "permanent resident",
"authorized to work in ...", and "require sponsorship" against (a negated statement or a
pending application is no authorization). A resume that says nothing either way leaves the
requirement unknown.
"""

from __future__ import annotations

import re

from heymilo_app.services.scoring import resume_checks, resume_places, resume_reader

_NEGATION = re.compile(r"\b(?:not|no|never|without|nor)\b|n['’]t\b", re.IGNORECASE)

# Patterns of this section never cross a line break: "[ \t]" rather than "\s".
_PLACE = r"(?:the[ \t]+)?([A-Za-z][A-Za-z.]*(?:[ \t]+[A-Za-z][a-z]+){0,2})"
_AUTHORIZED = re.compile(
    r"\b(?:(?:legally[ \t]+)?(?:authori[sz]ed|eligible|entitled|permitted|cleared)|"
    r"(?:full[ \t]+)?(?:right|authori[sz]ation|permission|eligibility))[ \t]+to[ \t]+work"
    rf"(?:[ \t]+in[ \t]+{_PLACE})?",
    re.IGNORECASE,
)
# "US citizen", "Canadian national"; "Citizenship: United States", "citizen of Canada".
_CITIZEN_BEFORE = re.compile(
    r"\b([A-Za-z][A-Za-z.]*(?:[ \t]+[A-Za-z][a-z]+)?)[ \t]+(?:citizen|national)(?:ship)?\b",
    re.IGNORECASE,
)
_CITIZEN_AFTER = re.compile(rf"\bcitizen(?:ship)?[ \t]*(?:of|:|-|–)[ \t]*{_PLACE}", re.IGNORECASE)
_GREEN_CARD = re.compile(r"\bgreen[\s-]card\b", re.IGNORECASE)
_RESIDENT = re.compile(
    rf"\b(?:([A-Za-z][A-Za-z.]*)[ \t]+)?permanent[ \t]+resident(?:[ \t]+of[ \t]+{_PLACE})?",
    re.IGNORECASE,
)
_PENDING = re.compile(r"\b(?:appl\w*|pending|awaiting|waiting|process)\b", re.IGNORECASE)
_SPONSORSHIP = re.compile(
    r"\b(?:(?:visa|h-?1b|work[ \t]+permit)[ \t]+)?sponsorship\b", re.IGNORECASE
)
_NEEDS = re.compile(r"\b(?:requir\w*|need\w*|seek\w*)\b", re.IGNORECASE)
_NEEDED_AFTER = re.compile(r"\s*[:\-–]?\s*(?:is\s+|will\s+be\s+)?(?:required|needed)", re.I)
_NOT_NEEDED_AFTER = re.compile(r"\s*[:\-–]?\s*(?:is\s+)?(?:not\b|n/a\b|none\b)", re.IGNORECASE)


def authorization_check(
    resume: resume_reader.Resume, requirement: str
) -> resume_checks.RequirementCheck:
    """Whether the resume states the work authorization a stage requires.

    Args:
        resume: The resume as read.
        requirement: The requirement as the recruiter wrote it.

    Returns:
        The check, with the quote it rests on.
    """
    target = resume_places.country_in(requirement)
    text = resume.text
    yes: list[tuple[int, int]] = []
    no: list[tuple[int, int]] = []

    def applies(place: str | None) -> bool:
        """A statement with no place ("authorized to work") is taken to mean the job's country."""
        if not place or target is None:
            return True
        country = resume_places.country_within(place)
        return country == target if country else place[0].islower()

    def negated(start: int) -> bool:
        line_start, _ = resume.line_bounds(start)
        before = re.split(r"[.;,:]\s", text[max(line_start, start - 30) : start])[-1]
        return bool(_NEGATION.search(before))

    for match in resume.near(_AUTHORIZED, ("to work",)):
        if applies(match.group(1)):
            (no if negated(match.start()) else yes).append(match.span())
    for pattern in (_CITIZEN_BEFORE, _CITIZEN_AFTER):
        for match in resume.near(pattern, ("citizen", "national")):
            place = match.group(1)
            if resume_places.country_within(place) and applies(place):
                (no if negated(match.start()) else yes).append(match.span())
    for match in resume.near(_GREEN_CARD, ("green",)):
        line_start, _ = resume.line_bounds(match.start())
        pending = _PENDING.search(text, max(line_start, match.start() - 30), match.start())
        if target in (None, "US") and not negated(match.start()) and not pending:
            yes.append(match.span())
    for match in resume.near(_RESIDENT, ("resident",)):
        place = match.group(2) or (
            match.group(1) if resume_places.country_of(match.group(1) or "") else None
        )
        if applies(place) and not negated(match.start()):
            yes.append(match.span())
    for match in resume.near(_SPONSORSHIP, ("sponsorship",)):
        line_start, line_end = resume.line_bounds(match.start())
        before = re.split(r"[.;]\s", text[max(line_start, match.start() - 40) : match.start()])[-1]
        after = text[match.end() : min(line_end, match.end() + 30)]
        if _NEGATION.search(before) or _NOT_NEEDED_AFTER.match(after):
            yes.append(match.span())  # "no sponsorship needed", "do not require sponsorship"
        elif _NEEDS.search(before) or _NEEDED_AFTER.match(after):
            no.append(match.span())
    yes.sort()
    no.sort()
    if no and not yes:
        return resume_checks.RequirementCheck(
            "work_authorization", requirement, False, resume.quote(*no[0])
        )
    if yes and not no:
        return resume_checks.RequirementCheck(
            "work_authorization", requirement, True, resume.quote(*yes[0])
        )
    if yes and no:  # the resume contradicts itself: left to the recruiter
        return resume_checks.RequirementCheck(
            "work_authorization", requirement, None, resume.quote(*no[0])
        )
    return resume_checks.RequirementCheck("work_authorization", requirement, None, "")
