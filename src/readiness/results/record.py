"""The result file: what an assessment produced, self-contained, as validated frozen records.

A result holds the answers and everything a report or a comparison needs
(question texts, domain titles, bands, survey figures with their sources), so
it can be read years later without the questionnaire that made it. It is also
a valid answers file, so a past assessment can be scored again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType, field
from msgspec.structs import replace

from readiness import __version__, scoring
from readiness.decoding import located_problem
from readiness.errors import InvalidFileError, Problem, ReadinessError
from readiness.figures import Standing, source_by_file, standing
from readiness.files import LIMIT_WORDS, MAX_BYTES, parse_json, read_text
from readiness.questionnaire.answers import (
    MAX_NOTE,
    MAX_NUMBER,
    MAX_TEXT,
    answer_label,
    answer_to_data,
    answers_to_data,
)
from readiness.questionnaire.model import (
    Answer,
    AnswerSet,
    Practice,
    Question,
    Questionnaire,
    Source,
)
from readiness.questionnaire.quick import quick_check
from readiness.results.identity import checked_time, display_name, now_utc, parse_time
from readiness.results.targets import check_targets_asked, due_month, target_scores

SCHEMA_VERSION: Literal[1] = 1
AnswerData = str | float | list[str]
Percent = Annotated[float, Meta(ge=0, le=100)]
Fraction = Annotated[float, Meta(ge=0, le=1)]
Count = Annotated[int, Meta(ge=0)]


class _Record(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A part of the result file: built by readiness, or checked as it is read.

    msgspec checks every field as the JSON is decoded (types, bounds, unknown keys;
    JSON has no NaN or Infinity, and a number too large for a float is refused), so the
    one definition below serves report, history and compare alike, at the speed compare
    needs for 6,500 files.
    """


class PracticeRecord(_Record, frozen=True, kw_only=True):
    name: str | None = None
    ods_code: str | None = None
    pcn: str | None = None
    respondent: str | None = None  # who answered: a name or a role

    def display_name(self) -> str:
        return display_name(self.name, self.ods_code)


class QuestionnaireRef(_Record, frozen=True, kw_only=True):
    id: str
    title: str
    version: str
    sha256: str


class BandRecord(_Record, frozen=True, kw_only=True):
    id: str
    label: str
    min: float
    max: float


class DomainResult(_Record, frozen=True, kw_only=True):
    title: str
    weight: float
    score: Percent | None
    coverage: Fraction
    band: str | None
    band_label: str | None
    enough_answers: bool
    answered: Count
    applicable: Count
    dont_know: Count = 0  # scored questions answered "Don't know"


class ScoresRecord(_Record, frozen=True, kw_only=True):
    overall: Percent | None
    band: str | None
    band_label: str | None
    domains: dict[str, DomainResult]
    # Why there is no overall score, in a sentence (None when there is one).
    overall_missing: str | None = None


class EvidenceRecord(_Record, frozen=True, kw_only=True):
    """Why a question is asked: a finding from a source, verbatim unless ``paraphrase``."""

    finding: str
    paraphrase: bool = False
    anchor: str | None = None  # the verbatim words a paraphrase rests on
    said_by: str | None = None  # whose words, where one person said them
    file: str  # the seed document
    source: str | None = None  # the source's publisher and title, where the catalogue has it


class QuestionRecord(_Record, frozen=True, kw_only=True):
    id: str
    domain: str
    text: str
    type: str
    answer: AnswerData | None
    answer_label: str
    status: str
    score: Fraction | None
    weight: float
    benchmark: str | None = None
    context: bool = False  # a condition around the practice: shown, never scored
    evidence: EvidenceRecord | None = None  # why the question is asked


class SourceRecord(_Record, frozen=True, kw_only=True):
    publisher: str
    title: str
    published: str
    fieldwork: str | None = None
    file: str
    # Who answered, as one phrase ("270 GPs and healthcare professionals who answered …").
    respondents: str | None = None


class BenchmarkRecord(_Record, frozen=True, kw_only=True):
    id: str
    question: str
    statement: str
    value: float
    unit: str
    sample_size: int | None
    sample_size_is_minimum: bool = False
    sampled: str
    ci95: tuple[float, float] | None  # None for a lower bound, a context figure or no sample
    value_note: str | None = None
    # The source gives only a floor ("more than half"): ``value`` is that floor.
    value_is_lower_bound: bool = False
    value_words: str | None = None  # the source's words for a bound: "more than half"
    context: bool = False  # not a share of respondents (a list size, a count): no standing
    source: SourceRecord
    answer: AnswerData | None
    answer_label: str
    matches: bool | None
    # Where the practice stands (figures.standing); None when there is no usable answer.
    # Results written before it was recorded have none: ``standing`` works it out.
    recorded_standing: Standing | UnsetType | None = field(default=UNSET, name="standing")

    @property
    def standing(self) -> Standing | None:
        """The recorded standing, or for an older result the same rule applied now.

        Without the link's ``complement`` an answer outside the group takes the cautious
        path ("a minority" only beside a clear majority, else not reported).
        """
        if not isinstance(self.recorded_standing, UnsetType):
            return self.recorded_standing
        return standing(
            matches=self.matches,
            value=self.value,
            unit=self.unit,
            ci95=self.ci95,
            lower_bound=self.value_is_lower_bound,
            context=self.context,
        )


class RecommendationRecord(_Record, frozen=True, kw_only=True):
    domain: str
    question: str
    text: str
    impact: float
    # "improve" for a step from a low or middling answer; "find_out" after a "Don't know".
    kind: Literal["improve", "find_out"] = "improve"


class TargetRecord(_Record, frozen=True, kw_only=True):
    """The answer a practice means to reach on a scored question, and by when."""

    answer: AnswerData
    answer_label: str
    by: Annotated[str, Meta(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]  # "2027-03"
    score: Fraction | None


class ResultFile(_Record, frozen=True, kw_only=True):
    schema_version: Literal[1]
    tool_version: str
    created_at: str
    practice: PracticeRecord
    questionnaire: QuestionnaireRef
    answers: dict[str, AnswerData]
    scores: ScoresRecord
    bands: Annotated[list[BandRecord], Meta(min_length=1)]
    questions: list[QuestionRecord]
    benchmarks: list[BenchmarkRecord]
    recommendations: list[RecommendationRecord]
    # The practice's note on any answer, by question id (at most answers.MAX_NOTE characters).
    notes: dict[str, Annotated[str, Meta(max_length=MAX_NOTE)]] = {}
    # Target answers by question id, and the scores they would give (None: no targets).
    targets: dict[str, TargetRecord] = {}
    target_scores: ScoresRecord | None = None
    # A quick check: only the quick questions were asked and scored (by the same rules);
    # full_question_count is how many the full questionnaire asks, to show the coverage.
    quick: bool = False
    full_question_count: Count | None = None

    def __post_init__(self) -> None:
        try:
            checked_time(self.created_at)
        except ValueError as error:
            why = str(error)
            if not why.startswith("the time"):
                why = (
                    f"{self.created_at!r} is not a date and time: write it as 2026-01-15T10:30:00Z"
                )
            # "field: why" is placed at the field by _problem (msgspec gives no path here).
            raise ValueError(f"created_at: {why}") from None

    def created(self) -> datetime:
        return parse_time(self.created_at)


def build_result(
    *, questionnaire: Questionnaire, answer_set: AnswerSet, created_at: str | None = None
) -> ResultFile:
    """Score the answers and gather everything into a result record.

    A quick check (``answer_set.quick``) is scored by the same rules on the quick
    questions only (``questionnaire.quick``); answers to other questions are left out.
    """
    full_count = len(questionnaire.questions)
    if answer_set.quick:
        questionnaire = quick_check(questionnaire)
        answer_set = _only_asked(questionnaire, answer_set)
    answers = answer_set.answers
    check_targets_asked(questionnaire, answer_set)
    scores = scoring.score(questionnaire, answers)
    aimed = target_scores(questionnaire, answer_set)
    created_at = created_at or now_utc()
    comparisons = scoring.compare_benchmarks(questionnaire, answers)
    practice = answer_set.practice
    sources = source_by_file(questionnaire)
    built = ResultFile(
        schema_version=SCHEMA_VERSION,
        tool_version=__version__,
        created_at=created_at,
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
        questions=[
            _question_record(item, sources) for domain in scores.domains for item in domain.items
        ],
        benchmarks=[_benchmark_record(c) for c in comparisons],
        recommendations=[
            RecommendationRecord(
                domain=r.domain_id,
                question=r.question_id,
                text=r.text,
                impact=r.impact,
                kind=r.kind,
            )
            for r in scoring.recommendations(scores)
        ],
        notes=dict(answer_set.notes),
        quick=answer_set.quick,
        full_question_count=full_count if answer_set.quick else None,
        targets=_target_records(questionnaire, answer_set, created_at),
        target_scores=_scores_record(aimed) if aimed is not None else None,
    )
    # Read back as any reader will: every field checked, and numbers as the file gives
    # them (an answer of 2150 is 2150.0), so a result equals itself read from its file.
    return decode_result(msgspec.json.encode(built))


def _only_asked(questionnaire: Questionnaire, answer_set: AnswerSet) -> AnswerSet:
    """The answers, notes and targets for the questions ``questionnaire`` asks."""
    asked = {question.id for question in questionnaire.questions}
    return replace(
        answer_set,
        answers={k: v for k, v in answer_set.answers.items() if k in asked},
        notes={k: v for k, v in answer_set.notes.items() if k in asked},
        targets={k: v for k, v in answer_set.targets.items() if k in asked},
    )


def _target_records(
    questionnaire: Questionnaire, answer_set: AnswerSet, created_at: str
) -> dict[str, TargetRecord]:
    records = {}
    for question in questionnaire.questions:
        target = answer_set.targets.get(question.id)
        if target is None:
            continue
        records[question.id] = TargetRecord(
            answer=answer_to_data(target.answer),
            answer_label=answer_label(question, target.answer),
            by=due_month(target, created_at),
            score=scoring.answer_score(question, target.answer),
        )
    return records


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
                dont_know=d.dont_know,
            )
            for d in scores.domains
        },
        overall_missing=None if scores.overall is not None else scoring.no_overall_reason(scores),
    )


def _question_record(item: scoring.QuestionResult, sources: Mapping[str, Source]) -> QuestionRecord:
    question = item.question
    evidence = question.evidence
    source = sources.get(evidence.source)
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
        context=question.context,
        evidence=EvidenceRecord(
            finding=" ".join(evidence.finding.split()),
            paraphrase=evidence.paraphrase,
            anchor=evidence.anchor,
            said_by=evidence.said_by,
            file=evidence.source,
            source=f"{source.publisher}, {source.title}" if source else None,
        ),
    )


def _benchmark_record(comparison: scoring.FigureMatch) -> BenchmarkRecord:
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
        value_is_lower_bound=benchmark.value_is_lower_bound,
        value_words=benchmark.value_words,
        context=benchmark.context,
        source=SourceRecord(
            publisher=source.publisher,
            title=source.title,
            published=source.published,
            fieldwork=source.fieldwork,
            file=source.file,
            # The source's phrase names its own sample: not for a figure with another one.
            respondents=source.respondents if benchmark.sample_size is None else None,
        ),
        answer=answer_to_data(comparison.answer) if comparison.answer is not None else None,
        answer_label=answer_label(question, comparison.answer),
        matches=comparison.matches,
        recorded_standing=standing(
            matches=comparison.matches,
            value=benchmark.value,
            unit=benchmark.unit,
            ci95=benchmark.ci95,
            in_complement=comparison.in_complement,
            lower_bound=benchmark.value_is_lower_bound,
            context=benchmark.context or question.context,
        ),
    )


def result_json(result: ResultFile) -> str:
    """Pretty JSON, the same bytes for the same result.

    A result over the one size limit (``files.MAX_BYTES``) is refused, because no
    reader would take it back: every result readiness writes, it can read. (NaN cannot
    reach here: ``build_result`` decodes every result it builds, which refuses it.)
    """
    text = _pretty(result)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise ReadinessError(
            f"This result would be {size:,} bytes, over the limit of {LIMIT_WORDS} for a "
            "result file, so it was not written.",
            hint="Shorten the longest notes, or answer fewer questions as text. Your answers "
            "are kept as a draft.",
        )
    return text


# The longest a character can be in a result file: JSON writes a control character as
# \u0001, six bytes. Names are counted at this many characters.
_WIDEST_CHARACTER = "\x01"
_LONG_NAME = 200


def largest_result_bytes(questionnaire: Questionnaire) -> int:
    """The size of the largest result this questionnaire can give, as ``result_json`` writes it.

    Every question answered with its longest answer (notes and text answers at their
    limits, in the characters JSON writes longest), a note on every question, and names
    of 200 characters.
    """
    answers = {question.id: _longest_answer(question) for question in questionnaire.questions}
    notes = {question.id: _WIDEST_CHARACTER * MAX_NOTE for question in questionnaire.questions}
    name = _WIDEST_CHARACTER * _LONG_NAME
    answer_set = AnswerSet(Practice(name, None, name, name), answers, notes)
    result = build_result(questionnaire=questionnaire, answer_set=answer_set)
    return len(_pretty(result).encode("utf-8"))


def _pretty(result: ResultFile) -> str:
    # msgspec writes UTF-8 as json.dumps(ensure_ascii=False) does, a dozen times quicker:
    # compare writes a result for every form it scores.
    return msgspec.json.format(msgspec.json.encode(result), indent=2).decode("utf-8") + "\n"


def _longest_answer(question: Question) -> Answer:
    if question.type == "text":
        return _WIDEST_CHARACTER * MAX_TEXT
    if question.type == "number":
        return float(question.maximum if question.maximum is not None else MAX_NUMBER)
    if question.type == "multi":
        return tuple(choice.value for choice in question.choices if not choice.exclusive)
    return max(question.choices, key=lambda choice: len(choice.label)).value


def check_fits(questionnaire: Questionnaire) -> None:
    """Refuse a questionnaire whose results could pass the one size limit (``files.MAX_BYTES``).

    A result readiness could not read back must never be written; rather than refuse it
    at the end of an interview, the questionnaire is refused before the first question.
    """
    size = largest_result_bytes(questionnaire)
    if size > MAX_BYTES:
        raise InvalidFileError(
            [
                Problem(
                    f"a result of this questionnaire could be {size:,} bytes, over the limit "
                    f"of {LIMIT_WORDS} for a result file: use fewer questions, or fewer note "
                    "(text) questions",
                    questionnaire.folder / "questionnaire.yaml",
                )
            ],
            what="questionnaire",
        )


def read_result(path: Path) -> ResultFile:
    """Read and check a result file (within bounds, as JSON); every problem names the file."""
    return parse_result(read_text(path, what="result file"), path)


_DECODER = msgspec.json.Decoder(ResultFile)
_BOM = b"\xef\xbb\xbf"


def decode_result(raw: bytes) -> ResultFile:
    """A result from its bytes, every field checked; ``msgspec.MsgspecError`` if it is not one.

    The quick path for valid files, shared by every reader (``fast`` reads thousands
    with it); ``parse_result`` says what is wrong with one that fails.
    """
    return _DECODER.decode(raw[3:] if raw.startswith(_BOM) else raw)


def _check_again(data: object) -> None:
    decode_result(msgspec.json.encode(data))


def parse_result(text: str, path: Path) -> ResultFile:
    try:
        return decode_result(text.encode("utf-8", "surrogatepass"))
    except msgspec.ValidationError as error:
        reason = str(error)  # explained below, with a position; only bad files come here
    except msgspec.DecodeError:
        reason = None  # not JSON: the strict parser below says where
    data = parse_json(text, path, what="result file")
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
    from readiness.questionnaire.yamlsafe import parse_json_document  # only for bad files

    document = parse_json_document(text, path, what="result file")
    problem = located_problem(
        document, data, reason or "this is not a readiness result file", check=_check_again
    )
    raise InvalidFileError([problem], what="result file")
