"""Change since last time: finding the earlier result, and what moved."""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec.structs import replace

from helpers.reports import EARLIER_TIME, earlier_result, with_practice
from readiness.questionnaire.model import AnswerSet, Questionnaire
from readiness.results.diff import change_text, changes_between
from readiness.results.history import latest_earlier
from readiness.results.identity import practice_key
from readiness.results.record import PracticeRecord, ResultFile, result_json


def save(folder: Path, name: str, result: ResultFile) -> Path:
    path = folder / name
    path.write_text(result_json(result), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (40.0, 52.4, "▲ 12"),
        (60.0, 55.0, "▼ 5"),
        (45.6, 46.4, "no change"),  # both read 46
        (None, 50.0, "newly scored"),
        (50.0, None, "no longer scored"),
        (None, None, "not scored either time"),
    ],
)
def test_change_text(before: float | None, after: float | None, expected: str) -> None:
    assert change_text(before, after) == expected


def test_compare_lists_domain_moves_and_changed_answers(
    demo_result: ResultFile, questionnaire: Questionnaire, demo_answers: AnswerSet
) -> None:
    changes = changes_between(earlier_result(questionnaire, demo_answers), demo_result)
    assert changes.earlier_created_at == EARLIER_TIME
    by_id = {change.id: change for change in changes.domains}
    assert (by_id["time"].before, by_id["time"].after, by_id["time"].text) == (50.0, 40.0, "▼ 10")
    assert by_id["funding"].text == "no change"
    assert changes.overall.text == "▼ 2"
    moved = [(a.question_id, a.before, a.after) for a in changes.answers]
    assert moved == [
        (
            "partners_headspace",
            "Yes, regular sessions that are kept",
            "Sometimes, but they are often lost to clinical work",
        ),
        ("winter_pressure", "Don't know", "Very concerned"),
    ]


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        (PracticeRecord(ods_code="Z00001"), PracticeRecord(ods_code="z00001", name="X"), True),
        (PracticeRecord(ods_code="Z00001", name="A"), PracticeRecord(name="A"), False),
        (PracticeRecord(name="Riverside  Surgery"), PracticeRecord(name="riverside surgery"), True),
        (PracticeRecord(name="Riverside"), PracticeRecord(name="Hillside"), False),
        (PracticeRecord(), PracticeRecord(), False),
    ],
)
def test_same_practice(one: PracticeRecord, other: PracticeRecord, same: bool) -> None:
    first = practice_key(one.ods_code, one.name)
    assert (first is not None and first == practice_key(other.ods_code, other.name)) is same


def test_latest_earlier_picks_the_latest_earlier_result_for_the_practice(
    tmp_path: Path,
    demo_result: ResultFile,
    questionnaire: Questionnaire,
    demo_answers: AnswerSet,
) -> None:
    earlier = earlier_result(questionnaire, demo_answers)
    oldest = replace(earlier, created_at="2024-01-01T00:00:00Z")
    later = replace(demo_result, created_at="2027-01-01T00:00:00Z")
    other = with_practice(earlier, ods_code="Y99999", name="Elsewhere")
    other = replace(other, created_at="2025-12-01T00:00:00Z")
    (tmp_path / "broken.json").write_text("{ not json", encoding="utf-8")
    files = [
        save(tmp_path, "a.json", oldest),
        save(tmp_path, "b.json", earlier),
        save(tmp_path, "c.json", later),
        save(tmp_path, "d.json", other),
        tmp_path / "broken.json",
        tmp_path / "missing.json",
    ]
    found = latest_earlier(demo_result, files)
    assert found is not None and found.created_at == EARLIER_TIME


def test_latest_earlier_ignores_other_questionnaires_and_itself(
    tmp_path: Path, demo_result: ResultFile
) -> None:
    other_questionnaire = replace(
        demo_result,
        created_at="2025-01-01T00:00:00Z",
        questionnaire=replace(demo_result.questionnaire, id="other"),
    )
    files = [save(tmp_path, "a.json", other_questionnaire), save(tmp_path, "b.json", demo_result)]
    assert latest_earlier(demo_result, files) is None
