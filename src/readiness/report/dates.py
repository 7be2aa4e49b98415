"""Dates written out in words, the same on every computer.

Month names are spelt out here rather than taken from the locale, so that no
setting on a practice PC can change a report's or an export's bytes.
"""

from __future__ import annotations

from datetime import date

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(iso: str) -> str:
    """Turns "2026-01-15…" into "15 January 2026"; a bare year or other text stays as written."""
    return _in_words(iso, months=MONTHS)


def survey_when(fieldwork: str | None, published: str) -> str:
    """When a figure's respondents answered: the fieldwork, else "published 27 May 2021"."""
    return fieldwork or f"published {long_date(published)}"


def short_date(iso: str) -> str:
    """The date with the month cut short: "2026-01-15…" → "15 Jan 2026"."""
    return _in_words(iso, months=tuple(month[:3] for month in MONTHS))


def _in_words(iso: str, *, months: tuple[str, ...]) -> str:
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {months[day.month - 1]} {day.year}"
