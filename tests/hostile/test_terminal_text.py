"""Text from files and users never reaches the terminal raw (issue 9, item 3).

Escape sequences (clear screen, window title, hidden links, colours), the C1
control U+009B, DEL and bidi overrides in practice, PCN and respondent names,
in the names of skipped files, in question ids echoed in errors and in a
questionnaire's own text: each is shown as a visible escape such as ``\\x1b``,
by ``report``, ``assess``, ``compare`` (also ``--plain``), ``history``,
``questionnaires show``, ``benchmarks`` and ``glossary``, and the saved data
keeps the text exactly as it was given. Rich markup in data prints literally.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from helpers import factory
from helpers.cli import run
from helpers.pcn import PCN_FOLDER
from helpers.reports import with_practice
from readiness.results import store
from readiness.results.record import ResultFile, read_result, result_json

Run = tuple[pytest.CaptureFixture[str], pytest.MonkeyPatch]

HOSTILE = {
    "clear screen": "\x1b[2J",
    "window title": "\x1b]0;owned\x07",
    "hidden link": "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "colour": "\x1b[31mred\x1b[0m",
    "C1 CSI": "\x9b2J",
    "DEL": "a\x7fb",
    "bidi override": "\u202etxt.exe",
    "bidi isolate": "\u2066x\u2069",
}
# What must never reach the screen: C0 controls but tab, line feed and CRLF (CSV's line
# end), DEL, C1, bidi overrides and isolates.
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")
MARKUP = "[link=http://evil.example]Alpha[/link] [/] [bold]"


@pytest.fixture
def cli_io(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return capsys, monkeypatch


def assert_safe(*outputs: str) -> None:
    for output in outputs:
        found = RAW.search(output)
        assert found is None, f"raw {found.group()!r} in {output!r}"
        assert "Traceback" not in output


def hostile_result(demo_result: ResultFile, value: str) -> ResultFile:
    return with_practice(
        demo_result, name=f"Surgery {value}", pcn=f"PCN {value}", respondent=f"Manager {value}"
    )


def write_result(path: Path, result: ResultFile) -> Path:
    path.write_text(result_json(result), encoding="utf-8")
    return path


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("plain", [False, True], ids=["rich", "plain"])
def test_report_shows_hostile_names_escaped(
    cli_io: Run, tmp_path: Path, demo_result: ResultFile, value: str, plain: bool
) -> None:
    path = write_result(tmp_path / "result.json", hostile_result(demo_result, value))
    code, out, err = run(*cli_io, "report", str(path), *(["--plain"] if plain else []))
    assert code == 0, err
    assert_safe(out, err)
    assert "Surgery " in out and "answered by Manager " in out
    if "\x1b" in value:
        assert "\\x1b" in out


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_assess_shows_hostile_names_escaped_and_saves_them_as_given(
    cli_io: Run, value: str
) -> None:
    code, out, err = run(
        *cli_io,
        "assess",
        "--demo",
        "--practice",
        f"Surgery {value}",
        "--pcn",
        f"PCN {value}",
        "--respondent",
        f"Manager {value}",
    )
    assert code == 0, err
    assert_safe(out, err)
    (saved,) = store.result_files()
    practice = read_result(saved).practice
    # Escaping is for showing: the result keeps what was typed.
    assert practice.name == f"Surgery {value}" and practice.respondent == f"Manager {value}"


def hostile_pcn(tmp_path: Path, value: str) -> Path:
    folder = tmp_path / "pcn"
    folder.mkdir()
    for path in sorted(PCN_FOLDER.glob("*.json")):
        result = read_result(path)
        name = result.practice.name or "Practice"
        changed = with_practice(result, name=f"{name} {value}", pcn=f"Valley {value}")
        write_result(folder / path.name, changed)
    return folder


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize(
    "options", [[], ["--plain"], ["--format", "csv"], ["--format", "json"]], ids=str
)
def test_compare_shows_hostile_names_escaped(
    cli_io: Run, tmp_path: Path, value: str, options: list[str]
) -> None:
    folder = hostile_pcn(tmp_path, value)
    code, out, err = run(*cli_io, "compare", str(folder), *options)
    assert code == 0, err
    assert_safe(out, err)
    if options[1:] == ["json"]:
        # The same data, with the characters written as JSON escapes.
        names = [row["name"] for row in json.loads(out)["practices"]]
        assert any(name.endswith(value) for name in names)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("plain", [False, True], ids=["rich", "plain"])
def test_history_shows_hostile_names_escaped(
    cli_io: Run, demo_result: ResultFile, value: str, plain: bool
) -> None:
    folder = store.ensure_dir(store.results_dir())
    write_result(folder / "one.json", hostile_result(demo_result, value))
    code, out, err = run(*cli_io, "history", *(["--plain"] if plain else []))
    assert code == 0, err
    assert_safe(out, err)
    assert "Surgery " in out


def bad_file_names() -> list[str]:
    names = [f"bad {value}.json".replace("/", "|") for value in HOSTILE.values()]
    if os.supports_bytes_environ:  # POSIX: a name that is not valid UTF-8 at all
        names.append(os.fsdecode(b"bad \xff\x1b[2J.json"))
    return names


def test_skipped_file_names_are_escaped_in_history_and_compare(
    cli_io: Run, tmp_path: Path, demo_result: ResultFile
) -> None:
    folder = store.ensure_dir(store.results_dir())
    write_result(folder / "good.json", demo_result)
    for name in bad_file_names():
        (folder / name).write_text("{not json", encoding="utf-8")
    code, out, err = run(*cli_io, "history")
    assert code == 0, err
    assert_safe(out, err)
    assert "Files skipped" in out and "\\x1b" in out
    for options in ([], ["--plain"], ["--format", "csv"]):
        code, out, err = run(*cli_io, "compare", str(folder), *options)
        assert code == 0, err
        assert_safe(out, err)
        assert "\\x1b" in out + err


def test_question_ids_in_answer_errors_are_escaped(cli_io: Run, tmp_path: Path) -> None:
    folder = factory.write(tmp_path / "q")
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        'answers:\n  "\\e]0;owned\\a\\u202e": "yes"\n  has_pharmacist: "\\e[2J"\n',
        encoding="utf-8",
    )
    code, out, err = run(*cli_io, "assess", "-q", str(folder), "--answers", str(answers))
    assert code == 1
    assert_safe(out, err)
    assert "answers.yaml" in err and "\\x1b]0;owned" in err and "\\u202e" in err


def test_questionnaire_text_in_errors_is_escaped(cli_io: Run, tmp_path: Path) -> None:
    alpha = factory.ALPHA.replace("type: yes_no", 'type: "\\e[2J\\x9b\\u202e"', 1)
    folder = factory.write(tmp_path / "q\x1b[31m", alpha=alpha)
    code, out, err = run(*cli_io, "questionnaires", "validate", str(folder))
    assert code == 1
    assert_safe(out, err)
    assert "alpha.yaml" in err and "\\x1b[31m" in err


def hostile_questionnaire(tmp_path: Path) -> Path:
    escapes = "\\e[2J\\e]0;owned\\a\\x9b\\x7f\\u202e"
    alpha = (
        factory.ALPHA.replace("title: Alpha", f'title: "{MARKUP}"')
        .replace("text: Do you have a clinical pharmacist?", f'text: "Pharmacist {escapes}?"')
        .replace("label: Somewhat", f'label: "Somewhat {escapes}"')
    )
    benchmarks = factory.BENCHMARKS.replace(
        "statement: Practices with a clinical pharmacist",
        f'statement: "Pharmacists {escapes} {MARKUP}"',
    )
    return factory.write(tmp_path / "q", alpha=alpha, benchmarks=benchmarks)


@pytest.mark.parametrize("plain", [False, True], ids=["rich", "plain"])
def test_questionnaire_text_is_escaped_in_show_and_benchmarks(
    cli_io: Run, tmp_path: Path, plain: bool
) -> None:
    folder = hostile_questionnaire(tmp_path)
    flag = ["--plain"] if plain else []
    code, out, err = run(*cli_io, "questionnaires", "show", str(folder), *flag)
    assert code == 0, err
    assert_safe(out, err)
    assert MARKUP in out and "Pharmacist \\x1b[2J" in out and "\\u202e" in out
    code, out, err = run(*cli_io, "benchmarks", "-q", str(folder), *flag)
    assert code == 0, err
    assert_safe(out, err)
    # Long words are cut to the column with "…", so only the start of each is certain.
    assert "Pharmacists" in out and "\\x1b[2J" in out and "[link=http://evil" in out


def test_glossary_text_is_escaped(cli_io: Run, tmp_path: Path) -> None:
    folder = factory.write(
        tmp_path / "q",
        questionnaire=factory.MANIFEST + "glossary: glossary.yaml\n",
        glossary='terms:\n  - term: PCN\n    name: "Primary care network \\e[2J"\n'
        f'    meaning: "Practices together. {MARKUP} \\x9b\\u202e"\n',
    )
    code, out, err = run(*cli_io, "glossary", "-q", str(folder))
    assert code == 0, err
    assert_safe(out, err)
    assert MARKUP in out and "\\x1b[2J" in out


def test_markup_in_a_domain_title_prints_literally_everywhere(cli_io: Run, tmp_path: Path) -> None:
    folder = hostile_questionnaire(tmp_path)
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        'practice: {name: "Riverside [red]x[/]", ods_code: "Z00001"}\n'
        'answers: {has_pharmacist: "yes", pharmacist_hours: 12, confidence: some}\n',
        encoding="utf-8",
    )
    code, out, err = run(*cli_io, "assess", "-q", str(folder), "--answers", str(answers))
    assert code == 0, err
    assert_safe(out, err)
    assert "Riverside [red]x[/]" in out
    assert MARKUP[:30] in out  # the domain table folds the long title over lines
    (saved,) = store.result_files()
    for args in (["report", str(saved)], ["history"], ["compare", str(saved)]):
        for flag in ([], ["--plain"]):
            code, out, err = run(*cli_io, *args, *flag)
            assert code == 0, err
            assert_safe(out, err)
            assert "[/]" in out or "[/link]" in out or "[link=" in out, args
