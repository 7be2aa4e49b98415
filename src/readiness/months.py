"""Months as the tool writes them ("2027-03"): targets and plan steps are due by a month.

One rule for reading, writing and counting months, used by answers files, the
interview, plans and reports. Imports only the standard library.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# Targets and plan steps are due this many months ahead unless the practice says otherwise.
DEFAULT_AHEAD = 12
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def parse_month(text: str) -> str | None:
    """``"2027-03"`` (also typed as "2027-3" or "3/2027"), or None if it is not a month."""
    cleaned = text.strip()
    slash = re.match(r"^(\d{1,2})/(\d{4})$", cleaned)
    if slash:
        cleaned = f"{slash.group(2)}-{int(slash.group(1)):02d}"
    dash = re.match(r"^(\d{4})-(\d{1,2})$", cleaned)
    if dash:
        cleaned = f"{dash.group(1)}-{int(dash.group(2)):02d}"
    return cleaned if MONTH_PATTERN.match(cleaned) else None


def this_month(now: datetime | None = None) -> str:
    moment = now or datetime.now(timezone.utc)
    return f"{moment.year:04d}-{moment.month:02d}"


def month_of(timestamp: str) -> str:
    """The month of an ISO time such as a result's ``created_at``."""
    return timestamp[:7]


def add_months(month: str, count: int) -> str:
    year, number = int(month[:4]), int(month[5:7])
    total = year * 12 + (number - 1) + count
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def default_due(month: str) -> str:
    """The month a target or step is due by unless given: ``DEFAULT_AHEAD`` months on."""
    return add_months(month, DEFAULT_AHEAD)


def month_words(month: str) -> str:
    """Gives "March 2027"."""
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} {month[:4]}"


MONTH_HINT = 'a month written as year-month, for example "2027-03" for March 2027'
