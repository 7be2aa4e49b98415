"""The interview's tests run on a fixed questionnaire (version 1.0.0 of the bundled one):
they test how questions are asked, not which questions the bundled set holds."""

from __future__ import annotations

import pytest

from helpers.paths import QUESTIONNAIRE_1_0
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import Questionnaire


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire(QUESTIONNAIRE_1_0, use_cache=False)
