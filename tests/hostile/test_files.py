"""Hostile files: pipes, devices, sockets, symlink loops, huge files, anywhere readiness reads.

Each case runs the real command in a child process with a time limit (nothing may
block), and checks the exit code, that no traceback appears, that the message names
the file, and that the saved results are all still there.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.hostile import readiness, snapshot
from readiness.errors import InvalidFileError
from readiness.files import MAX_BYTES, read_bytes
from readiness.results.record import ResultFile, result_json

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes and devices as POSIX has them")


@pytest.fixture
def saved(readiness_home: Path, demo_result: ResultFile) -> Path:
    """One good result in the store."""
    folder = readiness_home / "results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.json"
    path.write_text(result_json(demo_result), encoding="utf-8")
    return path


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "s.json"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


@pytest.mark.parametrize(
    ("kind", "words"),
    [("fifo", "named pipe"), ("loop", "loop"), ("unix_socket", "socket")],
)
def test_an_odd_file_as_answers_is_refused_at_once(
    request: pytest.FixtureRequest, readiness_home: Path, kind: str, words: str
) -> None:
    path: Path = request.getfixturevalue(kind)
    outcome = readiness(readiness_home, "assess", "--answers", path, "--no-save")
    outcome.assert_clean(code=1, names=path)
    assert words in outcome.err


@pytest.mark.parametrize("kind", ["fifo", "loop"])
def test_an_odd_file_as_a_result_or_since_is_refused(
    request: pytest.FixtureRequest, readiness_home: Path, saved: Path, kind: str
) -> None:
    path: Path = request.getfixturevalue(kind)
    before = snapshot(saved.parent)
    readiness(readiness_home, "report", path).assert_clean(code=1, names=path)
    readiness(readiness_home, "report", saved, "--since", path).assert_clean(code=1, names=path)
    assert snapshot(saved.parent) == before


def test_dev_zero_is_refused_unread(readiness_home: Path) -> None:
    outcome = readiness(readiness_home, "assess", "--answers", "/dev/zero", "--no-save")
    outcome.assert_clean(code=1, names="/dev/zero")
    assert "device" in outcome.err


def test_a_named_pipe_nobody_reads_is_refused_as_out(
    readiness_home: Path, saved: Path, fifo: Path
) -> None:
    outcome = readiness(readiness_home, "report", saved, "--out", fifo, "--format", "json")
    outcome.assert_clean(code=1, names=fifo)
    assert "Nothing is reading" in outcome.err


def _plant_hostile_files(folder: Path, tmp_path: Path) -> list[str]:
    """A pipe, a link to /dev/zero, a link loop and a 2 MB file among the results."""
    os.mkfifo(folder / "pipe.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "loop-a.json").symlink_to(folder / "loop-b.json")
    (folder / "loop-b.json").symlink_to(folder / "loop-a.json")
    (folder / "huge.json").write_bytes(b" " * (2 * MAX_BYTES))
    return ["pipe.json", "zero.json", "loop-a.json", "huge.json"]


def test_hostile_files_in_the_results_folder_are_named_and_passed_over(
    readiness_home: Path, saved: Path, tmp_path: Path
) -> None:
    names = _plant_hostile_files(saved.parent, tmp_path)
    before = snapshot(saved.parent)
    history = readiness(readiness_home, "history")
    history.assert_clean(code=0)
    for name in names:
        assert name in history.out
    assess = readiness(readiness_home, "assess", "--demo")
    assess.assert_clean(code=0)
    assert "Result saved to" in assess.out
    report = readiness(readiness_home, "report", saved)
    report.assert_clean(code=0)
    after = snapshot(saved.parent)
    assert {name: after[name] for name in before} == before
    assert len(after) == len(before) + 1  # the new result, beside every old one


def test_compare_names_the_hostile_files_and_compares_the_rest(
    readiness_home: Path, saved: Path, tmp_path: Path
) -> None:
    _plant_hostile_files(saved.parent, tmp_path)
    outcome = readiness(readiness_home, "compare", saved.parent, "--format", "csv")
    outcome.assert_clean(code=0)
    assert "huge.json" in outcome.err
    assert "limit is 1 MiB" in outcome.err


def test_the_reader_reads_at_most_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * (MAX_BYTES + 1))
    with pytest.raises(InvalidFileError) as refused:
        read_bytes(path)
    assert "the limit is 1 MiB" in refused.value.problems[0].message
    path.write_bytes(b"x" * MAX_BYTES)
    assert len(read_bytes(path)) == MAX_BYTES


def test_without_non_blocking_opens_the_type_is_checked_before_opening(
    monkeypatch: pytest.MonkeyPatch, fifo: Path
) -> None:
    """Windows has no O_NONBLOCK: there the file type is checked before the file is opened."""
    import signal

    from readiness import files

    monkeypatch.setattr(files, "_NONBLOCK", 0)
    monkeypatch.setattr(files, "_FLAGS", os.O_RDONLY)
    signal.alarm(10)  # an open that blocked would fail the test, not hang the suite
    try:
        with pytest.raises(InvalidFileError) as refused:
            read_bytes(fifo)
    finally:
        signal.alarm(0)
    assert "named pipe" in refused.value.problems[0].message
