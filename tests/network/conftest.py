"""The comparison's tests read the fixture PCN (tests/fixtures/pcn), whose results were made
with version 1.0.0 of the bundled questionnaire; results made here use that version too."""

from __future__ import annotations

import pytest

from helpers.paths import QUESTIONNAIRE_1_0
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import Questionnaire


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire(QUESTIONNAIRE_1_0, use_cache=False)
