"""Shared fixtures: every test gets its own empty results store."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.questionnaire.answers import load_answers
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import AnswerSet, Questionnaire
from readiness.results.record import ResultFile, build_result

FIXED_TIME = "2026-01-15T10:30:00Z"


@pytest.fixture(autouse=True)
def readiness_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("readiness-home")
    monkeypatch.setenv("READINESS_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire()


@pytest.fixture(scope="session")
def demo_answers(questionnaire: Questionnaire) -> AnswerSet:
    assert questionnaire.demo_answers is not None
    return load_answers(questionnaire.demo_answers, questionnaire)


@pytest.fixture(scope="session")
def demo_result(questionnaire: Questionnaire, demo_answers: AnswerSet) -> ResultFile:
    """The demo practice's result at a fixed time, so outputs are byte-stable."""
    return build_result(questionnaire=questionnaire, answer_set=demo_answers, created_at=FIXED_TIME)
