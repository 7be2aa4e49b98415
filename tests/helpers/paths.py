"""Where the tests find the repository, its fixtures and the evidence seeds."""

from __future__ import annotations

import os
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
SNAPSHOTS = TESTS / "snapshots"
FIXTURES = TESTS / "fixtures"
PCN_FOLDER = FIXTURES / "pcn"
# The seed documents sit in shared/ beside the repository (in CI too); READINESS_SEEDS
# points elsewhere.
SEEDS = Path(os.environ.get("READINESS_SEEDS") or ROOT.parent / "shared" / "seeds")
# The bundled questionnaire as it was at version 1.0.0, kept fixed so that tests of the
# interview's mechanics do not change whenever the bundled questions are revised.
QUESTIONNAIRE_1_0 = FIXTURES / "questionnaire-1.0"
