"""Assessment history: tracks per practice and respondent, changes since last time, display."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from msgspec.structs import replace
from rich.console import Console

from helpers.pcn import PCN_FOLDER
from readiness.errors import ReadinessError
from readiness.report import history as history_terminal
from readiness.results import store
from readiness.results.history import History, history
from readiness.results.record import read_result, result_json


@pytest.fixture
def saved() -> list[Path]:
    """The fixture PCN's results, in the results store."""
    folder = store.ensure_dir(store.results_dir())
    for path in PCN_FOLDER.glob("*.json"):
        shutil.copy(path, folder / path.name)
    return store.result_files()


def text_of(found: History, *, plain: bool = False) -> str:
    console = Console(width=80, record=True, color_system=None, file=io.StringIO())
    console.print(history_terminal.render(found, plain=plain))
    return console.export_text()


def test_each_practice_and_respondent_is_a_track(saved: list[Path]) -> None:
    found = history(saved)
    labels = [(t.label, t.respondent) for t in found.tracks]
    assert labels == [
        ("Brookside Family Practice", "Operations manager"),
        ("Hillcrest Surgery", "Practice Manager"),
        ("Meadow Lane Health Centre", None),
        ("Oak Tree Practice", "Practice manager"),
        ("Riverside Medical Practice", "GP partner"),
        ("Riverside Medical Practice", "Practice manager"),
    ]
    assert found.files_read == 7 and not found.skipped


def test_changes_since_the_previous_assessment(saved: list[Path]) -> None:
    hillcrest = next(t for t in history(saved).tracks if t.ods_code == "Z00002")
    first, second = hillcrest.assessments
    assert first.created_at < second.created_at
    assert first.overall.change is None
    assert [d.change for d in first.domains] == [None] * 6
    by_domain = {
        info.id: change for info, change in zip(hillcrest.domains, second.domains, strict=True)
    }
    assert by_domain["funding"].score == 100.0
    # 58.3 (shown as 58) in October: the change is in the whole numbers people see.
    assert by_domain["funding"].change == 42
    assert by_domain["time"].change == 83 - 50  # 83.3 and 50.0
    assert second.overall.change == 94 - 51  # 94.2 and 51.1


def test_no_change_is_shown_where_either_score_is_missing(tmp_path: Path) -> None:
    oak = read_result(PCN_FOLDER / "oak-tree.json")
    later = replace(oak, created_at="2026-03-01T09:00:00Z")
    (tmp_path / "a.json").write_text(result_json(oak), encoding="utf-8")
    (tmp_path / "b.json").write_text(result_json(later), encoding="utf-8")
    (track,) = history([tmp_path / "a.json", tmp_path / "b.json"]).tracks
    second = dict(zip([d.id for d in track.domains], track.assessments[1].domains, strict=True))
    assert second["representation"].score is None and second["representation"].change is None
    assert second["funding"].change == 0.0


def test_only_one_practice_by_ods_code_or_name(saved: list[Path]) -> None:
    assert [t.ods_code for t in history(saved, practice="z00002").tracks] == ["Z00002"]
    assert len(history(saved, practice="riverside MEDICAL").tracks) == 2
    with pytest.raises(ReadinessError, match="No saved assessment is for 'Nowhere'") as caught:
        history(saved, practice="Nowhere")
    assert caught.value.hint and "Hillcrest Surgery (Z00002)" in caught.value.hint


def test_unreadable_files_are_listed_not_fatal(saved: list[Path]) -> None:
    bad = saved[0].with_name("zz-broken.json")
    bad.write_text("{", encoding="utf-8")
    found = history([*saved, bad])
    assert len(found.tracks) == 6
    assert found.skipped[0].file.endswith("zz-broken.json")
    assert "Files skipped" in text_of(found)


@pytest.mark.parametrize(
    ("change", "shown", "plain"),
    [(12.0, "▲ 12", "up 12"), (-5.0, "▼ 5", "down 5"), (0.3, "—", "same"), (None, "", "")],
)
def test_change_words(change: float | None, shown: str, plain: str) -> None:
    assert history_terminal.change_text(change).plain == shown
    assert history_terminal.change_text(change, plain=True).plain == plain


def test_history_on_screen_fits_80_columns(saved: list[Path]) -> None:
    text = text_of(history(saved, practice="Z00002"))
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Hillcrest Surgery" in text and "answered by Practice Manager" in text
    assert "1 October 2025" in text and "14 January 2026" in text
    assert "▲ 42" in text
    plain = text_of(history(saved, practice="Z00002"), plain=True)
    assert "up 42" in plain and "▲" not in plain


def test_a_questionnaire_change_is_pointed_out(tmp_path: Path) -> None:
    first = read_result(PCN_FOLDER / "hillcrest-october.json")
    ref = replace(first.questionnaire, version="1.1.0")
    second = replace(read_result(PCN_FOLDER / "hillcrest-january.json"), questionnaire=ref)
    (tmp_path / "a.json").write_text(result_json(first), encoding="utf-8")
    (tmp_path / "b.json").write_text(result_json(second), encoding="utf-8")
    text = text_of(history([tmp_path / "a.json", tmp_path / "b.json"]))
    assert "the questionnaire is integration-readiness 1.1.0" in " ".join(text.split())
