"""The questionnaire cache: checked once per content, never trusted blindly, never in the way."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from helpers import factory
from readiness.questionnaire import cache
from readiness.questionnaire.load import load_questionnaire


def cached_files() -> list[Path]:
    folder = cache.cache_dir()
    return sorted(folder.glob("questionnaire-*.pickle")) if folder.is_dir() else []


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record each time a questionnaire is checked afresh (the slow path)."""
    from readiness.questionnaire import load

    checked: list[Path] = []
    real = load._Assembler.assemble

    def assemble(self: load._Assembler) -> object:
        checked.append(self.folder)
        return real(self)

    monkeypatch.setattr(load._Assembler, "assemble", assemble)
    return checked


def test_a_second_load_uses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = factory.write(tmp_path / "q")
    checked = count_checks(monkeypatch)
    first = load_questionnaire(folder)
    second = load_questionnaire(folder)
    assert second == first
    assert len(checked) == 1
    assert len(cached_files()) == 1


@pytest.mark.parametrize("name", ["questionnaire", "alpha", "beta", "benchmarks"])
def test_editing_any_file_checks_it_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    folder = factory.write(tmp_path / "q")
    checked = count_checks(monkeypatch)
    load_questionnaire(folder)
    path = folder / f"{name}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    load_questionnaire(folder)
    assert len(checked) == 2


def test_a_broken_edit_is_reported_not_hidden_by_the_cache(tmp_path: Path) -> None:
    from readiness.errors import InvalidFileError

    folder = factory.write(tmp_path / "q")
    load_questionnaire(folder)
    (folder / "alpha.yaml").write_text("id: [broken", encoding="utf-8")
    with pytest.raises(InvalidFileError):
        load_questionnaire(folder)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    folder = factory.write(tmp_path / "q")
    expected = load_questionnaire(folder)
    (stored,) = cached_files()
    stored.write_bytes(damage)
    checked = count_checks(monkeypatch)
    assert load_questionnaire(folder) == expected
    assert len(checked) == 1
    assert stored.read_bytes() != damage  # written again


def test_a_cache_entry_for_other_content_is_not_used(tmp_path: Path) -> None:
    one = load_questionnaire(factory.write(tmp_path / "one"))
    other = factory.write(
        tmp_path / "two", questionnaire=factory.MANIFEST.replace("Tiny questionnaire", "Other")
    )
    load_questionnaire(other)
    # Copy the first entry over the second one's name: its key no longer matches.
    first, second = cached_files()
    key_of_other = cache.content_key(other)
    target = next(p for p in (first, second) if key_of_other and key_of_other in p.name)
    source = first if target == second else second
    target.write_bytes(source.read_bytes())
    assert load_questionnaire(other).title == "Other" != one.title


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root can write a read-only folder"
)
def test_a_read_only_cache_folder_never_stops_a_command(tmp_path: Path) -> None:
    folder = factory.write(tmp_path / "q")
    cache_folder = cache.cache_dir()
    cache_folder.mkdir(parents=True)
    cache_folder.chmod(0o500)
    try:
        assert load_questionnaire(folder).id == "tiny"
        assert cached_files() == []
    finally:
        cache_folder.chmod(0o700)


def test_an_unwritable_cache_never_stops_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file where the cache folder should be: it cannot be created, whoever runs this.
    blocker = tmp_path / "home"
    blocker.mkdir()
    (blocker / "cache").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("READINESS_HOME", str(blocker))
    folder = factory.write(tmp_path / "q")
    assert load_questionnaire(folder).id == "tiny"
    assert load_questionnaire(folder).id == "tiny"
