"""Read files within bounds: the one reader, and the one size limit, for every file readiness reads.

Questionnaires, answers files, results (read whole or quickly), drafts, ``--since``
files, the results folder and the questionnaire cache key all read through
``read_bytes``. It opens without blocking, checks the file type before reading
(a named pipe, device or socket is refused, so nothing hangs and ``/dev/zero`` is
never read), names a symbolic link that loops instead of following it, and reads
at most ``MAX_BYTES`` + 1 bytes. ``MAX_BYTES`` is the one size limit: the writer of
results refuses to write a result over it, so every file readiness writes, it can
read back.

``parse_json`` is the one strict JSON parser: no NaN or Infinity, no integer of
more than 20 digits, no nesting deeper than ``MAX_DEPTH``; every failure is an
``InvalidFileError`` naming the file (and the line and column where known).
"""

from __future__ import annotations

import errno
import json
import math
import os
import stat
from pathlib import Path

from readiness.errors import InvalidFileError, Problem

MAX_BYTES = 1024 * 1024
LIMIT_WORDS = "1 MiB (1,048,576 bytes)"
# Nesting deeper than this is refused in YAML and JSON alike (results nest about 5 deep).
MAX_DEPTH = 32
# Integers longer than this are no count or score readiness could use.
MAX_INT_DIGITS = 20

# O_NONBLOCK: opening a named pipe with no writer must not wait. Windows has neither the
# flag nor named pipes in the file system; there the type is checked before opening.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | _NONBLOCK
_CHUNK = 65536


def read_bytes(
    path: str | Path, *, what: str = "file", limit: int = MAX_BYTES, limit_words: str = LIMIT_WORDS
) -> bytes:
    """The file's bytes, if it is a regular file of at most ``limit`` bytes; else a clear refusal.

    ``limit`` is ``MAX_BYTES`` for every file readiness writes; a filled answer form (a
    spreadsheet, written by Excel) is allowed more.
    """
    try:
        if not _NONBLOCK:
            _check_type(os.stat(path).st_mode, path, what)  # noqa: PTH116 - text paths, by thousands
        descriptor = os.open(path, _FLAGS)
    except OSError as error:
        raise _refused(path, _open_reason(error), what) from None
    try:
        info = os.fstat(descriptor)
        _check_type(info.st_mode, path, what)
        if info.st_size > limit:
            raise too_big(path, what, size=info.st_size, limit_words=limit_words)
        data = _read_upto(descriptor, info.st_size, limit)
    except OSError as error:
        raise _refused(path, f"cannot be read: {error.strerror or error}", what) from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise too_big(path, what, size=None, limit_words=limit_words)  # it grew while read
    return data


def read_text(path: Path, *, what: str = "file") -> str:
    """The file's text (read within bounds by ``read_bytes``); binary or non-UTF-8 refused."""
    return decode(read_bytes(path, what=what), path, what=what)


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


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    return line, offset - (before.rfind(b"\n") + 1) + 1


def is_regular_file(path: str | Path) -> bool:
    """Whether ``path`` is a regular file (following links); False for loops and pipes."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)  # noqa: PTH116 - as in read_bytes
    except (OSError, ValueError):
        return False


def real_path(path: str | Path) -> str:
    """Where ``path`` really leads, for comparing two paths; never fails on a link loop."""
    return os.path.normcase(os.path.realpath(path))


def same_file(first: str | Path, second: str | Path) -> bool:
    """Whether two paths lead to the same place (links followed as far as they go)."""
    return real_path(first) == real_path(second)


def inside(path: str | Path, folder: str | Path) -> bool:
    """Whether ``path`` leads to somewhere inside ``folder`` (or to the folder itself)."""
    target, root = real_path(path), real_path(folder)
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def too_big(
    path: str | Path, what: str, *, size: int | None, limit_words: str = LIMIT_WORDS
) -> InvalidFileError:
    """The one message for a file over the limit."""
    amount = f"is {size:,} bytes" if size is not None else f"is over {limit_words}"
    return _refused(path, f"{amount}; the limit is {limit_words}", what)


def _read_upto(descriptor: int, size: int, limit: int = MAX_BYTES) -> bytes:
    data = os.read(descriptor, size + 1)  # one byte more tells a file that grew meanwhile
    if len(data) == size:
        return data
    chunks, total = [data], len(data)  # a short read (a network drive), or growth
    while total <= limit and (chunk := os.read(descriptor, _CHUNK)):
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _check_type(mode: int, path: str | Path, what: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise _refused(path, "is a folder, not a file", what)
    if stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    else:
        kind = "not an ordinary file"
    raise _refused(path, f"is {kind}, not an ordinary file: give a saved file instead", what)


def _open_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "does not exist; check the name and folder"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(error, PermissionError):
        return "cannot be read: permission denied"
    if error.errno == errno.ELOOP:
        return "is a symbolic link that leads round in a loop: remove or correct the link"
    if error.errno == errno.ENXIO:
        return "is a socket, not an ordinary file: give a saved file instead"
    return f"cannot be read: {error.strerror or error}"


def _refused(path: str | Path, message: str, what: str) -> InvalidFileError:
    return InvalidFileError([Problem(f"the {what} {message}", Path(path))], what=what)


# ------------------------------------------------------------------------------ JSON


class _Refused(ValueError):
    """A value ``json`` would accept but readiness does not (raised inside the parser)."""


def _no_constant(name: str) -> object:
    raise _Refused(f"{name} is not a number readiness can use: write a number")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(
            f"a whole number has {len(text.lstrip('-')):,} digits; the limit is {MAX_INT_DIGITS}"
        )
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"{text} is too large a number: write a smaller one")
    return value


def parse_json(text: str, path: Path, *, what: str = "file") -> object:
    """Strict JSON: plain data, or an ``InvalidFileError`` naming the file, line and column."""
    try:
        data = json.loads(
            text,
            parse_constant=_no_constant,
            parse_int=_bounded_int,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as error:
        reason = _JSON_REASONS.get(error.msg, error.msg.lower())
        message = f"this is not valid JSON: {reason} (was the file cut short or edited by hand?)"
        problem = Problem(message, path, error.lineno, error.colno)
        raise InvalidFileError([problem], what=what) from None
    except _Refused as error:
        raise InvalidFileError([Problem(str(error), path)], what=what) from None
    except RecursionError:
        raise _deep(path, what) from None
    if too_deep(data):
        raise _deep(path, what)
    return data


_JSON_REASONS = {
    "Unterminated string starting at": "a quoted text is not closed",
    "Expecting value": "a value is missing",
    "Expecting ',' delimiter": "a comma is missing",
    "Extra data": "there is more after the end of the data",
}


def too_deep(data: object) -> bool:
    """Whether lists and mappings nest more than ``MAX_DEPTH`` levels (found without recursion)."""
    pending: list[tuple[object, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return True
            items = value.values() if isinstance(value, dict) else value
            pending.extend((item, depth + 1) for item in items)
    return False


def _deep(path: Path, what: str) -> InvalidFileError:
    message = f"the data is nested more than {MAX_DEPTH} levels deep: this is not a {what}"
    return InvalidFileError([Problem(message, path)], what=what)
