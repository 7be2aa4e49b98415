"""Hostile content: parsers that cannot be driven into a traceback.

Deep JSON, huge integers, NaN and Infinity, dates at the ends of time, empty bands,
deeply nested ``when`` conditions, absurd numbers, YAML 1.1 number surprises and
paths out of the questionnaire folder. Each case checks the exit code, that no
traceback appears, that the message names the file, and that nothing was lost.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import factory
from helpers.cli import run
from helpers.hostile import snapshot
from readiness.interview import drafts
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import AnswerSet, Practice
from readiness.results.record import ResultFile, build_result, result_json

CLEAN_EXIT = 0


def _assert_clean(err: str, out: str = "") -> None:
    assert "Traceback" not in out + err
    assert "something went wrong inside readiness" not in err


def _demo_data(result: ResultFile) -> dict[str, object]:
    data: dict[str, object] = json.loads(result_json(result))
    return data


def _hostile_results(result: ResultFile) -> dict[str, str]:
    """A result file's text broken in each way a parser might not survive."""
    good = result_json(result)

    def changed(edit: dict[str, object]) -> str:
        data = _demo_data(result)
        for dotted, value in edit.items():
            *parents, last = dotted.split(".")
            target: dict[str, object] = data
            for key in parents:
                target = target[key]  # type: ignore[assignment]
            target[last] = value
        return json.dumps(data)

    first_domain = next(iter(result.scores.domains))
    return {
        "deep.json": "[" * 5000 + "]" * 5000,
        "huge-int.json": good.replace('"schema_version": 1', '"schema_version": ' + "9" * 5000),
        "nan.json": changed({"scores.overall": "NAN"}).replace('"NAN"', "NaN"),
        "infinity.json": changed({"scores.overall": "INF"}).replace('"INF"', "Infinity"),
        "year-1.json": changed({"created_at": "0001-01-01T00:00:00+05:00"}),
        "year-9999.json": changed({"created_at": "9999-12-31T23:59:59-05:00"}),
        "no-bands.json": changed({"bands": []}),
        "bad-coverage.json": changed({f"scores.domains.{first_domain}.coverage": 1e308}),
    }


@pytest.fixture
def hostile_store(readiness_home: Path, demo_result: ResultFile) -> Path:
    folder = readiness_home / "results"
    folder.mkdir(parents=True)
    (folder / "good.json").write_text(result_json(demo_result), encoding="utf-8")
    for name, text in _hostile_results(demo_result).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_each_broken_result_is_refused_by_report_naming_the_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, hostile_store: Path
) -> None:
    for name in _hostile_results_names():
        code, out, err = run(capsys, monkeypatch, "report", str(hostile_store / name))
        _assert_clean(err, out)
        assert code == 1, (name, err)
        assert str(hostile_store / name) in err


def _hostile_results_names() -> list[str]:
    return [
        "deep.json",
        "huge-int.json",
        "nan.json",
        "infinity.json",
        "year-1.json",
        "year-9999.json",
        "no-bands.json",
        "bad-coverage.json",
    ]


def test_broken_results_in_the_store_never_stop_assess_history_or_compare(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, hostile_store: Path
) -> None:
    before = snapshot(hostile_store)
    code, out, err = run(capsys, monkeypatch, "assess", "--demo")
    _assert_clean(err, out)
    assert code == CLEAN_EXIT and "Result saved to" in out
    code, out, err = run(capsys, monkeypatch, "history")
    _assert_clean(err, out)
    assert code == CLEAN_EXIT
    flat = " ".join(out.split())
    for name in _hostile_results_names():
        assert name in flat
    for fmt in ("csv", "xlsx", "json"):
        target = hostile_store.parent / f"network.{fmt}"
        code, out, err = run(
            capsys, monkeypatch, "compare", str(hostile_store), "--out", str(target)
        )
        _assert_clean(err, out)
        assert code == CLEAN_EXIT, err
        assert "year-9999.json" in err and target.stat().st_size > 0
    after = snapshot(hostile_store)
    assert {name: after[name] for name in before} == before


def test_the_fast_and_full_readers_refuse_the_same_broken_results(
    demo_result: ResultFile, tmp_path: Path
) -> None:
    from readiness.errors import InvalidFileError
    from readiness.results.fast import Unreadable, scan_one
    from readiness.results.record import read_result

    for name, text in _hostile_results(demo_result).items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InvalidFileError):
            read_result(path)
        assert isinstance(scan_one(1, str(path)), Unreadable), name


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({"alpha": factory.ALPHA.replace("\"has_pharmacist == 'yes'\"",
          '"' + "(" * 330 + "has_pharmacist == 'yes'" + ")" * 330 + '"')},
         "alpha.yaml:21:11"),
        ({"alpha": factory.ALPHA.replace("\"has_pharmacist == 'yes'\"",
          '"' + "not " * 990 + "has_pharmacist == 'yes'" + '"')},
         "more than 20 deep"),
        ({"alpha": factory.ALPHA.replace("    min: 0\n", "    min: .nan\n")}, "alpha.yaml:15:10"),
        ({"alpha": factory.ALPHA.replace("    max: 100\n", "    max: .inf\n")}, "alpha.yaml:16:10"),
        ({"benchmarks": factory.BENCHMARKS.replace("value: 75", "value: .nan")},
         "benchmarks.yaml:13:12"),
        ({"alpha": factory.ALPHA.replace("    max: 100\n", "    max: 1:00\n")},
         'put it in quotes, like "1:00"'),
        ({"questionnaire": factory.MANIFEST.replace("file: alpha.yaml", "file: ../alpha.yaml")},
         "questionnaire.yaml:6:11: '../alpha.yaml' leads outside"),
        ({"questionnaire": factory.MANIFEST.replace("file: beta.yaml", "file: /etc/passwd")},
         "questionnaire.yaml:9:11: '/etc/passwd' is a full path"),
        ({"questionnaire": factory.MANIFEST.replace(
            "benchmarks: benchmarks.yaml", "benchmarks: ../../benchmarks.yaml")},
         "questionnaire.yaml:14:13"),
        ({"questionnaire": factory.MANIFEST + "demo_answers: /etc/passwd\n"},
         "questionnaire.yaml:15:15: '/etc/passwd' is a full path"),
        ({"questionnaire": factory.MANIFEST + "glossary: ../glossary.yaml\n"},
         "questionnaire.yaml:15:11"),
    ],
)  # fmt: skip
def test_a_hostile_questionnaire_fails_validate_with_file_line_and_column(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    files: dict[str, str],
    words: str,
) -> None:
    (tmp_path / "alpha.yaml").write_text(factory.ALPHA, encoding="utf-8")  # what ../ reaches
    folder = factory.write(tmp_path / "q", **files)
    code, out, err = run(capsys, monkeypatch, "questionnaires", "validate", str(folder))
    _assert_clean(err, out)
    assert code == 1
    assert words in " ".join(err.split()), err


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ("1:00", 'put it in quotes, like "1:00"'),
        ("0x10", "unusual way"),
        ("9" * 400, "far too large"),
        (".inf", "not a number"),
    ],
)
def test_a_hostile_number_answer_is_refused_with_the_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    answer: str,
    words: str,
) -> None:
    folder = factory.write(tmp_path / "q")
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        f"answers:\n  has_pharmacist: 'yes'\n  pharmacist_hours: {answer}\n", encoding="utf-8"
    )
    code, out, err = run(
        capsys, monkeypatch, "assess", "-q", str(folder), "--answers", str(answers), "--no-save"
    )
    _assert_clean(err, out)
    assert code == 1
    assert f"{answers}:3:21" in err and words in " ".join(err.split())


def test_a_huge_number_in_a_json_answers_file_is_outside_any_sensible_range(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = factory.write(tmp_path / "q")
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps({"answers": {"has_pharmacist": "yes", "pharmacist_hours": 10**19}}),
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, monkeypatch, "assess", "-q", str(folder), "--answers", str(answers), "--no-save"
    )
    _assert_clean(err, out)
    assert code == 1 and "sensible range" in err and str(answers) in err


@pytest.mark.parametrize("name", ["DEL \x7f here", "CSI \u009b here", "both \x7f\u009b"])
def test_a_result_with_control_characters_in_names_reads_back_as_answers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
) -> None:
    folder = factory.write(tmp_path / "q")
    questionnaire = load_questionnaire(folder)
    practice = Practice(name, None, name, name)
    answer_set = AnswerSet(practice, {"confidence": "some"})
    result = tmp_path / "result.json"
    result.write_text(
        result_json(build_result(questionnaire=questionnaire, answer_set=answer_set)),
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, monkeypatch, "assess", "-q", str(folder), "--answers", str(result), "--no-save"
    )
    _assert_clean(err, out)
    assert code == CLEAN_EXIT, err


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000 + "]" * 5000,
        '{"kind": "readiness-draft", "format": 1, "saved_at": "0001-01-01T00:00:00+05:00"}',
        '{"kind": "readiness-draft", "format": ' + "9" * 5000 + "}",
        '{"kind": "readiness-draft", "format": 1, "saved_at": NaN}',
        "\xff\xfe not text",
    ],
)
def test_any_damage_to_a_draft_sets_it_aside_and_keeps_its_bytes(
    readiness_home: Path, tmp_path: Path, text: str
) -> None:
    questionnaire = load_questionnaire(factory.write(tmp_path / "q"))
    folder = readiness_home / "drafts"
    folder.mkdir()
    damaged = folder / "z00001.json"
    damaged.write_bytes(text.encode("utf-8", "surrogateescape"))
    found = drafts.find_drafts(questionnaire)
    assert not found.drafts
    (aside,) = found.set_aside
    assert aside.original == damaged and aside.moved_to is not None
    assert aside.moved_to.read_bytes() == text.encode("utf-8", "surrogateescape")


def test_a_questionnaire_whose_results_could_pass_the_size_limit_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    note = """\
  - id: note_{n}
    text: Anything else ({n})?
    help: Free text.
    type: text
    evidence: {{source: 000.txt, finding: "none"}}
"""
    beta = factory.BETA + "".join(note.format(n=n) for n in range(40))
    folder = factory.write(tmp_path / "q", beta=beta)
    for args in (["questionnaires", "validate", str(folder)],
                 ["assess", "-q", str(folder), "--demo"]):  # fmt: skip
        code, out, err = run(capsys, monkeypatch, *args)
        _assert_clean(err, out)
        assert code == 1 and "over the limit of 1 MiB" in err
        assert str(folder / "questionnaire.yaml") in err


def test_every_bundled_questionnaire_gives_results_within_the_size_limit() -> None:
    from readiness.files import MAX_BYTES
    from readiness.questionnaire.locate import bundled_names
    from readiness.results.record import largest_result_bytes

    for name in bundled_names():
        assert largest_result_bytes(load_questionnaire(name)) <= MAX_BYTES, name
