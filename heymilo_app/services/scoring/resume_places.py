"""Locations of a resume stage: any listed place (or "remote") named in the resume.

Places are matched as written, as "City, ST" with US state names and abbreviations, and as
countries by their names and demonyms ("the U.S.", "Canadian"); "remote" alone is met by a
resume that says it works remotely. A resume naming no place leaves the requirement unknown.
The country helpers also serve the work authorization check.
"""

from __future__ import annotations

import re

from heymilo_app.services.scoring import resume_checks, resume_reader

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


def country_of(fragment: str) -> str | None:
    """The country a short fragment ("the U.S.", "Canadian", "uk") names.

    Args:
        fragment: A few words.

    Returns:
        The country's key, or None.
    """
    fragment = re.sub(r"^(?:the)\s+", "", fragment.strip(" ,;:()"), flags=re.IGNORECASE)
    for key, (names, demonym) in _COUNTRIES.items():
        if re.fullmatch(rf"(?:{names}|{demonym})\.?", fragment, re.IGNORECASE):
            return key
    return None


def country_within(fragment: str) -> str | None:
    """The country any run of words of a fragment names ("Proud US" -> "US").

    Args:
        fragment: A few words.

    Returns:
        The country's key, or None.
    """
    words = fragment.split()[:6]
    for size in range(len(words), 0, -1):
        for first in range(len(words) - size + 1):
            if country := country_of(" ".join(words[first : first + size])):
                return country
    return None


def country_in(text: str) -> str | None:
    """The first country a recruiter's requirement names ("... in the United States").

    Args:
        text: The requirement.

    Returns:
        The country's key, or None.
    """
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


def _place_match(resume: resume_reader.Resume, place: str) -> tuple[int, int] | None:
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
        if country := country_of(part):
            found.append(_country_pattern(country).search(resume.text))
            if country == "US":
                found.append(_CITY_STATE.search(resume.text))
    if _REMOTE_WORDS.search(place):
        found.append(next(resume.near(_REMOTE_WORDS, _REMOTE_KEYWORDS), None))
        if country := country_within(_REMOTE_WORDS.sub(" ", place).strip(" ()-–,/")):
            found.append(_country_pattern(country).search(resume.text))
            if country == "US":
                found.append(_CITY_STATE.search(resume.text))
    spans = [match.span() for match in found if match]
    return min(spans) if spans else None


def _anywhere(place: str) -> bool:
    """ "Remote" with no place attached."""
    return bool(_REMOTE_WORDS.search(place)) and not re.search(r"\w", _REMOTE_WORDS.sub("", place))


def location_check(
    resume: resume_reader.Resume, locations: list[str]
) -> resume_checks.RequirementCheck:
    """Whether the resume names any of the places a stage lists.

    Args:
        resume: The resume as read.
        locations: The places as the recruiter wrote them.

    Returns:
        The check, with the quote it rests on.
    """
    requirement = " or ".join(locations)
    spans = [span for place in locations if (span := _place_match(resume, place))]
    if spans:
        best = min(spans)
        return resume_checks.RequirementCheck("locations", requirement, True, resume.quote(*best))
    if match := next(resume.near(_RELOCATE, ("relocat",)), None):  # elsewhere, willing to move
        return resume_checks.RequirementCheck(
            "locations", requirement, None, resume.quote(*match.span())
        )
    if any(_anywhere(place) for place in locations):
        # Living elsewhere does not contradict working remotely.
        return resume_checks.RequirementCheck("locations", requirement, None, "")
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
        return resume_checks.RequirementCheck(
            "locations", requirement, False, resume.quote(*first.span())
        )
    return resume_checks.RequirementCheck("locations", requirement, None, "")
