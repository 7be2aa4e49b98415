"""The quick reader of result files: records cut down from the one ResultFile, in order,
in one process or several, and the slow path that explains bad files."""

from __future__ import annotations

from pathlib import Path

from helpers.pcn import PCN_FOLDER
from readiness.files import MAX_BYTES
from readiness.network.engine import find_result_files
from readiness.results import fast as reader
from readiness.results.record import (
    read_result,
)


def test_scanned_records_hold_what_the_full_result_says() -> None:
    files = find_result_files([PCN_FOLDER])
    scanned, unreadable = reader.scan(files)
    assert not unreadable
    assert [item.number for item in scanned] == list(range(1, len(files) + 1))
    for item in scanned:
        full = read_result(Path(item.path))
        assert (item.name, item.ods_code, item.respondent) == (
            full.practice.name,
            full.practice.ods_code,
            full.practice.respondent,
        )
        assert item.overall == full.scores.overall
        assert [(d.id, d.score, d.enough_answers) for d in item.domains] == [
            (key, d.score, d.enough_answers) for key, d in full.scores.domains.items()
        ]
        assert [m for _id, _q, m in item.benchmarks] == [b.matches for b in full.benchmarks]


def test_survey_figures_read_whole_match_the_result_file() -> None:
    path = PCN_FOLDER / "brookside.json"
    figures = reader.read_figures(str(path))
    for figure, record in zip(figures, read_result(path).benchmarks, strict=True):
        assert figure.statement == record.statement and figure.ci95 == record.ci95
        assert figure.source.publisher == record.source.publisher
        assert figure.sample_size_is_minimum == record.sample_size_is_minimum
    assert reader.read_figures("/no/such/file.json") == []


def test_files_over_the_size_limit_are_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_BYTES + 1))
    skipped = reader.scan_one(1, str(big))
    assert isinstance(skipped, reader.Unreadable)
    assert "the limit is 1 MiB" in skipped.problems[0].message


def test_folders_and_missing_files_are_unreadable_with_a_reason(tmp_path: Path) -> None:
    found = {
        Path(item.path).name: item.problems[0].message
        for item in reader.scan([tmp_path, tmp_path / "missing.json"])[1]
    }
    assert "does not exist" in found["missing.json"]
    assert any("folder" in message for message in found.values())


def test_reading_in_several_processes_gives_the_same_records() -> None:
    files = find_result_files([PCN_FOLDER])
    assert reader.scan(files, parallel=True) == reader.scan(files, parallel=False)


def test_questions_are_read_again_only_from_good_files(tmp_path: Path) -> None:
    good = reader.scan([PCN_FOLDER / "meadow-lane.json"])[0][0]
    gone = good._replace(number=2, path=str(tmp_path / "gone.json"))
    found = reader.read_questions([good, gone])
    assert list(found) == [1]
    questions = found[1]
    assert len(questions.keys) == len(questions.scores) == 43
    statuses = {q.id: q.status for q in read_result(PCN_FOLDER / "meadow-lane.json").questions}
    for key, score in zip(questions.keys, questions.scores, strict=True):
        if statuses[key.id] in {"not_asked", "unscored"}:
            assert score is None
        elif statuses[key.id] != "scored":
            assert score == reader.UNANSWERED
