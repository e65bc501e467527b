"""Years of work experience a resume shows, from what it states or from its dates.

An explicit statement ("6+ years of experience") wins; otherwise the work date ranges are
added up, overlapping jobs merged so they count once, and ranges of education (in an education
section or next to words of study) left out. It is total work experience: the text cannot
tell which jobs are relevant. A resume with neither gives None, an unknown.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from itertools import islice

from heymilo_app.services.scoring import resume_education, resume_reader

# Date ranges added up at most: a bound for pathological text (a real resume has a few
# dozen date ranges at most).
MAX_RANGES = 2000

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
    rf"(?<![\w/.{resume_reader.DASHES}])({_DATE})\s*(?:[{resume_reader.DASHES}~]+|to|until|till|through|thru)\s*"
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


def experience(resume: resume_reader.Resume, now: date) -> tuple[float | None, list[str], str]:
    """The years of work experience a resume shows.

    Args:
        resume: The resume as read.
        now: Today, for "present" in date ranges.

    Returns:
        (years, the quotes they rest on, the single best quote for a min_years check);
        years is None when the resume shows none.
    """
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


def _is_study(resume: resume_reader.Resume, match: re.Match[str]) -> bool:
    """A date range of education: in an education section, or next to words of study."""
    if resume.section(match.start()) == "education":
        return True
    line_start, line_end = resume.line_bounds(match.start())
    before = resume.text[max(line_start, match.start() - 100) : match.start()]
    before = re.split(r"[.;|•]\s|\d{4}", before)[-1]  # back to the previous sentence or date
    after = resume.text[match.end() : min(line_end, match.end() + 60)]
    after = re.split(r"[.;|•](?:\s|$)|\d{4}", after)[0]
    context = f"{before} {after}"
    return bool(_STUDY_WORDS.search(context) or resume_education.degree_levels(context, bare=False))
