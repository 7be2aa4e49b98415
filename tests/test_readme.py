"""The README's examples work as written."""

from __future__ import annotations

import re
from pathlib import Path

from helpers.paths import ROOT
from readiness.questionnaire.answers import load_answers
from readiness.questionnaire.model import Questionnaire

README = ROOT / "README.md"


def test_answers_file_example_is_valid(tmp_path: Path, questionnaire: Questionnaire) -> None:
    section = README.read_text(encoding="utf-8").split("### Answers files", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert example is not None
    path = tmp_path / "answers.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    loaded = load_answers(path, questionnaire)
    assert loaded.practice.ods_code == "Z00001" and len(loaded.answers) == 5


def test_quick_start_has_two_commands_and_the_test_one_runs_pytest() -> None:
    quick_start = README.read_text(encoding="utf-8").split("## Quick start", 1)[1].split("##")[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick_start, re.DOTALL)
    assert "readiness assess --demo" in commands[0]
    assert "pip install -e '.[test]'" in commands[1] and "pytest" in commands[1]
