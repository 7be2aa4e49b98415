"""A collection round: the PCN's list of practices (``--expect``), and who has returned.

The list is a CSV with a heading row, as Excel saves it: an ODS code column
and a practice name column (found by their headings), any other columns
ignored. It is read as UTF-8 (with or without Excel's byte-order mark); a file
that is not UTF-8 is read as Windows-1252, the encoding older Excel uses for
"CSV (Comma delimited)", and the round says so. Bad ODS codes and practices
listed twice are reported with their line numbers, all at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from readiness.errors import InvalidFileError, Problem, UsageError
from readiness.files import read_bytes
from readiness.network.practices import Group
from readiness.network.records import Entry, PracticeRow, Round
from readiness.questionnaire.answers import normalise_ods, ods_problem
from readiness.results.identity import parse_time, words_key

_ODS_HEADINGS = ("ods", "code")
_NAME_HEADINGS = ("name", "practice", "surgery")
FALLBACK_ENCODING = "cp1252"


class Expected(NamedTuple):
    """One practice on the PCN's list."""

    ods_code: str
    name: str
    line: int

    def label(self) -> str:
        return f"{self.name} ({self.ods_code})" if self.name else self.ods_code


class ExpectedList(NamedTuple):
    practices: tuple[Expected, ...]
    encoding_note: str | None  # set when the file was not UTF-8


def parse_since(text: str | None) -> date | None:
    """``--since`` as a date: 2026-04-01 (the form Excel and computers agree on)."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--since '{text}' is not a date readiness can read.",
            hint="Write it as year-month-day, for example --since 2026-04-01.",
        ) from None


# ------------------------------------------------------------------------------ the list


def read_expected(path: Path) -> ExpectedList:
    """The practices on the list, every problem reported at once with its line."""
    data = read_bytes(path, what="list of practices")
    text, note = _decode(data, path)
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text)))
    if not rows:
        raise _problems([Problem("the file is empty", path, 1)])
    ods_column, name_column = _columns(rows[0], path)
    practices: list[Expected] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        code = row[ods_column].strip() if ods_column < len(row) else ""
        name = " ".join(row[name_column].split()) if name_column < len(row) else ""
        if not code:
            problems.append(Problem(f"no ODS code for '{name or 'this practice'}'", path, line))
            continue
        if message := ods_problem(code):
            problems.append(Problem(message, path, line))
            continue
        ods = normalise_ods(code) or code
        if ods in seen:
            problems.append(
                Problem(f"{ods} is listed twice (also on line {seen[ods]}): keep one", path, line)
            )
            continue
        seen[ods] = line
        practices.append(Expected(ods, name, line))
    if problems:
        raise _problems(problems)
    if not practices:
        raise _problems([Problem("the list has headings but no practices", path, 2)])
    return ExpectedList(tuple(practices), note)


def _problems(problems: Sequence[Problem]) -> InvalidFileError:
    return InvalidFileError(problems, what="list of practices")


def _decode(data: bytes, path: Path) -> tuple[str, str | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode(FALLBACK_ENCODING)
    except UnicodeDecodeError:
        raise _problems(
            [
                Problem(
                    "the file is neither UTF-8 nor Windows-1252 text. In Excel, save it with "
                    "File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)'",
                    path,
                )
            ],
        ) from None
    return text, (
        f"{path.name} is not UTF-8, so it was read as Windows-1252 (as older Excel saves "
        "CSV files). If any practice name looks wrong, save the list as 'CSV UTF-8 (Comma "
        "delimited)' and run this again."
    )


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _columns(header: Sequence[str], path: Path) -> tuple[int, int]:
    headings = [" ".join(cell.split()).casefold() for cell in header]
    ods = next((i for i, h in enumerate(headings) if any(w in h for w in _ODS_HEADINGS)), None)
    name = next(
        (i for i, h in enumerate(headings) if i != ods and any(w in h for w in _NAME_HEADINGS)),
        None,
    )
    if ods is None or name is None:
        found = ", ".join(f"'{cell}'" for cell in header) or "nothing"
        raise _problems(
            [
                Problem(
                    f"the first line should be the headings, with one column for the ODS code "
                    f"and one for the practice name (for example: ODS code,Practice name); "
                    f"it has {found}",
                    path,
                    1,
                )
            ],
        )
    return ods, name


# ------------------------------------------------------------------------------ the round


def collection_round(
    pairs: Sequence[tuple[PracticeRow, Group]],
    expected: ExpectedList,
    *,
    since: date | None,
    anonymise: bool,
) -> Round:
    """Match each practice's results to the list: returned, waiting, unexpected, stale."""
    by_ods = {item.ods_code: item for item in expected.practices}
    by_name = {words_key(item.name): item for item in expected.practices if item.name}
    returned: set[str] = set()
    unexpected: list[Entry] = []
    duplicates: list[Entry] = []
    stale: list[Entry] = []
    for row, group in pairs:
        latest = max((item.created_at for item in group.current), key=parse_time)
        match = _match(group, by_ods, by_name)
        label = _label(row, group, anonymise)
        is_stale = since is not None and parse_time(latest).date() < since
        if match is None:
            unexpected.append(Entry(label, latest))
        elif not is_stale:
            returned.add(match.ods_code)
        if is_stale:
            stale.append(Entry(label, latest))
        if group.earlier:
            duplicates.append(Entry(label, latest, len(group.current) + len(group.earlier)))
    waiting = [item for item in expected.practices if item.ods_code not in returned]
    return Round(
        expected=len(expected.practices),
        returned=len(returned),
        waiting=() if anonymise else tuple(Entry(item.label()) for item in waiting),
        waiting_count=len(waiting),
        unexpected=tuple(unexpected),
        duplicates=tuple(duplicates),
        stale=tuple(stale),
        since=since.isoformat() if since else None,
        notes=(expected.encoding_note,) if expected.encoding_note else (),
    )


def _match(
    group: Group, by_ods: dict[str, Expected], by_name: dict[str, Expected]
) -> Expected | None:
    for item in reversed(group.current):
        if item.ods_code and item.ods_code in by_ods:
            return by_ods[item.ods_code]
    for item in reversed(group.current):
        if not item.ods_code and item.name and words_key(item.name) in by_name:
            return by_name[words_key(item.name)]
    return None


def _label(row: PracticeRow, group: Group, anonymise: bool) -> str:
    if anonymise:
        return row.label
    ods = next((item.ods_code for item in reversed(group.current) if item.ods_code), None)
    return f"{row.label} ({ods})" if ods and ods != row.label else row.label
