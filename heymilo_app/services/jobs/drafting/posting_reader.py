"""Reading a job description: the requirements a posting states, found without a model.

The offline drafter's eyes. From the text it picks the closest built-in role template by its
keywords and finds the skills asked for (must-have, or nice-to-have when under such a heading),
the main requirement's years and what they are of, education, locations, work authorization,
the hard requirements that imply yes/no knockout questions (no sponsorship, on site, a licence,
shifts, lifting) and the duties listed under the responsibilities heading. What the text does
not say, the template fills.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from heymilo_app.services.jobs.drafting.role_templates import (
    GENERAL,
    SKILL_VOCABULARY,
    TEMPLATES,
    RoleTemplate,
)
from heymilo_app.services.jobs.drafting.spec import FormQuestionSpec

AUTHORIZATION = re.compile(
    r"(?:authori[sz]ed|eligible|right)\s+to\s+work\s+in\s+(?:the\s+)?"
    r"(US|U\.S\.|USA|United States|UK|United Kingdom|Canada|EU|European Union|Germany|"
    r"France|Spain|Portugal|Brazil|Mexico|Australia|[A-Z][a-z]+)",
    re.IGNORECASE,
)
EDUCATION = (
    (re.compile(r"\b(master'?s|msc|mba)\b", re.I), "Master's degree"),
    (
        re.compile(r"\b(bachelor'?s|b\.?s\.?c?|b\.?a\.|degree in|university degree)\b", re.I),
        "Bachelor's degree",
    ),
    (
        re.compile(r"\b(associate'?s degree|adn|bsn|nursing degree)\b", re.I),
        "Nursing or associate degree",
    ),
    (re.compile(r"\b(high school|ged)\b", re.I), "High school diploma or equivalent"),
)
LOCATION = re.compile(r"^\s*(?:location|based in|office)\s*[:\-]\s*(.+)$", re.IGNORECASE | re.M)
NICE_HEADING = re.compile(r"(nice to have|preferred|bonus|a plus|pluses|desirable)", re.I)
COUNTRY_NAMES = {
    "us": "the United States",
    "u.s.": "the United States",
    "usa": "the United States",
    "united states": "the United States",
    "uk": "the United Kingdom",
    "united kingdom": "the United Kingdom",
    "eu": "the European Union",
    "european union": "the European Union",
}


# What a posting says of its years: "5+ years of Python", "3 years' experience with SQL".
YEARS_OF = re.compile(
    r"(\d{1,2})\s*(?:\+|plus)?\s*(?:-\s*\d{1,2}\s*)?(?:years?|yrs?)(?:'|’)?\s*"
    r"(?:of\s+)?(?:(?:hands-on|professional|relevant|proven)\s+)?(?:experience\s+)?"
    r"(?:(?:in|with|as|of|using|doing)\s+)?(?:an?\s+|the\s+)?"
    r"(?P<subject>[A-Za-z][\w+#./ -]{1,40}?)?\s*(?:experience\b|[,.;:()]|\band\b|\bor\b|$)",
    re.IGNORECASE | re.M,
)
# Sentences about the company, not the candidate ("founded 20 years ago").
ABOUT_US = re.compile(r"\b(founded|we have|we've|our (company|team)|in business|ago)\b", re.I)
SPONSORSHIP = re.compile(
    r"\b(unable|not able|cannot|can't|can not|do not|don't|will not|won't)\b[^.\n]{0,40}"
    r"\bsponsor|\bno\s+(?:visa\s+)?sponsorship|\bwithout\s+(?:visa\s+)?sponsorship",
    re.IGNORECASE,
)
ON_SITE = re.compile(
    r"\b(?:on[- ]?site|in[- ]office|in person)\b[^.\n]{0,30}?\bin\s+"
    r"(?P<place>[A-Z][\w .,'-]{1,40}?)"
    r"(?=[.;\n]|\s+\d|\s+(?:days?|times?)\b|$)|\bmust (?:live|be located|reside)\s+"
    r"(?:in|within [^.\n]{0,20}? of)\s+(?P<place2>[A-Z][\w .,'-]{1,40}?)(?=[.;\n]|$)",
    re.M,
)
LICENCE = re.compile(
    r"\b((?:a\s+)?(?:valid|current|active|unrestricted)\s+(?:[\w']+\s+){0,3}?"
    r"(?:licen[cs]e|certification|certificate|CDL)(?:\s+(?:in|for)\s+[A-Z][\w ]{1,30})?)",
    re.IGNORECASE,
)
SHIFTS = re.compile(
    r"\b(?:work|available (?:to work|for)|including|cover)\s+((?:(?:nights?|weekends?|evenings?|"
    r"early|rotating|overnight|holidays?|on-call)\b(?:\s+(?:shifts?|hours|work)\b)?"
    r"(?:,\s*|\s+and\s+|\s+or\s+)?)+)",
    re.IGNORECASE,
)
LIFTING = re.compile(r"\b(lift(?:ing)?\s+(?:up\s+to\s+)?\d{1,3}\s*(?:lbs?|pounds|kg))\b", re.I)
DUTIES_HEADING = re.compile(
    r"^\s*(responsibilities|what you(?:'|’)ll do|what you will do|duties|the role|your role|"
    r"in this role|day to day|you will)\b.*:?\s*$",
    re.IGNORECASE,
)
BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+(.+)$")


@dataclass
class Findings:
    """What the offline reader found in a job description."""

    template: RoleTemplate
    must_have: list[str]
    nice_to_have: list[str]
    min_years: int | None
    education: str
    locations: list[str]
    work_authorization: str
    # What the main years are of ("Python"), "" when the posting does not say.
    years_subject: str = ""
    # Yes/no questions the posting's hard requirements imply (sponsorship, on site, ...).
    knockouts: list[FormQuestionSpec] = dataclasses.field(default_factory=list)
    # The posting's own duties, as written (bullets under "Responsibilities" and the like).
    duties: list[str] = dataclasses.field(default_factory=list)


def _main_years(text: str, nice_text: str) -> tuple[int | None, str]:
    """The main requirement's years: the largest a requirement asks, and what they are of."""
    best: tuple[int, str] | None = None
    for line in text.splitlines():
        if line.strip() and line.strip() in nice_text:
            continue  # a nice-to-have's years are not a minimum
        for sentence in re.split(r"(?<=[.;])\s+", line):
            if ABOUT_US.search(sentence) or NICE_HEADING.search(sentence):
                continue  # the company's years, or a nice-to-have's
            for match in YEARS_OF.finditer(sentence):
                years = int(match.group(1))
                subject = (match.group("subject") or "").strip(" -./")
                if subject.lower() in ("experience", "work", "years"):
                    subject = ""
                if best is None or years > best[0]:
                    best = (years, subject)
    return (best[0], best[1]) if best else (None, "")


def _yes_no(prompt: str, dealbreaker: str) -> FormQuestionSpec:
    """A required yes/no form question with a dealbreaker.

    Args:
        prompt: The question.
        dealbreaker: "must_be_yes" or "must_be_no".

    Returns:
        The question's spec.
    """
    return FormQuestionSpec(
        prompt=prompt,
        kind="yes_no",
        options=[],
        required=True,
        dealbreaker=dealbreaker,
        dealbreaker_number=None,
        dealbreaker_choices=[],
    )


def _knockouts(text: str, authorization: str, locations: list[str]) -> list[FormQuestionSpec]:
    """The yes/no questions a posting's hard requirements imply, in the order people read them."""
    found: list[FormQuestionSpec] = []
    if SPONSORSHIP.search(text):
        country = authorization.removeprefix("Authorized to work in ") or "this country"
        found.append(
            _yes_no(
                f"Will you now or in the future need visa sponsorship to work in {country}?",
                "must_be_no",
            )
        )
    if match := ON_SITE.search(text):
        place = (match.group("place") or match.group("place2") or "").strip(" ,.")
        if place:
            found.append(_yes_no(f"Can you work on site in {place}?", "must_be_yes"))
    elif locations and "Remote" not in locations and re.search(r"\bon[- ]?site\b", text, re.I):
        found.append(_yes_no(f"Can you work on site in {locations[0]}?", "must_be_yes"))
    if match := LICENCE.search(text):
        licence = " ".join(match.group(1).split())
        licence = re.sub(r"^(?:a|an)\s+", "", licence, flags=re.I)
        article = "an" if licence[:1].lower() in "aeiou" else "a"
        found.append(_yes_no(f"Do you hold {article} {licence}?", "must_be_yes"))
    if match := SHIFTS.search(text):
        shifts = " ".join(match.group(1).split()).rstrip(" ,")
        found.append(_yes_no(f"Can you work {shifts}?", "must_be_yes"))
    if match := LIFTING.search(text):
        found.append(_yes_no(f"Can you {match.group(1).lower()}?", "must_be_yes"))
    return found


def _duties(text: str) -> list[str]:
    """The duties a posting lists under its responsibilities heading, as written."""
    duties: list[str] = []
    inside = False
    for line in text.splitlines():
        stripped = line.strip()
        if DUTIES_HEADING.match(stripped) and len(stripped) < 60:
            inside = True
            continue
        if not inside:
            continue
        bullet = BULLET.match(line)
        if bullet:
            duty = bullet.group(1).strip().rstrip(".;")
            if 12 <= len(duty) <= 160:
                duties.append(duty)
        elif stripped.endswith(":") or (not stripped and duties):
            inside = False
    return duties[:6]


def _skills_in(text: str) -> list[str]:
    """The skills of the known vocabulary a text names, as whole words.

    Args:
        text: Any part of a posting.

    Returns:
        The skills, in the vocabulary's order.
    """
    found = []
    for skill in SKILL_VOCABULARY:
        if re.search(rf"(?<![\w+#]){re.escape(skill)}(?![\w+#])", text, re.IGNORECASE):
            found.append(skill)
    return found


def _nice_section(text: str) -> str:
    """What speaks of nice-to-haves: a heading and the list under it, or the sentence itself."""
    picked: list[str] = []
    inside = False
    for line in text.splitlines():
        stripped = line.strip()
        if NICE_HEADING.search(line):
            if stripped.endswith(":") or len(stripped) < 40:
                inside = True  # a heading: the lines under it are the nice-to-haves
            picked.extend(s for s in re.split(r"(?<=[.;])\s+", stripped) if NICE_HEADING.search(s))
        elif inside and (not stripped or stripped.endswith(":")):
            inside = False
        elif inside:
            picked.append(line)
    return "\n".join(picked)


def choose_template(text: str) -> RoleTemplate:
    """The built-in role whose keywords appear most in the text (general when none).

    Args:
        text: Job title, description and requirements.

    Returns:
        The template.
    """
    lowered = text.lower()
    scores = {
        key: sum(len(re.findall(rf"\b{re.escape(word)}\b", lowered)) for word in t.keywords)
        for key, t in TEMPLATES.items()
    }
    best = max(scores, key=lambda key: (scores[key], -list(TEMPLATES).index(key)))
    return TEMPLATES[best] if scores[best] > 0 else GENERAL


def read_job_description(text: str, template_key: str = "") -> Findings:
    """Find the requirements a job description states.

    Args:
        text: The job description (title, description, requirements).
        template_key: A role template to use instead of guessing one.

    Returns:
        What was found; the template fills what the text does not say.
    """
    template = TEMPLATES.get(template_key) or (
        GENERAL if template_key == "general" else choose_template(text)
    )
    nice_text = _nice_section(text)
    nice = _skills_in(nice_text)
    found = [skill for skill in _skills_in(text) if skill not in nice]
    must_have = found or list(template.must_have)
    nice_to_have = nice or [s for s in template.nice_to_have if s not in must_have]
    min_years, years_subject = _main_years(text, nice_text)
    if min_years is None:
        min_years = template.min_years
    education = next(
        (label for pattern, label in EDUCATION if pattern.search(text)), template.education
    )
    locations = []
    for match in LOCATION.findall(text):
        locations.extend(part.strip() for part in re.split(r"[;/]| or ", match) if part.strip())
    if not locations and re.search(r"\bremote\b", text, re.IGNORECASE):
        locations = ["Remote"]
    authorization = ""
    if match := AUTHORIZATION.search(text):
        country = match.group(1).strip()
        authorization = f"Authorized to work in {COUNTRY_NAMES.get(country.lower(), country)}"
    return Findings(
        template,
        must_have[:12],
        nice_to_have[:12],
        min_years,
        education,
        locations[:6],
        authorization,
        years_subject=years_subject,
        knockouts=_knockouts(text, authorization, locations),
        duties=_duties(text),
    )
