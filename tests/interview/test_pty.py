"""End to end: the real ``readiness assess`` in a pseudo-terminal (24×80), driven by keys.

Each test starts the command with pexpect, waits for text on screen (ANSI codes
stripped), sends keys, and checks what ends up in the results and drafts folders.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.paths import QUESTIONNAIRE_1_0
from helpers.pty import CTRL_C, CTRL_U, DOWN, ENTER, TIMEOUT, Terminal, assess

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty"),
]

PRACTICE = [
    "--practice",
    "Riverside Surgery",
    "--ods",
    "A81001",
    "--pcn",
    "North PCN",
    "--respondent",
    "Practice manager",
]
TIME_IDS = [
    "headspace",
    "protected_pcn_time",
    "system_engagement_time",
    "gp_time_freed",
    "gp_workload_change",
    "winter_pressure",
]


def terminal(home: Path, *args: str) -> Terminal:
    """``readiness assess`` on the fixed questionnaire of tests/interview/conftest.py."""
    return assess(home, "--questionnaire", str(QUESTIONNAIRE_1_0), *args)


def results(home: Path) -> list[dict[str, object]]:
    folder = home / "results"
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    return [json.loads(path.read_text(encoding="utf-8")) for path in files]


def draft(home: Path) -> dict[str, object]:
    files = list((home / "drafts").rglob("*.json"))
    assert len(files) == 1, files
    data: dict[str, object] = json.loads(files[0].read_text(encoding="utf-8"))
    return data


def answers_of(home: Path) -> dict[str, object]:
    (result,) = results(home)
    found = result["answers"]
    assert isinstance(found, dict)
    return found


def time_question(number: int) -> str:
    return f"Time · question {number} of 6"


def test_full_interview_of_one_domain(tmp_path: Path) -> None:
    screen = terminal(tmp_path, "--domains", "time", *PRACTICE)
    screen.expect("6 questions")
    screen.expect("about 2 minutes")
    for number, key in enumerate("123123", start=1):
        screen.answer(time_question(number), key + ENTER)
    screen.skip_targets()
    screen.expect("Check your answers")
    screen.expect("What next?")
    screen.child.send(ENTER)
    screen.expect("Result saved to")
    assert screen.finish() == 0
    answers = answers_of(tmp_path)
    assert list(answers) == TIME_IDS
    assert answers["headspace"] == "strongly_disagree"
    assert answers["protected_pcn_time"] == "partly"
    assert not list((tmp_path / "drafts").rglob("*.json"))  # the draft is gone


def test_no_save_keeps_the_answers_as_a_draft(tmp_path: Path) -> None:
    screen = terminal(tmp_path, "--domains", "time", "--no-save", *PRACTICE)
    for number in range(1, 7):
        screen.answer(time_question(number), "2" + ENTER)
    screen.skip_targets()
    screen.expect("What next?")
    screen.child.send(ENTER)
    screen.expect("Your answers are kept as a draft")
    assert screen.finish() == 0
    assert results(tmp_path) == []
    kept = draft(tmp_path)["answers"]
    assert isinstance(kept, dict) and list(kept) == TIME_IDS


def test_details_domains_multi_number_and_dont_know(tmp_path: Path) -> None:
    screen = terminal(tmp_path)
    screen.expect("? Practice name")
    screen.child.send("Riverside Surgery" + ENTER)
    screen.expect("? ODS code")
    screen.child.send("X123" + ENTER)
    screen.expect("Not a practice ODS code")
    screen.child.send(CTRL_U + "a81001" + ENTER)
    screen.expect("? Primary care network (PCN)")
    screen.child.send(ENTER)
    screen.expect("? Who is answering")
    screen.child.send(ENTER)
    screen.expect("Which parts would you like to answer?")
    screen.child.send(DOWN + ENTER)  # "Let me choose"
    screen.expect("Tick the domains to answer")
    screen.child.send(DOWN + DOWN + " " + ENTER)  # Workforce
    screen.expect("8 questions")
    screen.answer("Workforce · question 1 of 8", "1" + ENTER)
    screen.answer("Workforce · question 2 of 8", "d" + ENTER)  # Don't know
    screen.answer("Workforce · question 3 of 8", "2" + ENTER)
    screen.answer("Workforce · question 4 of 8", " " + DOWN + DOWN + DOWN + " " + ENTER)
    screen.answer("Workforce · question 5 of 8", "4" + ENTER)
    screen.answer("Workforce · question 6 of 8", "lots" + ENTER)
    screen.expect("Write a number using digits only")
    screen.child.send(CTRL_U + "20000" + ENTER)
    screen.expect("Give a number from 0 to 10,000")
    screen.child.send(CTRL_U + "2,100" + ENTER)
    screen.answer("Workforce · question 7 of 8", "1" + ENTER)
    screen.answer("Workforce · question 8 of 8", "d" + ENTER)
    screen.skip_targets()
    screen.expect("Check your answers")
    screen.expect("(2 to check)")
    screen.child.send(ENTER)
    screen.expect("Result saved to")
    assert screen.finish() == 0
    (result,) = results(tmp_path)
    assert result["practice"] == {
        "name": "Riverside Surgery",
        "ods_code": "A81001",
        "pcn": None,
        "respondent": None,
    }
    answers = answers_of(tmp_path)
    assert answers["social_prescribing_link_worker"] == "dont_know"
    assert answers["recruitment_retention"] == "dont_know"
    assert answers["other_arrs_roles"] == ["pharmacy_technician", "paramedic"]
    assert answers["patients_per_gp"] == 2100


def test_back_and_change_switches_follow_up_on_and_off(tmp_path: Path) -> None:
    screen = terminal(tmp_path, "--domains", "funding", *PRACTICE)
    screen.answer("Funding · question 1 of 5", "1" + ENTER)  # yes: the ARRS question applies
    screen.answer("Funding · question 2 of 6", "2" + ENTER)
    screen.answer("Funding · question 3 of 6", "b" + ENTER)
    screen.answer("Funding · question 2 of 6", ENTER)  # earlier answer preselected
    screen.answer("Funding · question 3 of 6", "b" + ENTER)
    screen.answer("Funding · question 2 of 6", "b" + ENTER)
    screen.answer("Funding · question 1 of 6", "2" + ENTER)  # no: the ARRS question goes
    screen.answer("Funding · question 2 of 5", "q" + ENTER)
    screen.expect("Stopped: 1 answer saved.")
    assert screen.finish() == 130
    saved = draft(tmp_path)
    assert saved["answers"] == {"network_des": "no"}
    assert saved["position"] == "workforce_development_funding"


def test_ctrl_c_then_resume_keeps_earlier_answers(tmp_path: Path) -> None:
    first = terminal(tmp_path, "--domains", "time", *PRACTICE)
    first.answer(time_question(1), "4" + ENTER)
    first.answer(time_question(2), "d" + ENTER)
    first.answer(time_question(3), CTRL_C)
    first.expect("Stopped: 2 answers saved.")
    first.expect(f"readiness assess --questionnaire {QUESTIONNAIRE_1_0} --resume")
    assert first.finish() == 130

    again = terminal(tmp_path, "--domains", "time", *PRACTICE)
    again.expect("Riverside Surgery, answered by Practice manager (2 answers, saved")
    again.expect("Carry on with them?")
    again.child.send("y" + ENTER)
    again.expect("2 of 6 questions answered so far")
    for number in (3, 4, 5, 6):
        again.answer(time_question(number), "1" + ENTER)
    again.skip_targets()
    again.expect("Check your answers")
    again.expect("What next?")
    again.child.send(ENTER)
    again.expect("Result saved to")
    assert again.finish() == 0
    answers = answers_of(tmp_path)
    assert answers["headspace"] == "agree"
    assert answers["protected_pcn_time"] == "dont_know"
    assert list(answers) == TIME_IDS


def test_sigkill_after_an_answer_loses_nothing(tmp_path: Path) -> None:
    first = terminal(tmp_path, "--domains", "time", *PRACTICE)
    first.answer(time_question(1), "5" + ENTER)
    first.expect(time_question(2))  # the next prompt is up: the draft was written before it
    first.child.kill(signal.SIGKILL)
    first.child.close(force=True)
    assert draft(tmp_path)["answers"] == {"headspace": "strongly_agree"}

    again = terminal(tmp_path, "--resume")
    again.expect("1 of 6 questions answered so far")
    again.answer(time_question(2), "q" + ENTER)
    again.expect("Stopped: 1 answer saved.")
    assert again.finish() == 130
    assert draft(tmp_path)["answers"] == {"headspace": "strongly_agree"}


def test_corrupt_draft_is_set_aside_and_a_fresh_start_made(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "a81001-practice-manager.json").write_text('{"kind": "readiness-dr', encoding="utf-8")
    screen = terminal(tmp_path, "--domains", "time", *PRACTICE)
    screen.expect("could not be read")
    screen.expect("a new assessment starts")
    screen.answer(time_question(1), "q" + ENTER)
    assert screen.finish() == 130
    assert len(list(folder.glob("a81001-practice-manager.json.corrupt-*"))) == 1


def test_review_screen_changes_an_answer(tmp_path: Path) -> None:
    screen = terminal(tmp_path, "--domains", "funding", *PRACTICE)
    screen.answer("Funding · question 1 of 5", "2" + ENTER)  # no
    for number in (2, 3, 4, 5):
        screen.answer(f"Funding · question {number} of 5", "1" + ENTER)
    screen.skip_targets()
    screen.expect("Check your answers")
    screen.expect("What next?")
    # Confirm, Back, Save and quit, then (past the heading) question 1.
    screen.child.send(DOWN * 3 + ENTER)
    screen.answer("changing an answer", "1" + ENTER)  # yes: switches on the ARRS question
    screen.answer("Funding · question 2 of 6 · 2 of 6 overall · changing", "5" + ENTER)
    screen.expect("Check your answers")
    screen.expect("What next?")
    screen.child.send(ENTER)
    screen.expect("Result saved to")
    assert screen.finish() == 0
    answers = answers_of(tmp_path)
    assert answers["network_des"] == "yes"
    assert answers["arrs_budget_use"] == "little"


def test_restart_discards_after_asking(tmp_path: Path) -> None:
    first = terminal(tmp_path, "--domains", "time", *PRACTICE)
    first.answer(time_question(1), "4" + ENTER)
    first.answer(time_question(2), "q" + ENTER)
    assert first.finish() == 130
    again = terminal(tmp_path, "--domains", "time", "--restart", *PRACTICE)
    again.expect("Throw them away?")
    again.child.send("y" + ENTER)
    again.answer(time_question(1), "q" + ENTER)
    again.expect("Stopped: 0 answers saved.")
    assert again.finish() == 130
    assert draft(tmp_path)["answers"] == {}


def test_not_a_terminal_says_use_answers(tmp_path: Path) -> None:
    env = {**os.environ, "READINESS_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "assess"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--answers FILE" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "answered in a terminal window" in done.stderr
    assert "Warning" not in done.stderr  # no prompt_toolkit warning


def test_output_not_a_terminal_says_use_answers(tmp_path: Path) -> None:
    # Typed at a terminal, but with the output sent to another program.
    env = {**os.environ, "READINESS_HOME": str(tmp_path), "TERM": "xterm"}
    command = f"set -o pipefail; '{sys.executable}' -m readiness assess 2>&1 | cat"
    child = pexpect.spawn(
        "bash", ["-c", command], env=env, dimensions=(24, 80), encoding="utf-8", timeout=TIMEOUT
    )
    shown = child.read()
    child.close()
    assert child.exitstatus == 2
    assert "--answers FILE" in shown
    assert "Traceback" not in shown
