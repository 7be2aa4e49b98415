"""The terminal side of the interview: show a ``Prompt`` and ask it with questionary.

Text above a prompt is printed with rich, which wraps it to the terminal width
(nothing is cut off at 80 columns). Menu lines cannot wrap in questionary, so
long labels are shortened with "…" to fit. Questions are asked with
``unsafe_ask``: questionary's ``ask`` turns Ctrl-C into ``None``, which must never
be taken for an answer; here Ctrl-C stays a ``KeyboardInterrupt`` for the
interview engine to turn into "saved, stopped".

``plain`` (``--plain``) drops colour, box drawing and fancy pointers for screen
readers; ``NO_COLOR`` drops colour (prompt_toolkit and rich both honour it).

Keys go where the user sees them: a yes/no question takes ``y`` or ``n`` and
then Enter (questionary's ``auto_enter=False``), so the Enter of "y, Enter"
is not left over for the next question; and keys typed ahead before the next
prompt appears after a yes/no question are thrown away (prompt_toolkit's
typeahead store and the terminal's input queue), as they were meant for it.

Questionnaire text is data: the rich console (``readiness.screen``) makes what
it prints safe, and every line questionary shows goes through the same rule
(``screen.fit_for``), fitted to the console's encoding.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from readiness.interview.prompt import Option, Paragraph, Prompt, Reply, ReviewRow

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output
    from rich.console import Console, RenderableType

PARAGRAPH_STYLES = {
    "heading": "bold cyan",
    "question": "bold",
    "help": "",
    "hint": "italic",
    "note": "yellow",
    "warning": "bold yellow",
}
PLAIN_PARAGRAPH_STYLES = {"heading": "bold", "question": "bold"}
HELP_INDENT = 2


def _one_line(text: str) -> str:
    from readiness.textsafe import visible

    return visible(text, one_line=True)


class TerminalAsker:
    """An ``ask`` callable for ``Interview.run``: prints a prompt's text, then asks it."""

    def __init__(
        self,
        *,
        plain: bool = False,
        console: Console | None = None,
        terminal_input: Input | None = None,
        terminal_output: Output | None = None,
    ) -> None:
        from readiness.screen import SafeConsole, fit_for

        self.plain = plain
        self.console = console or SafeConsole(no_color=plain or None)
        self.shown = fit_for(self.console)
        # Only tests pass these: prompt_toolkit's pipe input and a dummy output.
        self.terminal_input = terminal_input
        self.terminal_output = terminal_output
        # The input a yes/no question was just answered from: keys typed ahead on it go.
        self.after_confirm: Input | None = None

    def __call__(self, prompt: Prompt) -> Reply:
        """The reply; Ctrl-C, and Ctrl-D (end of input), raise ``KeyboardInterrupt``."""
        self.show(prompt)
        question = build_question(
            prompt,
            plain=self.plain,
            width=self.width(),
            shown=self.shown,
            terminal_input=self.terminal_input,
            terminal_output=self.terminal_output,
        )
        if self.after_confirm is not None:
            discard_typeahead(self.after_confirm)
            self.after_confirm = None
        try:
            reply: Reply = question.unsafe_ask()
        except EOFError:
            # Ctrl-D in a text box: the user wants out, like Ctrl-C.
            raise KeyboardInterrupt from None
        if prompt.kind == "confirm":
            self.after_confirm = question.application.input
        return reply

    def width(self) -> int:
        if self.terminal_output is not None:
            return self.terminal_output.get_size().columns or 80
        return shutil.get_terminal_size((80, 24)).columns

    def show(self, prompt: Prompt) -> None:
        """Print the text above the prompt: progress, question, help, notes, review table."""
        if prompt.intro:
            self.console.print()
        for paragraph in prompt.intro:
            self.console.print(self.paragraph(paragraph))
        if prompt.table:
            self.console.print(review_table(prompt.table, plain=self.plain))

    def paragraph(self, paragraph: Paragraph) -> RenderableType:
        from rich.padding import Padding
        from rich.text import Text

        styles = PLAIN_PARAGRAPH_STYLES if self.plain else PARAGRAPH_STYLES
        text = Text(paragraph.text, style=styles.get(paragraph.style, ""))
        if paragraph.style in ("help", "hint", "note"):
            return Padding(text, (0, 0, 0, HELP_INDENT), expand=False)
        if paragraph.style == "heading" and not self.plain:
            from rich.rule import Rule

            return Rule(text, align="left", style="cyan")
        return text


def review_table(rows: tuple[ReviewRow, ...], *, plain: bool) -> RenderableType:
    """All answers by domain; "Don't know" and unanswered ones marked "(check)"."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=None if plain else box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Question", ratio=3)
    table.add_column("Answer", ratio=2)
    domain = None
    for row in rows:
        if row.domain != domain:
            domain = row.domain
            table.add_row("", Text(domain, style="bold"), "")
        answer = Text(row.answer)
        if row.flagged:
            answer = Text(f"{row.answer} (check)", style="bold" if plain else "bold yellow")
        for extra in (row.target, f"Note: {row.note}" if row.note else ""):
            if extra:
                answer.append(f"\n{extra}", style="" if plain else "italic")
        table.add_row(str(row.number), row.question, answer)
    return table


def discard_typeahead(terminal_input: Input) -> None:
    """Throw away keys typed before this prompt appeared: those prompt_toolkit read too
    early (its typeahead store) and those still waiting in the terminal's input queue."""
    from prompt_toolkit.input.typeahead import clear_typeahead

    clear_typeahead(terminal_input)
    try:
        descriptor = terminal_input.fileno()
    except (NotImplementedError, OSError, ValueError):
        return
    if not os.isatty(descriptor):
        return  # a pipe (in tests): what is in it was sent on purpose
    if sys.platform == "win32":
        import msvcrt

        while msvcrt.kbhit():
            msvcrt.getwch()
    else:
        import termios

        termios.tcflush(descriptor, termios.TCIFLUSH)


def fit(label: str, width: int, shown: Callable[[str], str] = _one_line) -> str:
    """Shorten a menu line to ``width`` characters, ending it with "…" if it was cut.

    ``shown`` makes the line safe (and fits it to the console's encoding) first.
    """
    label = shown(label)
    return label if len(label) <= width else label[: max(1, width - 1)].rstrip() + shown("…")


def build_question(
    prompt: Prompt,
    *,
    plain: bool = False,
    width: int = 80,
    shown: Callable[[str], str] = _one_line,
    terminal_input: Input | None = None,
    terminal_output: Output | None = None,
) -> Any:
    """The questionary question for a prompt (not yet asked); every line it shows goes
    through ``shown``."""
    import questionary

    options: dict[str, Any] = {"style": _style(plain), "qmark": "?"}
    if terminal_input is not None:
        options["input"] = terminal_input
    if terminal_output is not None:
        options["output"] = terminal_output
    if plain:
        from prompt_toolkit.output import ColorDepth

        options["color_depth"] = ColorDepth.MONOCHROME
    if prompt.instruction:
        options["instruction"] = shown(prompt.instruction)
    message = shown(prompt.message)
    if prompt.kind == "confirm":
        # y or n, then Enter: with auto_enter the Enter would answer the next question.
        return questionary.confirm(
            message, default=bool(prompt.default), auto_enter=False, **options
        )
    if prompt.validate is not None:
        options["validate"] = _validator(prompt.validate, width, shown)
    if prompt.kind == "text":
        return questionary.text(message, default=str(prompt.default or ""), **options)
    # The pointer and a key ("» 1) ") take up to 7 columns ahead of each menu line.
    choices = [_choice(option, width - 8, shown) for option in prompt.choices]
    pointer = ">" if plain else shown("»")
    if prompt.kind == "checkbox":
        _fit_indicators(shown)
        return questionary.checkbox(message, choices=choices, pointer=pointer, **options)
    shortcuts = prompt.shortcuts and sum(not o.separator for o in prompt.choices) <= 36
    default = prompt.default if isinstance(prompt.default, str) else None
    return questionary.select(
        message,
        choices=choices,
        default=default,
        pointer=pointer,
        use_shortcuts=shortcuts,
        **options,
    )


def _fit_indicators(shown: Callable[[str], str]) -> None:
    """Ticked and unticked marks the console can show ("*" and "o" instead of "●" and "○").

    questionary takes them from module constants, not from a parameter.
    """
    from questionary.prompts import common

    # setattr: mypy sees these as imported names questionary does not export.
    setattr(common, "INDICATOR_SELECTED", shown("●"))  # noqa: B010
    setattr(common, "INDICATOR_UNSELECTED", shown("○"))  # noqa: B010


def _choice(option: Option, width: int, shown: Callable[[str], str]) -> Any:
    import questionary

    if option.separator:
        return questionary.Separator(fit(option.label, width, shown))
    return questionary.Choice(
        fit(option.label, width, shown),
        value=option.value,
        checked=option.checked,
        shortcut_key=option.key if option.key else True,
    )


def _validator(
    check: Callable[[Reply], str | None], width: int, shown: Callable[[str], str]
) -> Callable[[Reply], bool | str]:
    """questionary's form of a check: True, or the message to show.

    The message shows on one line that does not wrap, so a long one is shortened.
    """

    def validate(reply: Reply) -> bool | str:
        problem = check(reply)
        return True if problem is None else fit(problem, width - 1, shown)

    return validate


def _style(plain: bool) -> Any:
    import questionary

    if plain:
        return questionary.Style(
            [
                ("qmark", "bold"),
                ("question", "bold"),
                ("answer", "bold"),
                ("pointer", "bold"),
                ("highlighted", "bold"),
                ("selected", "bold"),
                ("separator", ""),
                ("instruction", ""),
                ("text", ""),
                ("disabled", ""),
            ]
        )
    return questionary.Style(
        [
            ("qmark", "fg:ansicyan bold"),
            ("question", "bold"),
            ("answer", "fg:ansicyan bold"),
            ("pointer", "fg:ansicyan bold"),
            ("highlighted", "bold"),
            ("selected", "fg:ansicyan"),
            ("separator", "fg:ansibrightblack"),
            ("instruction", "italic"),
            ("text", ""),
        ]
    )
