"""Quiet hours: texts and calls reach candidates only in business hours, their own time.

A candidate's time zone is the one they (or the ATS) gave; otherwise the zones of their phone
number's region (``phonenumbers.timezone``: a US number by area code, a French number
Europe/Paris); otherwise the organization's time zone. When a number spans several zones (a
country-wide mobile range), a moment is allowed only when it is business hours in every one
of them, so nobody is texted at night. A message outside the window waits for the next
allowed moment instead of being dropped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import phonenumbers
from phonenumbers import timezone as phone_timezone

from heymilo_app.models import Candidate, Organization

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# How far ahead the next allowed moment is looked for (a week of closed days is possible).
SEARCH_DAYS = 8


@dataclass(frozen=True)
class Window:
    """When an organization may text or call: hours [start, end) on the given weekdays."""

    start: int = 9
    end: int = 19
    days: tuple[int, ...] = (0, 1, 2, 3, 4)

    @classmethod
    def of(cls, organization: Organization) -> Window:
        """The organization's business hours.

        Args:
            organization: The organization.

        Returns:
            Its window.
        """
        return cls(
            start=organization.business_hours_start,
            end=organization.business_hours_end,
            days=tuple(sorted(set(organization.business_days or []))),
        )

    def describe(self) -> str:
        """The window as people say it, e.g. "09:00-19:00, Monday to Friday".

        Returns:
            A short description.
        """
        days = list(self.days)
        if not days:
            day_text = "no day"
        elif len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
            day_text = f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
        else:
            day_text = ", ".join(DAY_NAMES[d] for d in days)
        return f"{self.start:02d}:00-{self.end:02d}:00, {day_text}"


def valid_zone(name: str) -> bool:
    """Whether a name is an IANA time zone this machine knows.

    Args:
        name: For example "Europe/Paris".

    Returns:
        True when it is.
    """
    return bool(name) and name in available_timezones()


@functools.cache
def country_zones() -> dict[str, tuple[str, ...]]:
    """The IANA zones of each country (ISO 3166 code), from the tz database's zone.tab.

    Returns:
        Country code to zone names.
    """
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    except (ModuleNotFoundError, FileNotFoundError):
        text = ""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 3:
                found.setdefault(parts[0], []).append(parts[2])
    return {code: tuple(names) for code, names in found.items()}


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def candidate_zones(candidate: Candidate | None, organization: Organization) -> list[ZoneInfo]:
    """The time zones a candidate may be in, best knowledge first.

    Args:
        candidate: The candidate (None: only the organization's zone is known).
        organization: The organization (its zone is the last resort).

    Returns:
        One or more zones.
    """
    if candidate is not None:
        own = _zone(candidate.timezone)
        if own is not None:
            return [own]
        if candidate.phone:
            try:
                number = phonenumbers.parse(candidate.phone, None)
            except phonenumbers.NumberParseException:
                number = None
            if number is not None:
                names = phone_timezone.time_zones_for_number(number)
                zones = [z for z in (_zone(n) for n in names) if z is not None]
                if not zones:
                    # A mobile range without a place (UK mobiles): the country's zones.
                    region = phonenumbers.region_code_for_number(
                        number
                    ) or phonenumbers.region_code_for_country_code(number.country_code)
                    zones = [z for z in map(_zone, country_zones().get(region, ())) if z]
                if zones:
                    return zones
    return [_zone(organization.timezone) or ZoneInfo("UTC")]


def _open_in(moment: datetime, zone: ZoneInfo, window: Window) -> bool:
    local = moment.astimezone(zone)
    return local.weekday() in window.days and window.start <= local.hour < window.end


def is_allowed(moment: datetime, zones: list[ZoneInfo], window: Window) -> bool:
    """Whether a text or call may go out at a moment.

    Args:
        moment: An aware time.
        zones: The candidate's possible zones.
        window: The business hours.

    Returns:
        True inside business hours in every zone.
    """
    return all(_open_in(moment, zone, window) for zone in zones)


def next_allowed(moment: datetime, zones: list[ZoneInfo], window: Window) -> datetime | None:
    """The first allowed moment at or after ``moment``.

    Candidates are checked on quarter hours (business hours start on the hour in every
    zone's own clock, and zones are at most quarter-hour offsets apart).

    Args:
        moment: An aware time.
        zones: The candidate's possible zones.
        window: The business hours.

    Returns:
        The moment, or None when the windows never meet (no business day, or zones so far
        apart that no hour is business hours in all of them).
    """
    if is_allowed(moment, zones, window):
        return moment
    step = moment.replace(second=0, microsecond=0)
    step += timedelta(minutes=15 - step.minute % 15)
    end = moment + timedelta(days=SEARCH_DAYS)
    while step <= end:
        if is_allowed(step, zones, window):
            return step
        step += timedelta(minutes=15)
    return None


REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe")
REGIONS += ("Indian", "Pacific")


@functools.cache
@functools.cache
def common_zones() -> list[str]:
    """The IANA zones people pick from (continents and oceans, plus UTC), sorted.

    Returns:
        Zone names.
    """
    names = sorted(n for n in available_timezones() if n.split("/", 1)[0] in REGIONS)
    return ["UTC", *names]
