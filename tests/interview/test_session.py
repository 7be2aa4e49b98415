"""Starting an interview: carry on from a draft, start afresh, or throw a draft away."""

from __future__ import annotations

from pathlib import Path

from readiness.interview import drafts, session
from readiness.interview.prompt import Prompt, Reply
from readiness.questionnaire.model import DONT_KNOW, Practice, Questionnaire

PRACTICE = Practice("Riverside Surgery", "A81001", "North PCN", "Practice manager")


class Script:
    """An ``ask`` that replies by prompt kind, and a ``tell`` that keeps what was said."""

    def __init__(self, *, confirm: bool = True, select: str = "0") -> None:
        self.confirm, self.select = confirm, select
        self.asked: list[Prompt] = []
        self.told: list[str] = []

    def ask(self, prompt: Prompt) -> Reply:
        self.asked.append(prompt)
        if prompt.kind == "confirm":
            return self.confirm
        if prompt.kind == "select":
            return self.select
        raise AssertionError(f"unexpected prompt {prompt.kind}: {prompt.message}")

    def tell(self, message: str) -> None:
        self.told.append(message)


def saved(questionnaire: Questionnaire) -> drafts.Draft:
    draft = drafts.new_draft(
        questionnaire,
        PRACTICE,
        answers={"headspace": "agree", "gp_time_freed": DONT_KNOW},
        position=None,
        domains=("time",),
    )
    drafts.save_draft(draft)
    return draft


def test_carries_on_with_the_saved_draft(questionnaire: Questionnaire) -> None:
    saved(questionnaire)
    script = Script(confirm=True)
    start = session.start(
        questionnaire,
        script.ask,
        script.tell,
        given=PRACTICE,
        requested=None,
        resume=False,
        restart=False,
    )
    assert start.answers == {"headspace": "agree", "gp_time_freed": DONT_KNOW}
    assert any("Carrying on for Riverside Surgery: 2 of 6" in line for line in script.told)


def test_resume_without_drafts_starts_afresh(questionnaire: Questionnaire) -> None:
    script = Script()
    start = session.start(
        questionnaire,
        script.ask,
        script.tell,
        given=PRACTICE,
        requested=("time",),
        resume=True,
        restart=False,
    )
    assert start.answers == {} and start.domains == ("time",)
    assert script.told[0] == (
        "There are no saved answers to carry on with, so this is a new assessment."
    )


def test_restart_throws_the_draft_away_only_after_asking(questionnaire: Questionnaire) -> None:
    draft = saved(questionnaire)
    kept = Script(confirm=False)
    session.start(
        questionnaire,
        kept.ask,
        kept.tell,
        given=PRACTICE,
        requested=("time",),
        resume=False,
        restart=True,
    )
    assert draft.path.exists() and "Kept." in kept.told

    thrown = Script(confirm=True)
    start = session.start(
        questionnaire,
        thrown.ask,
        thrown.tell,
        given=PRACTICE,
        requested=("time",),
        resume=False,
        restart=True,
    )
    assert "Thrown away." in thrown.told and start.answers == {}


def test_damaged_draft_is_set_aside_with_a_warning(
    questionnaire: Questionnaire, readiness_home: Path
) -> None:
    folder = readiness_home / "drafts"
    folder.mkdir(parents=True)
    (folder / "a81001-practice-manager.json").write_text('{"cut sh', encoding="utf-8")
    script = Script()
    start = session.start(
        questionnaire,
        script.ask,
        script.tell,
        given=PRACTICE,
        requested=("time",),
        resume=False,
        restart=False,
    )
    assert start.answers == {}
    assert any(
        line.startswith("Warning: saved answers in a81001-practice-manager.json")
        for line in script.told
    )
    assert list(folder.glob("*.corrupt-*"))
