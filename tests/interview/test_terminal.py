"""The questionary adaptor, fed keys through prompt_toolkit's pipe input."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from readiness.interview.engine import Interview
from readiness.interview.prompt import BACK, SAVE_AND_QUIT, Option, Paragraph, Prompt, ReviewRow
from readiness.interview.terminal import TerminalAsker, fit, review_table
from readiness.questionnaire.model import DONT_KNOW_TEXT, Questionnaire

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
SPACE = " "
CTRL_C = "\x03"
CTRL_U = "\x15"
CTRL_D = "\x04"
BOX_DRAWING = set("─│┌┐└┘├┤┬┴┼━┃═║╭╮╯╰")


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def asker(pipe: PipeInput, *, plain: bool = False) -> tuple[TerminalAsker, io.StringIO]:
    screen = io.StringIO()
    console = Console(file=screen, width=80, no_color=True, highlight=False)
    return TerminalAsker(
        plain=plain, console=console, terminal_input=pipe, terminal_output=DummyOutput()
    ), screen


def question_prompt(questionnaire: Questionnaire, question_id: str, **answers: object) -> Prompt:
    interview = Interview(questionnaire, answers=answers)  # type: ignore[arg-type]
    question = questionnaire.question(question_id)
    assert question is not None
    return interview.question_prompt(question)


def test_select_by_shortcut_key(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    pipe.send_text("3" + ENTER)
    assert ask(question_prompt(questionnaire, "headspace")) == "neither"


def test_select_with_arrow_keys(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    pipe.send_text(DOWN + DOWN + UP + ENTER)
    assert ask(question_prompt(questionnaire, "headspace")) == "disagree"


def test_select_dont_know_and_actions(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    pipe.send_text("d" + ENTER)
    assert ask(question_prompt(questionnaire, "headspace")) == DONT_KNOW_TEXT


def test_select_save_and_quit(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    pipe.send_text("q" + ENTER)
    assert ask(question_prompt(questionnaire, "headspace")) == SAVE_AND_QUIT


def test_select_preselects_earlier_answer(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    pipe.send_text(ENTER)
    prompt = question_prompt(questionnaire, "headspace", headspace="agree")
    assert ask(prompt) == "agree"


def test_back_choice_on_later_question(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    pipe.send_text("b" + ENTER)
    assert ask(question_prompt(questionnaire, "protected_pcn_time")) == BACK


def test_checkbox_ticks_several(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    pipe.send_text(SPACE + DOWN + SPACE + ENTER)
    reply = ask(question_prompt(questionnaire, "other_arrs_roles"))
    assert reply == ["pharmacy_technician", "care_coordinator"]


def test_checkbox_needs_a_tick(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    # Enter with nothing ticked is refused; the prompt stays until something is ticked.
    pipe.send_text(ENTER + DOWN + DOWN + SPACE + ENTER)
    assert ask(question_prompt(questionnaire, "other_arrs_roles")) == ["physician_associate"]


def test_checkbox_exclusive_choice_alone(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    # Tick "Pharmacy technician", then "None of these" (12th): refused; untick the first.
    keys = SPACE + DOWN * 11 + SPACE + ENTER + UP * 11 + SPACE + ENTER
    pipe.send_text(keys)
    assert ask(question_prompt(questionnaire, "other_arrs_roles")) == ["none"]


def test_checkbox_keeps_earlier_ticks(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    pipe.send_text(ENTER)
    prompt = question_prompt(
        questionnaire, "other_arrs_roles", other_arrs_roles=("paramedic", "dietitian")
    )
    assert ask(prompt) == ["paramedic", "dietitian"]


def test_number_is_asked_again_until_valid(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    pipe.send_text("lots" + ENTER + CTRL_U + "20000" + ENTER + CTRL_U + "2,100" + ENTER)
    assert ask(question_prompt(questionnaire, "patients_per_gp")) == "2,100"


def test_note_may_be_empty(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    pipe.send_text(ENTER)
    assert ask(question_prompt(questionnaire, "collaboration_notes")) == ""


def test_note_text_comes_back_as_typed(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    pipe.send_text('Café "quoted" 🙂' + ENTER)
    assert ask(question_prompt(questionnaire, "collaboration_notes")) == 'Café "quoted" 🙂'


def test_confirm(pipe: PipeInput) -> None:
    ask, _ = asker(pipe)
    pipe.send_text("n" + ENTER)
    assert ask(Prompt("confirm", "Carry on?", default=True)) is False


def test_ctrl_c_raises_and_is_never_an_answer(
    pipe: PipeInput, questionnaire: Questionnaire
) -> None:
    ask, _ = asker(pipe)
    pipe.send_text(CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        ask(question_prompt(questionnaire, "headspace"))


def test_ctrl_c_in_a_text_prompt(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, _ = asker(pipe)
    pipe.send_text("12" + CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        ask(question_prompt(questionnaire, "patients_per_gp"))


def test_text_above_the_prompt_wraps_at_80_columns(
    pipe: PipeInput, questionnaire: Questionnaire
) -> None:
    ask, screen = asker(pipe)
    pipe.send_text(ENTER)
    ask(question_prompt(questionnaire, "network_des"))
    shown = screen.getvalue()
    assert all(len(line) <= 80 for line in shown.splitlines())
    words = " ".join(shown.split())
    question = questionnaire.question("network_des")
    assert question is not None
    assert question.text in words
    assert " ".join(question.help.split()) in words  # nothing cut off
    assert "Funding · question 1 of" in words


def test_plain_has_no_box_drawing(pipe: PipeInput, questionnaire: Questionnaire) -> None:
    ask, screen = asker(pipe, plain=True)
    pipe.send_text(ENTER)
    ask(question_prompt(questionnaire, "headspace"))
    rows = (ReviewRow(1, "Time", "A question?", "Don't know", True),)
    console = Console(file=screen, width=80, no_color=True)
    console.print(review_table(rows, plain=True))
    shown = screen.getvalue()
    assert not BOX_DRAWING & set(shown)
    assert "Don't know (check)" in shown


def test_long_menu_lines_are_shortened(pipe: PipeInput) -> None:
    ask, _ = asker(pipe)
    long_label = "A very long choice " * 10
    pipe.send_text(ENTER)
    prompt = Prompt(
        "select",
        "Pick",
        (Option("a", long_label), Option("b", "Short")),
        intro=(Paragraph("Heading", "heading"),),
    )
    assert ask(prompt) == "a"
    assert fit(long_label, 20) == "A very long choice…"
    assert fit("short", 20) == "short"


def test_ctrl_d_stops_like_ctrl_c(pipe: PipeInput) -> None:
    ask, _ = asker(pipe)
    pipe.send_text(CTRL_D)
    with pytest.raises(KeyboardInterrupt):
        ask(Prompt("text", "Practice name"))
