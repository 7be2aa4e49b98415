"""Drafts and results never overwrite each other: locks, exclusive names, and --out.

Two windows for one draft, colleagues saving in the same second, a draft for another
questionnaire, and --out aimed at the results folder or at a result. Each case checks
the exit code, that no traceback appears, the message, and that nothing was lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from msgspec.structs import replace

from helpers import factory
from helpers.cli import run
from helpers.hostile import snapshot
from readiness.interview import drafts
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import Practice, Questionnaire
from readiness.results import store
from readiness.results.record import ResultFile, read_result, result_json

PRACTICE = Practice("Riverside Surgery", "A81001", "North PCN", "Practice manager")


def _assert_clean(err: str, out: str = "") -> None:
    assert "Traceback" not in out + err
    assert "something went wrong inside readiness" not in err


@pytest.fixture
def tiny(tmp_path: Path) -> Questionnaire:
    return load_questionnaire(factory.write(tmp_path / "tiny"))


@pytest.fixture
def other(tmp_path: Path) -> Questionnaire:
    manifest = factory.MANIFEST.replace("id: tiny", "id: other")
    return load_questionnaire(factory.write(tmp_path / "other", questionnaire=manifest))


# ------------------------------------------------------------------------------ results


def test_results_saved_in_the_same_second_all_survive(demo_result: ResultFile) -> None:
    with ThreadPoolExecutor(max_workers=20) as pool:
        saved = list(pool.map(lambda _n: store.save_result(demo_result), range(20)))
    assert len(set(saved)) == 20
    assert sorted(p.name for p in store.results_dir().iterdir()) == sorted(p.name for p in saved)
    for path in saved:
        assert read_result(path) == demo_result


@pytest.mark.slow
def test_twenty_processes_saving_at_once_leave_twenty_results(readiness_home: Path) -> None:
    env = {**os.environ, "READINESS_HOME": str(readiness_home), "NO_COLOR": "1"}
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "readiness", "assess", "--demo"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(20)
    ]
    for child in children:
        _out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    files = sorted((readiness_home / "results").glob("*.json"))
    assert len(files) == 20
    for path in files:
        read_result(path)  # every one whole and valid


def test_two_respondents_finishing_together_keep_both(demo_result: ResultFile) -> None:
    manager = replace(demo_result.practice, respondent="Practice manager")
    partner = replace(demo_result.practice, respondent="GP partner")
    first = store.save_result(replace(demo_result, practice=manager))
    second = store.save_result(replace(demo_result, practice=partner))
    assert first != second and "practice-manager" in first.name and "gp-partner" in second.name


# ------------------------------------------------------------------------------ --out


@pytest.fixture
def saved(readiness_home: Path, demo_result: ResultFile) -> Path:
    return store.save_result(demo_result)


@pytest.mark.parametrize(
    "command",
    [
        ["compare", "{results}", "--out", "{results}/p001.json"],
        ["compare", "{results}", "--out", "{saved}"],
        ["report", "{saved}", "--out", "{results}/report.html"],
        ["report", "{saved}", "--out", "{home}/drafts/report.html"],
        ["assess", "--demo", "--out", "{results}/x.json"],
        ["form", "--out", "{results}/form.xlsx"],
        ["plan", "export", "--out", "{home}/drafts/plan.csv"],
    ],
)
def test_out_never_writes_into_the_results_or_drafts_folder(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    readiness_home: Path,
    saved: Path,
    command: list[str],
) -> None:
    (readiness_home / "drafts").mkdir(exist_ok=True)
    before = snapshot(saved.parent)
    places = {"results": saved.parent, "saved": saved, "home": readiness_home}
    args = [part.format(**places) for part in command]
    code, out, err = run(capsys, monkeypatch, *args)
    _assert_clean(err, out)
    assert code == 2 and "--out" in err and "folder" in err
    assert snapshot(saved.parent) == before
    assert not list((readiness_home / "drafts").iterdir())


def test_out_never_replaces_a_result_anywhere(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, saved: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "B.json"
    elsewhere.write_bytes(saved.read_bytes())
    for args in (
        ["report", str(saved), "--out", str(elsewhere), "--format", "json"],
        ["assess", "--demo", "--no-save", "--out", str(elsewhere)],
        ["compare", str(saved), "--out", str(elsewhere)],
    ):
        code, out, err = run(capsys, monkeypatch, *args)
        _assert_clean(err, out)
        assert code == 2 and "never replaces a result" in err, args
    assert elsewhere.read_bytes() == saved.read_bytes()


def test_an_ordinary_report_elsewhere_is_overwritten_as_usual(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, saved: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    target.write_text("an old report", encoding="utf-8")
    code, _out, err = run(capsys, monkeypatch, "report", str(saved), "--out", str(target))
    assert code == 0, err
    assert "<html" in target.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (["report", "{saved}", "--out", "{tmp}/x.html", "--format", "csv"], "does not match"),
        (["assess", "--demo", "--out", "{tmp}/x.html", "--format", "csv"], "does not match"),
        (["compare", "{saved}", "--out", "{tmp}/x.html", "--format", "csv"], "does not match"),
        (["assess", "--demo", "--out", "{tmp}/x.pdf"], "Print, then Save as PDF"),
    ],
)
def test_flags_that_contradict_each_other_are_refused(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    saved: Path,
    tmp_path: Path,
    command: list[str],
    words: str,
) -> None:
    before = snapshot(saved.parent)
    args = [part.format(saved=saved, tmp=tmp_path) for part in command]
    code, out, err = run(capsys, monkeypatch, *args)
    _assert_clean(err, out)
    assert code == 2 and words in " ".join(err.split())
    assert not list(tmp_path.glob("x.*"))
    assert snapshot(saved.parent) == before


def test_since_a_result_for_another_practice_is_refused(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    demo_result: ResultFile,
    saved: Path,
    tmp_path: Path,
) -> None:
    practice = replace(demo_result.practice, ods_code="Y99999", name="Elsewhere")
    other_path = tmp_path / "other.json"
    other_path.write_text(result_json(replace(demo_result, practice=practice)), encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, "report", str(saved), "--since", str(other_path))
    _assert_clean(err, out)
    assert code == 2 and str(other_path) in err and "Elsewhere" in err


# ------------------------------------------------------------------------------ drafts


def _draft(questionnaire: Questionnaire, answers: dict[str, object]) -> drafts.Draft:
    return drafts.new_draft(
        questionnaire,
        PRACTICE,
        answers=answers,  # type: ignore[arg-type]
        position=None,
        domains=tuple(d.id for d in questionnaire.domains),
    )


def test_another_questionnaire_never_touches_this_ones_draft(
    tiny: Questionnaire, other: Questionnaire
) -> None:
    mine = drafts.save_draft(_draft(tiny, {"confidence": "some"}))
    theirs = drafts.save_draft(_draft(other, {"confidence": "very"}))
    assert mine != theirs and mine.exists() and theirs.exists()
    (found,) = drafts.find_drafts(tiny).drafts
    assert found.draft.answers == {"confidence": "some"}
    (found,) = drafts.find_drafts(other).drafts
    assert found.draft.answers == {"confidence": "very"}


def test_a_draft_saved_by_an_older_version_is_found_and_moved_in(tiny: Questionnaire) -> None:
    draft = _draft(tiny, {"confidence": "some"})
    older = store.ensure_dir(store.drafts_dir()) / f"{draft.key}.json"
    older.write_text(drafts.draft_json(draft), encoding="utf-8")
    (found,) = drafts.find_drafts(tiny, key=draft.key).drafts
    assert found.path == draft.path and found.draft.answers == {"confidence": "some"}
    assert not older.exists()


def test_a_second_holder_of_a_draft_is_refused_with_when_and_what_to_do(
    tiny: Questionnaire,
) -> None:
    draft = _draft(tiny, {})
    with drafts.hold(draft) as holder:
        with pytest.raises(store.Locked) as refused, drafts.hold(draft):
            pass  # not reached
        assert refused.value.holder == holder
        message = f"{refused.value.message} {refused.value.hint}"
        assert "already open in another window" in message and str(os.getpid()) in message
        assert "Riverside Surgery (Practice manager)" in message
        assert (
            "Close the other window, or answer as another respondent with --respondent" in message
        )
    assert not drafts.lock_path(draft).exists()  # released
    with drafts.hold(draft):
        pass  # and free to take again


def test_a_draft_open_in_another_window_cannot_be_thrown_away(tiny: Questionnaire) -> None:
    draft = _draft(tiny, {"confidence": "some"})
    drafts.save_draft(draft)
    other = {"pid": os.getppid(), "host": os.uname().nodename, "started": "2026-01-15T10:30:00Z"}
    drafts.lock_path(draft).write_text(json.dumps(other), encoding="utf-8")
    with pytest.raises(store.Locked):
        drafts.discard(draft)
    assert draft.path.exists()
    drafts.lock_path(draft).unlink()
    with drafts.hold(draft):
        assert drafts.discard(draft)  # its own interview may


@pytest.mark.parametrize("left", ["gone", "damaged"])
def test_a_stale_lock_is_taken_over(tiny: Questionnaire, left: str) -> None:
    draft = _draft(tiny, {})
    path = drafts.lock_path(draft)
    store.ensure_dir(path.parent)
    if left == "gone":
        ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                               capture_output=True, text=True, check=True)  # fmt: skip
        holder = {
            "pid": int(ended.stdout),
            "host": os.uname().nodename,
            "started": "2026-01-15T10:30:00Z",
        }
        path.write_text(json.dumps(holder), encoding="utf-8")
    else:
        path.write_text('{"pid": ', encoding="utf-8")
    with drafts.hold(draft) as mine:
        assert json.loads(path.read_text(encoding="utf-8"))["pid"] == mine.pid == os.getpid()
    assert sorted(p.name for p in path.parent.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")
def test_two_windows_for_one_draft_the_second_is_refused_and_nothing_is_lost(
    tmp_path: Path,
) -> None:
    from helpers.pty import ENTER, assess

    home = tmp_path / "home"
    folder = factory.write(tmp_path / "tiny")
    args = ["-q", str(folder), "--practice", "Riverside Surgery", "--ods", "A81001",
            "--pcn", "North PCN", "--respondent", "Practice manager"]  # fmt: skip
    first = assess(home, *args)
    first.expect("Which parts would you like to answer?")
    first.child.send(ENTER)
    first.expect("Alpha · question 1 of")
    first.child.send(ENTER)  # the first choice, "Yes"
    first.expect("Alpha · question 2 of")  # the draft was written before this prompt
    saved = list((home / "drafts").rglob("*.json"))
    assert len(saved) == 1
    before = saved[0].read_bytes()

    second = assess(home, *args)
    second.expect("Carry on with them?")
    second.child.send(ENTER)
    second.expect("already open in another window")
    second.expect("Close the other window, or answer as another respondent with --respondent")
    assert second.finish() == 1
    assert "Traceback" not in second.text
    assert saved[0].read_bytes() == before  # the second window changed nothing

    first.child.send("quit" + ENTER)
    first.expect("Stopped: 1 answer saved.")
    assert first.finish() == 130
    data = json.loads(saved[0].read_text(encoding="utf-8"))
    assert list(data["answers"]) == ["has_pharmacist"]
    assert not list((home / "drafts").rglob("*.lock"))
