"""Read many result files quickly, keeping only what comparisons and history use.

``readiness compare`` must read 6,500 results (one for every GP practice in
England) in well under two seconds. Each file is checked whole, by the one
definition of the result file (``record.decode_result``, about 120 µs for a
full result), so compare and history accept exactly the files ``report``
accepts; only the small ``Scanned`` record is kept. A file that fails is read
again by ``record.read_result``, which says what is wrong, with its line and
column. Each question's score is read (``read_questions``) only when results
of different questionnaires must be scored again on the questions they share;
each survey figure's full record (``read_figures``) only from the newest result
that has it.

Large sets are read by several processes where the platform can fork them
cheaply (Linux). Each file becomes a small ``Scanned`` record (or an
``Unreadable`` one); big records are never kept, so memory stays flat.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple, TypeAlias, TypeVar

import msgspec

from readiness.errors import InvalidFileError, Problem
from readiness.files import read_bytes
from readiness.parallel import map_chunks, split, worker_count
from readiness.results.record import (
    BenchmarkRecord,
    QuestionRecord,
    ResultFile,
    ScoresRecord,
    decode_result,
    read_result,
)
from readiness.scoring import COUNTED

# Below this many files one process is quicker than starting others.
PARALLEL_FROM = 400
# In ``QuestionList.scores``: the question counts towards its domain but has no score
# ("Don't know", not answered, or a "does not apply" choice).
UNANSWERED = -1.0

Item = TypeVar("Item")
_T = TypeVar("_T")


# ------------------------------------------------------------------------------ records


class QuestionnaireKey(NamedTuple):
    id: str
    version: str
    sha256: str
    title: str

    def label(self) -> str:
        return f"{self.id} {self.version}"


class ScannedDomain(NamedTuple):
    id: str
    title: str
    weight: float
    score: float | None
    coverage: float
    enough_answers: bool


class BandKey(NamedTuple):
    """A readiness band as a result records it."""

    id: str
    label: str
    min: float
    max: float


class Match(NamedTuple):
    """Whether a result's answer puts the practice in a survey figure's group."""

    id: str  # the survey figure
    question: str
    matches: bool | None


class Scanned(NamedTuple):
    """One valid result, cut down to what comparisons and history use."""

    number: int  # 1-based position among the files read: names the file when anonymised
    path: str  # as given (text, not Path: quicker to send between processes)
    name: str | None
    ods_code: str | None
    pcn: str | None
    respondent: str | None
    created_at: str
    questionnaire: QuestionnaireKey
    bands: tuple[BandKey, ...]
    overall: float | None
    domains: tuple[ScannedDomain, ...]
    benchmarks: tuple[Match, ...]
    # The scores the practice's targets would give (None: no targets set).
    target_overall: float | None = None
    target_domains: tuple[ScannedDomain, ...] | None = None
    quick: bool = False  # a quick check (ResultFile.quick)
    has_notes: bool = False  # whether the practice noted any answer (ResultFile.notes)


class QuestionKey(NamedTuple):
    id: str
    domain: str
    weight: float


class QuestionList(NamedTuple):
    """A result's questions in order, and how each counted towards its domain."""

    keys: tuple[QuestionKey, ...]
    # Per question: its score (0–1), UNANSWERED, or None when it does not count.
    scores: tuple[float | None, ...]


# A survey figure with its interval and source, as the newest result that has it records it.
Figure: TypeAlias = BenchmarkRecord


class DomainInfo(NamedTuple):
    """A domain's id and title."""

    id: str
    title: str


class Skipped(NamedTuple):
    """A file left out because it is not a valid result, with why (as people read it)."""

    file: str
    reasons: tuple[str, ...]


class Unreadable(NamedTuple):
    """A file that is not a valid result, with why."""

    number: int
    path: str
    problems: tuple[Problem, ...]


# ------------------------------------------------------------------------------ reading


def scan(
    paths: Sequence[str | Path], *, parallel: bool | None = None
) -> tuple[list[Scanned], list[Unreadable]]:
    """Read every file, in order.

    ``parallel``: None decides by the number of files; True always uses worker processes
    where the platform can fork (for tests); False never does.
    """
    numbered = [(number, os.fspath(path)) for number, path in enumerate(paths, start=1)]
    found = _map(_scan_chunk, numbered, parallel=parallel)
    good = [item for item in found if isinstance(item, Scanned)]
    bad = [item for item in found if isinstance(item, Unreadable)]
    return good, bad


def read_questions(
    items: Sequence[Scanned], *, parallel: bool | None = None
) -> dict[int, QuestionList]:
    """Each result's question scores, by ``Scanned.number``; a file that fails is left out."""
    found = _map(_questions_chunk, [(item.number, item.path) for item in items], parallel=parallel)
    return {number: questions for number, questions in found if questions is not None}


def read_answered(path: str) -> list[QuestionRecord] | None:
    """Each question a result records, with its answer (None if it cannot be read now)."""
    result = _read_now(path)
    return result.questions if result else None


def read_notes(path: str) -> list[tuple[str, str, str]]:
    """Each note a result records, as (question text, answer, note); none if unreadable."""
    result = _read_now(path)
    if result is None:
        return []
    notes = result.notes
    return [(q.text, q.answer_label, notes[q.id]) for q in result.questions if q.id in notes]


def read_figures(path: str) -> list[Figure]:
    """The survey figures a result records (none if it cannot be read now)."""
    result = _read_now(path)
    return list(result.benchmarks) if result else []


def _read_now(path: str) -> ResultFile | None:
    """A file read once already, read again for more of it; None if it has changed since."""
    try:
        return decode_result(_read_bytes(path))
    except (InvalidFileError, msgspec.MsgspecError):
        return None


# ------------------------------------------------------------------------------ processes


def _map(
    function: Callable[[Sequence[tuple[int, str]]], list[Item]],
    numbered: list[tuple[int, str]],
    *,
    parallel: bool | None,
) -> list[Item]:
    if parallel is False:
        return function(numbered)
    workers = worker_count(len(numbered), minimum=PARALLEL_FROM, forced=bool(parallel))
    # A few chunks per worker even out uneven files; contiguous chunks keep the order.
    return map_chunks(function, split(numbered, workers * 4), workers=workers)


def _scan_chunk(numbered: Sequence[tuple[int, str]]) -> list[Scanned | Unreadable]:
    return [scan_one(number, path) for number, path in numbered]


def _questions_chunk(numbered: Sequence[tuple[int, str]]) -> list[tuple[int, QuestionList | None]]:
    return [(number, _question_list(path)) for number, path in numbered]


# ------------------------------------------------------------------------------ one file


def scan_one(number: int, path: str) -> Scanned | Unreadable:
    """One file as a ``Scanned`` record, or an ``Unreadable`` one saying why."""
    try:
        raw = _read_bytes(path)
        try:
            result = decode_result(raw)
        except msgspec.MsgspecError:
            # The slow path, for files that failed: it says what is wrong, and where.
            result = read_result(Path(path))
    except InvalidFileError as error:
        return Unreadable(number, path, error.problems)
    return _scanned(number, path, result)


def _read_bytes(path: str) -> bytes:
    return read_bytes(path, what="result file")


# Values that repeat across thousands of results (the questionnaire, its bands, a domain
# scored 50 with every question answered, a survey comparison) are kept once: memory
# stays small, and a batch sent back from a worker process carries each one once.
_SHARED: dict[object, object] = {}


def _shared(value: _T) -> _T:
    return _SHARED.setdefault(value, value)  # type: ignore[return-value]  # same type in, out


def _scanned(number: int, path: str, result: ResultFile) -> Scanned:
    practice, ref, scores = result.practice, result.questionnaire, result.scores
    aimed = result.target_scores
    matches = [_shared(Match(b.id, b.question, b.matches)) for b in result.benchmarks]
    bands = tuple([BandKey(b.id, b.label, b.min, b.max) for b in result.bands])
    return Scanned(  # by position: this runs once for each of thousands of files
        number,
        path,
        practice.name,
        practice.ods_code,
        practice.pcn,
        practice.respondent,
        result.created_at,
        _shared(QuestionnaireKey(ref.id, ref.version, ref.sha256, ref.title)),
        _shared(bands),
        scores.overall,
        _domains(scores),
        tuple(matches),
        aimed.overall if aimed else None,
        _domains(aimed) if aimed else None,
        result.quick,
        bool(result.notes),
    )


def _domains(scores: ScoresRecord) -> tuple[ScannedDomain, ...]:
    return tuple([
        _shared(ScannedDomain(key, d.title, d.weight, d.score, d.coverage, d.enough_answers))
        for key, d in scores.domains.items()
    ])  # fmt: skip


def _question_list(path: str) -> QuestionList | None:
    result = _read_now(path)
    if result is None:
        return None
    questions = result.questions
    keys = _shared(tuple(_shared(QuestionKey(q.id, q.domain, q.weight)) for q in questions))
    scores = tuple(
        (UNANSWERED if q.score is None else q.score) if q.status in COUNTED else None
        for q in questions
    )
    return QuestionList(keys, scores)
