"""Change since last time: the earlier result for the same practice, and what moved.

An earlier result is one given with ``--since``, or else the latest result in
the results store for the same practice (same ODS code, or the same name when
there is no code) and questionnaire, made before this one. Domains and
questions are matched by id, so a result can be compared with one made by an
older version of the same questionnaire.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from readiness.errors import ReadinessError
from readiness.results.record import PracticeRecord, ResultFile, read_result


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """A score before and after (0–100); either may be missing."""

    id: str  # the domain id, or "overall"
    title: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        # Compare the whole numbers people see, so "46 → 46" never reads "▲ 1".
        return float(round(self.after) - round(self.before))

    @property
    def text(self) -> str:
        """Gives "▲ 12", "▼ 5", "no change", or why there is nothing to compare."""
        return change_text(self.before, self.after)


@dataclass(frozen=True, slots=True)
class AnswerChange:
    """A question whose answer is different now."""

    question_id: str
    question_text: str
    domain_title: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Changes:
    """Everything that changed between an earlier result and this one."""

    earlier_created_at: str
    overall: ScoreChange
    domains: tuple[ScoreChange, ...]
    answers: tuple[AnswerChange, ...]


def change_text(before: float | None, after: float | None) -> str:
    if before is None and after is None:
        return "not scored either time"
    if before is None:
        return "newly scored"
    if after is None:
        return "no longer scored"
    delta = round(after) - round(before)
    if delta > 0:
        return f"▲ {delta}"
    if delta < 0:
        return f"▼ {-delta}"
    return "no change"


def compare(earlier: ResultFile, later: ResultFile) -> Changes:
    """What changed from ``earlier`` to ``later``, domain by domain and answer by answer."""
    before = earlier.scores.domains
    domains = tuple(
        ScoreChange(
            id=domain_id,
            title=domain.title,
            before=before[domain_id].score if domain_id in before else None,
            after=domain.score,
        )
        for domain_id, domain in later.scores.domains.items()
    )
    return Changes(
        earlier_created_at=earlier.created_at,
        overall=ScoreChange(
            id="overall", title="Overall", before=earlier.scores.overall, after=later.scores.overall
        ),
        domains=domains,
        answers=_answer_changes(earlier, later),
    )


def _answer_changes(earlier: ResultFile, later: ResultFile) -> tuple[AnswerChange, ...]:
    old = {question.id: question.answer_label for question in earlier.questions}
    titles = {domain_id: domain.title for domain_id, domain in later.scores.domains.items()}
    return tuple(
        AnswerChange(
            question_id=question.id,
            question_text=question.text,
            domain_title=titles.get(question.domain, question.domain),
            before=old[question.id],
            after=question.answer_label,
        )
        for question in later.questions
        if question.id in old and old[question.id] != question.answer_label
    )


def same_practice(one: PracticeRecord, other: PracticeRecord) -> bool:
    """Same ODS code when this result has one, else the same name (ignoring case and spaces)."""
    if one.ods_code:
        return bool(other.ods_code) and one.ods_code.upper() == (other.ods_code or "").upper()
    if one.name:
        return _name_key(one.name) == _name_key(other.name or "")
    return False


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def find_earlier(result: ResultFile, files: Iterable[Path]) -> ResultFile | None:
    """The latest result in ``files`` for the same practice and questionnaire, made before this.

    Files are first skimmed as plain JSON; only the chosen one is fully checked. A
    damaged or foreign file in the store is passed over rather than stopping the report.
    """
    candidates = []
    for path in files:
        summary = _skim(path)
        if summary is None:
            continue
        created, practice, questionnaire_id = summary
        if (
            questionnaire_id == result.questionnaire.id
            and created < _sort_key(result.created_at)
            and same_practice(result.practice, practice)
        ):
            candidates.append((created, str(path), path))
    for _created, _name, path in sorted(candidates, reverse=True):
        try:
            return read_result(path)
        except ReadinessError:
            continue
    return None


def _skim(path: Path) -> tuple[str, PracticeRecord, str] | None:
    """(time, practice, questionnaire id) from a result file, or None if it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        practice = data["practice"]
        return (
            _sort_key(str(data["created_at"])),
            PracticeRecord(name=practice.get("name"), ods_code=practice.get("ods_code")),
            str(data["questionnaire"]["id"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _sort_key(created_at: str) -> str:
    """Result times are UTC ISO text, which sorts as time; "Z" and "+00:00" are made alike."""
    return created_at.replace("+00:00", "Z")
