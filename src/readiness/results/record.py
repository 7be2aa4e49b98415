"""The result file: what an assessment produced, self-contained, as validated frozen records.

A result holds the answers and everything a report or a comparison needs
(question texts, domain titles, bands, survey figures with their sources), so
it can be read years later without the questionnaire that made it. It is also
a valid answers file, so a past assessment can be scored again.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from readiness import __version__, scoring
from readiness.errors import InvalidFileError, Problem
from readiness.questionnaire.answers import (
    MAX_NOTE,
    answer_label,
    answer_to_data,
    answers_to_data,
)
from readiness.questionnaire.model import AnswerSet, Questionnaire
from readiness.questionnaire.yamlsafe import parse_yaml, read_text

SCHEMA_VERSION: Literal[1] = 1
_JSON_REASONS = {
    "Unterminated string starting at": "a quoted text is not closed",
    "Expecting value": "a value is missing",
    "Expecting ',' delimiter": "a comma is missing",
    "Extra data": "there is more after the end of the data",
}
AnswerData = str | float | list[str]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PracticeRecord(_Record):
    name: str | None = None
    ods_code: str | None = None
    pcn: str | None = None
    respondent: str | None = None  # who answered: a name or a role

    def display_name(self) -> str:
        return self.name or self.ods_code or "Unnamed practice"


class QuestionnaireRef(_Record):
    id: str
    title: str
    version: str
    sha256: str


class BandRecord(_Record):
    id: str
    label: str
    min: float
    max: float


class DomainResult(_Record):
    title: str
    weight: float
    score: float | None = Field(ge=0, le=100)
    coverage: float = Field(ge=0, le=1)
    band: str | None
    band_label: str | None
    enough_answers: bool
    answered: int = Field(ge=0)
    applicable: int = Field(ge=0)


class ScoresRecord(_Record):
    overall: float | None = Field(ge=0, le=100)
    band: str | None
    band_label: str | None
    domains: dict[str, DomainResult]


class QuestionRecord(_Record):
    id: str
    domain: str
    text: str
    type: str
    answer: AnswerData | None
    answer_label: str
    status: str
    score: float | None = Field(ge=0, le=1)
    weight: float
    benchmark: str | None = None


class SourceRecord(_Record):
    publisher: str
    title: str
    published: str
    fieldwork: str | None = None
    file: str


class BenchmarkRecord(_Record):
    id: str
    question: str
    statement: str
    value: float
    unit: str
    sample_size: int | None
    sample_size_is_minimum: bool = False
    sampled: str
    ci95: tuple[float, float] | None
    value_note: str | None = None
    source: SourceRecord
    answer: AnswerData | None
    answer_label: str
    matches: bool | None


class RecommendationRecord(_Record):
    domain: str
    question: str
    text: str
    impact: float


class ResultFile(_Record):
    schema_version: Literal[1]
    tool_version: str
    created_at: str
    practice: PracticeRecord
    questionnaire: QuestionnaireRef
    answers: dict[str, AnswerData]
    scores: ScoresRecord
    bands: list[BandRecord]
    questions: list[QuestionRecord]
    benchmarks: list[BenchmarkRecord]
    recommendations: list[RecommendationRecord]
    # The practice's note on any answer, by question id (at most answers.MAX_NOTE characters).
    notes: dict[str, Annotated[str, Field(max_length=MAX_NOTE)]] = {}

    @field_validator("created_at")
    @classmethod
    def _iso_time(cls, value: str) -> str:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return value

    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_at.replace("Z", "+00:00"))


def now_utc() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_result(
    *, questionnaire: Questionnaire, answer_set: AnswerSet, created_at: str | None = None
) -> ResultFile:
    """Score the answers and gather everything into a result record."""
    answers = answer_set.answers
    scores = scoring.score(questionnaire, answers)
    comparisons = scoring.compare_benchmarks(questionnaire, answers)
    practice = answer_set.practice
    return ResultFile(
        schema_version=SCHEMA_VERSION,
        tool_version=__version__,
        created_at=created_at or now_utc(),
        practice=PracticeRecord(
            name=practice.name,
            ods_code=practice.ods_code,
            pcn=practice.pcn,
            respondent=practice.respondent,
        ),
        questionnaire=QuestionnaireRef(
            id=questionnaire.id,
            title=questionnaire.title,
            version=questionnaire.version,
            sha256=questionnaire.sha256,
        ),
        answers=answers_to_data(answers),
        scores=_scores_record(scores),
        bands=[
            BandRecord(id=b.id, label=b.label, min=b.min, max=b.max) for b in questionnaire.bands
        ],
        questions=[_question_record(item) for domain in scores.domains for item in domain.items],
        benchmarks=[_benchmark_record(c) for c in comparisons],
        recommendations=[
            RecommendationRecord(
                domain=r.domain_id, question=r.question_id, text=r.text, impact=r.impact
            )
            for r in scoring.recommendations(scores)
        ],
        notes=dict(answer_set.notes),
    )


def _scores_record(scores: scoring.Scores) -> ScoresRecord:
    return ScoresRecord(
        overall=scores.overall,
        band=scores.band.id if scores.band else None,
        band_label=scores.band.label if scores.band else None,
        domains={
            d.domain.id: DomainResult(
                title=d.domain.title,
                weight=d.domain.weight,
                score=d.score,
                coverage=d.coverage,
                band=d.band.id if d.band else None,
                band_label=d.band.label if d.band else None,
                enough_answers=d.enough_answers,
                answered=d.answered,
                applicable=d.applicable,
            )
            for d in scores.domains
        },
    )


def _question_record(item: scoring.QuestionResult) -> QuestionRecord:
    question = item.question
    return QuestionRecord(
        id=question.id,
        domain=question.domain_id,
        text=question.text,
        type=question.type,
        answer=answer_to_data(item.answer) if item.answer is not None else None,
        answer_label=answer_label(question, item.answer)
        if item.status != "not_asked"
        else "Does not apply",
        status=item.status,
        score=item.score,
        weight=question.weight,
        benchmark=question.benchmark.benchmark_id if question.benchmark else None,
    )


def _benchmark_record(comparison: scoring.BenchmarkComparison) -> BenchmarkRecord:
    benchmark, question = comparison.benchmark, comparison.question
    source = benchmark.source
    return BenchmarkRecord(
        id=benchmark.id,
        question=question.id,
        statement=benchmark.statement,
        value=benchmark.value,
        unit=benchmark.unit,
        sample_size=benchmark.effective_sample_size,
        sample_size_is_minimum=source.sample_size_is_minimum and benchmark.sample_size is None,
        sampled=source.sampled,
        ci95=benchmark.ci95,
        value_note=benchmark.value_note,
        source=SourceRecord(
            publisher=source.publisher,
            title=source.title,
            published=source.published,
            fieldwork=source.fieldwork,
            file=source.file,
        ),
        answer=answer_to_data(comparison.answer) if comparison.answer is not None else None,
        answer_label=answer_label(question, comparison.answer),
        matches=comparison.matches,
    )


def result_json(result: ResultFile) -> str:
    """Pretty, strict JSON (no NaN), the same bytes for the same result."""
    data = result.model_dump(mode="json")
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def read_result(path: Path) -> ResultFile:
    """Read and check a result file; every problem names the file, line and column."""
    return parse_result(read_text(path, what="result file"), path)


def parse_result(text: str, path: Path) -> ResultFile:
    try:
        return ResultFile.model_validate_json(text)
    except ValidationError:
        pass  # explain below, with positions; this path is only for bad files
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        reason = _JSON_REASONS.get(error.msg, error.msg.lower())
        raise InvalidFileError(
            [
                Problem(
                    f"this is not valid JSON: {reason} (was the file cut short or edited by hand?)",
                    path,
                    error.lineno,
                    error.colno,
                )
            ],
            what="result file",
        ) from None
    if not isinstance(data, dict) or "schema_version" not in data:
        raise InvalidFileError(
            [Problem("this is not a readiness result file (it has no schema_version)", path, 1, 1)],
            what="result file",
        )
    if data["schema_version"] != SCHEMA_VERSION:
        raise InvalidFileError(
            [
                Problem(
                    f"this result file uses schema version {data['schema_version']!r}; "
                    "this version of "
                    f"readiness reads version {SCHEMA_VERSION}: update readiness",
                    path,
                    1,
                    1,
                )
            ],
            what="result file",
        )
    return _explain_invalid(text, path)


def _explain_invalid(text: str, path: Path) -> ResultFile:
    try:
        return ResultFile.model_validate_json(text)
    except ValidationError as error:
        document = parse_yaml(text, path, what="result file")
        problems = [
            document.problem(tuple(e["loc"]), f"{'.'.join(map(str, e['loc']))}: {e['msg'].lower()}")
            for e in error.errors(include_url=False)
        ]
        raise InvalidFileError(problems, what="result file") from None
