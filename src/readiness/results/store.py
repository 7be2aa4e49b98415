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
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

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


def save_result(result: ResultFile) -> Path:
    """Keep a result in the results folder under a new name; returns where."""
    from readiness.results.record import result_json

    practice = result.practice
    saved = result_path(practice.ods_code or practice.name or "practice", result.created_at)
    write_atomic(saved, result_json(result))
    return saved


def result_path(practice_key: str, created_at: str) -> Path:
    """A new, unused file name in the results folder for this practice and time."""
    stamp = created_at.replace("-", "").replace(":", "").replace("T", "-").rstrip("Z")
    folder = ensure_dir(results_dir())
    candidate = folder / f"{slug(practice_key)}-{stamp}.json"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{slug(practice_key)}-{stamp}-{counter}.json"
        counter += 1
    return candidate


def result_files() -> list[Path]:
    """Every result in the store, oldest first by name."""
    folder = results_dir()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []
