"""The CSV export for Excel: tidy long format, one row per question plus domain and overall totals.

Written as UTF-8 with a byte-order mark, so Excel shows "£" and accents, with
Windows line endings. Text cells that could start a formula are neutralised
(``textsafe.spreadsheet_cell``); numbers stay numbers, and a missing number is
an empty cell, never 0. Scores are out of 100 on every row. Named
``csv_report`` so that it cannot shadow the standard library's ``csv``.
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import astuple, replace

from readiness.report.result import content
from readiness.results.record import ResultFile, TargetRecord
from readiness.textsafe import excel_csv


class Row(Struct, frozen=True):
    """One CSV row; the field order is the column order."""

    row_type: str  # "question", "domain" or "overall"
    practice: str | None
    ods_code: str | None
    pcn: str | None
    respondent: str | None
    assessed_on: str
    domain_id: str | None = None
    domain: str | None = None
    question_id: str | None = None
    question: str | None = None
    answer: str | None = None
    status: str | None = None
    score: float | None = None  # out of 100
    weight: float | None = None
    band: str | None = None
    answered: int | None = None
    applicable: int | None = None
    dont_know: int | None = None
    benchmark_id: str | None = None
    survey_value: float | None = None
    survey_figure: str | None = None
    standing: str | None = None  # majority, minority, about_half, not_reported or context
    where_you_stand: str | None = None
    note: str | None = None  # the practice's note on the answer
    target_answer: str | None = None
    target_by: str | None = None  # "2027-03"
    target_score: float | None = None  # out of 100: the target answer's, or the domain's


COLUMNS = Row.__struct_fields__


def render(result: ResultFile) -> str:
    """The CSV text, starting with the byte-order mark; the same text for the same result."""
    return excel_csv(COLUMNS, map(astuple, rows(result)))


def rows(result: ResultFile) -> list[Row]:
    """Question rows in asking order, then a total row per domain, then the overall row."""
    practice = result.practice
    who = Row(
        row_type="question",
        practice=practice.name,
        ods_code=practice.ods_code,
        pcn=practice.pcn,
        respondent=practice.respondent,
        assessed_on=result.created_at[:10],
    )
    found = [
        _question_row(who, line, result.targets.get(line.question.id))
        for line in content.answer_lines(result)
    ]
    found.extend(_domain_row(who, line) for line in content.domain_lines(result))
    scores = result.scores
    domains = scores.domains.values()
    found.append(
        replace(
            who,
            row_type="overall",
            domain="Overall",
            status=_overall_status(result),
            score=scores.overall,
            band=scores.band_label,
            answered=sum(d.answered for d in domains),
            applicable=sum(d.applicable for d in domains),
            target_score=result.target_scores.overall if result.target_scores else None,
            dont_know=sum(d.dont_know for d in domains),
        )
    )
    return found


def _overall_status(result: ResultFile) -> str:
    scored = result.scores.overall is not None
    status = "Scored" if scored else content.overall_missing_text(result)
    quick = content.quick_text(result)
    return f"{status}; {quick}" if quick else status


def _question_row(who: Row, line: content.AnswerLine, target: TargetRecord | None) -> Row:
    question, benchmark = line.question, line.benchmark
    return replace(
        who,
        domain_id=line.domain_id,
        domain=line.domain_title,
        question_id=question.id,
        question=question.text,
        answer=question.answer_label,
        status=line.status_text,
        score=None if question.score is None else round(question.score * 100, 1),
        weight=question.weight,
        benchmark_id=benchmark.id if benchmark else None,
        survey_value=benchmark.value if benchmark and not benchmark.lower_bound else None,
        survey_figure=benchmark.survey_text if benchmark else None,
        standing=benchmark.standing if benchmark else None,
        where_you_stand=benchmark.standing_text if benchmark else None,
        note=line.note or None,
        target_answer=target.answer_label if target else None,
        target_by=target.by if target else None,
        target_score=None
        if target is None or target.score is None
        else round(target.score * 100, 1),
    )


def _domain_row(who: Row, line: content.DomainLine) -> Row:
    return replace(
        who,
        row_type="domain",
        domain_id=line.id,
        domain=line.title,
        status="Scored" if line.enough_answers else content.TOO_FEW,
        score=line.score,
        weight=line.weight,
        band=line.band_label if line.band_rank >= 0 else None,
        answered=line.answered,
        applicable=line.applicable,
        target_by=line.target_by or None,
        target_score=line.target,
        dont_know=line.dont_know,
    )
