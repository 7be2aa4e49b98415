"""``readiness assess --answers FORM.xlsx``: a filled form scored like an answers file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.cli import run
from helpers.forms import blank_form, fill, save
from readiness.questionnaire.model import Questionnaire


def test_a_filled_form_is_scored_and_its_notes_kept(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    questionnaire: Questionnaire,
) -> None:
    typed = {"network_des": "yes", "arrs_plan_shared": "Partly"}
    form = save(
        tmp_path / "hillside.xlsx",
        fill(
            blank_form(questionnaire, name="Hillside Surgery", ods_code="A81002"),
            typed,
            notes={"network_des": "Since 2019"},
        ),
    )
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "practice: {name: Hillside Surgery, ods_code: A81002}\n"
        "answers: {network_des: 'yes', arrs_plan_shared: partly}\n"
        "notes: {network_des: Since 2019}\n",
        encoding="utf-8",
    )
    outputs = []
    for source, name in ((form, "a.json"), (answers, "b.json")):
        code, out, err = run(
            capsys, monkeypatch, "assess", "--answers", str(source), "--no-save",
            "--out", str(tmp_path / name),
        )  # fmt: skip
        assert code == 0, err
        assert "Hillside Surgery" in out
        data = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        data.pop("created_at")
        outputs.append(data)
    assert outputs[0] == outputs[1]


def test_a_bad_form_lists_every_problem_and_exits_1(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    questionnaire: Questionnaire,
) -> None:
    form = save(
        tmp_path / "bad.xlsx",
        fill(blank_form(questionnaire), {"network_des": "Maybe", "arrs_plan_shared": "Lots"}),
    )
    code, _out, err = run(capsys, monkeypatch, "assess", "--answers", str(form), "--no-save")
    assert code == 1
    assert "The answer form has 2 problems." in err
    assert "bad.xlsx, sheet 'Funding', cell C5: 'Maybe'" in err
    assert "Traceback" not in err
