"""The long table: one row per practice, respondent, assessment and answered question.

For an ICB analyst loading the comparison into Power BI, Excel pivot tables or
DuckDB: every answer with what identifies it, tidy (one observation a row).
Each result the comparison shows is read again for its answers, only when the
table is asked for. With ``--anonymise`` the practice, PCN and respondent are
the comparison's letters and numbers, and free-text answers are left out,
because a note may name people.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from readiness.network.practices import Group
from readiness.network.records import LongRow, PracticeRow, Response
from readiness.results.fast import Scanned, read_answered

COLUMNS = (
    "ODS code",
    "Practice",
    "PCN",
    "Respondent",
    "Date",
    "Questionnaire version",
    "Domain",
    "Question id",
    "Answer value",
    "Answer label",
    "Score",
    "Weight",
    "Scored or context",
    "Quick or full",
)
# Statuses of questions that count towards their domain (scoring.COUNTED, as text).
_COUNTED = frozenset({"scored", "dont_know", "not_applicable_choice", "unanswered"})
LEFT_OUT = "(left out: anonymised)"


def long_rows(
    pairs: Sequence[tuple[PracticeRow, Group]], *, keep_all: bool, anonymise: bool
) -> tuple[LongRow, ...]:
    """Every answered question of every result shown, practice by practice."""
    found: list[LongRow] = []
    for row, group in pairs:
        # The responses were made from these results, in this order (practices.practice_row).
        items = [*group.current, *(group.earlier if keep_all else ())]
        for response, item in zip(row.responses, items, strict=True):
            found.extend(_rows(row, response, item, anonymise=anonymise))
    return tuple(found)


def _rows(
    row: PracticeRow, response: Response, item: Scanned, *, anonymise: bool
) -> Iterator[LongRow]:
    for question in read_answered(item.path) or ():
        answer = question.answer
        if answer is None:
            continue
        hidden = anonymise and question.type == "text"
        yield LongRow(
            ods_code=row.ods_code,
            practice=row.label,
            pcn=row.pcn,
            respondent=response.respondent,
            date=response.created_at[:10],
            questionnaire=response.questionnaire,
            domain=question.domain,
            question=question.id,
            value=None if hidden else _value(answer),
            label=LEFT_OUT if hidden else question.answer_label,
            score=question.score,
            weight=question.weight,
            scored="scored" if question.status in _COUNTED else "context",
            quick="quick" if response.quick else "full",
        )


def _value(answer: str | float | list[str]) -> str | float:
    return "; ".join(answer) if isinstance(answer, list) else answer
