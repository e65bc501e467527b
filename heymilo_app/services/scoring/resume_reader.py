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

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import accumulate, count, islice
from operator import add
from typing import Any

MAX_EVIDENCE = 240
# Matches of one pattern looked at, and date ranges added up: bounds for pathological text
# (a real resume has a few dozen date ranges at most).
MAX_MATCHES = 300
MAX_RANGES = 2000
_DASHES = r"\-‐‑‒–—"  # for character classes
_SEPARATORS = rf"[\s{_DASHES}_/]"
_NEGATION = re.compile(r"\b(?:not|no|never|without|nor)\b|n['’]t\b", re.IGNORECASE)
_BULLET = " \t•·▪◦‣*>-–—"


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


@dataclass(frozen=True)
class Screening:
    """Every configured requirement checked, and the experience the resume shows.

    Attributes:
        checks: One check per must-have and nice-to-have skill, then one each for minimum
            years, education, locations and work authorization when the stage sets them.
        years: Years of work experience estimated from the resume; None when it shows none.
        years_evidence: The quote(s) the estimate rests on, one per line; "" when none.
    """

    checks: list[RequirementCheck]
    years: float | None
    years_evidence: str

    def failed(self, kind: str) -> list[RequirementCheck]:
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
    resume = _Resume(resume_text or "")
    years, years_quotes, years_best = (
        _experience(resume, now) if resume.has_text else (None, [], "")
    )
    checks: list[RequirementCheck] = []
    for kind, skills in (("must_have", wanted.must_have), ("nice_to_have", wanted.nice_to_have)):
        for skill in skills:
            checks.append(_skill_check(resume, kind, skill))
    if wanted.min_years:
        requirement = f"{wanted.min_years}+ years"
        met = None if years is None else years >= wanted.min_years
        checks.append(RequirementCheck("min_years", requirement, met, years_best))
    if wanted.education:
        checks.append(_education_check(resume, wanted.education))
    if wanted.locations:
        checks.append(_location_check(resume, wanted.locations))
    if wanted.work_authorization:
        checks.append(_authorization_check(resume, wanted.work_authorization))
    if not resume.has_text:  # nothing to read: every answer is unknown
        checks = [RequirementCheck(c.kind, c.requirement, None, "") for c in checks]
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


class _Resume:
    """The resume text with its line boundaries and headings, for quoting and section lookups.

    Line breaks are normalized to "\\n"; a quote never spans lines, so it stays a verbatim
    substring of the text as given.
    """

    def __init__(self, text: str):
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.lowered = self.text.lower()
        # Lower-casing keeps positions (it does for nearly every text; not for "İ").
        self._aligned = len(self.lowered) == len(self.text)
        self.has_text = bool(re.search(r"\w", self.text))
        # Where each line starts.
        lengths = map(len, self.text.split("\n"))
        self.starts = [0, *map(add, accumulate(lengths), count(1))][:-1]
        # (position, kind) of each section heading, in order.
        self.headings = sorted(
            (match.start(), _heading_kind(match.group(1)))
            for match in self.near(_HEADING, _HEADING_KEYWORDS, reach=80)
        )
        self._heading_starts = [position for position, _ in self.headings]

    def line_index(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def line_bounds(self, position: int) -> tuple[int, int]:
        index = self.line_index(position)
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return start, end

    def section(self, position: int) -> str:
        """The kind of the section a position falls in: "education", "work", "other" or ""."""
        index = bisect.bisect_right(self._heading_starts, position) - 1
        return self.headings[index][1] if index >= 0 else ""

    def phrase_matches(self, phrase: str) -> Iterator[re.Match[str]]:
        """Matches of a phrase pattern, in order, tried only where its first word starts."""
        compiled = _phrase(phrase)
        if compiled is None:
            return
        pattern, key = compiled
        if not self._aligned:
            yield from islice(pattern.finditer(self.text), MAX_MATCHES * 10)
            return
        position = self.lowered.find(key)
        tried = 0
        while position != -1 and tried < MAX_MATCHES * 10:
            tried += 1
            if match := pattern.match(self.text, position):
                yield match
                position = self.lowered.find(key, match.end())
            else:
                position = self.lowered.find(key, position + 1)

    def near(
        self, pattern: re.Pattern[str], keywords: tuple[str, ...], reach: int = 120
    ) -> Iterator[re.Match[str]]:
        """Matches of a pattern, looked for only around the keywords every match contains.

        Scanning a long text with a case-insensitive pattern costs milliseconds; finding a
        keyword costs microseconds. Each window reaches ``reach`` characters either side of a
        keyword, more than any match of the patterns this is used with.
        """
        if not self._aligned:
            yield from islice(pattern.finditer(self.text), MAX_MATCHES)
            return
        spots: list[int] = []
        for keyword in keywords:
            position, found = self.lowered.find(keyword), 0
            while position != -1 and found < MAX_MATCHES * 4:
                spots.append(position)
                position, found = self.lowered.find(keyword, position + 1), found + 1
        windows: list[list[int]] = []
        for spot in sorted(spots):
            start, end = max(0, spot - reach), min(len(self.text), spot + reach)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([start, end])
        seen: set[tuple[int, int]] = set()
        for start, end in windows:
            for match in pattern.finditer(self.text, start, end):
                if match.span() not in seen and len(seen) < MAX_MATCHES:
                    seen.add(match.span())
                    yield match

    def quote(self, start: int, end: int) -> str:
        """The line holding text[start:end], or its sentence, or a window: verbatim, <= 240."""
        line_start, line_end = self.line_bounds(start)
        if line_end - line_start <= MAX_EVIDENCE + 40:
            stripped = self.text[line_start:line_end].strip().lstrip(_BULLET).strip()
            if len(stripped) <= MAX_EVIDENCE:
                return stripped
        # The sentence around the match, looked for near it only (lines can be huge).
        near_start = max(line_start, start - MAX_EVIDENCE)
        left = near_start
        for boundary in _SENTENCE_GAP.finditer(self.text, near_start, start):
            left = boundary.end()
        right_match = _SENTENCE_END.search(self.text, end, min(line_end, end + MAX_EVIDENCE))
        if (left > near_start or near_start == line_start) and (
            right_match or line_end <= end + MAX_EVIDENCE
        ):
            right = right_match.end() if right_match else line_end
            sentence = self.text[left:right].strip()
            if len(sentence) <= MAX_EVIDENCE:
                return sentence
        # A window of whole words around the match.
        room = MAX_EVIDENCE - min(end - start, MAX_EVIDENCE)
        left = max(line_start, start - room // 2)
        right = min(line_end, left + MAX_EVIDENCE)
        left = max(line_start, right - MAX_EVIDENCE)
        window = self.text[left:right]
        if left > line_start and " " in window[: start - left]:
            window = window[window.index(" ") + 1 :]
        if right < line_end and " " in window[end - right :]:
            window = window[: window.rindex(" ")]
        return window.strip()


_SENTENCE_GAP = re.compile(r"(?<=[.!?;])\s+")
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)")
# A line that is only a section heading ("EXPERIENCE", "Education & Training:").
_HEADING = re.compile(
    r"^[ \t•·*#=_>-]*("
    r"(?:(?:professional|work|relevant|employment|career|academic|educational|technical|core|"
    r"key|additional|other|selected|volunteer|leadership|formal)[ \t]+)*"
    r"(?:education|academics?|background|history|experience|employment|certifications?|"
    r"certificates?|licen[cs]es|training|courses|coursework|qualifications|credentials|"
    r"projects|skills|summary|profile|objective|languages|interests|awards|honou?rs|"
    r"publications|references|achievements|contact|about[ \t]+me|volunteering)"
    r"(?:[ \t]+(?:and|&)[ \t]+[a-z]+){0,2}"
    r")[ \t:#=_-]*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADING_KEYWORDS = (
    "educat",
    "academ",
    "background",
    "histor",
    "experience",
    "employment",
    "certif",
    "licen",
    "training",
    "course",
    "qualif",
    "credential",
    "project",
    "skill",
    "summary",
    "profile",
    "objective",
    "language",
    "interest",
    "award",
    "hono",
    "publication",
    "reference",
    "achievement",
    "contact",
    "about",
    "volunteer",
)
_EDUCATION_HEADING = re.compile(r"educat|academ|certif|licen[cs]|training|course|credential|qualif")
_WORK_HEADING = re.compile(r"experience|employment|work|career|project|volunteer")


def _heading_kind(label: str) -> str:
    label = label.lower()
    if _WORK_HEADING.search(label):
        return "work"
    if _EDUCATION_HEADING.search(label):
        return "education"
    return "other"


# ---------------------------------------------------------------- skills


@lru_cache(maxsize=1024)
def _phrase(phrase: str) -> tuple[re.Pattern[str], str] | None:
    """A phrase on word boundaries, any case, hyphen/space/none between words, plural last word.

    Very short words ("Go", "R", "C") are matched in the case the recruiter wrote them, so the
    English word "go" does not count as the language.

    Returns:
        The pattern, and a lower-case piece of text every match contains (a cheap pre-check).
    """
    words = [word for word in re.split(rf"{_SEPARATORS}+", phrase.strip()) if word]
    if not words:
        return None
    # "PowerBI" also matches "Power BI", "HubSpot" also "Hub Spot".
    pieces = [re.split(r"(?<=[a-z])(?=[A-Z])", word) for word in words]
    parts = [f"{_SEPARATORS}*".join(re.escape(piece) for piece in word) for word in pieces]
    last = words[-1]
    plural = True
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        parts[-1] = parts[-1][:-1] + "(?:s|es)?"
    elif re.search(r"[A-Za-z]$", last) and len(last) > 2:
        if re.search(r"[^aeiou]y$", last, re.IGNORECASE):
            parts[-1] = parts[-1][:-1] + "(?:y|ies)"
        else:
            parts[-1] += "(?:s|es)?"
    else:
        plural = False
    key = pieces[0][0]
    if plural and len(pieces) == 1 and len(pieces[0]) == 1:
        key = key[:-1]
    body = f"{_SEPARATORS}*".join(parts)
    flags = 0 if len(words) == 1 and len(words[0]) <= 2 else re.IGNORECASE
    return re.compile(rf"(?<![\w+#]){body}(?![\w+#])", flags), key.lower()


_FILLER = frozenset(
    re.findall(
        r"\S+",
        "a an and or the of in on at for to with using use via as by from any some "
        "experience experienced knowledge skills skill skilled proficiency proficient "
        "familiarity familiar strong excellent good solid great working ability able "
        "demonstrated proven hands-on hands",
    )
)


def _find_skill(resume: _Resume, phrase: str) -> tuple[int, int] | None:
    """Where the phrase (or, failing that, all its content words on one line) appears."""
    if match := next(resume.phrase_matches(phrase), None):
        return match.span()
    words = [
        word
        for word in re.split(rf"{_SEPARATORS}+|[,;:()]", phrase)
        if word and word.lower() not in _FILLER
    ]
    if not words or len(words) == len(re.split(rf"{_SEPARATORS}+", phrase.strip())) == 1:
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


def _skill_check(resume: _Resume, kind: str, skill: str) -> RequirementCheck:
    found = _find_skill(resume, skill)
    if found is None:
        return RequirementCheck(kind, skill, False, "")
    return RequirementCheck(kind, skill, True, resume.quote(*found))


# ---------------------------------------------------------------- years of experience

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
}
_COUNT = r"(\d{1,2}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + r")"
_YEARS_STATED = re.compile(
    rf"(?<![\w.]){_COUNT}\s*(?:\+|plus)?\s*(?:years?|yrs?)\.?['’]?\s+"
    r"(?:of\s+)?(?:[\w/&,-]+\s+){0,4}?(?:experience|exp\b)"
    rf"|\bexperience\s*(?:of|:|-|–)?\s*(?:over|more than|about|nearly|almost)?\s*{_COUNT}\s*"
    r"(?:\+|plus)?\s*(?:years?|yrs?)\b",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_YEAR = r"(?:19|20)\d\d"
_DATE = (
    rf"(?:{_MONTH}\s*,?\s*(?:{_YEAR}|['’]\d\d)"  # Mar 2020, March, 2020, Mar '20
    rf"|\d{{1,2}}[/.](?:\d{{1,2}}[/.])?{_YEAR}"  # 01/2018, 1.2018, 01/15/2018
    rf"|{_YEAR}[/.-](?:0[1-9]|1[0-2])(?:[/.-]\d\d)?(?!\d)"  # 2018-01, 2018-01-15
    rf"|{_YEAR})"  # 2019
)
_NOW_WORDS = r"(?:present|current(?:ly)?|now|today|ongoing|date)"
_RANGE = re.compile(
    rf"(?<![\w/.{_DASHES}])({_DATE})\s*(?:[{_DASHES}~]+|to|until|till|through|thru)\s*"
    rf"(?:the\s+|to\s+)?({_DATE}|{_NOW_WORDS})(?![\w/])",
    re.IGNORECASE,
)
# Words of study next to a date range. Institution names alone ("State University") are not
# enough: people work at universities, and an overestimate is safer than an underestimate.
_STUDY_WORDS = re.compile(
    r"\b(?:degree|diploma|gpa|graduat\w*|studied|studying|coursework|thesis|major(?:ed)? in|"
    r"expected)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def _month_index(token: str, *, now: date) -> tuple[int, bool] | None:
    """A date token as (months since year 0, whether it names a month); None if not a date."""
    token = token.strip().lower()
    if re.fullmatch(_NOW_WORDS, token):
        return now.year * 12 + now.month - 1, True
    if match := re.fullmatch(rf"({_MONTH})\s*,?\s*({_YEAR}|['’]\d\d)", token):
        month = _MONTHS[match.group(1)[:3]]
        year_text = match.group(2)
        year = int(year_text) if year_text[0].isdigit() else 2000 + int(year_text[1:])
        if year > now.year + 1:
            year -= 100
        return year * 12 + month - 1, True
    if match := re.fullmatch(rf"(\d{{1,2}})[/.](?:(\d{{1,2}})[/.])?({_YEAR})", token):
        first, second = int(match.group(1)), match.group(2)
        month = first if first <= 12 or second is None else int(second)
        if not 1 <= month <= 12:
            return None
        return int(match.group(3)) * 12 + month - 1, True
    if match := re.fullmatch(rf"({_YEAR})[/.-](\d\d)(?:[/.-]\d\d)?", token):
        return int(match.group(1)) * 12 + int(match.group(2)) - 1, True
    if re.fullmatch(_YEAR, token):
        return int(token) * 12, False
    return None


def _experience(resume: _Resume, now: date) -> tuple[float | None, list[str], str]:
    """(years, the quotes they rest on, the single best quote for a min_years check)."""
    stated: list[tuple[float, int, int]] = []
    for match in resume.near(_YEARS_STATED, ("year", "yr", "experience")):
        count = next(group for group in match.groups() if group)
        value = float(_NUMBER_WORDS.get(count.lower()) or count)
        if 0 < value <= 50:
            stated.append((value, -match.start(), match.end()))
    if stated:  # the largest statement (the first of equals)
        value, start, end = max(stated)
        quote = resume.quote(-start, end)
        return value, [quote], quote

    today = now.year * 12 + now.month - 1
    spans: list[tuple[int, int, int, int]] = []
    seen: set[tuple[str, str]] = set()
    for match in islice(_RANGE.finditer(resume.text), MAX_RANGES):
        # The same range in the same surroundings adds nothing (and is not looked at again).
        context = resume.text[max(0, match.start() - 100) : match.end() + 60]
        if (context, resume.section(match.start())) in seen:
            continue
        seen.add((context, resume.section(match.start())))
        if _is_study(resume, match):
            continue
        start = _month_index(match.group(1), now=now)
        end = _month_index(match.group(2), now=now)
        if start is None or end is None:
            continue
        (first, _), (last, last_has_month) = start, end
        present = bool(re.fullmatch(_NOW_WORDS, match.group(2).strip(), re.IGNORECASE))
        if last_has_month and not present:
            last += 1  # "Jan 2018 – Dec 2018" is twelve months
        if last <= first:
            if last // 12 < first // 12 or present:
                continue  # backwards, or starting in the future
            last = first + 6  # "2020 – 2020": part of a year
        last = min(last, today)
        if first < 1950 * 12 or first >= today or last - first > 50 * 12:
            continue
        spans.append((first, last, match.start(), match.end()))
    if not spans:
        return None, [], ""
    spans.sort()
    months = 0
    merged_start, merged_end = spans[0][0], spans[0][1]
    for first, last, _, _ in spans[1:]:
        if first <= merged_end:  # overlapping jobs count once
            merged_end = max(merged_end, last)
        else:
            months += merged_end - merged_start
            merged_start, merged_end = first, last
    months += merged_end - merged_start
    quotes = list(dict.fromkeys(resume.quote(start, end) for _, _, start, end in spans[:12]))
    return round(months / 12, 1), quotes, quotes[0]


def _is_study(resume: _Resume, match: re.Match[str]) -> bool:
    """A date range of education: in an education section, or next to words of study."""
    if resume.section(match.start()) == "education":
        return True
    line_start, line_end = resume.line_bounds(match.start())
    before = resume.text[max(line_start, match.start() - 100) : match.start()]
    before = re.split(r"[.;|•]\s|\d{4}", before)[-1]  # back to the previous sentence or date
    after = resume.text[match.end() : min(line_end, match.end() + 60)]
    after = re.split(r"[.;|•](?:\s|$)|\d{4}", after)[0]
    context = f"{before} {after}"
    return bool(_STUDY_WORDS.search(context) or _degree_levels(context, bare=False))


# ---------------------------------------------------------------- education

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


def _degree_levels(
    text: str, *, bare: bool = True, start: int = 0, end: int | None = None
) -> list[tuple[int, int, int]]:
    """(level, start, end) of each degree named in text[start:end], in order."""
    end = len(text) if end is None else end
    found = [
        (int(match.lastgroup[1:]), match.start(), match.end())
        for match in islice(_DEGREE.finditer(text, start, end), MAX_MATCHES)
        if match.lastgroup
    ]
    if bare:
        found.extend(
            (_BARE_LEVELS[match.group(1)], match.start(), match.end())
            for match in islice(_BARE_DEGREE.finditer(text, start, end), MAX_MATCHES)
        )
    return sorted(found, key=lambda item: item[1])


def _required_level(requirement: str) -> int | None:
    levels = [level for level, _, _ in _degree_levels(requirement)]
    levels += [_BARE_LEVELS[bare] for bare in _BARE_REQUIREMENT.findall(requirement)]
    if not levels and _HIGH_SCHOOL.search(requirement):
        levels = [1]
    if not levels and re.search(r"\bassociate\b", requirement, re.IGNORECASE):
        levels = [2]
    if not levels and re.search(r"\b(?:degree|graduate)\b", requirement, re.IGNORECASE):
        levels = [3]  # "a degree", "university degree", "college graduate"
    return min(levels) if levels else None


def _still_studying(resume: _Resume, start: int, end: int) -> bool:
    """Whether the clause naming a degree says it is not finished ("expected 2026")."""
    line_start, line_end = resume.line_bounds(start)
    before = _CLAUSE_END.split(resume.text[max(line_start, start - 40) : start])[-1]
    after = _CLAUSE_END.split(resume.text[end : min(line_end, end + 80)])[0]
    return bool(_IN_PROGRESS.search(f"{before} {after}"))


def _education_check(resume: _Resume, requirement: str) -> RequirementCheck:
    held: list[tuple[int, int, int]] = []  # (level, start, end)
    studying: list[tuple[int, int, int]] = []
    for level, start, end in _degree_levels(resume.text):
        (studying if _still_studying(resume, start, end) else held).append((level, start, end))
    # "Lincoln High School" counts when it sits under an education heading.
    for match in resume.near(_HIGH_SCHOOL, ("school",)):
        if resume.section(match.start()) == "education":
            held.append((1, match.start(), match.end()))
    held.sort(key=lambda item: item[1])
    studying.sort(key=lambda item: item[1])
    required = _required_level(requirement)
    if required is None:  # a credential, not a level ("RN license"): look for its words
        found = _find_skill(resume, requirement)
        if found:
            return RequirementCheck("education", requirement, True, resume.quote(*found))
        return RequirementCheck("education", requirement, None, "")
    meeting = [item for item in held if item[0] >= required]
    if meeting:
        return RequirementCheck("education", requirement, True, resume.quote(*meeting[0][1:]))
    in_progress = [item for item in studying if item[0] >= required]
    if in_progress:  # not held yet: left to the recruiter, not a failure
        return RequirementCheck("education", requirement, None, resume.quote(*in_progress[0][1:]))
    if held:
        best = max(held, key=lambda item: item[0])
        return RequirementCheck("education", requirement, False, resume.quote(*best[1:]))
    return RequirementCheck("education", requirement, None, "")


# ---------------------------------------------------------------- places

_US_STATES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
}
# "Austin, TX" or "Austin, TX 78701"; not "Office, MS Teams".
_CITY_STATE = re.compile(
    r"\b[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){0,3},[ \t]*(?:"
    + "|".join(_US_STATES)
    + r")\b(?![.\w]|[ \t]+[A-Z][a-z])"
)
# Country key: (its names in running text, case-sensitive where a name is also a word;
# its demonyms, any case). "America" is left out: "Bank of America" is not a place.
_COUNTRIES: dict[str, tuple[str, str]] = {
    "US": (r"(?i:united states(?: of america)?|u\.s\.a?\.?)|US|USA", r"(?i:american)"),
    "UK": (
        r"(?i:united kingdom|great britain|england|scotland|wales|u\.k\.?)|UK",
        r"(?i:british)",
    ),
    "CA": (r"Canada|CANADA", r"(?i:canadian)"),
    "EU": (r"(?i:european union)|EU", r"(?i:european)"),
    "AU": (r"Australia|AUSTRALIA", r"(?i:australian)"),
    "NZ": (r"(?i:new zealand)", r"(?i:new zealander|kiwi)"),
    "IE": (r"Ireland|IRELAND", r"(?i:irish)"),
    "DE": (r"Germany|GERMANY", r"(?i:german)"),
    "FR": (r"France|FRANCE", r"(?i:french)"),
    "ES": (r"Spain|SPAIN", r"(?i:spanish)"),
    "PT": (r"Portugal|PORTUGAL", r"(?i:portuguese)"),
    "NL": (r"(?i:netherlands|holland)", r"(?i:dutch)"),
    "IN": (r"India|INDIA", r"(?i:indian)"),
    "MX": (r"Mexico|MEXICO", r"(?i:mexican)"),
    "BR": (r"Brazil|BRAZIL", r"(?i:brazilian)"),
    "PH": (r"(?i:philippines)", r"(?i:filipino|philippine)"),
    "SG": (r"Singapore|SINGAPORE", r"(?i:singaporean)"),
    "ZA": (r"(?i:south africa)", r"(?i:south african)"),
    "NG": (r"Nigeria|NIGERIA", r"(?i:nigerian)"),
    "JP": (r"Japan|JAPAN", r"(?i:japanese)"),
    "CN": (r"China|CHINA", r"(?i:chinese)"),
    "IT": (r"Italy|ITALY", r"(?i:italian)"),
    "PL": (r"Poland|POLAND", r"(?i:polish)"),
}
_COUNTRY_NAME = re.compile(
    r"(?<![\w.])(?:" + "|".join(names for names, _ in _COUNTRIES.values()) + r")(?!\w)"
)
_PLACE_CUE = re.compile(
    r"\b(?:location|address|based in|located in|lives? in|living in|residing in|"
    r"resident of)\b\s*[:\-–]?\s*\w",
    re.IGNORECASE,
)
_RELOCATE = re.compile(
    r"\b(?:willing to relocate|open to relocation|open to relocating|relocating to|"
    r"able to relocate|will relocate)\b",
    re.IGNORECASE,
)
_REMOTE_WORDS = re.compile(
    r"\b(?:remote(?:ly)?|anywhere|work(?:ing)? from home|wfh|distributed)\b", re.IGNORECASE
)


def _country_of(fragment: str) -> str | None:
    """The country a short fragment ("the U.S.", "Canadian", "uk") names, or None."""
    fragment = re.sub(r"^(?:the)\s+", "", fragment.strip(" ,;:()"), flags=re.IGNORECASE)
    for key, (names, demonym) in _COUNTRIES.items():
        if re.fullmatch(rf"(?:{names}|{demonym})\.?", fragment, re.IGNORECASE):
            return key
    return None


def _country_within(fragment: str) -> str | None:
    """The country any run of words of a fragment names ("Proud US" -> "US")."""
    words = fragment.split()[:6]
    for size in range(len(words), 0, -1):
        for first in range(len(words) - size + 1):
            if country := _country_of(" ".join(words[first : first + size])):
                return country
    return None


def _country_in(text: str) -> str | None:
    """The first country a recruiter's requirement names ("... in the United States")."""
    hits = []
    for key, (names, demonym) in _COUNTRIES.items():
        for pattern in (names, demonym):
            if match := re.search(rf"(?<![\w.])(?:{pattern})(?!\w)", text):
                hits.append((match.start(), key))
    return min(hits)[1] if hits else None


def _country_pattern(key: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.])(?:{_COUNTRIES[key][0]})(?!\w)")


_REMOTE_KEYWORDS = ("remote", "anywhere", "home", "wfh", "distributed")
_PLACE_KEYWORDS = ("location", "address", "based", "located", "live", "living", "resid")


def _place_match(resume: _Resume, place: str) -> tuple[int, int] | None:
    """Where a listed location first appears in the resume, in any of the ways it can."""
    found: list[re.Match[str] | None] = [next(resume.phrase_matches(place), None)]
    parts = [part.strip() for part in place.split(",") if part.strip()]
    if len(parts) > 1:  # "Austin, TX": the city as written (or in capitals), not the state
        city = re.escape(parts[0])
        pattern = re.compile(rf"(?<!\w)(?:{city}|{city.upper()})(?!\w)")
        found.append(next(resume.near(pattern, (parts[0].lower(),)), None))
    elif len(parts) == 1:  # a whole state or country: any place in it
        part = parts[0]
        code = next(
            (code for code, name in _US_STATES.items() if part.lower() == name.lower()),
            part if part in _US_STATES else None,
        )
        if code:
            found.append(re.search(rf"(?i:\b{_US_STATES[code]}\b)|,\s*{code}\b", resume.text))
        if country := _country_of(part):
            found.append(_country_pattern(country).search(resume.text))
            if country == "US":
                found.append(_CITY_STATE.search(resume.text))
    if _REMOTE_WORDS.search(place):
        found.append(next(resume.near(_REMOTE_WORDS, _REMOTE_KEYWORDS), None))
        if country := _country_within(_REMOTE_WORDS.sub(" ", place).strip(" ()-–,/")):
            found.append(_country_pattern(country).search(resume.text))
            if country == "US":
                found.append(_CITY_STATE.search(resume.text))
    spans = [match.span() for match in found if match]
    return min(spans) if spans else None


def _anywhere(place: str) -> bool:
    """ "Remote" with no place attached."""
    return bool(_REMOTE_WORDS.search(place)) and not re.search(r"\w", _REMOTE_WORDS.sub("", place))


def _location_check(resume: _Resume, locations: list[str]) -> RequirementCheck:
    requirement = " or ".join(locations)
    spans = [span for place in locations if (span := _place_match(resume, place))]
    if spans:
        best = min(spans)
        return RequirementCheck("locations", requirement, True, resume.quote(*best))
    if match := next(resume.near(_RELOCATE, ("relocat",)), None):  # elsewhere, willing to move
        return RequirementCheck("locations", requirement, None, resume.quote(*match.span()))
    if any(_anywhere(place) for place in locations):
        # Living elsewhere does not contradict working remotely.
        return RequirementCheck("locations", requirement, None, "")
    named = [
        match
        for match in (
            next(resume.near(_PLACE_CUE, _PLACE_KEYWORDS), None),
            _CITY_STATE.search(resume.text),
            _COUNTRY_NAME.search(resume.text),
        )
        if match
    ]
    if named:
        first = min(named, key=lambda match: match.start())
        return RequirementCheck("locations", requirement, False, resume.quote(*first.span()))
    return RequirementCheck("locations", requirement, None, "")


# ---------------------------------------------------------------- work authorization

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


def _authorization_check(resume: _Resume, requirement: str) -> RequirementCheck:
    target = _country_in(requirement)
    text = resume.text
    yes: list[tuple[int, int]] = []
    no: list[tuple[int, int]] = []

    def applies(place: str | None) -> bool:
        """A statement with no place ("authorized to work") is taken to mean the job's country."""
        if not place or target is None:
            return True
        country = _country_within(place)
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
            if _country_within(place) and applies(place):
                (no if negated(match.start()) else yes).append(match.span())
    for match in resume.near(_GREEN_CARD, ("green",)):
        line_start, _ = resume.line_bounds(match.start())
        pending = _PENDING.search(text, max(line_start, match.start() - 30), match.start())
        if target in (None, "US") and not negated(match.start()) and not pending:
            yes.append(match.span())
    for match in resume.near(_RESIDENT, ("resident",)):
        place = match.group(2) or (match.group(1) if _country_of(match.group(1) or "") else None)
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
        return RequirementCheck("work_authorization", requirement, False, resume.quote(*no[0]))
    if yes and not no:
        return RequirementCheck("work_authorization", requirement, True, resume.quote(*yes[0]))
    if yes and no:  # the resume contradicts itself: left to the recruiter
        return RequirementCheck("work_authorization", requirement, None, resume.quote(*no[0]))
    return RequirementCheck("work_authorization", requirement, None, "")
