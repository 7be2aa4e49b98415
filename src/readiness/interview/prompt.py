"""What the interview asks, apart from the asking: prompts, menu lines, paragraphs, replies.

The engine builds these records; ``terminal`` shows them with questionary, and tests
answer them with a scripted ``ask``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from readiness.questionnaire.model import DONT_KNOW_TEXT

SELECT_INSTRUCTION = "(↑ ↓ or the key shown, then Enter)"


CHECKBOX_INSTRUCTION = "(↑ ↓ to move, Space to tick, Enter when done)"


MENU_INSTRUCTION = "(↑ ↓ to move, Enter to choose)"


# Reply values that are actions rather than answers. Choice values are plain ids
# (checked by the loader), so these can never clash with one.
BACK = "__back__"


EXPLAIN = "__explain__"


SAVE_AND_QUIT = "__save_and_quit__"


CONFIRM = "__confirm__"


ALL_DOMAINS = "__all__"


ADD_NOTE = "__note__"


SET_TARGETS = "__targets__"


NO_TARGET = "__no_target__"


CHOOSE_DOMAINS = "__choose__"


ACTIONS = frozenset({BACK, EXPLAIN, SAVE_AND_QUIT, ADD_NOTE})


# What may be typed at a number or note question instead of an answer.
TYPED_ACTIONS = {
    "back": BACK,
    "dont know": DONT_KNOW_TEXT,
    "don't know": DONT_KNOW_TEXT,
    "dont_know": DONT_KNOW_TEXT,
    "explain": EXPLAIN,
    "?": EXPLAIN,
    "quit": SAVE_AND_QUIT,
    "note": ADD_NOTE,
}


PromptKind: TypeAlias = Literal["select", "checkbox", "text", "confirm"]


ParagraphStyle: TypeAlias = Literal["heading", "question", "help", "hint", "note", "warning"]


Reply: TypeAlias = "str | list[str] | bool"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A piece of text shown above a prompt, wrapped to the screen by the adaptor."""

    text: str
    style: ParagraphStyle = "help"


@dataclass(frozen=True, slots=True)
class Option:
    """One line of a menu: a choice, or (``separator``) a heading that cannot be chosen."""

    value: str
    label: str
    checked: bool = False
    key: str | None = None
    separator: bool = False


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One answer in the review table."""

    number: int
    domain: str
    question: str
    answer: str
    flagged: bool
    note: str = ""  # the practice's note on the answer, if any
    target: str = ""  # "Target: Yes, in post now by 2027-03", if one is set


@dataclass(frozen=True, slots=True)
class Prompt:
    """Everything needed to ask one thing, apart from the asking."""

    kind: PromptKind
    message: str
    choices: tuple[Option, ...] = ()
    default: str | bool | None = None
    # Returns why a reply cannot be accepted (shown, then the user tries again), or None.
    validate: Callable[[Reply], str | None] | None = field(default=None, compare=False)
    intro: tuple[Paragraph, ...] = ()
    instruction: str | None = None
    table: tuple[ReviewRow, ...] = ()
    shortcuts: bool = False


Ask: TypeAlias = Callable[[Prompt], Reply]
