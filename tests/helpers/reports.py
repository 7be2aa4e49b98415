"""Helpers for the report tests: snapshot files, renamed practices and an earlier result."""

from __future__ import annotations

import os

from msgspec import to_builtins
from msgspec.structs import replace

from helpers.paths import SNAPSHOTS
from readiness.questionnaire.model import DONT_KNOW, AnswerSet, Questionnaire
from readiness.results.record import PracticeRecord, ResultFile, build_result

EARLIER_TIME = "2025-03-12T09:00:00Z"
# A practice name that tries HTML, Markdown and spreadsheet-formula injection at once.
EVIL_NAME = "<script>alert(1)</script> & \"=cmd|' /C calc'!A0\""


def check_snapshot(name: str, data: bytes) -> None:
    """Assert ``data`` equals ``tests/snapshots/NAME`` byte for byte (or write it, on request)."""
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_bytes(data)
        return
    assert path.exists(), f"No snapshot {path}: run the tests once with UPDATE_SNAPSHOTS=1"
    expected = path.read_bytes()
    assert data == expected, (
        f"The output differs from {path}. If the change is intended, rerun with "
        "UPDATE_SNAPSHOTS=1 and review the snapshot's diff."
    )


def with_practice(result: ResultFile, **fields: str | None) -> ResultFile:
    """The same result for a practice with other details."""
    practice = to_builtins(result.practice) | fields
    return replace(result, practice=PracticeRecord(**practice))


def earlier_result(questionnaire: Questionnaire, demo_answers: AnswerSet) -> ResultFile:
    """The demo practice a year earlier: more headspace, and unsure about winter."""
    answers = dict(demo_answers.answers)
    answers["partners_headspace"] = "yes"
    answers["winter_pressure"] = DONT_KNOW
    return build_result(
        questionnaire=questionnaire,
        answer_set=replace(demo_answers, answers=answers),
        created_at=EARLIER_TIME,
    )
