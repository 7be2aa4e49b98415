"""Read many result files quickly, keeping only what comparisons and history use.

``readiness compare`` must read 6,500 results (one for every GP practice in
England) in well under two seconds, so this module does not build full
``ResultFile`` records. The views below check, with the same rules as
``result.ResultFile`` (the tests hold them to it), the parts a comparison reads
(practice, questionnaire, date, scores, bands and each survey comparison), and
skip the rest (answers, questions, recommendations) without building objects
for it. They are TypedDicts, a third quicker to check than models, and they
spare the command the import of ``readiness.results.record``. A file that fails is read
again by ``result.read_result``, which explains every problem with its line and
column. Each question's score is read (``read_questions``) only when results
of different questionnaires must be scored again on the questions they share;
each survey figure's full record (``read_figures``) only from the newest result
that has it.

Large sets are read by several processes where the platform can fork them
cheaply (Linux). Each file becomes a small ``Scanned`` record (or an
``Unreadable`` one); big records are never kept, so memory stays flat.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Literal, NamedTuple, TypeVar

from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter, ValidationError, with_config
from typing_extensions import NotRequired, TypedDict

from readiness.errors import InvalidFileError, Problem
from readiness.files import read_bytes
from readiness.parallel import map_chunks, split, worker_count
from readiness.results.identity import checked_time
from readiness.scoring import COUNTED

# Below this many files one process is quicker than starting others.
PARALLEL_FROM = 400
# In ``QuestionList.scores``: the question counts towards its domain but has no score
# ("Don't know", not answered, or a "does not apply" choice).
UNANSWERED = -1.0

Item = TypeVar("Item")
_T = TypeVar("_T")


# ------------------------------------------------------------------------------ the views


Percent = Annotated[float, Field(ge=0, le=100)]
Fraction = Annotated[float, Field(ge=0, le=1)]
Count = Annotated[int, Field(ge=0)]
# The same configuration as record._Record: unknown keys, NaN and Infinity are refused.
_STRICT = ConfigDict(extra="forbid", allow_inf_nan=False)


@with_config(_STRICT)
class PracticeView(TypedDict):
    name: NotRequired[str | None]
    ods_code: NotRequired[str | None]
    pcn: NotRequired[str | None]
    respondent: NotRequired[str | None]


@with_config(_STRICT)
class QuestionnaireView(TypedDict):
    id: str
    title: str
    version: str
    sha256: str


@with_config(_STRICT)
class DomainView(TypedDict):
    title: str
    weight: float
    score: Percent | None
    coverage: Fraction
    band: str | None
    band_label: str | None
    enough_answers: bool
    answered: Count
    applicable: Count
    dont_know: NotRequired[Count]


@with_config(_STRICT)
class ScoresView(TypedDict):
    overall: Percent | None
    band: str | None
    band_label: str | None
    domains: dict[str, DomainView]
    overall_missing: NotRequired[str | None]  # why there is no overall score


@with_config(_STRICT)
class BandView(TypedDict):
    id: str
    label: str
    min: float
    max: float


class MatchView(TypedDict):
    """Of a survey figure (``record.BenchmarkRecord``), what comparisons read."""

    id: str
    question: str
    matches: bool | None


class ResultView(TypedDict):
    """The parts of a result file that comparisons and history read.

    Each part read is checked by the same rules as ``record.ResultFile`` (the tests hold
    their JSON Schemas equal): unknown keys, NaN and Infinity are refused, defaults are
    optional, bounds are the same. The parts not read (answers, questions, the rest of
    each survey figure, recommendations, notes, targets) are skipped unbuilt: checking
    them too would double the time compare takes (see benchmarks/README.md).
    """

    schema_version: Literal[1]
    created_at: Annotated[str, AfterValidator(checked_time)]
    practice: PracticeView
    questionnaire: QuestionnaireView
    scores: ScoresView
    bands: Annotated[list[BandView], Field(min_length=1)]
    benchmarks: list[MatchView]
    target_scores: NotRequired[ScoresView | None]  # the scores the practice's targets give
    # Notes on answers: read here only to know which results have any (``read_notes``
    # reads them, and the questions they are on, from those few files alone). 2,000 is
    # answers.MAX_NOTE, written out to spare the import (a test holds the two equal).
    notes: NotRequired[dict[str, Annotated[str, Field(max_length=2000)]]]
    quick: NotRequired[bool]  # a quick check (only the quick questions asked)


class QuestionView(TypedDict):
    id: str
    domain: str
    status: str
    score: Annotated[float, Field(ge=0, le=1)] | None
    weight: float


class QuestionsView(TypedDict):
    schema_version: Literal[1]
    questions: list[QuestionView]


class AnsweredView(TypedDict):
    """A question with its answer, for the long table (``compare --format long-csv``)."""

    id: str
    domain: str
    type: str
    answer: str | float | list[str] | None
    answer_label: str
    status: str
    score: float | None
    weight: float


class AnswersView(TypedDict):
    schema_version: Literal[1]
    questions: list[AnsweredView]


class SourceView(TypedDict):
    publisher: str
    title: str
    published: str
    fieldwork: NotRequired[str | None]
    file: str
    respondents: NotRequired[str | None]


class FigureView(TypedDict):
    """A survey figure as a result records it (``result.BenchmarkRecord``)."""

    id: str
    question: str
    statement: str
    value: float
    unit: str
    sample_size: int | None
    sample_size_is_minimum: NotRequired[bool]
    sampled: str
    ci95: tuple[float, float] | None
    value_note: NotRequired[str | None]
    value_is_lower_bound: NotRequired[bool]
    value_words: NotRequired[str | None]
    context: NotRequired[bool]
    standing: NotRequired[str | None]
    source: SourceView


class FiguresView(TypedDict):
    schema_version: Literal[1]
    benchmarks: list[FigureView]


RESULT_VIEW = TypeAdapter(ResultView)


@functools.cache
def _questions_view() -> TypeAdapter[QuestionsView]:
    return TypeAdapter(QuestionsView)  # only needed to compare different questionnaires


@functools.cache
def _answers_view() -> TypeAdapter[AnswersView]:
    return TypeAdapter(AnswersView)  # only for the long table


@functools.cache
def _figures_view() -> TypeAdapter[FiguresView]:
    return TypeAdapter(FiguresView)


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


class Source(NamedTuple):
    publisher: str
    title: str
    published: str
    fieldwork: str | None
    file: str
    respondents: str | None = None


class Figure(NamedTuple):
    """A survey figure with its interval and source: the same fields as ``BenchmarkRecord``."""

    id: str
    question: str
    statement: str
    value: float
    unit: str
    sample_size: int | None
    sample_size_is_minimum: bool
    sampled: str
    ci95: tuple[float, float] | None
    value_note: str | None
    source: Source
    value_is_lower_bound: bool = False
    value_words: str | None = None
    context: bool = False
    standing: str | None = None  # as the newest result placed its practice (figures.standing)


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


def read_answered(path: str) -> list[AnsweredView] | None:
    """Each question a result records, with its answer (None if it cannot be read now)."""
    try:
        return _answers_view().validate_json(_read_bytes(path))["questions"]
    except (InvalidFileError, ValidationError):
        return None


class NotedQuestionView(TypedDict):
    id: str
    text: str
    answer_label: str


class NotesView(TypedDict):
    """The practice's notes on its answers, with each question's text and answer."""

    schema_version: Literal[1]
    questions: list[NotedQuestionView]
    notes: NotRequired[dict[str, str]]


@functools.cache
def _notes_view() -> TypeAdapter[NotesView]:
    return TypeAdapter(NotesView)


def read_notes(path: str) -> list[tuple[str, str, str]]:
    """Each note a result records, as (question text, answer, note); none if unreadable."""
    try:
        view = _notes_view().validate_json(_read_bytes(path))
    except (InvalidFileError, ValidationError):
        return []
    notes = view.get("notes") or {}
    return [
        (q["text"], q["answer_label"], notes[q["id"]])
        for q in view["questions"]
        if q["id"] in notes
    ]


def read_figures(path: str) -> list[Figure]:
    """The survey figures a result records (none if it cannot be read now)."""
    try:
        view = _figures_view().validate_json(_read_bytes(path))
    except (InvalidFileError, ValidationError):
        return []
    return [_figure(figure) for figure in view["benchmarks"]]


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
            view = RESULT_VIEW.validate_json(raw)
        except ValidationError:
            view = _explain(path)
    except InvalidFileError as error:
        return Unreadable(number, path, error.problems)
    return _scanned(number, path, view)


def _read_bytes(path: str) -> bytes:
    return read_bytes(path, what="result file")


def _explain(path: str) -> ResultView:
    """The slow path, for files that failed: ``read_result`` says what is wrong, and where."""
    from readiness.results.record import read_result

    full = read_result(Path(path))  # raises InvalidFileError with every problem
    # It passed after all (for example a byte-order mark the quick path does not allow).
    return RESULT_VIEW.validate_python(full.model_dump(mode="json"))


# Values that repeat across thousands of results (the questionnaire, its bands, a domain
# scored 50 with every question answered, a survey comparison) are kept once: memory
# stays small, and a batch sent back from a worker process carries each one once.
_SHARED: dict[object, object] = {}


def _shared(value: _T) -> _T:
    return _SHARED.setdefault(value, value)  # type: ignore[return-value]  # same type in, out


def _scanned(number: int, path: str, view: ResultView) -> Scanned:
    practice, ref, scores = view["practice"], view["questionnaire"], view["scores"]
    domains = _domains(scores)
    aimed = view.get("target_scores")
    matches = [_shared(Match(b["id"], b["question"], b["matches"])) for b in view["benchmarks"]]
    bands = tuple([BandKey(b["id"], b["label"], b["min"], b["max"]) for b in view["bands"]])
    return Scanned(  # by position: this runs once for each of thousands of files
        number,
        path,
        practice.get("name"),
        practice.get("ods_code"),
        practice.get("pcn"),
        practice.get("respondent"),
        view["created_at"],
        _shared(QuestionnaireKey(ref["id"], ref["version"], ref["sha256"], ref["title"])),
        _shared(bands),
        scores["overall"],
        domains,
        tuple(matches),
        aimed["overall"] if aimed else None,
        _domains(aimed) if aimed else None,
        view.get("quick", False),
        bool(view.get("notes")),
    )


def _domains(scores: ScoresView) -> tuple[ScannedDomain, ...]:
    return tuple([
        _shared(ScannedDomain(key, d["title"], d["weight"], d["score"], d["coverage"],
                              d["enough_answers"]))
        for key, d in scores["domains"].items()
    ])  # fmt: skip


def _question_list(path: str) -> QuestionList | None:
    try:
        view = _questions_view().validate_json(_read_bytes(path))
    except (InvalidFileError, ValidationError):
        return None
    questions = view["questions"]
    keys = _shared(
        tuple(_shared(QuestionKey(q["id"], q["domain"], q["weight"])) for q in questions)
    )
    scores = tuple(
        (UNANSWERED if q["score"] is None else q["score"]) if q["status"] in COUNTED else None
        for q in questions
    )
    return QuestionList(keys, scores)


def _figure(view: FigureView) -> Figure:
    source = view["source"]
    ci95 = view["ci95"]
    return Figure(
        id=view["id"],
        question=view["question"],
        statement=view["statement"],
        value=view["value"],
        unit=view["unit"],
        sample_size=view["sample_size"],
        sample_size_is_minimum=view.get("sample_size_is_minimum", False),
        sampled=view["sampled"],
        ci95=(ci95[0], ci95[1]) if ci95 is not None else None,
        value_note=view.get("value_note"),
        source=Source(
            source["publisher"],
            source["title"],
            source["published"],
            source.get("fieldwork"),
            source["file"],
            source.get("respondents"),
        ),
        value_is_lower_bound=view.get("value_is_lower_bound", False),
        value_words=view.get("value_words"),
        context=view.get("context", False),
        standing=view.get("standing"),
    )
