"""Notes and targets in the interview, typed through prompt_toolkit's pipe input in-process."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from helpers import factory
from readiness.errors import InterviewInterrupted
from readiness.interview.engine import Interview, InterviewState
from readiness.interview.terminal import TerminalAsker
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import Questionnaire

ENTER = "\r"
DOWN = "\x1b[B"
CTRL_C = "\x03"
CTRL_U = "\x15"


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


@pytest.fixture
def tiny(tmp_path: Path) -> Questionnaire:
    return load_questionnaire(factory.write(tmp_path / "q"))


def asker(pipe: PipeInput) -> tuple[TerminalAsker, io.StringIO]:
    screen = io.StringIO()
    console = Console(file=screen, width=80, no_color=True, highlight=False)
    return TerminalAsker(
        console=console, terminal_input=pipe, terminal_output=DummyOutput()
    ), screen


def test_a_note_is_added_kept_and_shown_at_review(pipe: PipeInput, tiny: Questionnaire) -> None:
    saves: list[InterviewState] = []
    interview = Interview(tiny, domains=["alpha"], on_save=saves.append)
    ask, screen = asker(pipe)
    keys = (
        "n" + ENTER  # "Add a note" at the first question
        + "Two link workers start in May" + ENTER
        + "2" + ENTER  # No
        + "3" + ENTER  # Very confident
        + ENTER  # confirm the review
    )  # fmt: skip
    pipe.send_text(keys)
    answers = interview.run(ask)
    assert answers == {"has_pharmacist": "no", "confidence": "very"}
    assert interview.notes == {"has_pharmacist": "Two link workers start in May"}
    # The note was saved before the next prompt, and the review shows it beside its answer.
    assert saves[1].notes == {"has_pharmacist": "Two link workers start in May"}
    assert saves[1].answers == {}
    text = screen.getvalue()
    assert "Your note: Two link workers start in May" in text
    assert "Note: Two link workers" in text.split("Check your answers")[1]


def test_a_note_at_a_typed_question_and_back_leaves_it(
    pipe: PipeInput, tiny: Questionnaire
) -> None:
    interview = Interview(
        tiny, domains=["beta"], notes={"notes": "Kept"}, answers={"roles": ("none",)}
    )
    interview.record("roles", ("none",))
    ask, _ = asker(pipe)
    pipe.send_text("note" + ENTER + CTRL_U + "back" + ENTER + CTRL_U + CTRL_C)
    with pytest.raises(InterviewInterrupted):
        interview.run(ask)
    assert interview.notes == {"notes": "Kept"}


def test_a_note_over_the_limit_is_refused_until_shortened(
    pipe: PipeInput, tiny: Questionnaire
) -> None:
    interview = Interview(tiny, domains=["alpha"])
    ask, _ = asker(pipe)
    pipe.send_text("n" + ENTER + "x" * 2001 + ENTER + "\x08" + ENTER + CTRL_C)
    with pytest.raises(InterviewInterrupted):
        interview.run(ask)
    assert interview.notes == {"has_pharmacist": "x" * 2000}


UP = "\x1b[A"


def test_a_target_is_set_after_the_domain_and_shown_at_review(
    pipe: PipeInput, tiny: Questionnaire
) -> None:
    from readiness.questionnaire.model import Target

    saves: list[InterviewState] = []
    interview = Interview(tiny, domains=["alpha"], on_save=saves.append, offer_targets=True)
    ask, screen = asker(pipe)
    keys = (
        "2" + ENTER  # No clinical pharmacist
        + "1" + ENTER  # Not at all confident
        + UP + UP + ENTER  # the target step: the first question
        + ENTER  # aim for "Yes"
        + CTRL_U + "2027-03" + ENTER  # by March 2027
        + ENTER  # carry on
        + ENTER  # confirm the review
    )  # fmt: skip
    pipe.send_text(keys)
    interview.run(ask)
    assert interview.targets == {"has_pharmacist": Target("yes", "2027-03")}
    assert saves[-1].targets == {"has_pharmacist": Target("yes", "2027-03")}
    text = screen.getvalue()
    assert "Alpha · targets (optional)" in text
    assert "Target: Yes, by March 2027" in text.split("Check your answers")[-1]


def test_the_target_step_is_kept_in_the_draft_and_resumed(tiny: Questionnaire) -> None:
    from readiness.interview.prompt import CONFIRM

    saves: list[InterviewState] = []
    interview = Interview(tiny, domains=["alpha"], on_save=saves.append, offer_targets=True)
    interview.record("has_pharmacist", "no")
    interview.record("confidence", "none")
    assert interview.saved_position == "targets:alpha"
    resumed = Interview(
        tiny, domains=["alpha"], answers=saves[-1].answers, position=saves[-1].position,
        offer_targets=True,
    )  # fmt: skip
    prompts = []

    def ask(prompt: object) -> str:
        prompts.append(prompt)
        return CONFIRM

    resumed.run(ask)
    assert prompts[0].message == "Set a target?"  # type: ignore[attr-defined]


def test_back_from_the_target_step_returns_to_the_domain_s_last_question(
    tiny: Questionnaire,
) -> None:
    from readiness.interview.prompt import BACK

    interview = Interview(tiny, domains=["alpha"], offer_targets=True)
    interview.record("has_pharmacist", "no")
    interview.record("confidence", "none")
    interview.back()
    assert interview.position == "confidence" and interview.saved_position == "confidence"
    assert BACK  # Back is also offered in the target menu itself
