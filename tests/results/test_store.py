"""The results store: where it is, atomic writes, and file names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from msgspec.structs import replace

from readiness.errors import ReadinessError
from readiness.results import store
from readiness.results.record import ResultFile


def test_home_follows_readiness_home(readiness_home: Path) -> None:
    assert store.home() == readiness_home
    assert store.results_dir() == readiness_home / "results"


def test_home_defaults_to_platform_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READINESS_HOME")
    assert "readiness" in str(store.home())


def test_write_atomic_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")
    store.write_atomic(target, "new £ text")
    assert target.read_text(encoding="utf-8") == "new £ text"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")

    def broken_replace(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ReadinessError, match="No space left on device"):
        store.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_missing_folder_is_reported_not_created(tmp_path: Path) -> None:
    with pytest.raises(ReadinessError, match="does not exist"):
        store.write_atomic(tmp_path / "nope" / "r.json", "x")
    assert not (tmp_path / "nope").exists()


def test_result_paths_never_collide(tmp_path: Path) -> None:
    first = store.create_new(tmp_path, "z00001-20260115-103000", b"first")
    second = store.create_new(tmp_path, "z00001-20260115-103000", b"second")
    assert first.name == "z00001-20260115-103000.json"
    assert second.name == "z00001-20260115-103000-2.json"
    assert (first.read_bytes(), second.read_bytes()) == (b"first", b"second")
    assert {p.name for p in tmp_path.iterdir()} == {first.name, second.name}


def test_saved_results_are_named_by_practice_respondent_and_time(
    demo_result: ResultFile,
) -> None:
    practice = replace(demo_result.practice, respondent="Practice manager")
    result = replace(demo_result, practice=practice)
    first, second = store.save_result(result), store.save_result(result)
    code = store.slug(practice.ods_code or "")
    assert first.name == f"{code}-practice-manager-20260115-103000.json"
    assert second.name == f"{code}-practice-manager-20260115-103000-2.json"
    assert store.save_result(demo_result).name == f"{code}-20260115-103000.json"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("St Mary's Surgery", "st-mary-s-surgery"),
        ("Café Médical", "cafe-medical"),
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "con"),
        ("😀", "practice"),
    ],
)
def test_slug_is_safe_for_file_names(text: str, expected: str) -> None:
    assert store.slug(text) == expected


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    store.write_atomic(target, "<p>x</p>")
    if os.name == "posix":
        mask = os.umask(0)
        os.umask(mask)
        assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_writing_to_a_device_writes_through(tmp_path: Path) -> None:
    store.write_atomic(Path(os.devnull), "discarded")
    assert Path(os.devnull).exists()
