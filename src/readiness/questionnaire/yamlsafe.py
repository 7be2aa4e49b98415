"""Read YAML (and JSON) files safely, keeping the line and column of every value.

Only PyYAML's safe loader is used (the C one when present). Files over 1 MiB,
binary or non-UTF-8 content, anchors and aliases, several documents in one file
and deep nesting are refused before any object is built, so no input can crash
the process or make it hang. Keys are always read as the text written, so a key
``no:`` stays the string "no".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeAlias

import yaml

from readiness.errors import InvalidFileError, Problem

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_11_TAGS = {
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:timestamp": "a date",
}

Location: TypeAlias = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """Parsed data plus where each value (and each mapping key) sits in the file."""

    path: Path
    data: object
    positions: dict[Location, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Location, tuple[int, int]] = field(default_factory=dict)
    # Scalars YAML 1.1 turned into booleans or dates: (the text written, what it became).
    surprises: dict[Location, tuple[str, str]] = field(default_factory=dict)

    def problem(self, location: Location, message: str, *, at_key: bool = False) -> Problem:
        """A problem placed at ``location`` or the nearest enclosing value found."""
        table = self.key_positions if at_key else self.positions
        for end in range(len(location), -1, -1):
            found = table.get(location[:end]) or self.positions.get(location[:end])
            if found:
                return Problem(message, self.path, found[0], found[1])
        return Problem(message, self.path)


def read_text(path: Path, *, what: str = "file") -> str:
    """The file's text, refusing what is too big, binary or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(path, f"is {size:,} bytes; the limit is 1 MiB (1,048,576 bytes)", what)
        raw = path.read_bytes()
    except IsADirectoryError:
        raise _fail(path, "is a folder, not a file", what) from None
    except FileNotFoundError:
        raise _fail(path, "does not exist; check the name and folder", what) from None
    except PermissionError:
        raise _fail(path, "cannot be read: permission denied", what) from None
    except OSError as error:
        raise _fail(path, f"cannot be read: {error.strerror or error}", what) from None
    return decode(raw, path, what=what)


def decode(raw: bytes, path: Path, *, what: str = "file") -> str:
    """UTF-8 text from bytes (a byte-order mark is allowed), or a clear refusal."""
    if b"\x00" in raw:
        line, column = _line_column(raw, raw.index(b"\x00"))
        raise InvalidFileError(
            [
                Problem(
                    "this looks like a binary file, not text: save it as UTF-8 text",
                    path,
                    line,
                    column,
                )
            ],
            what=what,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        message = "this is not UTF-8 text: save the file as UTF-8 (in Notepad, Save As → Encoding)"
        raise InvalidFileError([Problem(message, path, line, column)], what=what) from None


def load_yaml(path: Path, *, what: str = "file") -> Document:
    """Read and parse one YAML or JSON file."""
    return parse_yaml(read_text(path, what=what), path, what=what)


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


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    return line, offset - (before.rfind(b"\n") + 1) + 1


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


def _fail(path: Path, message: str, what: str) -> InvalidFileError:
    return InvalidFileError([Problem(f"the {what} {message}", path)], what=what)
