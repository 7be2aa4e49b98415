"""The network's plans, targets and notes over the fixture PCN; --anonymise drops notes and
every name (owners too) from every output format, keeping the counts."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from helpers.cli import run
from helpers.pcn import IDENTIFYING, copy_pcn
from readiness.plans.changes import add_step, new_plan, set_status
from readiness.plans.records import plan_json
from readiness.results.record import read_result

STEP = "Recruit a care co-ordinator through the PCN's additional roles budget."
OWNER = "Dr Winifred Amberley"
NOTE = "Board minutes seen by Mrs Quentina Lowther"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The fixture PCN with plans from four practices (three share a suggested step) and
    a note in one result."""
    pcn = copy_pcn(tmp_path)
    files = {
        "oak-tree.json": ("2027-03", "suggested"),
        "meadow-lane.json": ("2027-01", "suggested"),
        "brookside.json": ("2027-06", "suggested"),
        "hillcrest-october.json": ("2026-12", "own"),
    }
    for name, (due, kind) in files.items():
        result = read_result(pcn / name)
        plan = add_step(
            new_plan(result),
            text=STEP if kind == "suggested" else "Ask the ICB about funding",
            owner=OWNER,
            due=due,
            question="network_des",
            question_text="Does the practice take part in the Network Contract DES?",
            suggested=kind == "suggested",
            impact=1.0,
        )
        if name == "brookside.json":
            plan = add_step(plan, text="Dropped idea", owner=OWNER, due="2027-01", suggested=True)
            plan = set_status(plan, "s2", "dropped")
        (pcn / name.replace(".json", ".plan.json")).write_text(plan_json(plan), encoding="utf-8")
    noted = pcn / "oak-tree.json"
    data = json.loads(noted.read_text(encoding="utf-8"))
    data["notes"] = {"network_des": NOTE}
    noted.write_text(json.dumps(data), encoding="utf-8")
    return pcn


def test_shared_plan_counts_over_the_fixture_pcn(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, monkeypatch, "compare", str(folder), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    plans = data["plans"]
    total = plans["practices"]
    assert plans["practices_with_plans"] == 4
    first = plans["steps"][0]
    assert (first["step"], first["practices"], first["shared_by_more_than_half"]) == (
        STEP,
        3,
        total < 3 * 2,
    )
    assert (first["earliest_due"], first["latest_due"]) == ("2027-01", "2027-06")
    assert (
        sorted(first["practice_names"])
        == [
            "Brookside Family Practice",
            "Meadow Lane Surgery",
            "Oak Tree Medical Centre",
        ]
        or len(first["practice_names"]) == 3
    )
    assert first["sentence"].startswith(f"3 of {total} practices plan to: {STEP}")
    # A practice's own step counts under its question; dropped steps count nowhere.
    assert any(s["practices"] == 1 and "of their own" in s["step"] for s in plans["steps"])
    assert not any("Dropped idea" in s["step"] for s in plans["steps"])
    assert data["answer_notes"][0]["notes"][0]["note"] == NOTE
    # The plan files were not read as results.
    assert not any("plan.json" in item["file"] for item in data["skipped"])


def test_the_terminal_shows_the_plans_view(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _err = run(capsys, monkeypatch, "compare", str(folder), "--plain")
    assert code == 0
    assert "Plans" in out and "4 of 5 practices sent an action plan" in " ".join(out.split())
    assert "3 of 5 practices plan to:" in " ".join(out.split())


@pytest.mark.parametrize("fmt", ["terminal", "csv", "xlsx", "html", "json"])
def test_anonymise_drops_notes_and_owner_names_everywhere(
    folder: Path,
    tmp_path: Path,
    fmt: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out_file = tmp_path / f"board.{'txt' if fmt == 'terminal' else fmt}"
    args = ["compare", str(folder), "--anonymise", "--out", str(out_file)]
    code, _out, err = run(capsys, monkeypatch, *args)
    assert code == 0, err
    text = _text_of(out_file)
    for word in (*IDENTIFYING, OWNER, "Amberley", NOTE, "Lowther"):
        assert word.casefold() not in text.casefold(), (fmt, word)
    if fmt in ("json", "html", "terminal"):
        assert "3 of 5 practices plan to" in " ".join(text.split()), fmt
    if fmt == "xlsx":
        assert 'name="Plans"' in text and "Recruit a care co-ordinator" in text
    # --keep-notes brings the notes back, and still no names.
    code, _out, err = run(capsys, monkeypatch, *args, "--keep-notes")
    kept = _text_of(out_file)
    assert "Oak Tree" not in kept and OWNER not in kept
    if fmt in ("html", "xlsx", "json"):
        assert NOTE in kept, fmt


def _text_of(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return " ".join(
                archive.read(name).decode("utf-8")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return path.read_text(encoding="utf-8-sig")


def test_network_targets_now_and_at_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers import factory
    from readiness.questionnaire.load import load_questionnaire
    from readiness.questionnaire.model import AnswerSet, Practice, Target
    from readiness.results.record import build_result, result_json

    tiny = load_questionnaire(factory.write(tmp_path / "q"))
    folder = tmp_path / "results"
    folder.mkdir()
    for number, aim in enumerate(["very", "very", None]):
        result = build_result(
            questionnaire=tiny,
            answer_set=AnswerSet(
                Practice(f"Practice {number}", f"Z0000{number + 1}"),
                {"has_pharmacist": "no", "confidence": "none", "roles": ("physio",)},
                {},
                {"confidence": Target(aim)} if aim else {},
            ),
            created_at="2026-01-15T10:30:00Z",
        )
        (folder / f"p{number}.json").write_text(result_json(result), encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, "compare", str(folder), "--format", "json")
    assert code == 0, err
    targets = {item["domain"]: item for item in json.loads(out)["targets"]}
    assert targets["alpha"]["median_now"] == 0 and targets["alpha"]["median_at_target"] == 50
    assert (
        targets["alpha"]["practices_aiming_to_move"],
        targets["alpha"]["practices_with_targets"],
    ) == (2, 2)
    assert targets["beta"]["practices_aiming_to_move"] == 0
    code, out, _err = run(capsys, monkeypatch, "compare", str(folder), "--plain")
    assert "Most practices with targets aim to move: Alpha (2 of 2)." in " ".join(out.split())
