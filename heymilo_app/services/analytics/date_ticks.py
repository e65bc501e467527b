"""Ticks of a date axis on whole days (or months), for the dashboard's charts over time."""

from __future__ import annotations

import math
from datetime import date

# A day on a date axis, in milliseconds.
DAY_MS = 24 * 60 * 60 * 1000
# Day steps between ticks, then month steps ("M1" = every month), for about seven ticks at most
# in a half-width card.
DAY_STEPS = (1, 2, 7, 14)
MONTH_STEPS = (1, 2, 3, 6, 12)
MAX_TICKS = 7


def day_ticks(first: date, last: date) -> dict:
    """Ticks of a date axis from ``first`` to ``last``: on whole days, never two on one day.

    Plotly's own ticks on a few days fall every 12 hours, so "%b %d" printed each day twice.

    Args:
        first: The first day drawn.
        last: The last day drawn.

    Returns:
        Keyword arguments for ``update_xaxes``.
    """
    days = (last - first).days + 1
    for step in DAY_STEPS:
        if math.ceil(days / step) <= MAX_TICKS:
            return {
                "tickmode": "linear",
                "tick0": first.isoformat(),
                "dtick": step * DAY_MS,
                "tickformat": "%b %d",
            }
    months = days / 30.44
    step = next((m for m in MONTH_STEPS if math.ceil(months / m) <= MAX_TICKS), MONTH_STEPS[-1])
    return {
        "tickmode": "linear",
        "tick0": first.replace(day=1).isoformat(),
        "dtick": f"M{step}",
        "tickformat": "%b %Y",
    }
