"""Who and when a result is for, defined once: practice, respondent and PCN keys, times, names.

Every reader of results (report, history, compare, the search for the earlier
result) matches practices and respondents with these keys, so a GP partner's
answers are never set against the practice manager's as if they were a change
over time. Light on imports: the fast reader uses it for thousands of files.
"""

from __future__ import annotations

from datetime import datetime, timezone

UNNAMED = "Unnamed practice"
_UTC_LENGTH = len("2026-01-15T10:30:00Z")


def display_name(name: str | None, ods_code: str | None) -> str:
    """The practice as people read it: its name, else its ODS code."""
    return name or ods_code or UNNAMED


def words_key(text: str) -> str:
    """Text compared ignoring case and spacing."""
    return " ".join(text.casefold().split())


def practice_key(ods_code: str | None, name: str | None) -> tuple[str, str] | None:
    """Which practice a result is for: its ODS code, else its name; None if neither is known."""
    if ods_code and ods_code.strip():
        return ("ods", ods_code.strip().upper())
    if name and name.strip():
        return ("name", words_key(name))
    return None


def respondent_key(respondent: str | None) -> str:
    """Respondents match ignoring case and spacing; none recorded is one respondent."""
    return words_key(respondent) if respondent else ""


def pcn_key(name: str) -> str:
    """PCN names match ignoring case, spacing and a final word "PCN"."""
    words = name.casefold().split()
    if len(words) > 1 and words[-1] == "pcn":
        words = words[:-1]
    return " ".join(words)


def now_utc() -> str:
    """Now, as results and drafts record it: UTC to the second, "2026-01-15T10:30:00Z"."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# Recorded times outside these years are damage, not history: refused as the file is read,
# so that no report, spreadsheet or local-time conversion meets year 1 or year 9999.
MIN_YEAR = 1970
MAX_YEAR = 2999


def parse_time(text: str) -> datetime:
    """A recorded time (a time written without a zone is taken as UTC); ``ValueError`` if bad."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    try:
        year = moment.astimezone(timezone.utc).year
    except OverflowError:
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"the time {text!r} is not between the years {MIN_YEAR} and {MAX_YEAR}")
    return moment


def checked_time(text: str) -> str:
    """``text`` if it is a recorded time ``parse_time`` reads (for validators); else ValueError."""
    parse_time(text)
    return text


def time_key(created_at: str) -> tuple[str, int]:
    """A recorded time in a form that sorts in time order: UTC to the second, microseconds.

    Nearly every result already has the UTC form readiness writes, so sorting
    thousands needs no date arithmetic; any other form is converted.
    """
    if len(created_at) == _UTC_LENGTH and created_at.endswith("Z"):
        return (created_at[:19], 0)
    moment = parse_time(created_at).astimezone(timezone.utc)
    return (moment.strftime("%Y-%m-%dT%H:%M:%S"), moment.microsecond)
