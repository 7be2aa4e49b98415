"""Read YAML (and JSON) files safely, keeping the line and column of every value.

Only PyYAML's safe loader is used (the C one when present). Files over 1 MiB,
binary or non-UTF-8 content, anchors and aliases, several documents in one file
and deep nesting are refused before any object is built, so no input can crash
the process or make it hang. Keys are always read as the text written, so a key
``no:`` stays the string "no".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, TypeAlias

import yaml
from msgspec import Struct, field

from readiness.errors import InvalidFileError, Problem
from readiness.files import MAX_BYTES, MAX_DEPTH, MAX_INT_DIGITS, decode, parse_json, read_text

__all__ = ["MAX_BYTES", "MAX_DEPTH", "Document", "decode", "load_yaml", "parse_yaml", "read_text"]
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_11_TAGS = {
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:timestamp": "a date",
}

_INT_TAG = "tag:yaml.org,2002:int"
_NUMBER_TAGS = {_INT_TAG, "tag:yaml.org,2002:float"}
# Numbers as people write them. YAML 1.1 also reads 1:00 as 60 (base 60), 010 as 8
# (octal), 0x1F, 0b101, 1_000, .nan and .inf as numbers: those are refused, with advice.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")

Location: TypeAlias = tuple[str | int, ...]


class Document(Struct, frozen=True):
    """Parsed data plus where each value (and each mapping key) sits in the file."""

    path: Path
    data: object
    positions: dict[Location, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Location, tuple[int, int]] = field(default_factory=dict)
    # Scalars YAML 1.1 turned into booleans or dates: (the text written, what it became).
    surprises: dict[Location, tuple[str, str]] = field(default_factory=dict)

    def mapping(self) -> dict[str, Any]:
        """The data as ``key: value`` pairs: called once the shape checks have passed."""
        return self.data if isinstance(self.data, dict) else {}

    def problem(self, location: Location, message: str, *, at_key: bool = False) -> Problem:
        """A problem placed at ``location`` or the nearest enclosing value found."""
        table = self.key_positions if at_key else self.positions
        for end in range(len(location), -1, -1):
            found = table.get(location[:end]) or self.positions.get(location[:end])
            if found:
                return Problem(message, self.path, found[0], found[1])
        return Problem(message, self.path)


def load_yaml(path: Path, *, what: str = "file") -> Document:
    """Read and parse one YAML or JSON file: a ``.json`` file is read as JSON, never as YAML."""
    text = read_text(path, what=what)
    if path.suffix.lower() == ".json":
        return parse_json_document(text, path, what=what)
    return parse_yaml(text, path, what=what)


def parse_json_document(text: str, path: Path, *, what: str = "file") -> Document:
    """Strict JSON (``files.parse_json``), with positions where YAML can find them.

    The data always comes from the JSON parser (so DEL or U+009B in a name, which
    YAML refuses, reads back exactly); YAML is asked only for the line and column
    of each value, and a file it cannot read simply has none.
    """
    data = parse_json(text, path, what=what)
    positions: dict[Location, tuple[int, int]] = {}
    key_positions: dict[Location, tuple[int, int]] = {}
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        node = None
    if node is not None:
        _note_positions(node, (), positions, key_positions)
    return Document(path, data, positions, key_positions)


def _note_positions(
    node: yaml.Node,
    location: Location,
    positions: dict[Location, tuple[int, int]],
    key_positions: dict[Location, tuple[int, int]],
) -> None:
    pending: list[tuple[yaml.Node, Location]] = [(node, location)]
    while pending:  # no recursion: the JSON parser has already bounded the depth
        current, where = pending.pop()
        positions[where] = (current.start_mark.line + 1, current.start_mark.column + 1)
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                key: Location = (*where, str(key_node.value))
                mark = key_node.start_mark
                key_positions[key] = (mark.line + 1, mark.column + 1)
                pending.append((value_node, key))
        elif isinstance(current, yaml.SequenceNode):
            pending.extend((item, (*where, i)) for i, item in enumerate(current.value))


def parse_yaml(text: str, path: Path, *, what: str = "file") -> Document:
    """Parse YAML text into plain Python data with positions, or raise every problem found."""
    try:
        problems = list(_structure_problems(text, path))
        if problems:
            raise InvalidFileError(problems, what=what)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        raise InvalidFileError([_syntax_problem(error, path, text)], what=what) from None
    except yaml.YAMLError as error:  # reader errors (control characters) carry no mark class
        raise InvalidFileError(
            [Problem(f"cannot be read as YAML: {error}", path)], what=what
        ) from None
    if node is None:
        raise InvalidFileError([Problem("the file is empty", path, 1, 1)], what=what)
    builder = _Builder(path)
    data = builder.build(node, ())
    if builder.problems:
        raise InvalidFileError(builder.problems, what=what)
    return Document(path, data, builder.positions, builder.key_positions, builder.surprises)


def _structure_problems(text: str, path: Path) -> Iterator[Problem]:
    """Refuse aliases, several documents and deep nesting from the event stream alone."""
    depth = documents = 0
    for event in yaml.parse(text, Loader=_LOADER):
        mark = event.start_mark
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                yield _marked(
                    "only one YAML document is allowed per file: remove the '---' line", path, mark
                )
                return
        elif isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            yield _marked(
                "anchors and aliases (&name, *name) are not allowed: write the value out in full",
                path,
                mark,
            )
            return
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                yield _marked(f"nested more than {MAX_DEPTH} levels deep", path, mark)
                return
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Mark(Protocol):
    line: int
    column: int


def _marked(message: str, path: Path, mark: _Mark | None) -> Problem:
    """A problem at a PyYAML mark (0-based), shown 1-based."""
    if mark is None:
        return Problem(message, path)
    return Problem(message, path, mark.line + 1, mark.column + 1)


def _syntax_problem(error: yaml.MarkedYAMLError, path: Path, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    message = " ".join(part for part in (error.context, error.problem) if part)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        message += " (use spaces, not tabs, to indent)"
    elif "mapping values are not allowed" in message:
        message += " (a value containing ': ' needs quotes)"
    message = f"this is not valid YAML: {message}"
    if mark is None:
        return Problem(message, path)
    return Problem(message, path, mark.line + 1, mark.column + 1)


def _number_problem(node: yaml.ScalarNode) -> str | None:
    """Why a plain scalar YAML reads as a number cannot be used as written, or None."""
    text = str(node.value)
    plain = _PLAIN_INT if node.tag == _INT_TAG else _PLAIN_FLOAT
    if not plain.fullmatch(text):
        if text.lower().lstrip("+-") in {".nan", ".inf"}:
            return f"YAML reads {text} as 'not a number' or infinity: write a number"
        return (
            f"YAML reads {text} as a number written an unusual way (base 60, octal, hex or "
            "with '_'): "
            f'put it in quotes, like "{text}", or write the number out in plain digits'
        )
    digits = len(text.lstrip("+-").split(".")[0])
    if digits > MAX_INT_DIGITS or (node.tag != _INT_TAG and not math.isfinite(float(text))):
        shown = text if len(text) <= 20 else text[:20] + "…"
        return f"the number {shown} is far too large: write a smaller one"
    return None


class _Builder:
    """Builds plain data from composed nodes, noting positions and duplicate keys."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.positions: dict[Location, tuple[int, int]] = {}
        self.key_positions: dict[Location, tuple[int, int]] = {}
        self.surprises: dict[Location, tuple[str, str]] = {}
        self.problems: list[Problem] = []
        self._scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, location: Location) -> object:
        self.positions[location] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, location)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*location, index)) for index, item in enumerate(node.value)]
        if node.tag in _YAML_11_TAGS:
            self.surprises[location] = (str(node.value), _YAML_11_TAGS[node.tag])
        if (
            isinstance(node, yaml.ScalarNode)
            and node.tag in _NUMBER_TAGS
            and (problem := _number_problem(node))
        ):
            self.problems.append(_marked(problem, self.path, node.start_mark))
            return str(node.value)
        try:
            return self._scalars.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError):
            return str(node.value)

    def _mapping(self, node: yaml.MappingNode, location: Location) -> dict[str, object]:
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(_marked("a key must be plain text", self.path, mark))
                continue
            key = str(key_node.value)
            key_location: Location = (*location, key)
            if key in result:
                first_line = self.key_positions[key_location][0]
                message = f"duplicate key '{key}' (first given on line {first_line}): keep only one"
                self.problems.append(_marked(message, self.path, mark))
                continue
            self.key_positions[key_location] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, key_location)
        return result
