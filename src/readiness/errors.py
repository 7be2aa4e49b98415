"""The project's error types: everything a user can cause is a ``ReadinessError``.

The command line maps these to exit codes in one place (``cli.run``); the core
never prints or exits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, with where it is and what to change."""

    message: str
    path: Path | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    # In a spreadsheet (a filled answer form): the sheet's name and the cell ("C7").
    sheet: str | None = None
    cell: str | None = None

    def location(self) -> str:
        """``file:line:col`` (as much of it as is known), or ``file, sheet 'X', cell C7``."""
        if self.sheet is not None:
            return ", ".join(
                part
                for part in (
                    str(self.path) if self.path is not None else "",
                    f"sheet '{self.sheet}'",
                    f"cell {self.cell}" if self.cell else "",
                )
                if part
            )
        parts = [str(self.path)] if self.path is not None else []
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def detail(self) -> str:
        """The problem without its file name (the caller names the file, or hides it)."""
        if self.sheet is not None:
            cell = f", cell {self.cell}" if self.cell else ""
            return f"{self.message} (sheet '{self.sheet}'{cell})"
        if self.line is None:
            return self.message
        column = f", column {self.column}" if self.column is not None else ""
        return f"{self.message} (line {self.line}{column})"

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class ReadinessError(Exception):
    """Base class for every error a user can cause. Exit code 1 unless overridden."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidFileError(ReadinessError):
    """A questionnaire, answers, result or draft file has one or more problems."""

    def __init__(self, problems: Sequence[Problem], *, what: str = "file") -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"The {what} has {count} {noun}.")


class UsageError(ReadinessError):
    """The command was used the wrong way (exit code 2)."""

    exit_code = 2


class InterviewInterrupted(ReadinessError):
    """The interview stopped early (Ctrl-C or "Save and quit"); carries the answers so far."""

    exit_code = 130

    def __init__(
        self,
        message: str,
        *,
        answered: int,
        answers: Mapping[str, object] | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.answered = answered
        self.answers = dict(answers or {})
