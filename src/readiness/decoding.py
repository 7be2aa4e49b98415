"""msgspec's complaint about a file, in people's words and placed at its line and column.

The result file and the plan file are checked by msgspec as they are read; it names
the first problem and where it is as a path (``$.scores.domains[...].score``). This
turns that into the message and position readiness gives for every bad file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import msgspec

from readiness.errors import Problem
from readiness.months import MONTH_HINT

if TYPE_CHECKING:  # the positions come with the document; yaml is imported only for bad files
    from readiness.questionnaire.yamlsafe import Document

# msgspec's words for JSON types, and how the problems read to people.
_WORDS = {
    "`float | str | array`": "an answer (text, a number or a list of choices)",
    "`float`": "a number",
    "`int`": "a whole number",
    "`str`": "text",
    "`bool`": "true or false",
    "`null`": "null",
    "`array`": "a list",
    "`object`": "a mapping",
    " <= ": " at most ",
    " >= ": " at least ",
    "`": "'",
}
_AT = re.compile(r" - at `\$(?P<path>.*)`$")
_STEP = re.compile(r"\.(?P<key>[^.\[]+)|\[(?P<index>\d+)\]|\[\.\.\.\]")
_FIELD_FIRST = re.compile(r"^(?P<field>[a-z_]+): ")
# msgspec names a missing or unknown field in the message: the problem goes to the field.
_FIELD_NAMED = {
    re.compile(r"^Object missing required field `(?P<field>[^`]*)`$"): "this is missing",
    re.compile(r"^Object contains unknown field `(?P<field>[^`]*)`$"): (
        "a result file has no such field: remove it"
    ),
}
Location = list[str | int]
# A text that must follow a pattern: what to write, by the field's name (msgspec would
# show the pattern itself, which means nothing to a practice manager).
_PATTERNED = re.compile(r"^Expected `str` matching regex .*$")
_FORM_BY_FIELD = {
    "by": f"write {MONTH_HINT}",
    "due": f"write {MONTH_HINT}",
    "on": 'write a day as year-month-day, for example "2026-02-01"',
    "created": 'write a day as year-month-day, for example "2026-02-01"',
    "id": "use only lower-case letters, digits and '-'",
}
_NOT_ALLOWED = re.compile(r"^Invalid enum value (?P<value>.*)$")


def located_problem(
    document: Document, data: object, reason: str, *, check: Callable[[object], object]
) -> Problem:
    """One problem, in people's words and placed in ``document``, from msgspec's ``reason``.

    ``reason`` is a ``msgspec.ValidationError``'s text ("Expected `int`, got `str` - at
    `$.a[0]`") for ``data``, the file's parsed contents; ``check`` checks data again the
    same way (raising the same error), to find a mapping's key msgspec does not name.
    """
    location, reason = _location(data, reason, check)
    at_key = False
    for pattern, words in _FIELD_NAMED.items():
        if named := pattern.match(reason):
            location.append(named["field"])
            reason, at_key = words, True
    reason = _words(reason, location)
    where = ".".join(map(str, location))
    message = f"{where}: {reason[:1].lower()}{reason[1:]}" if where else reason
    return document.problem(tuple(location), message, at_key=at_key)


def _location(data: object, reason: str, check: Callable[[object], object]) -> tuple[Location, str]:
    """Where the problem is, and the message without msgspec's path."""
    location: Location = []
    found = _AT.search(reason)
    if found:
        for step in _STEP.finditer(found["path"]):
            if step["index"] is not None:
                location.append(int(step["index"]))
            elif step["key"] is not None:
                location.append(step["key"])
            else:  # a mapping's key, which msgspec does not name: find it
                location.append(_failing_key(data, location, found.string, check))
        return location, reason[: found.start()]
    if field_first := _FIELD_FIRST.match(reason):
        return [field_first["field"]], reason[field_first.end() :]
    return location, reason


def _words(reason: str, location: Location) -> str:
    if _PATTERNED.match(reason):
        last = location[-1] if location else ""
        return _FORM_BY_FIELD.get(str(last), "this is not written in the form it should be")
    if allowed := _NOT_ALLOWED.match(reason):
        return f"{allowed['value']} is not one of the values allowed here"
    for name, words in _WORDS.items():
        reason = reason.replace(name, words)
    return reason


def _failing_key(
    data: object, location: Location, message: str, check: Callable[[object], object]
) -> str:
    """The first key of the mapping at ``location`` whose value gives ``message``.

    msgspec checks keys in order, so the mapping cut short just after the failing key
    fails with the same message, and cut any shorter it does not. That is looked for by
    halving (a dozen checks for 2,000 notes), never key by key. Only bad files come here.
    """
    mapping = _at(data, location)
    if not isinstance(mapping, dict) or not mapping:
        return "..."
    keys = [str(key) for key in mapping]  # JSON keys are text
    low, high = 1, len(keys)  # the shortest failing cut is in low..high, if anywhere
    if not _fails(data, location, mapping, keys[:high], message, check):
        return "..."
    while low < high:
        middle = (low + high) // 2
        if _fails(data, location, mapping, keys[:middle], message, check):
            high = middle
        else:
            low = middle + 1
    return keys[low - 1]


def _fails(
    data: object,
    location: Location,
    mapping: dict[str, object],
    keys: list[str],
    message: str,
    check: Callable[[object], object],
) -> bool:
    try:
        check(_with(data, location, {key: mapping[key] for key in keys}))
    except msgspec.ValidationError as error:
        return str(error) == message
    return False


def _at(data: object, location: Location) -> object:
    for step in location:
        inside = (
            step in data
            if isinstance(data, dict)
            else (isinstance(data, list) and isinstance(step, int) and step < len(data))
        )
        if not inside:
            return None
        data = data[step]  # type: ignore[index]  # a dict or list holding ``step``, just checked
    return data


def _with(data: object, location: Location, value: object) -> object:
    """A copy of ``data`` with ``value`` at ``location`` (copied only along the way)."""
    if not location:
        return value
    step, rest = location[0], location[1:]
    if isinstance(data, dict):
        return {**data, step: _with(data[step], rest, value)}
    if isinstance(data, list) and isinstance(step, int):
        return [*data[:step], _with(data[step], rest, value), *data[step + 1 :]]
    return data
