"""Filled answer forms scored for ``readiness compare``, each kept as a result by its content.

Reading a form (about 6 ms, see ``workbook``) costs far more than reading a
result file (about 0.1 ms), and a PCN lead runs ``compare`` again each time a few
more forms come back. So each form is scored once: its result is kept in the
cache folder under a key made from the form's bytes, the questionnaire's
content hash and this version of readiness, and read from there like any
result file. A changed form, questionnaire or readiness gives a new key. The
result's date is when the form was last saved (as the workbook records it),
so that ``compare --since`` can tell a stale return.

The cache is a convenience: one that cannot be written means scoring again
next time, never an error.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from readiness import __version__
from readiness.errors import InvalidFileError, Problem, ReadinessError
from readiness.parallel import map_chunks, split, worker_count
from readiness.questionnaire.cache import cache_dir
from readiness.questionnaire.model import Questionnaire

# Below this many forms to score, one process is quicker than starting others.
PARALLEL_FROM = 8


class ScoredForm(NamedTuple):
    """A form and the result file it was scored into (None, with problems, if it failed)."""

    form: str
    result: str | None
    problems: tuple[Problem, ...] = ()


def forms_dir() -> Path:
    return cache_dir() / "forms"


def score_forms(
    paths: Sequence[str], questionnaire: Questionnaire, *, parallel: bool | None = None
) -> list[ScoredForm]:
    """Each form's result file, scoring those not already kept; in the order given."""
    if not paths:
        return []
    work = functools.partial(_score_chunk, questionnaire)
    if parallel is False:
        return work(paths)
    workers = worker_count(len(paths), minimum=PARALLEL_FROM, forced=bool(parallel))
    return map_chunks(work, split(paths, workers * 4), workers=workers)


def _score_chunk(questionnaire: Questionnaire, paths: Sequence[str]) -> list[ScoredForm]:
    return [score_form(path, questionnaire) for path in paths]


def score_form(path: str, questionnaire: Questionnaire) -> ScoredForm:
    """One form's result file: the kept one if the form is unchanged, else scored now."""
    from readiness.results.formread import read_bounded

    try:
        data = read_bounded(Path(path))
    except InvalidFileError as error:
        return ScoredForm(path, None, error.problems)
    key = hashlib.sha256(f"{__version__}\0{questionnaire.sha256}\0".encode() + data).hexdigest()
    kept = forms_dir() / f"form-{key}.json"
    if kept.is_file():
        return ScoredForm(path, os.fspath(kept))
    try:
        text = _score(Path(path), data, questionnaire)
    except InvalidFileError as error:
        return ScoredForm(path, None, error.problems)
    except ReadinessError as error:
        message = f"{error.message} {error.hint}" if error.hint else error.message
        return ScoredForm(path, None, (Problem(message, Path(path)),))
    with contextlib.suppress(OSError, ReadinessError):
        from readiness.results.store import write_atomic

        kept.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(kept, text)
        return ScoredForm(path, os.fspath(kept))
    return ScoredForm(path, None, (Problem("the cache folder cannot be written", kept),))


def _score(path: Path, data: bytes, questionnaire: Questionnaire) -> str:
    from readiness.results.formread import read_form_bytes
    from readiness.results.record import build_result, result_json

    filled = read_form_bytes(path, data, questionnaire)
    saved = filled.saved_at or _modified(path)
    return result_json(
        build_result(questionnaire=questionnaire, answer_set=filled.answer_set, created_at=saved)
    )


def _modified(path: Path) -> str:
    moment = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")
