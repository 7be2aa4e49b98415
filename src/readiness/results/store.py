"""Where results and drafts live on disk, and how they are written without ever being half-written.

The store is a folder under the user's data directory (from platformdirs), or
``READINESS_HOME`` when set. Every write goes to a temporary file in the same
folder, is flushed to disk, then replaces the target in one step
(``os.replace``), so a crash or power cut leaves the old file or the new one,
never a mix.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import platform
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from readiness.errors import ReadinessError

if TYPE_CHECKING:
    from readiness.results.record import ResultFile

APP_NAME = "readiness"


def _default_file_mode() -> int:
    """0666 less the user's umask, as an ordinary new file gets (ignored on Windows)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_DEFAULT_FILE_MODE = _default_file_mode()
ENV_HOME = "READINESS_HOME"


def home() -> Path:
    """The store's root folder (not created until something is saved)."""
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def results_dir() -> Path:
    return home() / "results"


def drafts_dir() -> Path:
    return home() / "drafts"


def slug(text: str, *, fallback: str = "practice") -> str:
    """A file-name-safe version of a practice name or ODS code (works on Windows too)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    return cleaned[:60] or fallback


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` so that readers see all of it or none of it."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file, fsync and ``os.replace``."""
    if path.exists() and not path.is_file() and not path.is_dir():
        _write_through(path, data)
        return
    folder = path.parent
    if not folder.is_dir():
        raise ReadinessError(
            f"The folder {folder} does not exist, so {path.name} cannot be saved there.",
            hint="Create the folder first, or choose another place.",
        )
    try:
        import tempfile  # here: only a command that writes needs it

        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            # mkstemp makes the file private (0600); give it the usual permissions instead.
            Path(temporary).chmod(_DEFAULT_FILE_MODE)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            Path(temporary).replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
            raise
    except OSError as error:
        raise ReadinessError(f"Could not save {path}: {error.strerror or error}.") from None
    _sync_folder(folder)


def _write_through(path: Path, data: bytes) -> None:
    """Write straight to a device or pipe (/dev/null, a named pipe): replacing it would be wrong.

    Opened without blocking, so a named pipe nobody is reading from is refused at once
    instead of waiting for ever; once open, writes block as usual, so none is cut short.
    """
    nonblock = getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0) | nonblock)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise ReadinessError(
                f"Nothing is reading from {path} (a named pipe), so it cannot be written to.",
                hint="Start the program that reads from it first, or give an ordinary file.",
            ) from None
        raise ReadinessError(f"Could not write to {path}: {error.strerror or error}.") from None
    try:
        if nonblock:
            os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "wb", closefd=False) as handle:
            handle.write(data)
    except OSError as error:
        raise ReadinessError(f"Could not write to {path}: {error.strerror or error}.") from None
    finally:
        os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable. Windows cannot open a folder for this; skip it there."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def ensure_dir(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReadinessError(
            f"Could not create the folder {folder}: {error.strerror or error}.",
            hint=f"Set {ENV_HOME} to a folder you can write to.",
        ) from None
    return folder


def check_out(out: Path) -> None:
    """Refuse an ``--out`` file in the results or drafts folder, or one that is a saved result.

    Those folders are readiness's own, and a result is never replaced: a report written
    over one would lose an assessment. An ordinary file elsewhere may be replaced, as
    command-line tools do.
    """
    from readiness.errors import UsageError
    from readiness.files import inside, is_regular_file

    for folder, what in ((results_dir(), "results"), (drafts_dir(), "drafts")):
        if inside(out, folder):
            raise UsageError(
                f"--out {out} is in your {what} folder ({folder}), which readiness keeps "
                "for itself.",
                hint="Choose a file somewhere else, for example in your Documents folder.",
            )
    if is_regular_file(out) and _is_result(out):
        raise UsageError(
            f"--out {out} is a saved result, and readiness never replaces a result.",
            hint="Choose another name for --out.",
        )


def _is_result(path: Path) -> bool:
    from readiness.results.fast import Scanned, scan_one

    return isinstance(scan_one(1, str(path)), Scanned)


def save_result(result: ResultFile) -> Path:
    """Keep a result in the results folder under a new name, never replacing one; returns where.

    The name holds the practice, the respondent, the time and (if that is taken, say by
    a colleague finishing in the same second) a counter.
    """
    from readiness.results.record import result_json

    practice = result.practice
    stem = slug(practice.ods_code or practice.name or "practice")
    if practice.respondent:
        stem += "-" + slug(practice.respondent, fallback="respondent")
    stamp = result.created_at.replace("-", "").replace(":", "").replace("T", "-").rstrip("Z")
    return create_new(ensure_dir(results_dir()), f"{stem}-{slug(stamp, fallback='time')}",
                      result_json(result).encode("utf-8"))  # fmt: skip


MAX_COUNTER = 10_000


def create_new(folder: Path, stem: str, data: bytes, *, suffix: str = ".json") -> Path:
    """Write ``data`` to ``folder/stem.json`` (or ``stem-2.json``, ``-3``…), never replacing a file.

    The bytes go to a temporary file first and are then linked to the first free name:
    a link fails if the name is taken, so two processes can never both have it, and a
    reader never sees half a file. Where links are not allowed (some network drives),
    the name is claimed with an exclusive create instead.
    """
    temporary = _temporary_copy(folder, data)
    try:
        for counter in range(1, MAX_COUNTER + 1):
            target = folder / (f"{stem}{suffix}" if counter == 1 else f"{stem}-{counter}{suffix}")
            try:
                _claim(temporary, target, data)
            except FileExistsError:
                continue
            except OSError as error:
                raise ReadinessError(
                    f"Could not save {target}: {error.strerror or error}."
                ) from None
            _sync_folder(folder)
            return target
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    raise ReadinessError(f"Could not find a free name for {stem}{suffix} in {folder}.")


def _temporary_copy(folder: Path, data: bytes) -> Path:
    try:
        import tempfile

        descriptor, name = tempfile.mkstemp(dir=folder, prefix=".new-", suffix=".tmp")
        Path(name).chmod(_DEFAULT_FILE_MODE)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        raise ReadinessError(f"Could not save in {folder}: {error.strerror or error}.") from None
    return Path(name)


def _claim(temporary: Path, target: Path, data: bytes) -> None:
    """Give ``target`` the temporary file's bytes, or FileExistsError if the name is taken."""
    try:
        os.link(temporary, target)
        return
    except FileExistsError:
        raise
    except (OSError, NotImplementedError):
        pass  # no hard links here: claim the name exclusively and write into it
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         _DEFAULT_FILE_MODE)  # fmt: skip
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


# A practice's action plan lives beside its results as "<practice>.plan.json": it travels
# with them to a PCN lead, and is never read as a result.
PLAN_SUFFIX = ".plan.json"


def is_plan_file(name: str) -> bool:
    return name.lower().endswith(PLAN_SUFFIX)


def result_files() -> list[Path]:
    """Every result in the store, oldest first by name (action plans are not results)."""
    folder = results_dir()
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.json") if not is_plan_file(path.name))


# ------------------------------------------------------------------------------ locks


class LockHolder(Struct, frozen=True):
    """Who holds a lock: the process, its computer and when it started."""

    pid: int
    host: str
    started: str  # UTC, as results record times


class Locked(ReadinessError):
    """Someone else (another window, most likely) holds the lock."""

    def __init__(self, message: str, *, holder: LockHolder, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.holder = holder


# A lock from another computer (a shared drive) cannot be checked; after this long it is
# taken to be left over from a crash.
STALE_AFTER_SECONDS = 12 * 60 * 60


@contextlib.contextmanager
def exclusive_lock(path: Path, *, describe: str) -> Iterator[LockHolder]:
    """Hold ``path`` as a lock file (created exclusively) until the block ends.

    The file records the process id, the computer and the start time. A lock left by a
    process that has gone (a crash, a closed window) is found stale and taken over; a
    live one raises ``Locked``, naming when it was taken. ``describe`` says what is
    locked, for that message.
    """
    ensure_dir(path.parent)
    mine = LockHolder(os.getpid(), _host(), _now())
    _take(path, mine, describe)
    try:
        yield mine
    finally:
        if _holder(path) == mine:
            with contextlib.suppress(OSError):
                path.unlink()


def check_free(path: Path, *, describe: str) -> None:
    """Raise ``Locked`` if another live process holds the lock file ``path``."""
    holder = _holder(path)
    if holder is None or _is_stale(holder):
        return
    if holder.pid == os.getpid() and holder.host == _host():
        return  # this process's own lock
    raise _locked(holder, describe)


def _take(path: Path, mine: LockHolder, describe: str) -> None:
    text = json.dumps({"pid": mine.pid, "host": mine.host, "started": mine.started})
    for _attempt in range(3):
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _DEFAULT_FILE_MODE)
        except FileExistsError:
            holder = _holder(path)
            if holder is not None and not _is_stale(holder):
                raise _locked(holder, describe) from None
            _break(path, holder)
            continue
        except OSError as error:
            raise ReadinessError(
                f"Could not lock {describe} ({path}): {error.strerror or error}."
            ) from None
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        return
    raise ReadinessError(f"Could not lock {describe} ({path}).", hint="Try again.")


def _holder(path: Path) -> LockHolder | None:
    """Who the lock file names; None if it is missing or damaged."""
    from readiness.errors import InvalidFileError
    from readiness.files import parse_json, read_bytes

    try:
        data = parse_json(read_bytes(path, what="lock file").decode("utf-8"), path)
    except (InvalidFileError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    pid, host, started = data.get("pid"), data.get("host"), data.get("started")
    if isinstance(pid, int) and isinstance(host, str) and isinstance(started, str):
        return LockHolder(pid, host, started)
    return None


def _is_stale(holder: LockHolder) -> bool:
    if holder.host == _host() and os.name == "posix":
        try:
            os.kill(holder.pid, 0)  # signal 0 only asks whether the process exists
        except ProcessLookupError:
            return True
        except PermissionError:
            return False  # it exists, under another user
        return False
    # Another computer, or Windows (where os.kill would end the process): by age.
    from readiness.results.identity import parse_time

    try:
        started = parse_time(holder.started)
    except ValueError:
        return True
    return (datetime.now(timezone.utc) - started).total_seconds() > STALE_AFTER_SECONDS


def _break(path: Path, stale: LockHolder | None) -> None:
    """Remove a stale (or damaged) lock, unless someone took it over meanwhile."""
    aside = path.with_name(f"{path.name}.stale-{os.getpid()}")
    try:
        path.replace(aside)
    except FileNotFoundError:
        return
    except OSError:
        return
    if stale is not None and _holder(aside) != stale:
        # Another process took it over between our look and the rename: put theirs back.
        with contextlib.suppress(OSError):
            aside.replace(path)
        return
    with contextlib.suppress(OSError):
        aside.unlink()


def _locked(holder: LockHolder, describe: str) -> Locked:
    from readiness.results.identity import parse_time

    try:
        moment = parse_time(holder.started).astimezone()
        when = f"at {moment:%H:%M} on {moment.day} {moment:%B %Y}"
    except (ValueError, OverflowError):
        when = f"at {holder.started}"
    return Locked(
        f"{describe[0].upper()}{describe[1:]} are already open in another window: it started "
        f"{when} (process {holder.pid} on {holder.host}). Answering in two windows at once "
        "would lose one window's answers, so this one stops here.",
        holder=holder,
        hint="Close the other window, or answer as another respondent with --respondent.",
    )


def _now() -> str:
    from readiness.results.identity import now_utc

    return now_utc()


def set_aside(path: Path) -> Path | None:
    """Rename a damaged file to ``<name>.corrupt-<time>``; None if it could not be renamed."""
    from datetime import datetime, timezone

    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 2
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    try:
        path.replace(target)
    except OSError:
        # A read-only folder, or Windows holding the file open: the caller goes on without it.
        return None
    return target


def _host() -> str:
    """This computer's name, as lock files record it (``uname``: no socket module needed)."""
    return platform.node()
