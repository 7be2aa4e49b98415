"""Checked questionnaires kept by content, so that everyday commands skip the checks.

Checking a questionnaire (YAML parsing, pydantic shape checks, the whole-
questionnaire rules) takes longer than everything else a command does. The
records it produces are frozen, so they are kept, pickled, in the cache folder,
under a key made from the path and bytes of every file in the questionnaire's
folder: any change to any file (or a move) gives a new key and a fresh check.

The cache is a convenience, never a source of truth: a missing, corrupt, foreign
or unwritable cache is ignored and the questionnaire is checked afresh. It is
the user's own folder (platformdirs' cache folder, or ``cache/`` in
READINESS_HOME), written only by readiness.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from readiness import __version__
from readiness.errors import InvalidFileError
from readiness.files import is_regular_file, read_bytes
from readiness.questionnaire import model
from readiness.questionnaire.model import Questionnaire

_MODEL_SOURCE = Path(model.__file__)

# Bumped whenever the cache's own layout changes. The records' shape is covered by the
# key itself, which includes the source of questionnaire.model.
FORMAT = 2
# A questionnaire folder holding more than this, or a file over the one size limit
# (files.MAX_BYTES), is not cached (it is still loaded; the loader's own limits apply).
MAX_FILES = 200


def cache_dir() -> Path:
    override = os.environ.get("READINESS_HOME")
    if override:
        return Path(override).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("readiness", appauthor=False))


def content_key(folder: Path) -> str | None:
    """A hash of the folder's path and every file in it; None if it cannot be read whole."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{folder.resolve()}\0".encode())
    # A change to the records (a new field) makes every cached copy stale.
    digest.update(_MODEL_SOURCE.read_bytes() if _MODEL_SOURCE.is_file() else b"")
    try:
        files = sorted(p for p in folder.rglob("*") if is_regular_file(p) and not p.is_symlink())
        if len(files) > MAX_FILES:
            return None
        for path in files:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(read_bytes(path) + b"\0")
    except (OSError, InvalidFileError):
        return None
    return digest.hexdigest()


def load(folder: Path, build: Callable[[], Questionnaire]) -> Questionnaire:
    """The cached records for this folder's content, else ``build()`` (and keep them)."""
    key = content_key(folder)
    if key is None:
        return build()
    path = cache_dir() / f"questionnaire-{key}.pickle"
    cached = _read(path, key)
    if cached is not None:
        return cached
    questionnaire = build()
    _write(path, key, questionnaire)
    return questionnaire


def _read(path: Path, key: str) -> Questionnaire | None:
    try:
        data = read_bytes(path)
        # The cache folder is the user's own and only readiness writes it; the key and
        # type are checked so that a stale or foreign file is never used.
        stored = pickle.loads(data)  # noqa: S301
    except Exception:  # any damage to the cache means "check afresh"
        return None
    if (
        isinstance(stored, tuple)
        and len(stored) == 2
        and stored[0] == key
        and isinstance(stored[1], Questionnaire)
    ):
        return stored[1]
    return None


def _write(path: Path, key: str, questionnaire: Questionnaire) -> None:
    """Keep the records; a folder that cannot be written is no reason to stop."""
    from readiness.errors import ReadinessError
    from readiness.results.store import write_bytes_atomic

    with contextlib.suppress(OSError, ReadinessError, pickle.PicklingError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(
            path, pickle.dumps((key, questionnaire), protocol=pickle.HIGHEST_PROTOCOL)
        )
