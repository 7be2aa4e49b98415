"""Regression tests for three rules that used to be defined twice and drifted apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from msgspec.structs import replace

from helpers.cli import run
from helpers.reports import with_practice
from readiness.results import store
from readiness.results.record import ResultFile, result_json


def saved(result: ResultFile, name: str) -> Path:
    folder = store.ensure_dir(store.results_dir())
    path = folder / name
    path.write_text(result_json(result), encoding="utf-8")
    return path


def with_overall(result: ResultFile, overall: float, created_at: str) -> ResultFile:
    scores = replace(result.scores, overall=overall)
    return replace(result, scores=scores, created_at=created_at)


def test_change_since_last_time_is_only_from_the_same_respondent(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, demo_result: ResultFile
) -> None:
    # Drift 1: the report used to set the practice manager's answers beside the GP partner's.
    partner = with_practice(demo_result, respondent="GP partner")
    saved(replace(partner, created_at="2025-01-01T09:00:00Z"), "partner.json")
    code, out, _ = run(
        capsys, monkeypatch, "assess", "--demo", "--respondent", "Practice manager", "--no-save"
    )
    assert code == 0 and "Change since" not in out
    code, out, _ = run(
        capsys, monkeypatch, "assess", "--demo", "--respondent", "GP partner", "--no-save"
    )
    assert code == 0 and "Change since 1 January 2025" in out


@pytest.mark.parametrize(
    ("before", "after", "points"), [(45.4, 45.6, 1), (45.4, 46.6, 2), (45.6, 45.4, -1)]
)
def test_report_and_history_give_the_same_change(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    demo_result: ResultFile,
    before: float,
    after: float,
    points: int,
) -> None:
    # Drift 2: the report subtracted rounded scores, history rounded the difference.
    saved(with_overall(demo_result, before, "2025-01-01T09:00:00Z"), "a.json")
    later = saved(with_overall(demo_result, after, "2026-01-01T09:00:00Z"), "b.json")
    code, report_out, _ = run(capsys, monkeypatch, "report", str(later), "--plain")
    assert code == 0
    overall = next(line for line in report_out.splitlines() if re.match(r"Overall\s+\d", line))
    code, history_out, _ = run(capsys, monkeypatch, "history", "--plain")
    assert code == 0
    word = "up" if points > 0 else "down"
    assert re.search(rf"\b{word} {abs(points)}\b", overall), overall
    assert re.search(rf"\b{word} {abs(points)}\b", history_out), history_out
