"""Where the details of an unexpected error go: a log file, never the practice manager's screen."""

from __future__ import annotations

import contextlib
import os
import traceback
from datetime import datetime, timezone
from pathlib import Path

from readiness import __version__


def logs_dir() -> Path:
    """``logs/`` in the readiness folder (READINESS_HOME, else the user data folder)."""
    from readiness.results.store import home

    return home() / "logs"


def write_crash_log(error: BaseException) -> Path | None:
    """Write the traceback to a new log file and return its path (None if it cannot be)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    text = "".join(
        [
            f"readiness {__version__}, {stamp} UTC, process {os.getpid()}\n",
            *traceback.format_exception(type(error), error, error.__traceback__),
        ]
    )
    with contextlib.suppress(OSError):
        folder = logs_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"error-{stamp}-{os.getpid()}.log"
        path.write_text(text, encoding="utf-8")
        return path
    return None
