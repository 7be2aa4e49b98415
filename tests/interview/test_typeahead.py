"""The interview's keys go where the user sees them (issue 9, item 10).

A yes/no question takes ``y`` or ``n`` and then Enter, so the Enter of "y,
Enter" never answers the next question; keys typed ahead after a yes/no
question, before the next prompt appears, are thrown away. In-process with
prompt_toolkit's pipe input, and end to end in a real pseudo-terminal (24×80)
with a small questionnaire of the tests' own.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from helpers import factory
from helpers.pty import Terminal, assess
from readiness.interview.prompt import Option, Prompt
from readiness.interview.terminal import TerminalAsker
from readiness.screen import SafeConsole

ENTER = "\r"
CTRL_C = "\x03"
CARRY_ON = Prompt("confirm", "Carry on with them?", default=True)
NAME = Prompt("text", "Practice name")
MENU = Prompt("select", "Your answer", choices=(Option("yes", "Yes"), Option("no", "No")))


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def asker(pipe: PipeInput) -> TerminalAsker:
    console = SafeConsole(file=io.StringIO(), width=80, no_color=True)
    return TerminalAsker(console=console, terminal_input=pipe, terminal_output=DummyOutput())


@pytest.mark.parametrize("keys", ["y" + ENTER, "y" + ENTER + ENTER, "Y" + ENTER + "x" + ENTER])
def test_the_enter_after_y_never_answers_the_next_question(pipe: PipeInput, keys: str) -> None:
    ask = asker(pipe)
    pipe.send_text(keys)  # all at once, as a quick typist's keys arrive
    assert ask(CARRY_ON) is True
    pipe.send_text("Riverside" + ENTER)  # typed once the name prompt is up
    assert ask(NAME) == "Riverside"


def test_enter_alone_takes_the_default_and_n_then_enter_says_no(pipe: PipeInput) -> None:
    ask = asker(pipe)
    pipe.send_text(ENTER)
    assert ask(CARRY_ON) is True
    pipe.send_text("n" + ENTER)
    assert ask(Prompt("confirm", "Throw them away?", default=False)) is False


def test_y_alone_waits_for_enter(pipe: PipeInput) -> None:
    ask = asker(pipe)
    pipe.send_text("y")
    pipe.send_text("n")  # changed their mind before pressing Enter
    pipe.send_text(ENTER)
    assert ask(CARRY_ON) is False


def test_keys_typed_ahead_between_questions_are_kept(pipe: PipeInput) -> None:
    """Only what follows a yes/no question is thrown away: menu answers typed fast stay."""
    ask = asker(pipe)
    pipe.send_text("\x1b[B" + ENTER + "Riverside" + ENTER)  # down, Enter; then a name
    assert ask(MENU) == "no"
    assert ask(NAME) == "Riverside"


# End to end, in a real pseudo-terminal.

PRACTICE = ["--practice", "Riverside", "--ods", "A81001", "--pcn", "North", "--respondent", "PM"]


def screen_for(home: Path, questionnaire: Path, *args: str, **env: str) -> Terminal:
    """``readiness assess`` on the tiny questionnaire's first domain, in a pty."""
    return assess(home, "-q", str(questionnaire), "--domains", "alpha", *args, **env)


def draft(home: Path) -> dict[str, object]:
    (path,) = (home / "drafts").rglob("*.json")  # one folder per questionnaire
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def questionnaire(tmp_path: Path) -> Path:
    return factory.write(tmp_path / "q")


def first_answer(home: Path, questionnaire: Path) -> None:
    """Answer "No" to the first question (so the next is a menu), then stop."""
    screen = screen_for(home, questionnaire, *PRACTICE)
    screen.expect("Do you have a clinical pharmacist?")
    screen.expect("Save and quit")
    screen.child.send("2" + ENTER)
    screen.expect("How confident are you?")
    screen.expect("Save and quit")
    screen.child.send(CTRL_C)
    assert screen.finish() == 130
    assert draft(home)["answers"] == {"has_pharmacist": "no"}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")
def test_y_enter_at_carry_on_does_not_answer_the_next_question(
    tmp_path: Path, questionnaire: Path
) -> None:
    home = tmp_path / "home"
    first_answer(home, questionnaire)
    screen = screen_for(home, questionnaire, *PRACTICE)
    screen.expect("Carry on with them?")
    screen.child.send("y" + ENTER)  # one write: both keys arrive together
    screen.expect("1 of 2 questions answered so far")
    screen.expect("How confident are you?")
    screen.expect("Save and quit")
    screen.child.send(CTRL_C)
    assert screen.finish() == 130
    # The Enter went to "Carry on?", not to "How confident are you?".
    assert draft(home)["answers"] == {"has_pharmacist": "no"}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")
def test_y_enter_at_restart_does_not_submit_an_empty_practice_name(
    tmp_path: Path, questionnaire: Path
) -> None:
    home = tmp_path / "home"
    first_answer(home, questionnaire)
    screen = screen_for(home, questionnaire, "--restart")
    screen.expect("Throw them away?")
    screen.child.send("y" + ENTER)
    screen.expect("Thrown away.")
    screen.expect("Practice name")
    screen.child.send("Hillcrest" + ENTER)
    for prompt in ("ODS code", "Primary care network (PCN)", "Who is answering"):
        screen.expect(prompt)
        screen.child.send(ENTER)
    screen.expect("Do you have a clinical pharmacist?")
    screen.expect("Save and quit")
    screen.child.send(CTRL_C)
    assert screen.finish() == 130
    saved = draft(home)
    assert saved["answers"] == {}
    assert isinstance(saved["practice"], dict) and saved["practice"]["name"] == "Hillcrest"


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")
@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_the_interview_works_on_a_console_that_cannot_show_every_character(
    tmp_path: Path, questionnaire: Path, encoding: str
) -> None:
    home = tmp_path / "home"
    screen = screen_for(home, questionnaire, *PRACTICE, PYTHONIOENCODING=encoding)
    screen.expect("Do you have a clinical pharmacist?")
    screen.expect("Save and quit")
    screen.child.send("1" + ENTER)
    screen.expect("How many hours a week?")
    screen.child.send("12" + ENTER)
    screen.expect("How confident are you?")
    screen.expect("Save and quit")
    screen.child.send(CTRL_C)
    assert screen.finish() == 130
    assert "Traceback" not in screen.text and "UnicodeEncodeError" not in screen.text
    assert draft(home)["answers"] == {"has_pharmacist": "yes", "pharmacist_hours": 12}


def test_questionnaire_text_in_a_prompt_is_shown_escaped(pipe: PipeInput) -> None:
    """What questionary draws (the question and its menu) goes through the same rule."""
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    drawn = io.StringIO()
    output = Vt100_Output(drawn, lambda: Size(rows=24, columns=80), term="xterm")
    console = SafeConsole(file=io.StringIO(), width=80, no_color=True)
    ask = TerminalAsker(console=console, terminal_input=pipe, terminal_output=output)
    hostile = "\x1b[2J\x9b31m\u202e"
    prompt = Prompt(
        "select",
        f"Your answer {hostile}",
        choices=(Option("yes", f"Yes {hostile}"), Option("no", "No")),
    )
    pipe.send_text(ENTER)
    assert ask(prompt) == "yes"
    shown = drawn.getvalue()
    assert "\x9b" not in shown and "\u202e" not in shown and "\x1b[2J" not in shown
    assert "Your answer \\x1b[2J\\x9b31m\\u202e" in shown
